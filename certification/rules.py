"""The certification layer's rules as pure functions over loaded data (no queries),
so services (which refuse or set dates), pages (which explain) and tests apply the
same rule: which expiry a cycle gets and why, which days its recertification
evidence must fall in, the rating scale and when an observation passes, what a
result needs before it is released, and what a case reference may say."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.dates import add_months, on_day

COMPLETION, PREVIOUS_EXPIRY, FIXED_DATE = "completion", "previous_expiry", "fixed_date"
WINDOW, ISSUE = "window", "issue"
# Extensions and exemptions are rules too, as far as the history page is concerned.
EXTENSION, FIRST_ISSUE = "extension", "first_issue"


@dataclass(frozen=True)
class Schedule:
    """How a program counts expiries (the numbers of ``CertificationProgram``)."""

    validity_months: int
    anchor: str = PREVIOUS_EXPIRY
    grace_anchor: str = COMPLETION
    fixed_month: int | None = None
    fixed_day: int | None = None
    minimum_active_months: int = 0

    @classmethod
    def of(cls, program) -> "Schedule":
        return cls(
            validity_months=program.validity_months,
            anchor=program.expiry_anchor,
            grace_anchor=program.grace_expiry_anchor,
            fixed_month=program.fixed_expiry_month,
            fixed_day=program.fixed_expiry_day,
            minimum_active_months=program.minimum_active_months,
        )


@dataclass(frozen=True)
class Expiry:
    """An expiry and the reason for it, as the history page shows it."""

    expires_on: date
    anchor_day: int
    rule: str
    explanation: str


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def fixed_date_after(earliest: date, month: int, day: int) -> date:
    """The first ``month``/``day`` on or after ``earliest`` (29 February is 28
    February in common years, and 29 February again in leap years)."""
    candidate = on_day(earliest.year, month, day)
    if candidate < earliest:
        candidate = on_day(earliest.year + 1, month, day)
    return candidate


def _fixed(schedule: Schedule, completed_on: date) -> Expiry:
    earliest = add_months(completed_on, schedule.minimum_active_months)
    earliest = max(earliest, completed_on + timedelta(days=1))
    expires_on = fixed_date_after(earliest, schedule.fixed_month, schedule.fixed_day)
    return Expiry(
        expires_on,
        schedule.fixed_day,
        FIXED_DATE,
        _(
            "Fixed date each year: the first %(day)s at least %(months)s months "
            "after completion on %(completed)s."
        )
        % {
            "day": date_format(expires_on, "MONTH_DAY_FORMAT"),
            "months": schedule.minimum_active_months,
            "completed": _long(completed_on),
        },
    )


def _from_completion(schedule: Schedule, completed_on: date, what: str) -> Expiry:
    months = schedule.validity_months
    return Expiry(
        add_months(completed_on, months),
        completed_on.day,
        COMPLETION,
        _("%(months)s months from %(what)s on %(day)s.")
        % {"months": months, "what": what, "day": _long(completed_on)},
    )


def first_expiry(schedule: Schedule, *, issued_on: date) -> Expiry:
    """The expiry of a first cycle (or of a path walked again after a lapse)."""
    if schedule.anchor == FIXED_DATE:
        return _fixed(schedule, issued_on)
    expiry = _from_completion(schedule, issued_on, _("the first issue"))
    return Expiry(expiry.expires_on, expiry.anchor_day, FIRST_ISSUE, expiry.explanation)


def next_expiry(
    schedule: Schedule,
    *,
    previous_expiry: date,
    anchor_day: int | None,
    completed_on: date,
) -> Expiry:
    """The expiry after recertification on ``completed_on``.

    In grace (after ``previous_expiry``) the program's grace rule applies instead
    of its usual one. Counting from the previous expiry keeps ``anchor_day``, so a
    31 August expiry comes back to 31 August after a 28 February one.
    """
    in_grace = completed_on > previous_expiry
    rule = schedule.grace_anchor if in_grace else schedule.anchor
    when = _(" (recertified during grace)") if in_grace else ""
    if rule == FIXED_DATE:
        expiry = _fixed(schedule, completed_on)
    elif rule == COMPLETION:
        expiry = _from_completion(schedule, completed_on, _("completion"))
    else:
        anchor = anchor_day or previous_expiry.day
        months = schedule.validity_months
        expires_on = add_months(previous_expiry, months, anchor_day=anchor)
        while expires_on <= completed_on:  # only when validity is under the grace
            expires_on = add_months(expires_on, months, anchor_day=anchor)
        expiry = Expiry(
            expires_on,
            anchor,
            PREVIOUS_EXPIRY,
            _(
                "%(months)s months from the previous expiry on %(previous)s, kept on "
                "day %(anchor)s of the month."
            )
            % {"months": months, "previous": _long(previous_expiry), "anchor": anchor},
        )
    return Expiry(
        expiry.expires_on, expiry.anchor_day, expiry.rule, expiry.explanation + when
    )


def counting_start(
    counting_from: str, *, issued_on: date, window_opens_on: date
) -> date:
    """The first day recertification evidence of a cycle counts: the window's
    opening (never earlier than the day after issue, so what earned one cycle
    never counts for the next) or the day after issue."""
    after_issue = issued_on + timedelta(days=1)
    if counting_from == ISSUE:
        return after_issue
    return max(window_opens_on, after_issue)


def in_period(day: date, start: date, end: date) -> bool:
    return start <= day <= end


RULE_LABELS = {
    FIRST_ISSUE: gettext_lazy("Counted from the first issue"),
    COMPLETION: gettext_lazy("Counted from the completion date"),
    PREVIOUS_EXPIRY: gettext_lazy("Counted from the previous expiry"),
    FIXED_DATE: gettext_lazy("Fixed date each year"),
    EXTENSION: gettext_lazy("Extended by program staff"),
}


def expiry_reason(cert, events) -> str:
    """Why the current expiry is what it is: the latest of ``events`` (newest
    first) that set it, or the import it came from."""
    if cert.expires_on is None:
        return ""
    for event in events:
        if event.expires_on == cert.expires_on:
            return f"{RULE_LABELS.get(event.rule, '')}: {event.note}"
    if cert.imported:
        return _("Earned before the platform: the expiry is as imported.")
    return _("Set before expiry rules were recorded.")


# --- Qualified raters -----------------------------------------------------------------

VALID_STATES = ("active", "in_window")
EXPIRED_STATES = ("grace", "lapsed")


def rater_qualified(holdings: dict, rater_id: int, program_id: int, day: date) -> bool:
    """Whether the rater held an issued certification in ``program_id`` on ``day``.

    ``holdings`` maps (rater, program) to (status, cycle, issued_on, expires_on):
    valid now (and, in a first cycle, issued by then), or expired only after ``day``.
    """
    held = holdings.get((rater_id, program_id))
    if held is None:
        return False
    status, cycle, issued_on, expires_on = held
    if cycle == 1 and issued_on and day < issued_on:
        return False
    if status in VALID_STATES:
        return True
    return status in EXPIRED_STATES and expires_on is not None and day <= expires_on


def unqualified_reason(program, holdings: dict, observation) -> str:
    """Why an observation does not count under ``program``'s rater rule, or ""."""
    if not program.rater_program_id:
        return ""
    required, day = program.rater_program_id, observation.released_on
    missing = [
        name or _("a rater")
        for rater, name in zip(observation.raters, observation.rater_names, strict=True)
        if not rater_qualified(holdings, rater, required, day)
    ]
    if not missing:
        return ""
    return _(
        "Observation of %(day)s does not count: %(names)s did not hold an active "
        "%(program)s certification that day."
    ) % {
        "day": _long(day),
        "names": ", ".join(missing),
        "program": program.rater_program.name,
    }


