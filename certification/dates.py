"""Date arithmetic of certification, as small pure functions.

Deadlines are calendar dates in the program's time zone (``TIME_ZONE``): a
certification is valid through the end of its expiry date, in grace from the day
after it, and lapsed from the day after the grace period ends. The window opens at
the start of ``window_opens_on``.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from core.dates import add_months

# Statuses moved by dates, in the order they come.
ACTIVE, IN_WINDOW, GRACE, LAPSED = "active", "in_window", "grace", "lapsed"


def local_date(moment: datetime, zone: str | None = None) -> date:
    """The calendar date of an aware moment in the program's time zone."""
    tz = ZoneInfo(zone) if zone else timezone.get_default_timezone()
    return moment.astimezone(tz).date()


def expiry_after(start: date, validity_months: int) -> date:
    return add_months(start, validity_months)


def window_opens(expires_on: date, window_days: int) -> date:
    return expires_on - timedelta(days=window_days)


def grace_ends(expires_on: date, grace_days: int) -> date:
    return expires_on + timedelta(days=grace_days)


def reminder_due(expires_on: date, offset_days: int) -> date:
    """The date a reminder ``offset_days`` before expiry (negative: after) is due."""
    return expires_on - timedelta(days=offset_days)


def pathway_deadline(started_on: date, completion_window_months: int) -> date:
    """The last day to finish the observations of a pathway started on a date."""
    return add_months(started_on, completion_window_months)


def status_on(
    today: date, *, window_opens_on: date, expires_on: date, grace_ends_on: date
) -> str:
    """Where an issued certification stands on ``today`` by its dates alone."""
    if today > grace_ends_on:
        return LAPSED
    if today > expires_on:
        return GRACE
    if today >= window_opens_on:
        return IN_WINDOW
    return ACTIVE


def latest_due_offset(today: date, expires_on: date, offsets: list[int]) -> int | None:
    """The most recent reminder offset already due on ``today``, or None.

    When several are due at once (after downtime, or a certification imported late)
    only the latest is sent: one timely reminder instead of a burst of stale ones.
    """
    days_left = (expires_on - today).days
    due = [offset for offset in offsets if offset >= days_left]
    return min(due) if due else None


def month_starts(first: date, count: int) -> list[date]:
    """The first days of ``count`` months from the month of ``first``."""
    start = first.replace(day=1)
    return [add_months(start, n) for n in range(count)]
