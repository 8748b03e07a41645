"""Calendar arithmetic shared by every app: whole months, with an anchor day so
that a date on the 31st (or 29 February) comes back to it in the months that have
one, instead of drifting to the 28th for good."""

import calendar
from datetime import date


def add_months(day: date, months: int, *, anchor_day: int | None = None) -> date:
    """``day`` plus whole months, on ``anchor_day`` (``day.day`` by default) or the
    last day of the month when it is shorter.

    31 August + 6 months is 28 February; 28 February + 6 months anchored on the 31st
    is 31 August again. 29 February + 12 months is 28 February; anchored on the 29th,
    + 48 months is 29 February again.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(anchor_day or day.day, last))


def on_day(year: int, month: int, day: int) -> date:
    """``year``-``month``-``day``, or the month's last day when it has fewer days
    (a 29 February date in a common year is 28 February)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
