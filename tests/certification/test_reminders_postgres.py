"""Exactly once under concurrency, proven on PostgreSQL: two workers run the sweep
at the same moment, each on its own connection, and every reminder, notification
and state change happens once. Skipped, with the reason, on other databases."""

import contextlib
import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection, connections

from certification.models import (
    Certification,
    CertificationEvent,
    Notification,
    Reminder,
)
from certification.services import sweep as sweep_module
from tests.certification.conftest import (
    make_program,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
TODAY = date(2026, 6, 1)
PEOPLE = 120


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does); "
            f"this run uses {connection.vendor}"
        )


def _fleet(user_factory, program) -> list[Certification]:
    """Active certifications, all past their window opening and some past expiry,
    each with a reminder due today."""
    certs = []
    for n in range(PEOPLE):
        issued = TODAY - timedelta(days=650 + (n % 3) * 40)
        certs.append(
            Certification(
                user=user_factory(),
                program=program,
                status=Certification.Status.ACTIVE,
                cycle=1,
                issued_on=issued,
                expires_on=issued + timedelta(days=730),
                window_opens_on=issued + timedelta(days=640),
                grace_ends_on=issued + timedelta(days=760),
            )
        )
    return Certification.objects.bulk_create(certs)


def _run_together(monkeypatch, *, batch_size: int) -> list:
    """Two threads sweep at once. Both read their first reminder batch before either
    claims it, so they really race for the same rows."""
    barrier = threading.Barrier(2, timeout=20)
    real_claim = sweep_module.claim
    waited = set()

    def claim_together(rows):
        me = threading.get_ident()
        if me not in waited:
            waited.add(me)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return real_claim(rows)

    monkeypatch.setattr(sweep_module, "claim", claim_together)
    reports, errors = [], []

    def worker():
        try:
            reports.append(sweep_module.sweep(today=TODAY, batch_size=batch_size))
        except Exception as exc:  # reported below, with the thread's traceback
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(reports) == 2
    return reports


@pytest.mark.parametrize("batch_size", [PEOPLE, 25])
def test_two_workers_at_once_send_each_reminder_exactly_once(
    user_factory, staff, monkeypatch, batch_size
):
    program = make_program(recert_live_roundtables=1)  # nobody recertifies
    certs = _fleet(user_factory, program)

    reports = _run_together(monkeypatch, batch_size=batch_size)

    assert sum(report.reminders for report in reports) == PEOPLE
    assert Reminder.objects.count() == PEOPLE
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert len(reminders) == PEOPLE
    assert sorted(m.to[0] for m in reminders) == sorted(c.user.email for c in certs)
    assert Notification.objects.filter(message__startswith="Your").count() >= PEOPLE
    # Every certification changed state once, by one of the two workers.
    assert CertificationEvent.objects.count() == PEOPLE
    assert sum(sum(report.moved.values()) for report in reports) == PEOPLE


def test_a_retry_after_two_concurrent_runs_sends_nothing(
    user_factory, staff, monkeypatch
):
    program = make_program(recert_live_roundtables=1)  # nobody recertifies
    _fleet(user_factory, program)
    _run_together(monkeypatch, batch_size=30)
    sent = len(mail.outbox)

    report = sweep_module.sweep(today=TODAY)

    assert report.reminders == 0
    assert len(mail.outbox) == sent
    assert Reminder.objects.count() == PEOPLE
