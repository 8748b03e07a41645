"""The console, its live fragment, the printable plan and the feedback report cost
the same number of queries for a plan of 3 steps and a plan of 60."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from simulations.models import (
    ActionStep,
    BrainstormIdea,
    GoalType,
    Phase,
    Role,
    StepReview,
    StepStatus,
)
from tests.simulations.conftest import seat

pytestmark = pytest.mark.django_db

BUDGET = 20  # a page of the console, whatever the size of its plan


def grow(roundtable, steps: int) -> None:
    """Give the plan ``steps`` steps (and the board as many ideas), each step tied to
    an idea and reviewed at the follow-up when there is one."""
    owner = seat(roundtable, Role.CASE_WORKER)
    ideas = BrainstormIdea.objects.bulk_create(
        BrainstormIdea(
            roundtable=roundtable,
            question_number=n % 5 + 1,
            text=f"Idea {n}",
            offered_by=owner,
        )
        for n in range(steps)
    )
    made = ActionStep.objects.bulk_create(
        ActionStep(
            plan=roundtable.plan,
            description=f"Step {n}",
            responsible=owner,
            target_date=roundtable.roundtable_date + timedelta(days=30),
            goal_type=GoalType.PRIMARY if n % 2 else GoalType.CONCURRENT,
            barrier="A barrier",
            barrier_category="policy",
            source_idea=ideas[n],
        )
        for n in range(steps)
    )
    follow_up = getattr(roundtable, "follow_up", None)
    if follow_up is not None:
        StepReview.objects.bulk_create(
            StepReview(follow_up=follow_up, step=step, status=StepStatus.COMPLETED)
            for step in made
        )


def count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize(
    "phase, page",
    [
        (Phase.PLAN, ""),
        (Phase.PLAN, "live/"),
        (Phase.PLAN, "plan/"),
        (Phase.FOLLOW_UP, ""),
        (Phase.COMPLETED, "report/"),
        (Phase.COMPLETED, "plan/"),
    ],
)
def test_pages_cost_the_same_for_3_and_60_steps(
    start, play, client_for, trainee, django_assert_max_num_queries, phase, page
):
    small, large = play(start(), phase), play(start(), phase)
    grow(small, 3)
    grow(large, 60)
    client = client_for(trainee)
    client.get(f"/roundtables/{small.pk}/{page}")  # warm the session and caches

    with django_assert_max_num_queries(BUDGET):
        small_count = count(client, f"/roundtables/{small.pk}/{page}")
    large_count = count(client, f"/roundtables/{large.pk}/{page}")

    assert small.plan.steps.count() < large.plan.steps.count()
    assert small_count == large_count


def test_the_poll_is_cheap(start, play, client_for, trainee):
    roundtable = play(start(), Phase.BRAINSTORM)
    client = client_for(trainee)
    client.get(f"/roundtables/{roundtable.pk}/state/")

    assert count(client, f"/roundtables/{roundtable.pk}/state/") <= 6


def test_the_roundtables_home_costs_the_same_for_2_and_40_sessions(
    start, client_for, trainee
):
    client = client_for(trainee)
    for _ in range(2):
        start()
    client.get("/roundtables/")
    few = count(client, "/roundtables/")
    for _ in range(38):
        start()

    assert count(client, "/roundtables/") == few
