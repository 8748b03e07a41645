"""The lifecycle of a certification: start, live checklist, eligible, approved (or
issued automatically), recertified, lapsed and walked again, revoked."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from certification.models import (
    Certification,
    CertificationEvent,
    LiveRoundtableLog,
    Notification,
    ObservationKind,
)
from certification.selectors.programs import program_cards
from certification.services import lifecycle
from tests.certification.conftest import (
    complete_course,
    issue,
    make_program,
    pass_observation,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status
TODAY = date(2026, 3, 10)


def _card(user, program, today=TODAY):
    return next(
        c for c in program_cards(user=user, today=today) if c.program == program
    )


def _meet_initial(trainee, program, course, raters, *, on=TODAY):
    complete_course(trainee, course, on=on)
    pass_observation(trainee, ObservationKind.MOCK, on=on, raters=raters)
    pass_observation(trainee, ObservationKind.LEAD_FACILITATED, on=on, raters=raters)


def test_the_checklist_shows_live_progress_item_by_item(
    trainee, program, course, raters
):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    assert cert.status == Status.IN_PROGRESS

    assert _card(trainee, program).checklist.done_count == 0
    complete_course(trainee, course, on=TODAY)
    assert _card(trainee, program).checklist.done_count == 1
    pass_observation(trainee, ObservationKind.MOCK, on=TODAY, raters=raters)
    card = _card(trainee, program)
    assert card.checklist.done_count == 2
    assert not card.can_submit
    pass_observation(trainee, ObservationKind.LEAD_FACILITATED, on=TODAY, raters=raters)
    assert _card(trainee, program).can_submit


def test_a_failed_or_unreleased_observation_does_not_count(
    trainee, program, course, raters
):
    lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    pass_observation(
        trainee, ObservationKind.MOCK, on=TODAY, raters=raters, passed=False
    )
    unreleased = pass_observation(
        trainee, ObservationKind.MOCK, on=TODAY, raters=raters
    )
    unreleased.status = "reconciling"
    unreleased.save()

    mock = _card(trainee, program).checklist.items[1]
    assert mock.done == 0


def test_windowed_observations_count_only_inside_the_completion_window(
    trainee, program, course, raters
):
    lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    complete_course(trainee, course, on=TODAY - timedelta(days=400))  # any time
    pass_observation(  # the mock counts whenever it was passed on a first path
        trainee, ObservationKind.MOCK, on=TODAY - timedelta(days=30), raters=raters
    )
    pass_observation(  # before the pathway started: does not count
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=TODAY - timedelta(days=1),
        raters=raters,
    )
    pass_observation(  # after the six-month deadline: does not count
        trainee, ObservationKind.LEAD_FACILITATED, on=date(2026, 9, 11), raters=raters
    )

    card = _card(trainee, program, today=date(2026, 9, 12))
    assert card.checklist.deadline == date(2026, 9, 10)
    assert [item.met for item in card.checklist.items] == [True, True, False]
    assert card.overdue


def test_when_all_is_met_the_certification_is_eligible_and_staff_approve_it(
    trainee, staff, program, course, raters, django_capture_on_commit_callbacks
):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    _meet_initial(trainee, program, course, raters)

    with django_capture_on_commit_callbacks(execute=True):
        after = lifecycle.certification_evaluate(certification=cert, today=TODAY)
    assert after.status == Status.ELIGIBLE
    assert "Requirements met" in mail.outbox[-1].subject

    approve_day = TODAY + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.certification_approve(
            certification=cert, approved_by=staff, today=approve_day
        )
    cert.refresh_from_db()
    assert cert.status == Status.ACTIVE
    assert cert.cycle == 1
    assert (cert.issued_on, cert.expires_on) == (approve_day, date(2028, 3, 13))
    assert cert.window_opens_on == date(2027, 12, 14)  # 90 days before
    assert cert.grace_ends_on == date(2028, 4, 12)  # 30 days after
    assert cert.approved_by == staff
    assert set(cert.trained_by.all()) == set(raters)
    message = mail.outbox[-1]
    assert message.to == [trainee.email]
    assert "Certified" in message.subject
    assert "/certification/" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert Notification.objects.filter(user=trainee, read_at__isnull=True).count() == 2
    assert list(
        CertificationEvent.objects.filter(certification=cert).values_list(
            "to_status", flat=True
        )
    ) == [Status.IN_PROGRESS, Status.ELIGIBLE, Status.ACTIVE]


def test_evaluating_twice_moves_only_once(trainee, program, course, raters):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    _meet_initial(trainee, program, course, raters)

    lifecycle.certification_evaluate(certification=cert, today=TODAY)
    lifecycle.certification_evaluate(certification=cert, today=TODAY)

    assert CertificationEvent.objects.filter(to_status=Status.ELIGIBLE).count() == 1


def test_a_program_that_issues_automatically_skips_approval(
    trainee, program, course, raters
):
    program.auto_issue = True
    program.save()
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    _meet_initial(trainee, program, course, raters)

    after = lifecycle.certification_evaluate(certification=cert, today=TODAY)

    assert after.status == Status.ACTIVE
    assert after.approved_by is None
    assert after.expires_on == date(2028, 3, 10)


def test_nothing_moves_while_a_requirement_is_missing(trainee, program, course, raters):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    complete_course(trainee, course, on=TODAY)

    after = lifecycle.certification_evaluate(certification=cert, today=TODAY)

    assert after.status == Status.IN_PROGRESS


def test_only_an_eligible_certification_can_be_approved(trainee, staff, program):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)

    with pytest.raises(ValidationError, match="awaiting approval"):
        lifecycle.certification_approve(certification=cert, approved_by=staff)


def test_starting_the_same_program_twice_is_refused(trainee, program):
    lifecycle.pathway_start(user=trainee, program=program, today=TODAY)

    with pytest.raises(ValidationError, match="already started"):
        lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    assert Certification.objects.count() == 1


def test_a_co_trainer_program_needs_an_active_facilitator_certification(trainee):
    facilitator = make_program(name="YCPRT Facilitator")
    co_trainer = make_program(name="YCPRT Co-trainer", prerequisites=[facilitator])

    with pytest.raises(ValidationError, match="YCPRT Facilitator"):
        lifecycle.pathway_start(user=trainee, program=co_trainer, today=TODAY)

    issue(trainee, facilitator, issued_on=TODAY - timedelta(days=10), today=TODAY)
    cert = lifecycle.pathway_start(user=trainee, program=co_trainer, today=TODAY)
    card = _card(trainee, co_trainer)
    assert cert.status == Status.IN_PROGRESS
    assert card.checklist.items[0].met  # the prerequisite, shown on the checklist


def test_a_lapsed_prerequisite_blocks_approval(trainee, staff):
    facilitator = make_program(name="YCPRT Facilitator")
    co_trainer = make_program(name="YCPRT Co-trainer", prerequisites=[facilitator])
    held = issue(
        trainee, facilitator, issued_on=TODAY - timedelta(days=10), today=TODAY
    )
    cert = lifecycle.pathway_start(user=trainee, program=co_trainer, today=TODAY)
    lifecycle.certification_evaluate(certification=cert, today=TODAY)
    held.status = Status.LAPSED
    held.save()

    with pytest.raises(ValidationError, match="needs an active certification"):
        lifecycle.certification_approve(certification=cert, approved_by=staff)


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [("previous_expiry", date(2028, 6, 30)), ("completion", date(2028, 5, 20))],
)
def test_recertification_starts_a_new_cycle_with_the_next_expiry(
    trainee, raters, program, anchor, expected
):
    program.expiry_anchor = anchor
    program.save()
    today = date(2026, 5, 20)
    cert = issue(
        trainee,
        program,
        issued_on=date(2024, 6, 30),
        today=today,
        expires_on=date(2026, 6, 30),
    )
    assert cert.status == Status.IN_WINDOW
    LiveRoundtableLog.objects.create(  # inside the window, which opened 1 April
        user=trainee,
        held_on=date(2026, 4, 2),
        agency="Cedar County",
        role="lead",
        case_reference="J.M.",
    )
    assert lifecycle.certification_evaluate(certification=cert, today=today).cycle == 1
    pass_observation(
        trainee, ObservationKind.OBSERVED, on=date(2026, 5, 5), raters=raters
    )

    after = lifecycle.certification_evaluate(certification=cert, today=today)

    assert (after.status, after.cycle) == (Status.ACTIVE, 2)
    assert after.issued_on == today
    assert after.expires_on == expected


def test_evidence_from_before_the_cycle_does_not_recertify(trainee, raters, program):
    today = date(2026, 5, 20)
    cert = issue(trainee, program, issued_on=date(2024, 6, 30), today=today)
    LiveRoundtableLog.objects.create(
        user=trainee,
        held_on=date(2024, 6, 1),
        agency="Cedar County",
        role="lead",
        case_reference="J.M.",
    )
    pass_observation(
        trainee, ObservationKind.OBSERVED, on=date(2024, 6, 1), raters=raters
    )

    assert lifecycle.certification_evaluate(certification=cert, today=today).cycle == 1


def test_revoking_needs_a_reason_and_works_from_any_state(trainee, staff, program):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)

    with pytest.raises(ValidationError):
        lifecycle.certification_revoke(certification=cert, revoked_by=staff, reason=" ")
    lifecycle.certification_revoke(
        certification=cert, revoked_by=staff, reason="Falsified log entries."
    )

    cert.refresh_from_db()
    assert cert.status == Status.REVOKED
    assert cert.revoked_reason == "Falsified log entries."
    assert Notification.objects.filter(user=trainee).exists()
    with pytest.raises(ValidationError, match="already revoked"):
        lifecycle.certification_revoke(certification=cert, revoked_by=staff, reason="x")


def test_after_a_lapse_the_full_original_path_is_walked_again(
    trainee, staff, program, course, raters
):
    today = date(2026, 9, 1)
    _meet_initial(trainee, program, course, raters, on=date(2024, 1, 10))
    cert = issue(trainee, program, issued_on=date(2024, 2, 1), today=today)
    assert cert.status == Status.LAPSED

    lifecycle.pathway_restart(certification=cert, by=trainee, today=today)

    cert.refresh_from_db()
    assert (cert.status, cert.started_on, cert.cycle) == (
        Status.IN_PROGRESS,
        today,
        1,
    )
    assert cert.expires_on is None
    card = _card(trainee, program, today=today)
    # The course still counts; the old mock and lead observations do not.
    assert [item.met for item in card.checklist.items] == [True, False, False]

    pass_observation(trainee, ObservationKind.MOCK, on=today, raters=raters)
    pass_observation(trainee, ObservationKind.LEAD_FACILITATED, on=today, raters=raters)
    lifecycle.certification_evaluate(certification=cert, today=today)
    lifecycle.certification_approve(certification=cert, approved_by=staff, today=today)
    cert.refresh_from_db()
    assert (cert.status, cert.cycle) == (Status.ACTIVE, 2)


def test_an_active_certification_cannot_be_started_again(trainee, staff, program):
    cert = issue(trainee, program, issued_on=TODAY, today=TODAY)

    with pytest.raises(ValidationError, match="cannot be started again"):
        lifecycle.pathway_restart(certification=cert, by=staff, staff=True)


def test_only_staff_may_restart_a_revoked_certification(trainee, staff, program):
    cert = lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    lifecycle.certification_revoke(certification=cert, revoked_by=staff, reason="x")

    with pytest.raises(ValidationError):
        lifecycle.pathway_restart(certification=cert, by=trainee)
    lifecycle.pathway_restart(certification=cert, by=staff, staff=True)

    cert.refresh_from_db()
    assert cert.status == Status.IN_PROGRESS
    assert cert.revoked_reason == ""


def test_evaluating_for_a_user_advances_each_of_their_certifications(
    trainee, program, course, raters
):
    lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    _meet_initial(trainee, program, course, raters)

    lifecycle.certifications_evaluate_for_user(user=trainee, today=TODAY)

    assert Certification.objects.get(user=trainee).status == Status.ELIGIBLE
