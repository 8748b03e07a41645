"""State changes around a facilitator's certification that are not the lifecycle:
live roundtables they log, notifications they read, their calendar feed, and the
dates of existing certifications when program staff edit a program."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.dates import grace_ends, status_on, window_opens
from certification.models import (
    CalendarFeed,
    Certification,
    CertificationEvent,
    LiveRoundtableLog,
    Notification,
)
from certification.rules import case_reference_problem
from core.tokens import token_new

OLDEST_LOG_DAYS = 3 * 366


def check_case_reference(value: str) -> str:
    """The reference stripped, or a refusal under the one case-reference rule."""
    problem = case_reference_problem(value)
    if problem:
        raise ValidationError({"case_reference": problem})
    return value.strip()


@transaction.atomic
def live_roundtable_log(
    *, user, held_on: date, agency: str, role: str, case_reference: str, today=None
) -> LiveRoundtableLog:
    """Record a live roundtable the facilitator ran; it counts towards
    recertification in the cycle it falls in."""
    today = today or timezone.localdate()
    case_reference = check_case_reference(case_reference)
    agency = (agency or "").strip()
    errors = {}
    if held_on > today:
        errors["held_on"] = _("The date cannot be in the future.")
    elif held_on < today - timedelta(days=OLDEST_LOG_DAYS):
        errors["held_on"] = _("Only roundtables of the last three years can be logged.")
    if not agency:
        errors["agency"] = _("Give the agency the roundtable was held for.")
    if role not in LiveRoundtableLog.Role.values:
        errors["role"] = _("Choose lead facilitator or co-facilitator.")
    if errors:
        raise ValidationError(errors)
    if LiveRoundtableLog.objects.filter(
        user=user, held_on=held_on, agency__iexact=agency, case_reference=case_reference
    ).exists():
        raise ValidationError(_("This roundtable is already in your log."))
    log = LiveRoundtableLog(
        user=user,
        held_on=held_on,
        agency=agency,
        role=role,
        case_reference=case_reference,
    )
    log.full_clean()
    log.save()
    return log


@transaction.atomic
def live_roundtable_delete(*, log: LiveRoundtableLog) -> None:
    log.delete()


def notifications_mark_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def calendar_feed_renew(*, user) -> tuple[CalendarFeed, bool]:
    """Give ``user`` a feed address, or a new one: the old address stops working.
    Returns the feed and whether it replaced an older address. Only the token's
    hash is stored; the token itself is on the returned ``feed.token``, this once."""
    token, hashed = token_new()
    feed, created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hashed, "created_at": timezone.now()}
    )
    feed.token = token
    return feed, not created


@transaction.atomic
def calendar_feed_revoke(*, user) -> bool:
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)


@transaction.atomic
def program_dates_refresh(*, program, today=None, batch_size: int = 2000) -> int:
    """After staff change a program's window or grace days, move the stored window
    and grace dates of its issued certifications to match, and their states with
    them (expiry dates keep: a new validity applies from the next cycle). Returns
    how many certifications changed."""
    today = today or timezone.localdate()
    Status = Certification.Status
    changed, events = [], []
    rows = Certification.objects.filter(
        program=program,
        status__in=(Status.ACTIVE, Status.IN_WINDOW, Status.GRACE),
        expires_on__isnull=False,
    ).only("pk", "status", "cycle", "expires_on", "window_opens_on", "grace_ends_on")
    for cert in rows.iterator(chunk_size=batch_size):
        opens = window_opens(cert.expires_on, program.window_days)
        ends = grace_ends(cert.expires_on, program.grace_days)
        if (opens, ends) == (cert.window_opens_on, cert.grace_ends_on):
            continue
        cert.window_opens_on, cert.grace_ends_on = opens, ends
        before = cert.status
        cert.status = status_on(
            today, window_opens_on=opens, expires_on=cert.expires_on, grace_ends_on=ends
        )
        if cert.status != before:
            events.append(
                CertificationEvent(
                    certification=cert,
                    cycle=cert.cycle,
                    from_status=before,
                    to_status=cert.status,
                    note=_("Program dates changed"),
                )
            )
        changed.append(cert)
    Certification.objects.bulk_update(
        changed, ["status", "window_opens_on", "grace_ends_on"], batch_size=batch_size
    )
    CertificationEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(changed)
