"""Telling people: an in-app notification and an email (plain text and HTML), both
written in the caller's transaction; the email leaves through the outbox
(``core.mail``) once that transaction commits."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connections
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from certification.models import Notification
from core.i18n import speaking
from core.mail import queue
from training.roles import Role


@dataclass
class Notice:
    """One message to one person. ``template`` names a pair under
    templates/certification/email/ (``.txt`` and ``.html``), rendered in the
    person's language; build ``subject`` and ``message`` inside ``speaking(user)``
    (core.i18n) so they are in it too."""

    user: object
    subject: str
    message: str  # the in-app line, also the email's first sentence
    template: str
    context: dict = field(default_factory=dict)
    path: str = ""
    cc: list[str] = field(default_factory=list)


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def my_certification_path() -> str:
    return reverse("certification:my_certification")


def staff_members() -> list:
    """Active program staff, each with the address and language to write to them
    in (one query)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True)
        .only("email", "language")
        .order_by("email")
        .distinct()
    )


def staff_emails() -> list[str]:
    """Addresses of active program staff (one query)."""
    return list(
        get_user_model()
        .objects.filter(groups__name=Role.PROGRAM_STAFF, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _email(notice: Notice) -> mail.EmailMultiAlternatives:
    context = {
        **notice.context,
        "user": notice.user,
        "message": notice.message,
        "url": absolute(notice.path or my_certification_path()),
        "site_url": settings.SITE_URL,
    }
    base = f"certification/email/{notice.template}"
    with speaking(notice.user):
        email = mail.EmailMultiAlternatives(
            subject=notice.subject,
            body=render_to_string(f"{base}.txt", context),
            to=[notice.user.email],
            cc=notice.cc,
        )
        html = render_to_string(f"{base}.html", context)
    email.attach_alternative(html, "text/html")
    return email


def notify(rows: list[tuple[int, str]], url: str) -> None:
    """In-app notifications ``(user_id, message)``, all linking to ``url`` (one
    query). The rows go straight to the table (an array per column on
    PostgreSQL): the sweep writes thousands of these, and building a model for
    each costs more than writing it."""
    if not rows:
        return
    connection = connections[Notification.objects.db]
    quote, meta = connection.ops.quote_name, Notification._meta
    names = ("user", "message", "url", "created_at")
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = [(user_id, message[:300]) for user_id, message in rows]
    # Only identifiers from the model's own metadata are interpolated; every value
    # is a parameter.
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            user_type = meta.get_field("user").db_type(connection)
            users, messages = zip(*rows, strict=True)
            cursor.execute(
                f"{insert} SELECT r.u, r.m, %s, %s "  # noqa: S608
                f"FROM unnest(%s::{user_type}[], %s::text[]) AS r (u, m)",
                [url, now, list(users), list(messages)],
            )
        else:
            cursor.executemany(
                f"{insert} VALUES (%s, %s, %s, %s)",
                [(user_id, message, url, now) for user_id, message in rows],
            )


def queue_emails(notices: list[Notice]) -> None:
    """Only the emails of ``notices`` (their notifications were written already),
    in the outbox after commit."""
    if notices:
        queue([_email(notice) for notice in notices])


def send(notices: list[Notice]) -> None:
    """Write the notifications and the outbox rows now (two queries); the emails go
    out after commit, in one batch, so a rolled-back transaction tells nobody."""
    if not notices:
        return
    Notification.objects.bulk_create(
        Notification(
            user=notice.user,
            message=notice.message[:300],
            url=notice.path or my_certification_path(),
        )
        for notice in notices
    )
    queue([_email(notice) for notice in notices])
