"""Reminders before and after expiry, sent exactly once per certification, cycle
and offset, and the weekly digest to program staff.

Exactly once: the sweep first inserts the Reminder rows with ``INSERT … ON CONFLICT
DO NOTHING RETURNING``; the unique constraint lets only one insert of a (certification,
cycle, offset) succeed, whether the sweep is retried, run twice or run by two workers
at once, and only the rows this run inserted are sent. In the same transaction it
writes their in-app notifications and marks them ``email_pending``; after commit a
django-q2 task per batch (``reminder_emails``) renders the emails and puts them in
the outbox, clearing the mark in the same transaction, so a retried or duplicated
task finds nothing left to send. A rolled-back batch sends nothing; a task that
never ran is queued again by the next sweep.
"""

import logging
from datetime import date, timedelta

from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import connections, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.checklists import recert_checklist
from certification.evidence import load_evidence, program_queryset
from certification.models import Reminder
from certification.services import notices
from core.i18n import speaking
from core.mail import queue

logger = logging.getLogger(__name__)

REMINDER_COLUMNS = (
    "certification",
    "cycle",
    "offset_days",
    "due_on",
    "sent_at",
    "copied_staff",
    "email_pending",
)
STALE = timedelta(hours=1)  # a pending email older than this lost its task


def claim(rows: list[tuple]) -> dict[tuple[int, int, int], int]:
    """Insert Reminder rows ``(certification_id, cycle, offset_days, due_on,
    copied_staff)``, their emails pending; returns the keys this call inserted,
    each with its row's id. One query."""
    if not rows:
        return {}
    connection = connections[Reminder.objects.db]
    quote, ops = connection.ops.quote_name, connection.ops
    fields = [Reminder._meta.get_field(name) for name in REMINDER_COLUMNS]
    columns = [field.column for field in fields]
    key = ", ".join(quote(column) for column in columns[:3])
    now = ops.adapt_datetimefield_value(timezone.now())
    if connection.vendor == "postgresql":
        # An array per column: six parameters whatever the number of rows, so
        # neither the driver nor the server parses thousands of placeholders;
        # sent_at and email_pending are the same for every row.
        types = [field.db_type(connection).split("(")[0] for field in fields]
        arrays = ", ".join(f"%s::{types[i]}[]" for i in (0, 1, 2, 3, 5))
        select = (
            f"SELECT r0, r1, r2, r3, %s::{types[4]}, r4, TRUE "  # noqa: S608
            f"FROM unnest({arrays}) AS r (r0, r1, r2, r3, r4)"
        )
        params = [now, *(list(column) for column in zip(*rows, strict=True))]
    else:
        params = []
        for cert_id, cycle, offset, due_on, copied in rows:
            params += [
                cert_id,
                cycle,
                offset,
                ops.adapt_datefield_value(due_on),
                now,
                copied,
                True,
            ]
        select = "VALUES " + ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    # Only identifiers from the model's own metadata are interpolated; every value
    # is a parameter.
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in columns)}) {select} "
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {key}, {quote('id')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {tuple(row[:3]): row[3] for row in cursor.fetchall()}


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def reminder_message(cert, *, today: date) -> tuple[str, str, date]:
    """The subject, the in-app line and the deadline of the reminder for where
    ``cert`` (with its ``program``) stands today; cheap, so the sweep writes the
    notification itself and leaves only the email to the task."""
    days_left = (cert.expires_on - today).days
    values = {
        "program": cert.program.name,
        "expires": _long(cert.expires_on),
        "grace": _long(cert.grace_ends_on),
        "days": abs(days_left),
    }
    if days_left > 0:
        message = ngettext(
            "Your %(program)s certification expires on %(expires)s, in %(days)s day.",
            "Your %(program)s certification expires on %(expires)s, in %(days)s days.",
            days_left,
        )
        subject = _("Reminder: %(program)s expires on %(expires)s")
        deadline = cert.expires_on
    elif days_left == 0:
        message = _("Your %(program)s certification expires today, %(expires)s.")
        subject = _("Reminder: %(program)s expires today")
        deadline = cert.expires_on
    else:
        message = _(
            "Your %(program)s certification expired on %(expires)s. Recertify by "
            "%(grace)s, the end of the grace period, or it lapses."
        )
        subject = _("Reminder: %(program)s expired; grace period ends %(grace)s")
        deadline = cert.grace_ends_on
    return subject % values, message % values, deadline


def reminder_notice(
    cert, *, today: date, evidence, cc: list[str], supervisor=None
) -> notices.Notice:
    """The reminder for where ``cert`` stands today: the deadline, what is left to
    do for recertification, and a link to the checklist; ``cc`` (program staff)
    and ``supervisor`` get a copy."""
    with speaking(cert.user):
        subject, message, deadline = reminder_message(cert, today=today)
        checklist = recert_checklist(
            cert.program, evidence, certification=cert, today=today
        )
    return notices.Notice(
        user=cert.user,
        subject=subject,
        message=message,
        template="reminder",
        context={
            "certification": cert,
            "deadline": deadline,
            "window_open": today >= cert.window_opens_on,
            "to_do": [item for item in checklist.items if not item.met],
            "staff_copied": bool(cc),
            "supervisor_copied": supervisor,
        },
        cc=cc + ([supervisor.email] if supervisor else []),
    )


def supervisor_copied(cert, offset: int, program):
    """The person's active supervisor, if the program copies them on ``offset``."""
    supervisor = cert.user.supervisor
    offsets = {int(o) for o in program.supervisor_copy_offsets or []}
    if offset in offsets and supervisor and supervisor.is_active:
        return supervisor
    return None


def queue_emails(ids: list[int], today: date) -> None:
    """After commit, ask the worker to render and queue the emails of reminders
    ``ids`` (a task per sweep batch). A broker that is down leaves them pending
    for the next sweep."""

    def enqueue():
        from django_q.tasks import async_task

        try:
            async_task(
                "certification.tasks.reminder_emails",
                ids,
                today.isoformat(),
                task_name="certification.reminder_emails",
            )
        except Exception:
            logger.warning(
                "Could not queue %s reminder emails; next sweep will.", len(ids)
            )

    if ids:
        transaction.on_commit(enqueue)


def requeue_stale(*, today: date) -> int:
    """Queue again the emails of reminders whose task never ran (one query)."""
    ids = list(
        Reminder.objects.filter(
            email_pending=True, sent_at__lt=timezone.now() - STALE
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(ids), 500):
        queue_emails(ids[start : start + 500], today)
    return len(ids)


@transaction.atomic
def reminder_emails(*, ids: list[int], today: date) -> int:
    """Render and queue the emails of the claimed reminders ``ids`` still pending,
    clearing the mark in the same transaction: a task run twice, or two at once,
    sends each once. Eleven queries whatever the number."""
    pending = list(
        Reminder.objects.filter(pk__in=ids, email_pending=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("certification__user__supervisor")
    )
    if not pending:
        return 0
    Reminder.objects.filter(pk__in=[r.pk for r in pending], email_pending=True).update(
        email_pending=False
    )
    programs = {program.pk: program for program in program_queryset()}
    evidence = load_evidence({r.certification.user_id for r in pending})
    staff = notices.staff_emails() if any(r.copied_staff for r in pending) else []
    built = []
    for reminder in pending:
        cert = reminder.certification
        cert.program = programs[cert.program_id]
        built.append(
            reminder_notice(
                cert,
                today=today,
                evidence=evidence[cert.user_id],
                cc=staff if reminder.copied_staff else [],
                supervisor=supervisor_copied(cert, reminder.offset_days, cert.program),
            )
        )
    notices.queue_emails(built)
    return len(built)


# --- Weekly digest --------------------------------------------------------------------


def digest_claim(*, today: date) -> bool:
    """Whether this ISO week's digest is still to be sent; claims it (the cache
    marks it), so a retried task does not send it again."""
    year, week, _weekday = today.isocalendar()
    return cache.add(f"certification:digest:{year}-W{week:02d}", 1, 8 * 24 * 3600)


def weekly_digest(*, today: date, data: dict) -> int:
    """Email program staff ``data`` (the dashboard's digest: who enters a window,
    goes into grace or lapses in the week ahead, and what changed in the week
    past), each in their own language. The task claims the week first
    (``digest_claim``) and reads the data through the dashboard's selector.
    Returns how many emails went out."""
    recipients = notices.staff_members()
    if not recipients:
        return 0
    context = {
        "digest": data,
        "today": today,
        "week_end": today + timedelta(days=6),
        "url": notices.absolute(reverse("certification:certification_dashboard")),
        "site_url": notices.absolute(""),
    }
    messages = []
    for person in recipients:
        with speaking(person):
            message = EmailMultiAlternatives(
                subject=_("Certification digest for the week of %(date)s")
                % {"date": _long(today)},
                body=render_to_string("certification/email/digest.txt", context),
                to=[person.email],
            )
            message.attach_alternative(
                render_to_string("certification/email/digest.html", context),
                "text/html",
            )
        messages.append(message)
    queue(messages)
    return len(messages)