# --- Releasing an observation's result -----------------------------------------------


def release_blockers(
    *, strengths: str, growth_areas: str, failed_critical: bool, plan_goals: int
) -> list[str]:
    """What the final sheet still needs before its result is released; empty when
    it may be. A trainee never reads a result without written feedback, and one
    with a failed critical item comes with a development plan."""
    blockers = []
    if not strengths.strip():
        blockers.append(
            _("Write the trainee's strengths on the final sheet and save it.")
        )
    if not growth_areas.strip():
        blockers.append(
            _("Write the trainee's growth areas on the final sheet and save it.")
        )
    if failed_critical and not plan_goals:
        blockers.append(
            _(
                "A critical item is below the minimum: add at least one goal to the "
                "development plan."
            )
        )
    return blockers


# --- The rating scale ---------------------------------------------------------------
# A rubric item scores a level from 1 to 4, or N/A where the item allows it.

NA = "na"
LEVEL_VALUES = (1, 2, 3, 4)
MAX_COMMENT = 2000  # characters in one item's comment, on any sheet
MAX_FEEDBACK = 5000  # characters of strengths or growth areas


def score_value(score):
    """A stored ``ItemScore`` as one value: 1–4, NA, or None when not scored yet."""
    if score is None:
        return None
    return NA if score.not_applicable else score.level


