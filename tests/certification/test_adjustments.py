"""Extensions and exemptions: program staff only (in the views and the services),
always with a reason, recorded in the history; reminders follow the new dates;
bad input changes nothing."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from certification.models import (
    Certification,
    CertificationEvent,
    LiveRoundtableLog,
    Reminder,
    RequirementExemption,
)
from certification.selectors.programs import program_cards
from certification.services import adjustments, lifecycle
from certification.services.sweep import sweep
from tests.certification.conftest import at_noon, issue, make_program

pytestmark = pytest.mark.django_db
Status = Certification.Status
TODAY = date(2026, 7, 10)
EXPIRY = date(2026, 6, 30)  # so TODAY is in grace, which ends 30 July


@pytest.fixture
def in_grace(trainee, program):
    return issue(
        trainee, program, issued_on=date(2024, 6, 30), today=TODAY, expires_on=EXPIRY
    )


@pytest.fixture
def others(trainee, trainee2, co_trainer, lived_trainer, editor, outsider):
    return [trainee, trainee2, co_trainer, lived_trainer, editor, outsider]


def _snapshot(cert):
    cert.refresh_from_db()
    return (cert.status, cert.expires_on, cert.grace_ends_on, cert.deadline_on)


def test_staff_extend_an_expiry_and_the_history_says_why(staff, in_grace):
    assert in_grace.status == Status.GRACE

    adjustments.certification_extend(
        certification=in_grace,
        by=staff,
        new_date=date(2026, 9, 30),
        reason="Medical leave in June.",
        today=TODAY,
    )

    in_grace.refresh_from_db()
    assert in_grace.status == Status.IN_WINDOW
    assert (in_grace.expires_on, in_grace.grace_ends_on) == (
        date(2026, 9, 30),
        date(2026, 10, 30),
    )
    assert in_grace.window_opens_on == date(2026, 4, 1)  # the window keeps its start
    event = CertificationEvent.objects.get(kind=CertificationEvent.Kind.EXTENSION)
    assert (event.from_status, event.to_status, event.by) == (
        "grace",
        "in_window",
        staff,
    )
    assert event.expires_on == date(2026, 9, 30)
    assert "Medical leave in June." in event.note


def test_reminders_follow_the_new_expiry_and_none_is_sent_twice(staff, in_grace):
    sweep(today=TODAY)
    sent = set(Reminder.objects.values_list("cycle", "offset_days"))
    assert sent == {(1, -7)}

    adjustments.certification_extend(
        certification=in_grace,
        by=staff,
        new_date=date(2026, 9, 30),
        reason="Court schedule.",
        today=TODAY,
    )
    sweep(today=date(2026, 9, 23))  # 7 days before the new expiry
    sweep(today=date(2026, 10, 7))  # 7 days after it: already sent in this cycle

    offsets = list(Reminder.objects.values_list("offset_days", flat=True))
    assert sorted(offsets) == [-7, 7]
    assert Reminder.objects.get(offset_days=7).due_on == date(2026, 9, 23)


def test_staff_extend_the_completion_deadline_of_a_path_in_progress(
    staff, trainee, program
):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)

    adjustments.certification_extend(
        certification=cert,
        by=staff,
        new_date=date(2027, 3, 1),
        reason="Cohort postponed.",
        today=TODAY,
    )

    card = next(c for c in program_cards(user=trainee, today=TODAY) if c.started)
    assert card.checklist.deadline == date(2027, 3, 1)
    assert not card.overdue


@pytest.mark.parametrize(
    ("new_date", "reason", "message"),
    [
        (date(2026, 7, 1), "Leave", "not in the past"),
        (date(2026, 6, 30), "Leave", "not in the past"),
        (date(2026, 7, 20), "  ", "reason"),
    ],
)
def test_bad_extensions_are_refused_and_change_nothing(
    staff, in_grace, new_date, reason, message
):
    before = _snapshot(in_grace)

    with pytest.raises(ValidationError, match=message):
        adjustments.certification_extend(
            certification=in_grace,
            by=staff,
            new_date=new_date,
            reason=reason,
            today=TODAY,
        )

    assert _snapshot(in_grace) == before
    assert not CertificationEvent.objects.exists()


def test_an_extension_before_the_current_expiry_is_refused(staff, trainee, program):
    cert = issue(trainee, program, issued_on=date(2025, 1, 1), today=TODAY)

    with pytest.raises(ValidationError, match="after the current expiry"):
        adjustments.certification_extend(
            certification=cert,
            by=staff,
            new_date=cert.expires_on - timedelta(days=1),
            reason="Leave",
            today=TODAY,
        )


def test_nobody_but_program_staff_extends_or_exempts(in_grace, others):
    before = _snapshot(in_grace)
    for person in others:
        with pytest.raises(PermissionDenied):
            adjustments.certification_extend(
                certification=in_grace,
                by=person,
                new_date=date(2026, 9, 30),
                reason="Leave",
                today=TODAY,
            )
        with pytest.raises(PermissionDenied):
            adjustments.requirement_exempt(
                certification=in_grace,
                by=person,
                requirement="live",
                reason="Leave",
                today=TODAY,
            )
    assert _snapshot(in_grace) == before
    assert not RequirementExemption.objects.exists()


def test_a_waived_requirement_is_met_for_that_cycle_only(staff, trainee, in_grace):
    LiveRoundtableLog.objects.create(
        user=trainee, held_on=date(2026, 5, 2), agency="A", role="lead",
        case_reference="A.B.",
    )  # fmt: skip

    adjustments.requirement_exempt(
        certification=in_grace,
        by=staff,
        requirement="observations",
        reason="No observer in the region this year.",
        today=TODAY,
    )

    in_grace.refresh_from_db()
    assert (in_grace.status, in_grace.cycle) == (Status.ACTIVE, 2)  # recertified
    card = next(c for c in program_cards(user=trainee, today=TODAY) if c.started)
    observations = card.checklist.items[-1]
    assert not observations.met and not observations.exempt  # a new cycle
    events = CertificationEvent.objects.filter(certification=in_grace)
    assert events.filter(kind="exemption", note__contains="No observer").exists()
    assert events.filter(note__contains="waived").count() == 2  # and recertified


def test_bad_exemptions_are_refused(staff, in_grace):
    with pytest.raises(ValidationError, match="reason"):
        adjustments.requirement_exempt(
            certification=in_grace, by=staff, requirement="live", reason=""
        )
    with pytest.raises(ValidationError, match="asks for"):
        adjustments.requirement_exempt(  # the fixture program has no refresher
            certification=in_grace, by=staff, requirement="course", reason="x"
        )
    adjustments.requirement_exempt(
        certification=in_grace, by=staff, requirement="live", reason="x", today=TODAY
    )
    with pytest.raises(ValidationError, match="already waived"):
        adjustments.requirement_exempt(
            certification=in_grace, by=staff, requirement="live", reason="y"
        )
    assert RequirementExemption.objects.count() == 1


# --- Views ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["certification_extend", "requirement_exempt"])
def test_the_views_refuse_everyone_but_staff(
    client, client_for, in_grace, others, name
):
    url = reverse(f"certification:{name}", args=[in_grace.pk])
    data = {"new_date": "2026-09-30", "requirement": "live", "reason": "x"}
    before = _snapshot(in_grace)

    assert client.post(url, data).status_code == HTTPStatus.FOUND  # to log in
    for person in others:
        response = client_for(person).post(url, data)
        assert response.status_code == HTTPStatus.FORBIDDEN, person

    assert _snapshot(in_grace) == before
    assert not RequirementExemption.objects.exists()


def test_a_bad_date_on_the_form_shows_a_message_and_changes_nothing(
    client_for, staff, in_grace, time_machine
):
    time_machine.move_to(at_noon(date(2026, 7, 10)), tick=False)
    url = reverse("certification:certification_extend", args=[in_grace.pk])
    before = _snapshot(in_grace)

    response = client_for(staff).post(
        url, {"new_date": "2026-05-01", "reason": "Leave"}, follow=True
    )

    assert "not in the past" in response.content.decode()
    assert _snapshot(in_grace) == before
    response = client_for(staff).post(url, {"new_date": "", "reason": ""}, follow=True)
    assert "This field is required" in response.content.decode()
    assert _snapshot(in_grace) == before


def test_staff_extend_from_the_history_page(client_for, staff, in_grace, time_machine):
    time_machine.move_to(at_noon(date(2026, 7, 10)), tick=False)
    url = reverse("certification:certification_extend", args=[in_grace.pk])

    response = client_for(staff).post(
        url, {"new_date": "2026-09-30", "reason": "Medical leave."}, follow=True
    )

    html = response.content.decode()
    assert "reminders follow the new date" in html
    assert "Extended by program staff" in html
    assert "Medical leave." in html


def test_the_history_page_explains_every_expiry(
    client_for, staff, trainee, time_machine, django_assert_max_num_queries
):
    program = make_program(auto_issue=True, validity_months=6, window_days=30)
    time_machine.move_to(at_noon(date(2026, 8, 31)), tick=False)
    cert = lifecycle.pathway_start(user=trainee, program=program)
    lifecycle.certification_evaluate(certification=cert)
    url = reverse("certification:facilitator_history", args=[trainee.pk])
    client = client_for(staff)
    with django_assert_max_num_queries(40) as small:
        html = client.get(url).content.decode()
    assert "Why this expiry:" in html
    assert "6 months from the first issue on Aug. 31, 2026" in html

    for _cycle in range(3):  # more cycles, more history: the same queries
        cert.refresh_from_db()
        sweep(today=cert.window_opens_on)
        lifecycle.certification_evaluate(certification=cert, today=cert.window_opens_on)
    cert.refresh_from_db()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = client.get(url).content.decode()
    assert cert.cycle == 4
    assert html.count("Counted from the previous expiry") == 3 + 1  # and "Why"
    assert "kept on day 31 of the month" in html
    assert cert.expires_on == date(2028, 8, 31)
