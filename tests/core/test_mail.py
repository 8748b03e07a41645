"""Email as background work: written to the outbox in the caller's transaction,
sent by a task after commit in batches over one connection, retried on failure,
never lost and never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.db import transaction
from django.utils import timezone

from core import mail as outbox
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def message(n=1, **extra):
    email = EmailMultiAlternatives(
        subject=f"Hello {n}", body=f"Body {n}", to=[f"p{n}@example.org"], **extra
    )
    email.attach_alternative(f"<p>Body {n}</p>", "text/html")
    return email


class CountingBackend(LocmemBackend):
    opened = 0

    def open(self):
        CountingBackend.opened += 1
        return super().open()


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise OSError("421 try again later")


def test_emails_wait_for_the_commit_and_go_out_as_one_batch_on_one_connection(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.opened = 0

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        for n in range(40):
            outbox.queue([message(n)])
        assert OutboundEmail.objects.count() == 40
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(callbacks) == 1  # one task for the whole transaction
    assert len(mail.outbox) == 40
    assert CountingBackend.opened == 1
    sent = mail.outbox[0]
    assert sent.subject == "[Roundtable Academy] Hello 0"
    assert sent.alternatives[0][0] == "<p>Body 0</p>"
    row = OutboundEmail.objects.order_by("pk").first()
    assert row.sent_at and (row.body, row.html) == ("", "")  # no link kept


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        outbox.queue([message()])
        raise RuntimeError

    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_an_email_whose_task_never_ran_is_sent_by_the_retry_schedule():
    outbox.queue([message()])  # a crash after commit: on_commit never ran

    assert outbox.send_pending() == 1
    assert [m.to for m in mail.outbox] == [["p1@example.org"]]
    assert outbox.send_pending() == 0  # never twice


def test_a_failed_send_is_retried_later_with_its_error_kept(settings):
    outbox.queue([message()])
    settings.EMAIL_DELIVERY_BACKEND = f"{__name__}.FailingBackend"
    now = timezone.now()

    assert outbox.send_pending(now=now) == 0
    row = OutboundEmail.objects.get()
    assert (row.attempts, row.sent_at) == (1, None)
    assert "421" in row.last_error

    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_pending(now=now + timedelta(seconds=30)) == 0  # backing off
    assert outbox.send_pending(now=now + timedelta(minutes=3)) == 1
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_one_worker_is_not_sent_by_another():
    outbox.queue([message()])
    now = timezone.now()

    claim, rows = outbox._claim(now)
    _other, none = outbox._claim(now)

    assert len(rows) == 1 and none == []
    # A worker that died with its claim: the row is taken again ten minutes on.
    _later, again = outbox._claim(now + timedelta(minutes=11))
    assert [r.pk for r in again] == [rows[0].pk]


def test_the_site_backend_queues_what_any_library_sends(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        get_connection("core.mail.OutboxBackend").send_messages([message()])

    assert OutboundEmail.objects.get().sent_at is not None
    assert len(mail.outbox) == 1
