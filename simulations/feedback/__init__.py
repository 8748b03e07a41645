"""The feedback report: the trainee's session held against the model's rules and the
case's answer key. Pure functions over a loaded ``Console`` (no queries)."""

from dataclasses import dataclass

from simulations import rules
from simulations.feedback import answer_key
from simulations.feedback import checks as session
from simulations.feedback.checks import BarrierRow, Check
from simulations.models import Phase
from simulations.selectors.console import Console, PhaseTiming

__all__ = ["BarrierRow", "Check", "Report", "feedback_report"]


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
    def key_steps(self) -> list[tuple[dict, str]]:
        """The answer key's steps, each with the barrier of the case it names."""
        barriers = {
            b.number: b.description for b in rules.case_barriers(self.console.case)
        }
        return [
            (row["value"], barriers.get(row["value"].get("barrier"), ""))
            for row in self.console.case.answer_steps.raw_data
        ]

    @property
    def met_count(self) -> int:
        return sum(1 for check in self.checks if check.met)

    @property
    def applicable_count(self) -> int:
        return sum(1 for check in self.checks if check.met is not None)


def feedback_report(console: Console) -> Report:
    """Every check in the order the report shows them."""
    timing, timings = session.timing_check(console)
    barriers = session.barrier_rows(console)
    checklist = {}
    for phase in Phase.played():
        items = console.checklist(phase)
        checklist[phase] = (sum(1 for i in items if i.ticked), len(items))
    checks = [
        timing,
        session.checklist_check(console, checklist),
        *answer_key.exit_criteria_checks(console),
        answer_key.rating_check(console),
        session.questions_check(console),
        answer_key.goals_check(console),
        session.steps_check(console),
        session.goals_covered_check(console),
        session.barriers_check(barriers),
        session.youth_check(console),
        answer_key.follow_up_check(console),
    ]
    return Report(
        console=console,
        checks=checks,
        timings=timings,
        barriers=barriers,
        checklist=checklist,
    )