def display_value(value) -> str:
    if value is None:
        return "—"
    return _("N/A") if value == NA else str(value)


def level_of(value) -> int | None:
    """A value for the statistics: the level, or None for N/A and blanks."""
    return value if value in LEVEL_VALUES else None


def comment_problem(comment: str) -> str:
    """Why an item's comment cannot be saved, or "" when it can."""
    if len(comment or "") > MAX_COMMENT:
        return _("Comments are at most %(max)s characters.") % {"max": MAX_COMMENT}
    return ""


@dataclass
class Result:
    mean: Decimal | None
    passed: bool
    failed_critical: list = field(default_factory=list)


def observation_result(values: list[tuple], rules) -> Result:
    """Pass when every critical item scored with a level reaches the critical
    minimum and the mean of the levels (N/A left out) reaches the bar.
    ``values`` pairs each item with its value; ``rules`` is ``ObservationRules``."""
    levels = [value for _item, value in values if value in LEVEL_VALUES]
    if not levels:
        return Result(mean=None, passed=False)
    exact = Fraction(sum(levels), len(levels))
    failed = [
        item
        for item, value in values
        if item.critical and value in LEVEL_VALUES and value < rules.critical_minimum
    ]
    mean = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01")
    )
    passed = not failed and exact >= Fraction(rules.pass_mean)
    return Result(mean=mean, passed=passed, failed_critical=failed)


# --- Case references ----------------------------------------------------------------
# One rule for every place a roundtable's case is named (an observation of a live
# roundtable, a facilitator's log): initials ("J.D.", "JDM"), case numbers
# ("2024-0117") and the words below pass; anything that reads like a name, even a
# short first name ("Maya", "Maya K."), does not. No child's name belongs here.

CASE_REFERENCE_MAX = 40
_REFERENCE_WORDS = {"case", "file", "ref", "no", "number", "id"}
_REFERENCE = re.compile(r"^[A-Za-z0-9#][A-Za-z0-9 .#/_-]*$")


def case_reference_problem(reference: str) -> str:
    """Why ``reference`` is not initials or a case number, or "" when it is."""
    reference = (reference or "").strip()
    if not reference:
        return _("Give the case's initials or case number.")
    if len(reference) > CASE_REFERENCE_MAX or not _REFERENCE.match(reference):
        return _("Use initials or a case number only (letters, digits, - . # / _).")
    words = re.findall(r"[A-Za-z]{3,}", reference)
    if any(
        word.lower() not in _REFERENCE_WORDS
        and not (word.isupper() and len(word) <= 4)  # initials such as "JDM"
        for word in words
    ):
        return _(
            "That looks like a name. Use initials or a case number. Never a "
            "child's name."
        )
    return ""


# --- The staff dashboard --------------------------------------------------------------

EXPIRING_DAYS = (30, 60, 90)  # the horizons the dashboard counts expiries within


@dataclass
class Filters:
    """What the list of facilitators may be narrowed by and sorted on."""

    program: int | None = None
    status: str = ""
    region: str = ""
    agency: str = ""
    q: str = ""
    expiring: int | None = None
    sort: str = "name"
