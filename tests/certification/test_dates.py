"""Date arithmetic of certification: month ends, 29 February, time-zone
boundaries and the exact day a window opens or grace ends."""

from datetime import UTC, date, datetime

import pytest

from certification import dates


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 2, 28), 24, date(2028, 2, 28)),  # not pushed to the 29th
        (date(2026, 11, 15), 2, date(2027, 1, 15)),  # across a year
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
    ],
)
def test_add_months_stays_on_the_last_day_when_the_month_is_shorter(
    start, months, expected
):
    assert dates.add_months(start, months) == expected


def test_expiry_is_the_validity_in_months_after_issue():
    assert dates.expiry_after(date(2026, 1, 31), 24) == date(2028, 1, 31)
    assert dates.expiry_after(date(2026, 2, 28), 24) == date(2028, 2, 28)


def test_window_opens_the_given_days_before_expiry_across_a_leap_day():
    # 2028 is a leap year: 90 days before 1 May is 1 February, not 31 January.
    assert dates.window_opens(date(2028, 5, 1), 90) == date(2028, 2, 1)
    assert dates.window_opens(date(2027, 5, 1), 90) == date(2027, 1, 31)


def test_status_moves_on_the_exact_days():
    kw = {
        "window_opens_on": date(2026, 4, 1),
        "expires_on": date(2026, 6, 30),
        "grace_ends_on": date(2026, 7, 30),
    }
    assert dates.status_on(date(2026, 3, 31), **kw) == dates.ACTIVE
    assert dates.status_on(date(2026, 4, 1), **kw) == dates.IN_WINDOW  # opens today
    assert dates.status_on(date(2026, 6, 30), **kw) == dates.IN_WINDOW  # valid all day
    assert dates.status_on(date(2026, 7, 1), **kw) == dates.GRACE
    assert dates.status_on(date(2026, 7, 30), **kw) == dates.GRACE
    assert dates.status_on(date(2026, 7, 31), **kw) == dates.LAPSED


def test_the_program_date_of_a_moment_is_taken_in_its_time_zone():
    # 05:30 UTC on 1 March is still 28 February in Chicago (UTC-6 in winter) ...
    moment = datetime(2026, 3, 1, 5, 30, tzinfo=UTC)
    assert dates.local_date(moment, "America/Chicago") == date(2026, 2, 28)
    assert dates.local_date(moment, "Europe/Berlin") == date(2026, 3, 1)
    # ... and 04:30 UTC on a summer night is the day before in Chicago (UTC-5).
    summer = datetime(2026, 7, 1, 4, 30, tzinfo=UTC)
    assert dates.local_date(summer, "America/Chicago") == date(2026, 6, 30)


def test_local_date_uses_the_site_time_zone_by_default(settings):
    settings.TIME_ZONE = "America/Chicago"
    assert dates.local_date(datetime(2026, 1, 1, 3, 0, tzinfo=UTC)) == date(
        2025, 12, 31
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), None),  # 121 days left: nothing due yet
        (date(2026, 4, 1), 90),  # 90 days left: the first reminder, on its day
        (date(2026, 4, 2), 90),
        (date(2026, 5, 1), 60),
        (date(2026, 6, 23), 7),
        (date(2026, 6, 30), 0),  # on the day
        (date(2026, 7, 6), 0),
        (date(2026, 7, 7), -7),
        (date(2026, 9, 1), -7),
    ],
)
def test_only_the_latest_due_reminder_counts(today, expected):
    offsets = [90, 60, 30, 7, 0, -7]
    assert dates.latest_due_offset(today, date(2026, 6, 30), offsets) == expected


def test_reminder_due_dates_are_offsets_from_expiry():
    assert dates.reminder_due(date(2026, 6, 30), 7) == date(2026, 6, 23)
    assert dates.reminder_due(date(2026, 6, 30), -7) == date(2026, 7, 7)


def test_pathway_deadline_is_months_after_the_start():
    assert dates.pathway_deadline(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_month_starts_give_twelve_consecutive_months():
    starts = dates.month_starts(date(2026, 11, 17), 12)
    assert starts[0] == date(2026, 11, 1)
    assert starts[2] == date(2027, 1, 1)
    assert len(set(starts)) == 12
