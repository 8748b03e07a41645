"""The pure rules of a cycle: next expiry by each rule, anchors that keep month
ends, the grace rule, fixed dates with a minimum active period, counting periods."""

from datetime import date

import pytest

from certification import rules
from core.dates import add_months

SCHEDULE = rules.Schedule(validity_months=24)


def _next(schedule, previous, completed, anchor_day=None):
    return rules.next_expiry(
        schedule,
        previous_expiry=previous,
        anchor_day=anchor_day,
        completed_on=completed,
    )


def test_from_completion_or_from_the_previous_expiry():
    previous, completed = date(2026, 6, 30), date(2026, 5, 10)
    by_completion = rules.Schedule(validity_months=24, anchor=rules.COMPLETION)

    assert _next(by_completion, previous, completed).expires_on == date(2028, 5, 10)
    expiry = _next(SCHEDULE, previous, completed)
    assert expiry.expires_on == date(2028, 6, 30)
    assert expiry.rule == rules.PREVIOUS_EXPIRY
    assert "previous expiry on June 30, 2026" in expiry.explanation


def test_the_anchor_day_keeps_month_ends_from_drifting():
    six_months = rules.Schedule(validity_months=6)
    first = rules.first_expiry(six_months, issued_on=date(2026, 2, 28))
    assert first.expires_on == date(2026, 8, 28)
    expires, anchor = date(2026, 8, 31), 31
    seen = []
    for _cycle in range(4):
        expiry = _next(six_months, expires, expires, anchor_day=anchor)
        expires, anchor = expiry.expires_on, expiry.anchor_day
        seen.append(expires)
    assert seen == [
        date(2027, 2, 28),
        date(2027, 8, 31),
        date(2028, 2, 29),
        date(2028, 8, 31),
    ]


def test_a_29_february_anchor_returns_to_29_february_in_leap_years():
    yearly = rules.Schedule(validity_months=12)
    expires, anchor = date(2028, 2, 29), 29
    seen = []
    for _year in range(4):
        expiry = _next(yearly, expires, expires, anchor_day=anchor)
        expires, anchor = expiry.expires_on, expiry.anchor_day
        seen.append(expires)
    assert seen == [
        date(2029, 2, 28),
        date(2030, 2, 28),
        date(2031, 2, 28),
        date(2032, 2, 29),
    ]
    assert add_months(date(2029, 2, 28), 36, anchor_day=29) == date(2032, 2, 29)


def test_recertifying_in_grace_follows_the_grace_rule_and_says_so():
    previous, late = date(2026, 6, 30), date(2026, 7, 25)
    full_period = rules.Schedule(validity_months=24)  # grace: from completion
    kept = rules.Schedule(validity_months=24, grace_anchor=rules.PREVIOUS_EXPIRY)

    expiry = _next(full_period, previous, late)
    assert expiry.expires_on == date(2028, 7, 25)
    assert expiry.rule == rules.COMPLETION
    assert "during grace" in expiry.explanation
    assert _next(kept, previous, late).expires_on == date(2028, 6, 30)


@pytest.mark.parametrize(
    ("completed", "expected"),
    [
        (date(2026, 1, 10), date(2026, 7, 31)),  # 6 months later is before 31 July
        (date(2026, 3, 1), date(2027, 7, 31)),  # too close: the next year's date
        (date(2026, 7, 31), date(2027, 7, 31)),
    ],
)
def test_a_fixed_date_each_year_keeps_a_minimum_active_period(completed, expected):
    fixed = rules.Schedule(
        validity_months=12,
        anchor=rules.FIXED_DATE,
        fixed_month=7,
        fixed_day=31,
        minimum_active_months=5,
    )
    expiry = rules.first_expiry(fixed, issued_on=completed)
    assert expiry.expires_on == expected
    assert expiry.rule == rules.FIXED_DATE


def test_a_fixed_29_february_is_the_28th_in_common_years():
    assert rules.fixed_date_after(date(2026, 3, 1), 2, 29) == date(2027, 2, 28)
    assert rules.fixed_date_after(date(2027, 3, 1), 2, 29) == date(2028, 2, 29)


def test_the_counting_period_starts_at_the_window_or_after_issue():
    issued, opens = date(2024, 6, 30), date(2026, 4, 1)
    assert (
        rules.counting_start(rules.WINDOW, issued_on=issued, window_opens_on=opens)
        == opens
    )
    assert rules.counting_start(
        rules.ISSUE, issued_on=issued, window_opens_on=opens
    ) == date(2024, 7, 1)
    # A window that would open before issue never reaches back past it.
    assert rules.counting_start(
        rules.WINDOW, issued_on=issued, window_opens_on=date(2024, 5, 1)
    ) == date(2024, 7, 1)


def test_a_rater_is_qualified_on_the_days_their_certification_was_held():
    holdings = {
        (1, 9): ("active", 1, date(2026, 1, 10), date(2028, 1, 10)),
        (2, 9): ("lapsed", 3, date(2024, 1, 10), date(2026, 1, 10)),
        (3, 9): ("in_progress", 0, None, None),
    }
    assert rules.rater_qualified(holdings, 1, 9, date(2026, 2, 1))
    assert not rules.rater_qualified(holdings, 1, 9, date(2026, 1, 9))  # not yet
    assert rules.rater_qualified(holdings, 2, 9, date(2026, 1, 10))  # until expiry
    assert not rules.rater_qualified(holdings, 2, 9, date(2026, 1, 11))
    assert not rules.rater_qualified(holdings, 3, 9, date(2026, 2, 1))
    assert not rules.rater_qualified(holdings, 1, 8, date(2026, 2, 1))  # other program
