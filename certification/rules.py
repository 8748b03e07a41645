"""Rules of the Facilitator Trainee Tool as plain functions over loaded data (no
queries): the release service applies them to refuse, the reconcile page to explain
what is still missing before a result may go to the trainee."""

from django.utils.translation import gettext as _


def release_blockers(
    *, strengths: str, growth_areas: str, failed_critical: bool, plan_goals: int
) -> list[str]:
    """What the final sheet still needs before its result is released; empty when
    it may be. A trainee never reads a result without written feedback, and one
    with a failed critical item comes with a development plan."""
    blockers = []
    if not strengths.strip():
        blockers.append(
            _("Write the trainee's strengths on the final sheet and save it.")
        )
    if not growth_areas.strip():
        blockers.append(
            _("Write the trainee's growth areas on the final sheet and save it.")
        )
    if failed_critical and not plan_goals:
        blockers.append(
            _(
                "A critical item is below the minimum: add at least one goal to the "
                "development plan."
            )
        )
    return blockers
