"""What the plan refuses, with a message and nothing saved: the same goal as primary
and concurrent goal of record, a step owned by the facilitator, a barrier that is not
the case's, and a change by someone the permission matrix does not allow."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from simulations import rules
from simulations.models import ActionStep, Goal, MockRoundtable, Phase, Rating, Role
from simulations.services import plans, roundtables
from tests.simulations.conftest import add_step, seat

pytestmark = pytest.mark.django_db


def url(roundtable, name=""):
    return f"/roundtables/{roundtable.pk}/{name}"


def _goals(roundtable):
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=roundtable.facilitator,
    )
    return roundtable


def test_the_same_goal_of_record_twice_is_refused(start, play, trainee):
    roundtable = play(start(), Phase.CLARIFY)

    with pytest.raises(ValidationError) as refused:
        roundtables.exit_criteria_record(
            roundtable=roundtable,
            rating=Rating.POOR,
            goal_of_record=Goal.ADOPTION,
            concurrent_goal_of_record=Goal.ADOPTION,
            never_fully_disclosed=True,
            youth_last_asked="Last month",
            by=trainee,
        )

    assert refused.value.message_dict["concurrent_goal_of_record"] == [
        "The concurrent goal must differ from the primary goal."
    ]
    roundtable.plan.refresh_from_db()
    assert not roundtable.plan.rating


def test_the_same_goal_of_record_twice_is_refused_over_http(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.CLARIFY)

    response = client_for(trainee).post(
        url(roundtable, "exit-criteria/"),
        {
            "rating": "poor",
            "goal_of_record": "adoption",
            "concurrent_goal_of_record": "adoption",
            "never_fully_disclosed": "on",
            "youth_last_asked": "Last month",
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "The concurrent goal must differ from the primary goal." in response.text
    roundtable.plan.refresh_from_db()
    assert not roundtable.plan.rating


def test_a_step_owned_by_the_facilitator_is_refused(start, play):
    roundtable = _goals(play(start(), Phase.PLAN))

    with pytest.raises(ValidationError) as refused:
        add_step(roundtable, responsible=seat(roundtable, Role.FACILITATOR))

    assert "does not own its steps" in refused.value.message_dict["responsible"][0]
    assert not ActionStep.objects.exists()


def test_a_step_cannot_be_moved_to_the_facilitator(start, play):
    roundtable = _goals(play(start(), Phase.PLAN))
    step = add_step(roundtable)

    with pytest.raises(ValidationError):
        plans.step_update(
            step=step,
            by=roundtable.facilitator,
            description=step.description,
            responsible=seat(roundtable, Role.FACILITATOR),
            target_date=step.target_date,
            goal_type=step.goal_type,
        )

    step.refresh_from_db()
    assert step.responsible.role == Role.CASE_WORKER


def test_the_facilitator_is_not_offered_and_is_refused_over_http(
    client_for, trainee, start, play
):
    roundtable = _goals(play(start(), Phase.PLAN))
    client = client_for(trainee)
    facilitator = seat(roundtable, Role.FACILITATOR)

    page = client.get(url(roundtable)).text
    owners = re.search(r'<select name="responsible".*?</select>', page, re.S)[0]
    response = client.post(
        url(roundtable, "steps/"),
        {
            "description": "Ask Dana",
            "responsible": facilitator.pk,
            "target_date": roundtable.roundtable_date.isoformat(),
            "goal_type": "primary",
        },
    )

    assert f'<option value="{seat(roundtable, Role.CASE_WORKER).pk}"' in owners
    assert f'<option value="{facilitator.pk}"' not in owners
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "other than the facilitator" in response.text
    assert not ActionStep.objects.exists()


def test_a_program_may_let_the_facilitator_own_steps(start, play):
    roundtable = start()
    MockRoundtable.objects.filter(pk=roundtable.pk).update(
        facilitator_may_own_steps=True
    )
    roundtable = _goals(play(roundtable, Phase.PLAN))

    step = add_step(roundtable, responsible=seat(roundtable, Role.FACILITATOR))

    assert step.responsible.role == Role.FACILITATOR


def test_a_barrier_of_another_case_is_refused(start, play, library):
    roundtable = _goals(play(start(), Phase.PLAN))
    other = rules.case_barriers(library["maya-icwa"])[0]

    with pytest.raises(ValidationError) as refused:
        add_step(roundtable, case_barrier=other.id)

    assert refused.value.message_dict["case_barrier"] == [
        "That barrier is not in this case file."
    ]
    assert not ActionStep.objects.exists()


def test_a_step_names_a_case_barrier_or_describes_another_not_both(start, play):
    roundtable = _goals(play(start(), Phase.PLAN))
    barrier = rules.case_barriers(roundtable.case)[0]

    with pytest.raises(ValidationError) as refused:
        add_step(
            roundtable,
            case_barrier=barrier.id,
            barrier="Something else",
            barrier_category="policy",
        )

    assert "not both" in refused.value.message_dict["barrier"][0]


def test_a_case_barrier_is_chosen_over_http(client_for, trainee, start, play):
    roundtable = _goals(play(start(), Phase.PLAN))
    barrier = rules.case_barriers(roundtable.case)[1]
    client = client_for(trainee)

    assert barrier.description in client.get(url(roundtable)).text
    response = client.post(
        url(roundtable, "steps/"),
        {
            "description": "Ask for Dana's background check",
            "responsible": seat(roundtable, Role.SUPERVISOR).pk,
            "target_date": (
                roundtable.roundtable_date + timedelta(days=20)
            ).isoformat(),
            "goal_type": "primary",
            "case_barrier": barrier.id,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    step = ActionStep.objects.get()
    assert (step.case_barrier, step.barrier_category) == (barrier.id, "policy")


# --- Only those who assign start a session for someone else ---------------------


def test_nobody_starts_a_roundtable_for_someone_else_without_the_role(
    jordan, trainee, trainee2
):
    with pytest.raises(PermissionDenied):
        roundtables.roundtable_start(
            case=jordan, facilitator=trainee, created_by=trainee2
        )

    assert not MockRoundtable.objects.exists()
