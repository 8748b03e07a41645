"""The model's rules as plain functions over loaded data: no queries here, so the
services (which refuse) and the pages (which explain) apply exactly the same rules."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from core.dates import add_months
from simulations.models.enums import CaseType, Goal, Phase, Role
from simulations.models.program import facilitator_functions

PLAN_HORIZON_MONTHS = 6
RECORD_QUESTION_ID = "record"


def latest_target_date(roundtable_date: date) -> date:
    """Action steps are done within six months of the roundtable (DOMAIN.md §2)."""
    return add_months(roundtable_date, PLAN_HORIZON_MONTHS)


@dataclass(frozen=True)
class Function:
    """One facilitator function of a phase's checklist; ``item`` is its position in
    facilitator_functions.yaml, which is what a tick stores."""

    item: int
    text: str


def phase_functions(phase: str, *, case_type: str) -> list[Function]:
    """The checklist of a phase. The subsequent-roundtable function is shown only on
    subsequent cases."""
    functions = []
    for item, text in enumerate(facilitator_functions().get(phase, [])):
        if text.lower().startswith("at a subsequent") and (
            case_type != CaseType.SUBSEQUENT
        ):
            continue
        functions.append(Function(item=item, text=text))
    return functions


@dataclass(frozen=True)
class BankQuestion:
    id: str
    question: str
    asked_of: str
    asked_of_label: str
    answer: str


def _months_ago(months) -> str:
    if months is None:
        return _("never")
    return _("%(months)s months before the roundtable") % {"months": months}


def bank_questions(case) -> list[BankQuestion]:
    """The case's question bank, plus a last question that asks for the record, so a
    team that has not found the exit-criteria facts can still ask for them."""
    questions = [
        BankQuestion(
            id=row["id"],
            question=row["value"]["question"],
            asked_of=row["value"]["asked_of"],
            asked_of_label=Role(row["value"]["asked_of"]).label,
            answer=row["value"]["answer"],
        )
        # raw_data: the stored JSON, without building a block value per row.
        for row in case.question_bank.raw_data
    ]
    concurrent = case.concurrent_goal_of_record
    record = _(
        "Goal of record: %(goal)s. Concurrent goal of record: %(concurrent)s. Last "
        "full disclosure: %(disclosure)s. Last asked about permanency: %(asked)s"
    ) % {
        "goal": Goal(case.goal_of_record).label,
        "concurrent": Goal(concurrent).label
        if concurrent in Goal.values
        else _("none"),
        "disclosure": _months_ago(case.last_full_disclosure_months_ago),
        "asked": case.last_asked_about_permanency,
    }
    questions.append(
        BankQuestion(
            id=RECORD_QUESTION_ID,
            question=_(
                "What does the case record say about the goals, the last full "
                "disclosure and when the youth was last asked about permanency?"
            ),
            asked_of=Role.CASE_WORKER,
            asked_of_label=Role.CASE_WORKER.label,
            answer=record,
        )
    )
    return questions


def concurrent_goal_problem(goal: str, concurrent: str) -> str | None:
    """A concurrent goal is a second, different route to permanency: the same goal
    twice is refused, for the goals of record as for the recommended ones."""
    if concurrent and concurrent == goal:
        return _("The concurrent goal must differ from the primary goal.")
    return None


def step_owner_problem(owner_role: str, *, facilitator_may_own: bool) -> str | None:
    """Steps are carried out by the people at the table; the facilitator guides the
    plan and, unless the program allows it, owns none of its steps."""
    if owner_role == Role.FACILITATOR and not facilitator_may_own:
        return _(
            "The facilitator guides the plan and does not own its steps: choose "
            "someone else at the table."
        )
    return None


def under_run_floor_seconds(target_minutes: int | None, percent: int) -> int:
    """Below this many seconds a phase was rushed (``percent`` of its target)."""
    if not target_minutes or not percent:
        return 0
    return target_minutes * 60 * percent // 100


def checklist_met(ticked: int, total: int, percent: int) -> bool:
    """Whether a phase's ticked functions reach the program's required share."""
    return total == 0 or ticked * 100 >= total * percent


def follow_up_scheduled(state: str) -> bool:
    """A follow-up is on the calendar from the plan on (it reviews the plan's
    steps) until it is recorded, which closes the follow-up phase."""
    return state in (Phase.PLAN, Phase.DEBRIEF, Phase.FOLLOW_UP)


FOLLOW_UP_SCHEDULED_STATES = tuple(p for p in Phase if follow_up_scheduled(p))


@dataclass(frozen=True)
class CaseBarrier:
    """A barrier of the case file; ``number`` is its position (1 first), which is
    how an answer key's step names it."""

    id: str
    number: int
    description: str
    category: str


def case_barriers(case) -> list[CaseBarrier]:
    """The case's barriers from the stored JSON (no block values built)."""
    return [
        CaseBarrier(
            id=row["id"],
            number=number,
            description=row["value"]["description"],
            category=row["value"]["category"],
        )
        for number, row in enumerate(case.barriers.raw_data, start=1)
    ]


@dataclass(frozen=True)
class Progress:
    """The counts the phase gates look at, gathered by a service or a selector."""

    exit_criteria_met: bool = False
    questions_without_ideas: tuple[int, ...] = (1, 2, 3, 4, 5)
    goals_recommended: bool = False
    step_count: int = 0
    debrief_written: bool = False
    follow_up_recorded: bool = False
    steps_without_review: int = 0


def phase_blockers(phase: str, progress: Progress) -> list[str]:
    """What must still happen before ``phase`` may close; empty when it may."""
    blockers = []
    if phase == Phase.CLARIFY and not progress.exit_criteria_met:
        blockers.append(
            _(
                "Record the exit criteria: the status rating, the goal and concurrent "
                "goal of record, the date of the last full disclosure and when the "
                "youth was last asked about permanency."
            )
        )
    if phase == Phase.BRAINSTORM and progress.questions_without_ideas:
        numbers = ", ".join(str(n) for n in progress.questions_without_ideas)
        blockers.append(
            _("Every key question needs at least one idea; still empty: %(numbers)s.")
            % {"numbers": numbers}
        )
    if phase == Phase.PLAN:
        if not progress.goals_recommended:
            blockers.append(
                _("Record the team's recommended goal and concurrent goal.")
            )
        if not progress.step_count:
            blockers.append(_("Add at least one action step."))
    if phase == Phase.DEBRIEF and not progress.debrief_written:
        blockers.append(_("Write down the team's reflections."))
    if phase == Phase.FOLLOW_UP:
        if not progress.follow_up_recorded:
            blockers.append(_("Record the follow-up: re-rate the youth's status."))
        if progress.steps_without_review:
            blockers.append(
                _("Give every action step of the plan a status at the follow-up.")
            )
    return blockers
