"""Query budgets: the scoring form, the reconciliation page and the trainee's results
cost the same number of queries for a rubric of 10 items and one of 60 (and for one
released observation or three)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import ObservationKind, ObservationRules
from certification.services import observations as services
from tests.certification.conftest import (
    build_cohort,
    build_mock,
    build_rubric,
    open_live,
    release,
    score,
    score_both,
)
from training.models import CohortMembership

pytestmark = pytest.mark.django_db

SCORING_PAGE = 12  # measured: 10
RECONCILE_PAGE = 12  # measured: 11 (release readiness and the menu's team link)
RESULTS_PAGE = 11  # measured: 9


@pytest.fixture
def cohort(site_root, co_trainer, lived_trainer, trainee, trainee2):
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    CohortMembership.objects.create(cohort=cohort, user=trainee2)
    ObservationRules.load()  # the settings row exists, as on any running site
    return cohort


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response
    return len(queries)


def rubric_of(items, n):
    return build_rubric(items, name=f"Tool {n}", critical={0, 5}, na_allowed={1})


def test_the_scoring_form_costs_the_same_for_10_and_60_items(
    client_for, co_trainer, trainee, trainee2, cohort, django_assert_max_num_queries
):
    counts = []
    for n, (items, person) in enumerate(((10, trainee), (60, trainee2))):
        mock = build_mock(person, cohort)
        observation = services.observation_open(
            opened_by=co_trainer,
            trainee=person,
            rubric=rubric_of(items, n),
            cohort=cohort,
            kind=ObservationKind.MOCK,
            mock_roundtable=mock,
        )
        score(observation, co_trainer, [3, 4, 2])
        client = client_for(co_trainer)
        path = f"/observations/{observation.pk}/score/"
        client.get(path)
        with django_assert_max_num_queries(SCORING_PAGE):
            counts.append(count_queries(client, path))
    assert counts[0] == counts[1], counts


def test_the_reconciliation_page_costs_the_same_for_10_and_60_items(
    client_for, co_trainer, trainee, trainee2, cohort, django_assert_max_num_queries
):
    counts = []
    for n, (items, person) in enumerate(((10, trainee), (60, trainee2))):
        observation = open_live(
            by=co_trainer, trainee=person, rubric=rubric_of(items, n), cohort=cohort
        )
        score_both(observation, [3, 4, 2], [3, 2, 2])
        client = client_for(co_trainer)
        path = f"/observations/{observation.pk}/reconcile/"
        client.get("/")  # roles are kept per person after the first page
        with django_assert_max_num_queries(RECONCILE_PAGE):
            counts.append(count_queries(client, path))
    assert counts[0] == counts[1], counts


def test_the_trainee_results_cost_the_same_for_10_and_60_items(
    client_for, co_trainer, trainee, trainee2, cohort, django_assert_max_num_queries
):
    """trainee: one released observation of 10 items; trainee2: three of 60. Each
    failed a critical item, so each has a development plan with a goal."""
    from datetime import timedelta

    from django.utils import timezone

    volumes = ((trainee, 10, 1), (trainee2, 60, 3))
    for person, items, how_many in volumes:
        rubric = rubric_of(items, person.pk)
        for n in range(how_many):
            observation = open_live(
                by=co_trainer,
                trainee=person,
                rubric=rubric,
                cohort=cohort,
                live_case_reference=f"C-{person.pk}-{n}",
            )
            score_both(observation, [2, 3, 4], [2, 3, 4])
            release(observation)
            services.development_goal_add(
                observation=observation,
                by=co_trainer,
                goal="Keep the presentation to twenty minutes.",
                due_on=timezone.localdate() + timedelta(days=30),
            )
    counts = []
    for person, *_ in volumes:
        client = client_for(person)
        with django_assert_max_num_queries(RESULTS_PAGE):
            counts.append(count_queries(client, "/observations/mine/"))
    assert counts[0] == counts[1], counts
