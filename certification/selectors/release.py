"""What the reconcile page shows beside the Release button: the development plan's
goals written so far and what still stands in the way of releasing."""

from certification import rules
from certification.models import DevelopmentGoal


def development_goals(*, observation) -> list[DevelopmentGoal]:
    """The goals of the observation's development plan, if it has one (one query)."""
    return list(DevelopmentGoal.objects.filter(plan__observation=observation))


def release_readiness(*, observation, final, preview) -> dict:
    """The goals written so far and the blockers ``rules.release_blockers`` finds in
    the saved final sheet, for the reconcile page."""
    goals = development_goals(observation=observation)
    return {
        "plan_goals": goals,
        "release_blockers": rules.release_blockers(
            strengths=final.strengths,
            growth_areas=final.growth_areas,
            failed_critical=bool(preview.failed_critical),
            plan_goals=len(goals),
        ),
    }
