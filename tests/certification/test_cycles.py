"""Certification that holds for years, through the public services only: the
refresher taken (again) in each cycle, live roundtables logged, an observation
scored and released, and the daily sweep. The clock is moved, never read."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from certification.models import Certification, CertificationEvent
from certification.selectors.programs import program_cards
from certification.services import lifecycle
from certification.services import programs as program_services
from certification.services.sweep import sweep
from content.models import LessonPage
from tests.certification.conftest import make_program, open_live, release, score_both
from tests.content.builders import make_course
from training.models import CourseCompletion, Enrolment
from training.services import learning

pytestmark = pytest.mark.django_db
Status = Certification.Status
START = date(2026, 3, 2)


@pytest.fixture
def refresher(site_root):
    return make_course(
        site_root,
        modules=1,
        lessons=2,
        with_checks=False,
        title="PRT refresher",
        self_enrol=True,
    )


@pytest.fixture
def yearly_program(refresher):
    """Issued automatically on one lead-facilitated observation; valid 24 months;
    recertify with the refresher, two live roundtables and one observation."""
    return make_program(
        name="PRT Facilitator",
        code="prt-years",
        auto_issue=True,
        required_lead_facilitated=1,
        recert_course=refresher,
        recert_live_roundtables=2,
        recert_observations=1,
    )


class Clock:
    """Moves the frozen clock to noon of a day in the program's time zone."""

    def __init__(self, traveller):
        self.traveller = traveller

    def to(self, day: date) -> date:
        noon = datetime.combine(day, time(12), timezone.get_default_timezone())
        self.traveller.move_to(noon, tick=False)
        return day


@pytest.fixture
def clock(time_machine):
    return Clock(time_machine)


def _observe(trainee, cohort, rubric, kind="observed"):
    observation = open_live(
        by=cohort.child_welfare_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        kind=kind,
    )
    score_both(observation, [4], [4])
    release(observation)


def _take_refresher(trainee, course):
    enrolment = learning.enrolment_create(user=trainee, course=course)
    if enrolment.completed_at is not None:
        learning.enrolment_retake(enrolment=enrolment, user=trainee)
    for lesson in LessonPage.objects.live().descendant_of(course):
        learning.lesson_complete(enrolment=enrolment, lesson=lesson)


def _log_roundtables(trainee, day, count=2):
    for n in range(count):
        program_services.live_roundtable_log(
            user=trainee,
            held_on=day - timedelta(days=n),
            agency="Cedar County",
            role="lead",
            case_reference=f"R{day:%y%m%d}{n}",
        )


def _certify(trainee, program, cohort, rubric, clock):
    clock.to(START)
    cert = lifecycle.pathway_start(user=trainee, program=program)
    _observe(trainee, cohort, rubric, kind="lead_facilitated")
    lifecycle.certification_evaluate(certification=cert)
    cert.refresh_from_db()
    assert (cert.status, cert.cycle) == (Status.ACTIVE, 1)
    return cert


def test_evidence_in_every_cycle_keeps_a_facilitator_certified_through_cycle_five(
    trainee, cohort, rubric, yearly_program, refresher, clock
):
    cert = _certify(trainee, yearly_program, cohort, rubric, clock)
    first_expiry = cert.expires_on

    for cycle in range(1, 5):
        cert.refresh_from_db()
        sweep(today=clock.to(cert.window_opens_on))
        cert.refresh_from_db()
        assert (cert.status, cert.cycle) == (Status.IN_WINDOW, cycle)
        day = clock.to(cert.window_opens_on + timedelta(days=20))
        _take_refresher(trainee, refresher)
        _log_roundtables(trainee, day)
        _observe(trainee, cohort, rubric)
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
    cert = _certify(trainee, yearly_program, cohort, rubric, clock)
    sweep(today=clock.to(cert.window_opens_on))
    day = clock.to(cert.window_opens_on + timedelta(days=10))
    _take_refresher(trainee, refresher)
    _log_roundtables(trainee, day)
    _observe(trainee, cohort, rubric)
    sweep(today=day)
    cert.refresh_from_db()
    assert cert.cycle == 2

    # Cycle 2: roundtables and an observation, but no refresher.
    sweep(today=clock.to(cert.window_opens_on))
    day = clock.to(cert.window_opens_on + timedelta(days=10))
    _log_roundtables(trainee, day)
    _observe(trainee, cohort, rubric)
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
    cert = _certify(trainee, yearly_program, cohort, rubric, clock)
    clock.to(cert.window_opens_on + timedelta(days=3))
    _take_refresher(trainee, refresher)

    html = client_for(trainee).get(reverse("certification:my_certification"))
    text = html.content.decode()
    expires = date_format(cert.expires_on, "DATE_FORMAT")
    completed = date_format(cert.window_opens_on + timedelta(days=3), "DATE_FORMAT")
    assert f"Completed on {completed}, counts for the cycle ending {expires}." in text
    outline = client_for(trainee).get(
        reverse("training:course_outline", args=[refresher.pk])
    )
    assert "Take this course again" in outline.content.decode()
