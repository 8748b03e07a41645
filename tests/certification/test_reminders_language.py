"""What the sweep and the task worker send is written in each person's language:
the reminder's subject, body and in-app line, and the lapse notice."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import translation

from certification.models import Notification
from certification.services.sweep import sweep
from certification.tasks import weekly_digest
from tests.certification.conftest import issue
from training.roles import Role

pytestmark = pytest.mark.django_db
EXPIRY = date(2026, 6, 30)


@pytest.fixture
def spanish_cert(trainee, program):
    trainee.language = "es"
    trainee.save(update_fields=["language"])
    return issue(
        trainee,
        program,
        issued_on=date(2024, 6, 30),
        today=date(2026, 3, 1),
        expires_on=EXPIRY,
    )


def _run(day, capture):
    with capture(execute=True):
        return sweep(today=day)


def test_a_spanish_speaker_s_reminder_is_in_spanish(
    spanish_cert, trainee, django_capture_on_commit_callbacks
):
    before = translation.get_language()
    _run(EXPIRY - timedelta(days=30), django_capture_on_commit_callbacks)

    message = mail.outbox[-1]
    assert message.to == [trainee.email]
    assert message.subject.endswith("vence el 30 de junio de 2026")
    assert "Recordatorio" in message.subject
    assert "30 de junio de 2026" in message.body
    assert '<html lang="es">' in message.alternatives[0][0]
    notice = Notification.objects.get(user=trainee)
    assert "30 de junio de 2026" in notice.message
    assert translation.get_language() == before  # the worker keeps its own language


def test_an_english_speaker_in_the_same_sweep_gets_english(
    spanish_cert, co_trainer, program, django_capture_on_commit_callbacks
):
    issue(
        co_trainer,
        program,
        issued_on=date(2024, 6, 30),
        today=date(2026, 3, 1),
        expires_on=EXPIRY,
    )
    _run(EXPIRY - timedelta(days=30), django_capture_on_commit_callbacks)

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "June 30, 2026" in subjects[co_trainer.email]
    assert "30 de junio de 2026" in subjects[spanish_cert.user.email]


def test_the_lapse_notice_is_in_the_person_s_language(
    spanish_cert, django_capture_on_commit_callbacks
):
    _run(EXPIRY + timedelta(days=31), django_capture_on_commit_callbacks)

    assert "Certificación vencida: PRT Facilitator" in mail.outbox[-1].subject


def test_the_weekly_digest_reaches_each_staff_member_in_their_language(
    staff, user_factory, spanish_cert, django_capture_on_commit_callbacks
):
    spanish_staff = user_factory(role=Role.PROGRAM_STAFF)
    spanish_staff.language = "es"
    spanish_staff.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        assert weekly_digest(today=date(2026, 6, 1)) == 2

    by_address = {m.to[0]: m for m in mail.outbox}
    spanish, english = by_address[spanish_staff.email], by_address[staff.email]
    assert "Resumen de certificaciones de la semana del" in spanish.subject
    assert "1 de junio de 2026" in spanish.subject
    assert '<html lang="es">' in spanish.alternatives[0][0]
    assert "Certification digest for the week of" in english.subject
    assert "June 1, 2026" in english.subject
