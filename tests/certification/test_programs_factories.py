"""Builders and fixtures for the certification-program tests (imported by the other
test_programs_*, test_lifecycle*, test_reminders*, test_dashboard*, test_verify and
test_calendar modules). The one test here checks the builders themselves."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from certification.models import (
    Certification,
    CertificationProgram,
    Observation,
    Rubric,
)
from certification.services.dates import (
    expiry_after,
    grace_ends,
    status_on,
    window_opens,
)
from tests.content.builders import make_course
from training.models import Enrolment

_seq = itertools.count(1)
Status = Certification.Status


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), timezone.get_default_timezone())


def make_program(*, courses=(), prerequisites=(), **numbers) -> CertificationProgram:
    """A program that requires nothing unless told: every count defaults to 0."""
    n = next(_seq)
    defaults = {
        "name": f"Program {n}",
        "code": f"program-{n}",
        "required_mock": 0,
        "required_observed": 0,
        "required_co_facilitated": 0,
        "required_lead_facilitated": 0,
        "recert_live_roundtables": 0,
        "recert_observations": 0,
    }
    program = CertificationProgram.objects.create(**{**defaults, **numbers})
    if courses:
        program.required_courses.set(courses)
    if prerequisites:
        program.prerequisites.set(prerequisites)
    if courses or prerequisites:
        program.save()
    return program


def complete_course(user, course, *, on: date) -> Enrolment:
    enrolment, _ = Enrolment.objects.update_or_create(
        user=user, course=course, defaults={"completed_at": at_noon(on)}
    )
    return enrolment


def rubric() -> Rubric:
    found = Rubric.objects.filter(name="Test rubric").first()
    return found or Rubric.objects.create(name="Test rubric", status="published")


def pass_observation(trainee, kind, *, on: date, raters, passed=True) -> Observation:
    """A released observation of ``kind`` with its result, released on ``on``."""
    rater_a, rater_b = raters
    return Observation.objects.create(
        trainee=trainee,
        kind=kind,
        rubric=rubric(),
        rater_a=rater_a,
        rater_b=rater_b,
        status=Observation.Status.RELEASED,
        released_at=at_noon(on),
        passed=passed,
    )


def issue(user, program, *, issued_on: date, today: date, cycle=1, **extra):
    """A certification issued on a date, in the state its dates give ``today``."""
    expires = extra.pop("expires_on", None) or expiry_after(
        issued_on, program.validity_months
    )
    opens = window_opens(expires, program.window_days)
    ends = grace_ends(expires, program.grace_days)
    return Certification.objects.create(
        user=user,
        program=program,
        cycle=cycle,
        started_on=issued_on - timedelta(days=30),
        issued_on=issued_on,
        expires_on=expires,
        window_opens_on=opens,
        grace_ends_on=ends,
        status=extra.pop("status", None)
        or status_on(
            today, window_opens_on=opens, expires_on=expires, grace_ends_on=ends
        ),
        **extra,
    )


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=1, lessons=1, title="Permanency values")


@pytest.fixture
def raters(co_trainer, lived_trainer):
    return (co_trainer, lived_trainer)


@pytest.fixture
def program(course):
    """One course, one passed mock and one lead-facilitated roundtable; recertify
    with one live roundtable and one passed observation."""
    return make_program(
        courses=[course],
        name="PRT Facilitator",
        code="prt-facilitator",
        required_mock=1,
        required_lead_facilitated=1,
        recert_live_roundtables=1,
        recert_observations=1,
    )


@pytest.mark.django_db
def test_builders_make_an_issued_certification_in_the_state_its_dates_give(trainee):
    program = make_program()
    today = date(2026, 6, 1)

    cert = issue(trainee, program, issued_on=date(2024, 6, 15), today=today)

    assert cert.expires_on == date(2026, 6, 15)
    assert cert.window_opens_on == date(2026, 3, 17)
    assert cert.status == Status.IN_WINDOW
