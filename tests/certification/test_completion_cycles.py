"""The course outline names the certification cycle each completion of a
program's refresher counted for, through the ``course_completion_notes`` hook
(training never imports certification), at the same cost however many cycles."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from certification.services.sweep import sweep
from tests.certification.conftest import (
    certify_yearly,
    log_roundtables,
    observe_live,
    take_refresher,
)

pytestmark = pytest.mark.django_db


def _long(day):
    return date_format(day, "DATE_FORMAT")


def _recertify(cert, trainee, refresher, cohort, rubric, clock):
    sweep(today=clock.to(cert.window_opens_on))
    day = clock.to(cert.window_opens_on + timedelta(days=10))
    take_refresher(trainee, refresher)
    log_roundtables(trainee, day)
    observe_live(trainee, cohort, rubric)
    sweep(today=day)
    cert.refresh_from_db()
    return day


def _outline(client_for, user, course):
    response = client_for(user).get(
        reverse("training:course_outline", args=[course.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_each_completion_names_the_cycle_it_counted_for(
    client_for, trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    first_end = cert.expires_on
    first = _recertify(cert, trainee, refresher, cohort, rubric, clock)
    assert cert.cycle == 2
    sweep(today=clock.to(cert.window_opens_on))
    second = clock.to(cert.window_opens_on + timedelta(days=4))
    take_refresher(trainee, refresher)

    html = _outline(client_for, trainee, refresher)

    assert (
        f"Completed on {_long(first)}, counts for the cycle ending {_long(first_end)}."
        in html
    )
    assert (
        f"Completed on {_long(second)}, counts for the cycle ending "
        f"{_long(cert.expires_on)}." in html
    )


def test_a_completion_that_counted_for_nothing_shows_only_its_date(
    client_for, trainee, trainee2, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    day = clock.to(cert.issued_on + timedelta(days=30))  # before any counting period
    take_refresher(trainee, refresher)

    html = _outline(client_for, trainee, refresher)

    assert _long(day) in html
    assert "counts for the cycle" not in html
    # Someone else's outline of the same course says nothing of this person's.
    take_refresher(trainee2, refresher)
    assert "counts for the cycle" not in _outline(client_for, trainee2, refresher)


def test_the_outline_costs_the_same_queries_after_more_cycles(
    client_for, trainee, cohort, rubric, yearly_program, refresher, clock,
    django_assert_max_num_queries,
):  # fmt: skip
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    _recertify(cert, trainee, refresher, cohort, rubric, clock)
    client = client_for(trainee)
    url = reverse("training:course_outline", args=[refresher.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one_cycle:
        client.get(url)
    for _n in range(2):
        _recertify(cert, trainee, refresher, cohort, rubric, clock)
    assert cert.cycle == 4
    with django_assert_max_num_queries(len(one_cycle)):
        client.get(url)


def test_my_learning_names_the_cycle_of_the_latest_completion(
    client_for, trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    first_end = cert.expires_on
    day = _recertify(cert, trainee, refresher, cohort, rubric, clock)

    response = client_for(trainee).get(reverse("training:my_learning"))

    assert (
        f"Completed on {_long(day)}, counts for the cycle ending {_long(first_end)}."
        in response.content.decode()
    )
