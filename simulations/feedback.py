"""The feedback report: the trainee's session held against the model's rules and the
case's answer key. Pure functions over a loaded ``Console`` (no queries)."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simulations import rules
from simulations.models import (
    BarrierCategory,
    Goal,
    GoalType,
    Phase,
    Rating,
    Role,
)
from simulations.models.enums import NO_GOAL, YOUTH_ROLES
from simulations.selectors.console import Console, PhaseTiming


@dataclass
class Check:
    """One line of the report. ``met`` is None when the rule does not apply."""

    key: str
    title: str
    met: bool | None
    detail: str
    items: list[str] = field(default_factory=list)


@dataclass
class BarrierRow:
    category: str
    label: str
    in_case: bool
    addressed: bool


@dataclass
class Report:
    console: Console
    checks: list[Check]
    timings: list[PhaseTiming]
    barriers: list[BarrierRow]
    checklist: dict[str, tuple[int, int]]

    @property
    def timing_rows(self) -> list[tuple[PhaseTiming, int, int]]:
        """Each in-room phase's timing with its ticked and total functions."""
        return [(t, *self.checklist[t.phase]) for t in self.timings]

    @property
    def met_count(self) -> int:
        return sum(1 for check in self.checks if check.met)

    @property
    def applicable_count(self) -> int:
        return sum(1 for check in self.checks if check.met is not None)


def _goal_label(value: str) -> str:
    if value == NO_GOAL:
        return _("None")
    return Goal(value).label if value in Goal.values else _("not recorded")


def _timing_check(console: Console) -> tuple[Check, list[PhaseTiming]]:
    timings = [t for t in console.timings if t.phase in Phase.in_room()]
    on_time = [t for t in timings if t.on_time]
    total = round(sum(t.seconds for t in timings) / 60)
    items = [
        _("%(phase)s: %(minutes)s of %(target)s minutes")
        % {
            "phase": t.label,
            "minutes": t.minutes,
            "target": t.target_minutes,
        }
        for t in timings
        if not t.on_time
    ]
    check = Check(
        "timing",
        _("Phases kept to their minutes"),
        len(on_time) == len(timings),
        _(
            "%(on_time)s of %(count)s phases within their target; the roundtable took "
            "%(total)s of its %(scheduled)s scheduled minutes."
        )
        % {
            "on_time": len(on_time),
            "count": len(timings),
            "total": total,
            "scheduled": console.roundtable.scheduled_minutes,
        },
        items,
    )
    return check, timings


def _exit_criteria_checks(console: Console) -> list[Check]:
    plan, case = console.plan, console.case
    recorded = Check(
        "exit_criteria",
        _("Exit criteria of Clarify and Explore recorded"),
        plan.exit_criteria_met,
        _(
            "Rating, goal and concurrent goal of record, last full disclosure and when "
            "the youth was last asked were captured before brainstorming."
        )
        if plan.exit_criteria_met
        else _("Some exit criteria were not captured."),
    )
    items = []
    if plan.goal_of_record != case.goal_of_record:
        items.append(
            _("Goal of record: you noted %(yours)s; the record says %(case)s.")
            % {
                "yours": _goal_label(plan.goal_of_record),
                "case": _goal_label(case.goal_of_record),
            }
        )
    if plan.concurrent_goal_of_record != case.concurrent_goal_of_record:
        items.append(
            _(
                "Concurrent goal of record: you noted %(yours)s; the record says "
                "%(case)s."
            )
            % {
                "yours": _goal_label(plan.concurrent_goal_of_record),
                "case": _goal_label(case.concurrent_goal_of_record),
            }
        )
    months = case.last_full_disclosure_months_ago
    roundtable_date = console.roundtable.roundtable_date
    if months is None:
        if not plan.never_fully_disclosed:
            items.append(_("The options were never fully disclosed in this case."))
    elif plan.never_fully_disclosed or plan.last_full_disclosure_on is None:
        items.append(
            _("The last full disclosure was about %(months)s months before.")
            % {"months": months}
        )
    else:
        expected = rules.add_months(roundtable_date, -months)
        if abs((plan.last_full_disclosure_on - expected).days) > 31:
            items.append(
                _(
                    "Last full disclosure: you noted %(yours)s; the record says about "
                    "%(expected)s (%(months)s months before)."
                )
                % {
                    "yours": date_format(plan.last_full_disclosure_on, "DATE_FORMAT"),
                    "expected": date_format(expected, "DATE_FORMAT"),
                    "months": months,
                }
            )
    facts = Check(
        "facts_of_record",
        _("Facts of record match the case"),
        not items,
        _("The goals of record and the last full disclosure match the case file.")
        if not items
        else _("Some facts differ from the case file."),
        items,
    )
    return [recorded, facts]


def _questions_check(console: Console) -> Check:
    board = console.board
    empty = [column for column in board if not column.ideas]
    return Check(
        "five_questions",
        _("All five key questions used"),
        not empty,
        ngettext(
            "%(count)s idea on the board.",
            "%(count)s ideas on the board.",
            len(console.ideas),
        )
        % {"count": len(console.ideas)},
        [
            _("%(number)s. %(text)s: no idea") % {"number": c.number, "text": c.text}
            for c in empty
        ],
    )


def _steps_check(console: Console) -> Check:
    latest = console.latest_target_date
    bad = [
        step
        for step in console.steps
        if step.responsible_id is None or latest is None or step.target_date > latest
    ]
    return Check(
        "steps_owned_dated",
        _("Every step owned and due within six months"),
        bool(console.steps) and not bad,
        ngettext(
            "%(count)s step, each with a person responsible and a date by %(latest)s.",
            "%(count)s steps, each with a person responsible and a date by %(latest)s.",
            len(console.steps),
        )
        % {
            "count": len(console.steps),
            "latest": date_format(latest, "DATE_FORMAT") if latest else "—",
        },
        [step.description[:80] for step in bad],
    )


