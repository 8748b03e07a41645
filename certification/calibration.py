"""Calibration rules as pure functions (no queries): whether a blind scoring of a
gold session calibrates the rater, until when, whether a rater was calibrated on a
day, why an observation does not count under a program that requires calibration,
and which reminders are due."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.agreement import Agreement
from core.dates import add_months

# Days before a calibration expires on which its rater is reminded.
REMINDER_OFFSETS = (30, 7)
# When gold and rater used a single level throughout, kappa is undefined; the
# rater then calibrates only by scoring this share of items exactly as gold.
EXACT_WHEN_NO_KAPPA = Decimal("0.8")


def calibration_passed(stats: Agreement, min_kappa: Decimal) -> bool:
    """Kappa with gold at least the program's minimum (or, with no variation to
    measure kappa on, nearly every item exactly as gold)."""
    if stats.n == 0:
        return False
    if stats.kappa is None:
        return stats.exact is not None and stats.exact >= EXACT_WHEN_NO_KAPPA
    return stats.kappa >= min_kappa


def valid_until(submitted_on: date, months: int) -> date:
    """The last day a calibration counts: ``months`` after it was earned."""
    return add_months(submitted_on, months)


def calibrated_on(spans: list[tuple[date, date]], day: date) -> bool:
    """Whether any passed calibration (earned on, valid until) covers ``day``."""
    return any(earned <= day <= until for earned, until in spans)


def uncalibrated_reason(program, calibrations: dict, observation) -> str:
    """Why an observation does not count under ``program``'s calibration rule, or
    "". ``calibrations`` maps (rater, program) to passed (earned, until) spans."""
    if not getattr(program, "require_calibration", False):
        return ""
    day = observation.released_on
    missing = [
        name or _("a rater")
        for rater, name in zip(observation.raters, observation.rater_names, strict=True)
        if not calibrated_on(calibrations.get((rater, program.pk), []), day)
    ]
    if not missing:
        return ""
    return _(
        "Observation of %(day)s does not count: %(names)s had no current "
        "%(program)s calibration on a gold-standard session that day."
    ) % {
        "day": date_format(day, "DATE_FORMAT"),
        "names": ", ".join(missing),
        "program": program.name,
    }


def refusal(name: str, programs: list[str]) -> str:
    """The message a rater without a current calibration is refused with."""
    return _(
        "%(name)s has no current calibration for %(programs)s, which requires its "
        "raters to be calibrated. Score a gold-standard session on the Calibration "
        "page first."
    ) % {"name": name, "programs": ", ".join(programs)}


def reminders_due(until: date, today: date, sent: set[int]) -> list[int]:
    """The offsets whose day has come (and the calibration not yet expired) that
    have not been sent: a task that missed a day still sends the reminder once."""
    return [
        offset
        for offset in REMINDER_OFFSETS
        if offset not in sent and until - timedelta(days=offset) <= today <= until
    ]
