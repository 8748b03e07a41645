"""Certification that holds for years, through the public services only: the
refresher taken (again) in each cycle, live roundtables logged, an observation
scored and released, and the daily sweep. The clock is moved, never read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from certification.models import Certification, CertificationEvent
from certification.selectors.programs import program_cards
from certification.services.sweep import sweep
from tests.certification.conftest import (
    certify_yearly,
    log_roundtables,
    observe_live,
    take_refresher,
)
from training.models import CourseCompletion, Enrolment

pytestmark = pytest.mark.django_db
Status = Certification.Status
def test_evidence_in_every_cycle_keeps_a_facilitator_certified_through_cycle_five(
    trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    first_expiry = cert.expires_on

    for cycle in range(1, 5):
        cert.refresh_from_db()
        sweep(today=clock.to(cert.window_opens_on))
        cert.refresh_from_db()
        assert (cert.status, cert.cycle) == (Status.IN_WINDOW, cycle)
        day = clock.to(cert.window_opens_on + timedelta(days=20))
        take_refresher(trainee, refresher)
        log_roundtables(trainee, day)
        observe_live(trainee, cohort, rubric)
        sweep(today=day)
        cert.refresh_from_db()
        assert (cert.status, cert.cycle) == (Status.ACTIVE, cycle + 1)

    # From the previous expiry: the schedule holds, 24 months a cycle.
    assert cert.expires_on == first_expiry.replace(year=first_expiry.year + 8)
    enrolment = Enrolment.objects.get(user=trainee, course=refresher)
    assert CourseCompletion.objects.filter(enrolment=enrolment).count() == 4
    card = next(c for c in program_cards(user=trainee, today=day) if c.started)
    assert card.status == Status.ACTIVE
    recertified = CertificationEvent.objects.filter(
        certification=cert, note__startswith="Recertified"
    )
    assert recertified.count() == 4
    assert all(event.rule and event.expires_on for event in recertified)


def test_a_refresher_taken_only_in_cycle_one_is_asked_for_again_and_the_cert_lapses(
    trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    sweep(today=clock.to(cert.window_opens_on))
    day = clock.to(cert.window_opens_on + timedelta(days=10))
    take_refresher(trainee, refresher)
    log_roundtables(trainee, day)
    observe_live(trainee, cohort, rubric)
    sweep(today=day)
    cert.refresh_from_db()
    assert cert.cycle == 2

    # Cycle 2: roundtables and an observation, but no refresher.
    sweep(today=clock.to(cert.window_opens_on))
    day = clock.to(cert.window_opens_on + timedelta(days=10))
    log_roundtables(trainee, day)
    observe_live(trainee, cohort, rubric)
    sweep(today=day)
    card = next(c for c in program_cards(user=trainee, today=day) if c.started)
    course_item = next(i for i in card.checklist.items if "refresher" in i.label)
    assert not course_item.met
    assert "counted for an earlier cycle" in course_item.notes[0]

    cert.refresh_from_db()
    sweep(today=clock.to(cert.grace_ends_on + timedelta(days=1)))
    cert.refresh_from_db()
    assert (cert.status, cert.cycle) == (Status.LAPSED, 2)


def test_the_checklist_says_which_cycle_a_completion_counts_for(
    client_for, trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = certify_yearly(trainee, yearly_program, cohort, rubric, clock)
    clock.to(cert.window_opens_on + timedelta(days=3))
    take_refresher(trainee, refresher)

    html = client_for(trainee).get(reverse("certification:my_certification"))
    text = html.content.decode()
    expires = date_format(cert.expires_on, "DATE_FORMAT")
    completed = date_format(cert.window_opens_on + timedelta(days=3), "DATE_FORMAT")
    assert f"Completed on {completed}, counts for the cycle ending {expires}." in text
    outline = client_for(trainee).get(
        reverse("training:course_outline", args=[refresher.pk])
    )
    assert "Take this course again" in outline.content.decode()
