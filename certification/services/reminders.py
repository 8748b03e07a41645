"""Reminders before and after expiry, sent exactly once per certification, cycle
and offset, and the weekly digest to program staff.

Exactly once: the sweep first inserts the Reminder rows with ``INSERT … ON CONFLICT
DO NOTHING RETURNING``; the unique constraint lets only one insert of a (certification,
cycle, offset) succeed, whether the sweep is retried, run twice or run by two workers
at once, and only the rows this run inserted are sent. The emails go after commit, so
a rolled-back batch sends nothing (at most once on a crash, never twice).
"""

from datetime import date, timedelta

from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import connections
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.models import Reminder
from certification.selectors.requirements import recert_checklist
from certification.services import notices
from core.mail import queue

REMINDER_COLUMNS = (
    "certification",
    "cycle",
    "offset_days",
    "due_on",
    "sent_at",
    "copied_staff",
)


def claim(rows: list[tuple]) -> set[tuple[int, int, int]]:
    """Insert Reminder rows ``(certification_id, cycle, offset_days, due_on,
    copied_staff)``; returns the keys this call inserted. One query."""
    if not rows:
        return set()
    connection = connections[Reminder.objects.db]
    quote, ops = connection.ops.quote_name, connection.ops
    columns = [Reminder._meta.get_field(name).column for name in REMINDER_COLUMNS]
    key = ", ".join(quote(column) for column in columns[:3])
    now = ops.adapt_datetimefield_value(timezone.now())
    params = []
    for cert_id, cycle, offset, due_on, copied in rows:
        params += [
            cert_id,
            cycle,
            offset,
            ops.adapt_datefield_value(due_on),
            now,
            copied,
        ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    # Only identifiers from the model's own metadata are interpolated; every value
    # is a parameter.
    sql = (
        f"INSERT INTO {quote(Reminder._meta.db_table)} "  # noqa: S608
        f"({', '.join(quote(c) for c in columns)}) VALUES {values} "
        f"ON CONFLICT ({key}) DO NOTHING RETURNING {key}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {tuple(row) for row in cursor.fetchall()}


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def reminder_notice(
    cert, *, today: date, evidence, cc: list[str], supervisor=None
) -> notices.Notice:
    """The reminder for where ``cert`` stands today: the deadline, what is left to
    do for recertification, and a link to the checklist; ``cc`` (program staff)
    and ``supervisor`` get a copy."""
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
    checklist = recert_checklist(
        cert.program, evidence, certification=cert, today=today
    )
    return notices.Notice(
        user=cert.user,
        subject=subject % values,
        message=message % values,
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


# --- Weekly digest --------------------------------------------------------------------


def weekly_digest(*, today: date | None = None) -> int:
    """Email program staff who enters a window, goes into grace or lapses in the
    week ahead, and what changed in the week past. Sent once per ISO week (the
    cache marks it), so a retried task does not send it again. Returns how many
    emails went out."""
    from certification.selectors.dashboard import digest

    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    if not cache.add(f"certification:digest:{year}-W{week:02d}", 1, 8 * 24 * 3600):
        return 0
    data = digest(today=today)
    recipients = notices.staff_emails()
    if not recipients:
        return 0
    context = {
        "digest": data,
        "today": today,
        "week_end": today + timedelta(days=6),
        "url": notices.absolute(reverse("certification:certification_dashboard")),
        "site_url": notices.absolute(""),
    }
    subject = _("Certification digest for the week of %(date)s") % {
        "date": _long(today)
    }
    messages = []
    for email in recipients:
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("certification/email/digest.txt", context),
            to=[email],
        )
        message.attach_alternative(
            render_to_string("certification/email/digest.html", context), "text/html"
        )
        messages.append(message)
    queue(messages)
    return len(messages)
