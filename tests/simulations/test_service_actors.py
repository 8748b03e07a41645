"""Every simulations service checks the actor it is given, not only the view: a
co-trainer watching, another trainee or a stranger is refused by the service itself,
and nothing changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from simulations.models import GoalType, Phase, Rating, Role
from simulations.services import plans, roundtables
from tests.simulations.conftest import add_step, seat

pytestmark = pytest.mark.django_db


def _calls(roundtable):
    """Each service, as a call that takes only the actor."""
    plan = roundtable.plan
    step = plan.steps.first()
    idea = roundtable.ideas.first()
    return {
        "phase_advance": lambda by: roundtables.phase_advance(
            roundtable=roundtable, expected=roundtable.state, by=by
        ),
        "checklist_set": lambda by: roundtables.checklist_set(
            roundtable=roundtable, phase=roundtable.state, items={0}, by=by
        ),
        "question_ask": lambda by: roundtables.question_ask(
            roundtable=roundtable, question_id="x", by=by
        ),
        "exit_criteria_record": lambda by: roundtables.exit_criteria_record(
            roundtable=roundtable,
            rating=Rating.POOR,
            goal_of_record="reunification",
            concurrent_goal_of_record="none",
            youth_last_asked="Last month",
            by=by,
        ),
        "debrief_record": lambda by: roundtables.debrief_record(
            roundtable=roundtable, reflections="x", process_feedback="", by=by
        ),
        "participants_set": lambda by: roundtables.participants_set(
            roundtable=roundtable, seats=[], by=by
        ),
        "idea_add": lambda by: plans.idea_add(
            roundtable=roundtable, question_number=1, text="x", by=by
        ),
        "idea_delete": lambda by: plans.idea_delete(idea=idea, by=by),
        "plan_goals_set": lambda by: plans.plan_goals_set(
            roundtable=roundtable,
            recommended_goal="guardianship",
            recommended_concurrent_goal="adoption",
            by=by,
        ),
        "step_add": lambda by: plans.step_add(
            roundtable=roundtable,
            by=by,
            description="Call the aunt",
            responsible=step.responsible,
            target_date=roundtable.roundtable_date + timedelta(days=30),
            goal_type=GoalType.PRIMARY,
            barrier="",
            barrier_category="",
        ),
        "step_update": lambda by: plans.step_update(
            step=step, by=by, description="Rewritten"
        ),
        "step_delete": lambda by: plans.step_delete(step=step, by=by),
        "follow_up_record": lambda by: plans.follow_up_record(
            roundtable=roundtable, rating=Rating.GOOD, statuses={}, by=by
        ),
    }


SERVICES = [
    "phase_advance",
    "checklist_set",
    "question_ask",
    "exit_criteria_record",
    "debrief_record",
    "participants_set",
    "idea_add",
    "idea_delete",
    "plan_goals_set",
    "step_add",
    "step_update",
    "step_delete",
    "follow_up_record",
]


@pytest.fixture
def planned(start, play, cohort, trainee, trainee2):
    """A session of the cohort in Plan with an idea and a step, trainee2 seated as
    the scribe."""
    roundtable = start(cohort=cohort)
    scribe = seat(roundtable, Role.SCRIBE)
    scribe.user = trainee2
    scribe.save()
    roundtable = play(roundtable, Phase.PLAN)
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal="guardianship",
        recommended_concurrent_goal="adoption",
        by=trainee,
    )
    add_step(roundtable)
    roundtable.refresh_from_db()
    return roundtable


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_refuses_someone_who_is_not_at_the_table(
    service, planned, co_trainer, outsider, user_factory
):
    """The cohort's co-trainers watch and may seat people, nothing else."""
    strangers = [outsider, user_factory(role="Trainee")]
    if service != "participants_set":
        strangers.append(co_trainer)
    version = planned.version
    for person in strangers:
        with pytest.raises(PermissionDenied):
            _calls(planned)[service](person)
    planned.refresh_from_db()
    assert planned.version == version


@pytest.mark.parametrize("service", ["phase_advance", "checklist_set"])
def test_the_scribe_records_but_only_the_facilitator_moves_the_session(
    service, planned, trainee2
):
    with pytest.raises(PermissionDenied, match="Only the facilitator"):
        _calls(planned)[service](trainee2)

    plans.plan_goals_set(
        roundtable=planned,
        recommended_goal="adoption",
        recommended_concurrent_goal="guardianship",
        by=trainee2,
    )
    planned.plan.refresh_from_db()
    assert planned.plan.recommended_goal == "adoption"