def _goals_covered_check(console: Console) -> Check:
    primary = sum(1 for s in console.steps if s.goal_type == GoalType.PRIMARY)
    concurrent = sum(1 for s in console.steps if s.goal_type == GoalType.CONCURRENT)
    needs_concurrent = console.plan.recommended_concurrent_goal not in ("", NO_GOAL)
    met = primary > 0 and (concurrent > 0 or not needs_concurrent)
    return Check(
        "both_goals",
        _("Both goals covered by steps"),
        met,
        _(
            "%(primary)s steps serve the primary goal, %(concurrent)s the concurrent "
            "goal."
        )
        % {"primary": primary, "concurrent": concurrent},
    )


def _barrier_rows(console: Console) -> list[BarrierRow]:
    in_case = {row["value"]["category"] for row in console.case.barriers.raw_data}
    addressed = {s.barrier_category for s in console.steps if s.barrier_category}
    return [
        BarrierRow(value, label, value in in_case, value in addressed)
        for value, label in BarrierCategory.choices
        if value in in_case or value in addressed
    ]


def _barriers_check(rows: list[BarrierRow]) -> Check:
    case_rows = [row for row in rows if row.in_case]
    missed = [row.label for row in case_rows if not row.addressed]
    return Check(
        "barriers",
        _("The case's barriers addressed"),
        not missed,
        _(
            "%(done)s of %(count)s barrier categories in the case are addressed by a "
            "step."
        )
        % {"done": len(case_rows) - len(missed), "count": len(case_rows)},
        [_("Not addressed: %(category)s") % {"category": label} for label in missed],
    )


def _youth_check(console: Console) -> Check:
    if not console.case.youth_centered:
        return Check(
            "youth",
            _("Youth engaged (YCPRT)"),
            None,
            _("Not a youth-centered roundtable."),
        )
    seats = [p for p in console.participants if p.role in YOUTH_ROLES]
    youth_present = any(p.role == Role.YOUTH for p in seats)
    seat_ids = {p.pk for p in seats}
    ideas = sum(1 for idea in console.ideas if idea.offered_by_id in seat_ids)
    steps = sum(
        1
        for step in console.steps
        if step.engages_youth or step.responsible_id in seat_ids
    )
    items = []
    if not youth_present:
        items.append(_("The youth had no seat at the table."))
    if not ideas and not steps:
        items.append(_("No idea came from the youth and no step engages the youth."))
    return Check(
        "youth",
        _("Youth engaged (YCPRT)"),
        not items,
        _(
            "Ideas from the youth or their support person: %(ideas)s; steps owned "
            "by or engaging the youth: %(steps)s."
        )
        % {"ideas": ideas, "steps": steps},
        items,
    )


def _rating_check(console: Console) -> Check:
    yours, key = console.plan.rating, console.case.answer_rating
    if yours not in Rating.values:
        return Check("rating", _("Status rating"), False, _("No rating recorded."))
    gap = abs(Rating(yours).rank - Rating(key).rank)
    detail = _("You rated %(yours)s; an experienced team would rate %(key)s.") % {
        "yours": Rating(yours).label,
        "key": Rating(key).label,
    }
    if gap:
        detail += " " + ngettext("One level apart.", "%(gap)s levels apart.", gap) % {
            "gap": gap
        }
    return Check("rating", _("Status rating matches the answer key"), gap == 0, detail)


def _goals_check(console: Console) -> Check:
    plan, case = console.plan, console.case
    same = (
        plan.recommended_goal == case.recommended_goal
        and plan.recommended_concurrent_goal == case.recommended_concurrent_goal
    )
    return Check(
        "recommended_goals",
        _("Recommended goals match the answer key"),
        same,
        _(
            "You recommended %(goal)s with %(concurrent)s; the key recommends "
            "%(key_goal)s with %(key_concurrent)s."
        )
        % {
            "goal": _goal_label(plan.recommended_goal),
            "concurrent": _goal_label(plan.recommended_concurrent_goal),
            "key_goal": _goal_label(case.recommended_goal),
            "key_concurrent": _goal_label(case.recommended_concurrent_goal),
        },
    )


def _follow_up_check(console: Console) -> Check:
    follow_up = console.follow_up
    recorded = bool(follow_up and follow_up.recorded_at)
    detail = _("Not recorded.")
    if recorded:
        before = Rating(console.plan.rating).rank if console.plan.rating else 0
        after = Rating(follow_up.rating).rank
        change = (
            _("improved")
            if after > before
            else _("unchanged")
            if after == before
            else _("lower")
        )
        detail = _(
            "Every step got a status; the rating is now %(rating)s (%(change)s)."
        ) % {"rating": Rating(follow_up.rating).label, "change": change}
    return Check("follow_up", _("Follow-up held"), recorded, detail)


def feedback_report(console: Console) -> Report:
    timing, timings = _timing_check(console)
    barriers = _barrier_rows(console)
    checklist = {}
    for phase in Phase.played():
        items = console.checklist(phase)
        checklist[phase] = (sum(1 for i in items if i.ticked), len(items))
    checks = [
        timing,
        *_exit_criteria_checks(console),
        _rating_check(console),
        _questions_check(console),
        _goals_check(console),
        _steps_check(console),
        _goals_covered_check(console),
        _barriers_check(barriers),
        _youth_check(console),
        _follow_up_check(console),
    ]
    return Report(
        console=console,
        checks=checks,
        timings=timings,
        barriers=barriers,
        checklist=checklist,
    )
