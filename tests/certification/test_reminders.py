"""The daily sweep: states move by date, met requirements advance, and reminders go
out exactly once per certification, cycle and offset; the weekly digest; the
schedules; the consistency checker."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.module_loading import import_string

from certification.models import (
    Certification,
    CertificationEvent,
    Notification,
    ObservationKind,
    Reminder,
)
from certification.schedules import SCHEDULES
from certification.services.sweep import sweep
from certification.tasks import sweep as sweep_task
from certification.tasks import weekly_digest
from tests.certification.conftest import (
    complete_course,
    issue,
    pass_observation,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status
EXPIRY = date(2026, 6, 30)


@pytest.fixture
def cert(trainee, program):
    """Expires on 30 June 2026: window opens 1 April, grace ends 30 July."""
    return issue(
        trainee,
        program,
        issued_on=date(2024, 6, 30),
        today=date(2026, 3, 1),
        expires_on=EXPIRY,
    )


def _run(day, capture, **kwargs):
    with capture(execute=True):
        return sweep(today=day, **kwargs)


# --- States by date -------------------------------------------------------------------


def test_the_sweep_moves_states_on_their_exact_days(
    cert, django_capture_on_commit_callbacks
):
    def state_on(day):
        _run(day, django_capture_on_commit_callbacks)
        cert.refresh_from_db()
        return cert.status

    assert state_on(date(2026, 3, 31)) == Status.ACTIVE
    assert state_on(date(2026, 4, 1)) == Status.IN_WINDOW
    assert state_on(date(2026, 6, 30)) == Status.IN_WINDOW
    assert state_on(date(2026, 7, 1)) == Status.GRACE
    assert state_on(date(2026, 7, 30)) == Status.GRACE
    assert state_on(date(2026, 7, 31)) == Status.LAPSED
    moves = list(
        CertificationEvent.objects.filter(certification=cert).values_list(
            "from_status", "to_status"
        )
    )
    assert moves == [
        (Status.ACTIVE, Status.IN_WINDOW),
        (Status.IN_WINDOW, Status.GRACE),
        (Status.GRACE, Status.LAPSED),
    ]
    assert "lapsed" in mail.outbox[-1].subject.lower()


def test_a_sweep_after_downtime_jumps_straight_to_the_right_state(
    cert, django_capture_on_commit_callbacks
):
    _run(date(2026, 8, 15), django_capture_on_commit_callbacks)

    cert.refresh_from_db()
    assert cert.status == Status.LAPSED
    assert CertificationEvent.objects.filter(certification=cert).count() == 1


def test_revoked_and_lapsed_certifications_are_left_alone(
    trainee2, program, django_capture_on_commit_callbacks
):
    revoked = issue(
        trainee2,
        program,
        issued_on=date(2024, 1, 1),
        today=date(2026, 1, 1),
        status=Status.REVOKED,
        revoked_reason="x",
    )

    _run(date(2026, 8, 1), django_capture_on_commit_callbacks)

    revoked.refresh_from_db()
    assert revoked.status == Status.REVOKED
    assert not Reminder.objects.exists()


# --- Reminders, exactly once ----------------------------------------------------------


def test_each_offset_sends_one_reminder_by_email_and_in_app(
    cert, trainee, django_capture_on_commit_callbacks
):
    days = [EXPIRY - timedelta(days=d) for d in (90, 89, 60, 30, 29, 7, 0, -1, -7)]
    for day in days:
        _run(day, django_capture_on_commit_callbacks)
        _run(day, django_capture_on_commit_callbacks)  # twice the same day

    sent = list(Reminder.objects.order_by("-offset_days").values_list("offset_days"))
    assert [offset for (offset,) in sent] == [90, 60, 30, 7, 0, -7]
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert len(reminders) == 6
    assert Notification.objects.filter(user=trainee).count() == 6


def test_a_reminder_email_has_the_deadline_and_a_link_in_text_and_html(
    cert, trainee, django_capture_on_commit_callbacks
):
    _run(EXPIRY - timedelta(days=30), django_capture_on_commit_callbacks)

    message = mail.outbox[-1]
    assert message.to == [trainee.email]
    assert "June 30, 2026" in message.body
    assert "in 30 days" in message.body
    assert "http://testserver" not in message.body
    assert "/certification/" in message.body
    html = message.alternatives[0][0]
    assert "June 30, 2026" in html and "/certification/" in html
    assert "Live roundtables facilitated and logged" in message.body  # still to do
    assert message.cc == []


def test_after_expiry_the_reminder_gives_the_end_of_grace_as_deadline(
    cert, django_capture_on_commit_callbacks
):
    _run(EXPIRY + timedelta(days=7), django_capture_on_commit_callbacks)

    message = mail.outbox[-1]
    assert "expired" in message.subject
    assert "July 30, 2026" in message.body


def test_offsets_marked_for_it_copy_program_staff(
    cert, staff, django_capture_on_commit_callbacks
):
    _run(EXPIRY - timedelta(days=7), django_capture_on_commit_callbacks)
    assert mail.outbox[-1].cc == []

    _run(EXPIRY, django_capture_on_commit_callbacks)

    assert mail.outbox[-1].cc == [staff.email]
    assert Reminder.objects.get(offset_days=0).copied_staff


def test_when_several_offsets_are_due_only_the_latest_is_sent(
    cert, django_capture_on_commit_callbacks
):
    _run(EXPIRY + timedelta(days=1), django_capture_on_commit_callbacks)
    _run(EXPIRY + timedelta(days=2), django_capture_on_commit_callbacks)

    assert list(Reminder.objects.values_list("offset_days", flat=True)) == [0]
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 1


def test_a_new_cycle_gets_its_own_reminders(cert, django_capture_on_commit_callbacks):
    _run(EXPIRY - timedelta(days=90), django_capture_on_commit_callbacks)
    cert.cycle = 2
    cert.expires_on = date(2028, 6, 30)
    cert.window_opens_on = date(2028, 4, 1)
    cert.grace_ends_on = date(2028, 7, 30)
    cert.status = Status.ACTIVE
    cert.save()

    _run(date(2028, 4, 1), django_capture_on_commit_callbacks)

    assert sorted(Reminder.objects.values_list("cycle", "offset_days")) == [
        (1, 90),
        (2, 90),
    ]


def test_a_rolled_back_batch_sends_nothing_and_a_retry_sends_once(
    cert, django_capture_on_commit_callbacks, monkeypatch
):
    from certification.services import notices

    def broken(notices_list):
        raise RuntimeError("mail server exploded while writing notifications")

    monkeypatch.setattr(notices, "send", broken)
    with pytest.raises(RuntimeError):
        _run(EXPIRY - timedelta(days=90), django_capture_on_commit_callbacks)
    assert not Reminder.objects.exists()
    assert not mail.outbox
    monkeypatch.undo()

    _run(EXPIRY - timedelta(days=90), django_capture_on_commit_callbacks)
    _run(EXPIRY - timedelta(days=90), django_capture_on_commit_callbacks)

    assert Reminder.objects.count() == 1
    assert len(mail.outbox) == 1


# --- Requirements in the sweep --------------------------------------------------------


def test_the_sweep_makes_met_pathways_eligible_and_recertifies_met_windows(
    trainee,
    trainee2,
    program,
    course,
    raters,
    django_capture_on_commit_callbacks,
):
    from certification.models import LiveRoundtableLog
    from certification.services.lifecycle import pathway_start

    today = date(2026, 5, 1)
    pathway = pathway_start(user=trainee, program=program, today=today)
    complete_course(trainee, course, on=today)
    pass_observation(trainee, ObservationKind.MOCK, on=today, raters=raters)
    pass_observation(trainee, ObservationKind.LEAD_FACILITATED, on=today, raters=raters)
    window = issue(
        trainee2, program, issued_on=date(2024, 6, 30), today=today, expires_on=EXPIRY
    )
    # Evidence inside the window, which opened on 1 April.
    LiveRoundtableLog.objects.create(
        user=trainee2, held_on=date(2026, 4, 2), agency="A", role="lead",
        case_reference="A.B.",
    )  # fmt: skip
    pass_observation(
        trainee2, ObservationKind.OBSERVED, on=date(2026, 4, 20), raters=raters
    )

    report = _run(today, django_capture_on_commit_callbacks)

    pathway.refresh_from_db()
    window.refresh_from_db()
    assert (report.eligible, report.recertified) == (1, 1)
    assert pathway.status == Status.ELIGIBLE
    assert (window.status, window.cycle, window.expires_on) == (
        Status.ACTIVE,
        2,
        date(2028, 6, 30),
    )


# --- Bounded queries ------------------------------------------------------------------


def _fleet(program, users, today):
    """Certifications in every date-driven situation for each user: due for a
    window, a reminder, grace or a lapse."""
    certs = []
    for n, user in enumerate(users):
        issued = today - timedelta(days=700 + (n % 4) * 20)
        certs.append(
            Certification(
                user=user,
                program=program,
                status=Status.ACTIVE,
                cycle=1,
                issued_on=issued,
                expires_on=issued + timedelta(days=730),
                window_opens_on=issued + timedelta(days=640),
                grace_ends_on=issued + timedelta(days=760),
            )
        )
    Certification.objects.bulk_create(certs)


@pytest.mark.parametrize("size", [5, 60])
def test_a_sweep_batch_costs_the_same_number_of_queries_at_any_size(
    size, user_factory, program, staff, django_assert_max_num_queries
):
    today = date(2026, 6, 1)
    users = [user_factory() for _ in range(size)]
    _fleet(program, users, today)

    # One batch per step (batch_size = size): the same for 5 and for 60 rows. 3 to
    # read programs, then per batch 4 to move by date, 8 to judge requirements
    # (seven of evidence: completions, raters and exemptions included) and 8 to
    # remind (claim, evidence, notifications, the emails into the outbox, the
    # supervisors to copy), plus the savepoints.
    with django_assert_max_num_queries(42):
        report = sweep(today=today, batch_size=size)

    assert report.reminders == size
    assert sum(report.moved.values()) == size


def test_the_sweep_walks_many_batches(
    user_factory, program, django_capture_on_commit_callbacks
):
    today = date(2026, 6, 1)
    _fleet(program, [user_factory() for _ in range(25)], today)

    report = _run(today, django_capture_on_commit_callbacks, batch_size=4)

    assert report.reminders == 25
    assert Reminder.objects.count() == 25
    assert report.batches >= 14  # 7 batches to move, 7 to remind (plus evaluation)


# --- The weekly digest ----------------------------------------------------------------


def test_the_weekly_digest_tells_staff_who_enters_a_window_grace_or_lapse(
    user_factory, staff, program, django_capture_on_commit_callbacks
):
    today = date(2026, 6, 1)  # a Monday
    enters_window = user_factory(full_name="Wendy Window")
    issue(enters_window, program, issued_on=date(2024, 8, 31), today=today)
    into_grace = user_factory(full_name="Greg Grace")
    issue(into_grace, program, issued_on=date(2024, 6, 3), today=today)
    lapses = user_factory(full_name="Lara Lapse")
    issue(lapses, program, issued_on=date(2024, 5, 4), today=today)
    far = user_factory(full_name="Fiona Far")
    issue(far, program, issued_on=date(2026, 1, 1), today=today)

    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_digest(today=today) == 1
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == [staff.email]
    for name in ("Wendy Window", "Greg Grace", "Lara Lapse"):
        assert name in body
    assert "Fiona Far" not in body
    assert weekly_digest(today=today + timedelta(days=2)) == 0  # once a week


# --- Schedules and task ---------------------------------------------------------------


def test_the_schedules_point_at_real_tasks():
    names = {spec.name for spec in SCHEDULES}
    assert names == {
        "certification.sweep",
        "certification.weekly_digest",
        "certification.calibration_reminders",
    }
    for spec in SCHEDULES:
        assert callable(import_string(spec.func))


def test_the_task_replays_a_given_day(cert):
    assert "Sweep for 2026-04-01" in sweep_task(today="2026-04-01")
    cert.refresh_from_db()
    assert cert.status == Status.IN_WINDOW


# --- The consistency checker ----------------------------------------------------------


def test_the_checker_passes_clean_data(cert, capsys):
    call_command("check_certifications", today="2026-03-01")

    assert "No impossible states" in capsys.readouterr().out


def test_the_checker_lists_impossible_states_and_fails(trainee, trainee2, program):
    today = date(2026, 3, 1)
    Certification.objects.create(
        user=trainee,
        program=program,
        status=Status.ACTIVE,
        cycle=1,
        issued_on=date(2026, 1, 1),
        expires_on=date(2025, 12, 1),
        window_opens_on=date(2025, 9, 1),
        grace_ends_on=date(2025, 12, 31),
    )
    issue(
        trainee2,
        program,
        issued_on=date(2024, 1, 1),
        today=today,
        status=Status.LAPSED,
        expires_on=date(2026, 2, 20),
    )

    with pytest.raises(CommandError, match="impossible state"):
        call_command("check_certifications", today=today)


def test_the_checker_names_each_problem(trainee, program, capsys):
    Certification.objects.create(
        user=trainee,
        program=program,
        status=Status.ACTIVE,
        cycle=1,
        issued_on=date(2026, 1, 1),
        expires_on=date(2025, 12, 1),
        window_opens_on=date(2025, 9, 1),
        grace_ends_on=date(2025, 12, 31),
    )

    with pytest.raises(CommandError):
        call_command("check_certifications", today="2026-03-01")

    out = capsys.readouterr().out
    assert "expires on or before it was issued" in out
    assert "still valid after its expiry date" in out


def test_a_scheduler_tick_runs_the_daily_sweep(trainee, program):
    from django.utils import timezone
    from django_q.brokers import get_broker
    from django_q.models import Schedule
    from django_q.scheduler import scheduler

    today = timezone.localdate()
    cert = issue(
        trainee,
        program,
        issued_on=today - timedelta(days=600),
        today=today - timedelta(days=1),
        expires_on=today + timedelta(days=program.window_days),  # opens today
    )
    assert cert.status == Status.ACTIVE
    call_command("sync_schedules")
    schedule = Schedule.objects.get(name="certification.sweep")
    schedule.next_run = timezone.now() - timedelta(minutes=1)
    schedule.save()

    scheduler(broker=get_broker())

    cert.refresh_from_db()
    schedule.refresh_from_db()
    assert cert.status == Status.IN_WINDOW
    assert schedule.next_run > timezone.now()


# --- Reminder emails, rendered by a task after the sweep ------------------------------


def test_a_reminder_email_task_run_again_sends_nothing(
    cert, django_capture_on_commit_callbacks
):
    from certification.services.reminders import reminder_emails

    day = EXPIRY - timedelta(days=90)
    _run(day, django_capture_on_commit_callbacks)
    reminder = Reminder.objects.get()

    assert not reminder.email_pending
    assert reminder_emails(ids=[reminder.pk], today=day) == 0
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 1


def test_a_reminder_whose_email_task_never_ran_is_sent_by_the_next_sweep(
    cert, django_capture_on_commit_callbacks, monkeypatch, time_machine
):
    from certification.services import sweep as sweep_module

    day = EXPIRY - timedelta(days=90)
    monkeypatch.setattr(sweep_module, "queue_emails", lambda ids, today: None)
    _run(day, django_capture_on_commit_callbacks)  # the broker lost the task
    assert Reminder.objects.get().email_pending
    assert not [m for m in mail.outbox if "Reminder" in m.subject]
    monkeypatch.undo()

    time_machine.move_to(timezone.now() + timedelta(hours=2))
    _run(day, django_capture_on_commit_callbacks)
    _run(day, django_capture_on_commit_callbacks)

    assert not Reminder.objects.get().email_pending
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 1
