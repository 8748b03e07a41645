"""Calibration reminders exactly once under concurrency, proven on PostgreSQL: two
workers run the task at the same moment, each on its own connection, and every
rater is reminded once. Skipped, with the reason, on other databases."""

import contextlib
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from certification.models import (
    CalibrationReminder,
    CalibrationSheet,
    GoldStandard,
    ObservationKind,
)
from certification.services import calibration_reminders as module
from tests.certification.conftest import make_program, pass_observation
from training.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
PEOPLE = 40


@pytest.fixture(autouse=True)
def _postgres_only(db):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: run with DATABASE_URL=postgres://… (.ci/run does); "
            f"this run uses {connection.vendor}"
        )


def test_two_workers_at_once_remind_each_rater_exactly_once(
    user_factory, trainee, co_trainer, lived_trainer, staff, monkeypatch
):
    today = timezone.localdate()
    observation = pass_observation(
        trainee, ObservationKind.MOCK, on=today, raters=(co_trainer, lived_trainer)
    )
    gold = GoldStandard.objects.create(
        observation=observation, program=make_program(name="PRT"), marked_by=staff
    )
    CalibrationSheet.objects.bulk_create(
        CalibrationSheet(
            gold=gold,
            rater=user_factory(role=Role.CO_TRAINER),
            submitted_at=timezone.now(),
            passed=True,
            valid_until=today + timedelta(days=30),
        )
        for _ in range(PEOPLE)
    )
    barrier, waited = threading.Barrier(2, timeout=20), set()
    real_claimed = module._claimed

    def claimed_together(sheet, offset):
        if threading.get_ident() not in waited:
            waited.add(threading.get_ident())
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return real_claimed(sheet, offset)

    monkeypatch.setattr(module, "_claimed", claimed_together)
    sent, errors = [], []

    def worker():
        try:
            sent.append(module.calibration_reminders_send(today=today))
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    assert sum(sent) == PEOPLE
    assert CalibrationReminder.objects.count() == PEOPLE
    reminders = [m for m in mail.outbox if "calibration" in m.subject]
    assert len(reminders) == PEOPLE
