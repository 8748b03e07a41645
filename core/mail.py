"""Every email of the site goes through the outbox: ``queue`` writes it in the
caller's transaction and, on commit, asks the task worker to send; the page that
caused it answers at once, and the worker sends each batch over one connection.

``send_pending`` is the worker's side: claim unsent rows, send them, mark them
sent; a failure leaves the row to the retry schedule (``core.outbox_retry``)."""

import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_q.tasks import async_task

from core.models import OutboundEmail

logger = logging.getLogger(__name__)

BATCH_SIZE = 100  # messages per SMTP connection
MAX_ATTEMPTS = 24  # about a day of retries; then the row stays, with its last error
CLAIM_MINUTES = 10  # a first try older than this belongs to a worker that died


def _retry_after(attempts: int) -> timedelta:
    """How long a row waits after its last try: 10 minutes for a try that never
    reported back, then 2, 4, 8 … minutes after each failure, at most an hour."""
    if attempts == 0:
        return timedelta(minutes=CLAIM_MINUTES)
    return timedelta(minutes=min(2**attempts, 60))


def subject_with_prefix(subject: str) -> str:
    """Ours and allauth's emails carry the same prefix."""
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    return subject if subject.startswith(prefix) else prefix + subject


def queue(messages: list[mail.EmailMessage]) -> list[OutboundEmail]:
    """Put ``messages`` in the outbox (one query) and send them after commit. If
    the transaction rolls back, nothing is sent."""
    rows = OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                subject=subject_with_prefix(str(message.subject)),
                body=message.body,
                html=next(
                    (
                        content
                        for content, mimetype in getattr(message, "alternatives", [])
                        if mimetype == "text/html"
                    ),
                    "",
                ),
                from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
                to=list(message.to),
                cc=list(message.cc),
            )
            for message in messages
        ]
    )
    if rows:
        _send_after_commit()
    return rows


class OutboxBackend(BaseEmailBackend):
    """``EMAIL_BACKEND`` of the site: whatever sends email (our services, allauth,
    Wagtail, Django's error reports) writes it to the outbox instead, and the task
    worker delivers it through ``EMAIL_DELIVERY_BACKEND`` (SMTP, a provider API or
    the console)."""

    def send_messages(self, email_messages) -> int:
        try:
            return len(queue(list(email_messages)))
        except Exception:
            if not self.fail_silently:
                raise
            return 0


def _kick() -> None:
    try:
        async_task("core.tasks.outbox_send", task_name="core.outbox_send")
    except Exception:  # the broker is down: the retry schedule sends them later
        logger.warning("Could not queue the outbox task; the retry will send.")


def _send_after_commit() -> None:
    """One task per transaction, however many emails it queued (a 200-row import
    is one batch, not 200 tasks): a callback not yet run is reused."""
    connection = transaction.get_connection()
    if any(
        getattr(func, "outbox_pending", False)
        for _sids, func, *_rest in connection.run_on_commit
    ):
        return

    def kick():
        kick.outbox_pending = False
        _kick()

    kick.outbox_pending = True
    transaction.on_commit(kick)


def _due(now) -> Q:
    due = Q(claimed_at__isnull=True)
    for attempts in range(MAX_ATTEMPTS):
        due |= Q(attempts=attempts, claimed_at__lt=now - _retry_after(attempts))
    return Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & due


def _claim(now) -> tuple[str, list[OutboundEmail]]:
    ids = list(
        OutboundEmail.objects.filter(_due(now))
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH_SIZE]
    )
    claim = secrets.token_hex(16)
    # One UPDATE with the same condition: a row another worker claimed meanwhile
    # is not taken again.
    OutboundEmail.objects.filter(_due(now), pk__in=ids).update(
        claimed_at=now, claim=claim
    )
    return claim, list(OutboundEmail.objects.filter(claim=claim).order_by("pk"))


def _message(row: OutboundEmail) -> mail.EmailMultiAlternatives:
    message = mail.EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
    )
    if row.html:
        message.attach_alternative(row.html, "text/html")
    return message


def send_pending(*, now=None) -> int:
    """Send unsent emails in batches, one connection per batch; returns how many
    went out. Idempotent and safe to run in several workers at once."""
    sent = 0
    while True:
        claim, rows = _claim(now or timezone.now())
        if not rows:
            return sent
        sent += _send_batch(rows)
        if len(rows) < BATCH_SIZE:
            return sent


def _send_batch(rows: list[OutboundEmail]) -> int:
    sent = 0
    try:
        connection = mail.get_connection(backend=settings.EMAIL_DELIVERY_BACKEND)
        connection.open()
    except Exception as error:  # the server is down: try the whole batch later
        logger.warning("Email server unavailable: %s", error)
        OutboundEmail.objects.filter(pk__in=[r.pk for r in rows]).update(
            attempts=F("attempts") + 1, last_error=str(error)[:2000]
        )
        return 0
    try:
        for row in rows:
            try:
                connection.send_messages([_message(row)])
            except Exception as error:
                logger.warning("Email %s not sent: %s", row.pk, error)
                OutboundEmail.objects.filter(pk=row.pk).update(
                    attempts=F("attempts") + 1, last_error=str(error)[:2000]
                )
                continue
            OutboundEmail.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), body="", html="", last_error=""
            )
            sent += 1
    finally:
        connection.close()
    return sent
