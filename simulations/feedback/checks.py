"""The checks of how the session was run, held against the model's rules: time,
the facilitator's checklist, the board, the plan's steps, barriers and the youth."""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from simulations import rules
from simulations.models import BarrierCategory, GoalType, Phase, Role
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


def _clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


def timing_check(console: Console) -> tuple[Check, list[PhaseTiming]]:
    """Each phase within its target and not rushed: a finished phase that took less
    than the program's share of its target (default half) was cut short."""
    timings = [t for t in console.timings if t.phase in Phase.in_room()]
    paced = [t for t in timings if t.within_pace]
    total = round(sum(t.seconds for t in timings) / 60)
    items = []
    for t in timings:
        if t.rushed:
            items.append(
                _("%(phase)s: rushed, %(clock)s of %(target)s minutes")
                % {
                    "phase": t.label,
                    "clock": _clock(t.seconds),
                    "target": t.target_minutes,
                }
            )
        elif not t.on_time:
            items.append(
                _("%(phase)s: %(minutes)s of %(target)s minutes")
                % {"phase": t.label, "minutes": t.minutes, "target": t.target_minutes}
            )
    percent = console.roundtable.under_run_percent
    check = Check(
        "timing",
        _("Phases kept to their minutes"),
        bool(timings) and len(paced) == len(timings),
        _(
            "%(paced)s of %(count)s phases took between %(percent)s%% of their target "
            "and the target; the roundtable took %(total)s of its %(scheduled)s "
            "scheduled minutes."
        )
        % {
            "paced": len(paced),
            "count": len(timings),
            "percent": percent,
            "total": total,
            "scheduled": console.roundtable.scheduled_minutes,
        },
        items,
    )
    return check, timings


def checklist_check(console: Console, checklist: dict) -> Check:
    """The facilitator functions ticked, phase by phase, against the program's
    required share (default all of them)."""
    percent = console.roundtable.checklist_percent
    short = [
        _("%(phase)s: %(ticked)s of %(total)s functions")
        % {"phase": Phase(phase).label, "ticked": ticked, "total": total}
        for phase, (ticked, total) in checklist.items()
        if not rules.checklist_met(ticked, total, percent)
    ]
    ticked = sum(t for t, _total in checklist.values())
    total = sum(total for _t, total in checklist.values())
    return Check(
        "checklist",
        _("Facilitator functions carried out"),
        not short,
        _(
            "%(ticked)s of %(total)s functions ticked; each phase needs %(percent)s%% "
            "of its checklist."
        )
        % {"ticked": ticked, "total": total, "percent": percent},
        short,
    )


def questions_check(console: Console) -> Check:
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


def _step_problem(console: Console, step) -> str | None:
    latest = console.latest_target_date
    if latest is None or step.target_date > latest:
        return _("due after %(latest)s") % {
            "latest": date_format(latest, "DATE_FORMAT") if latest else "—"
        }
    return rules.step_owner_problem(
        step.responsible.role,
        facilitator_may_own=console.roundtable.facilitator_may_own_steps,
    )


def steps_check(console: Console) -> Check:
    latest = console.latest_target_date
    bad = [
        (step, problem)
        for step in console.steps
        if (problem := _step_problem(console, step))
    ]
    return Check(
        "steps_owned_dated",
        _("Every step owned at the table and due within six months"),
        bool(console.steps) and not bad,
        ngettext(
            "%(count)s step, each owned by someone at the table other than the "
            "facilitator and due by %(latest)s.",
            "%(count)s steps, each owned by someone at the table other than the "
            "facilitator and due by %(latest)s.",
            len(console.steps),
        )
        % {
            "count": len(console.steps),
            "latest": date_format(latest, "DATE_FORMAT") if latest else "—",
        },
        [f"{step.description[:80]} — {problem}" for step, problem in bad],
    )


def goals_covered_check(console: Console) -> Check:
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


def barrier_rows(console: Console) -> list[BarrierRow]:
    """Each barrier of the case file, addressed only by a step that names it; then
    the other barriers the team named."""
    named = {s.case_barrier for s in console.steps if s.case_barrier}
    rows = [
        BarrierRow(
            BarrierCategory(b.category).label, b.description, True, b.id in named
        )
        for b in rules.case_barriers(console.case)
    ]
    rows += [
        BarrierRow(step.get_barrier_category_display(), step.barrier, False, True)
        for step in console.steps
        if step.barrier and not step.case_barrier
    ]
    return rows


def barriers_check(rows: list[BarrierRow]) -> Check:
    case_rows = [row for row in rows if row.in_case]
    missed = [row.label for row in case_rows if not row.addressed]
    return Check(
        "barriers",
        _("The case's barriers addressed"),
        not missed,
        ngettext(
            "%(done)s of the case's %(count)s barriers is named by a step.",
            "%(done)s of the case's %(count)s barriers are named by a step.",
            len(case_rows) - len(missed),
        )
        % {"done": len(case_rows) - len(missed), "count": len(case_rows)},
        [_("Not addressed: %(barrier)s") % {"barrier": label} for label in missed],
    )


def youth_check(console: Console) -> Check:
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
