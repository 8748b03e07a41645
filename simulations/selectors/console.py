"""Everything the facilitator console, the live fragment, the printable plan and the
feedback report show, read in a fixed number of queries (six after the two of
``permissions.get_roundtable_for_user``), whatever the size of the board or plan."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from simulations import rules
from simulations.models import (
    ActionStep,
    AskedQuestion,
    BrainstormIdea,
    ChecklistTick,
    FollowUp,
    MockRoundtable,
    Participant,
    Phase,
    PhaseLog,
    StepReview,
)


@dataclass
class PhaseTiming:
    """One phase's time against its target, for the stepper and the reports."""

    phase: Phase
    started_at: datetime | None = None
    ended_at: datetime | None = None
    target_minutes: int | None = None
    seconds: int = 0
    floor_seconds: int = 0  # below this, a finished phase was rushed

    @property
    def label(self) -> str:
        return self.phase.label

    @property
    def minutes(self) -> int:
        return round(self.seconds / 60)

    @property
    def reached(self) -> bool:
        return self.started_at is not None

    @property
    def running(self) -> bool:
        return self.reached and self.ended_at is None

    @property
    def over_seconds(self) -> int:
        if not self.target_minutes:
            return 0
        return max(0, self.seconds - self.target_minutes * 60)

    @property
    def left_seconds(self) -> int:
        if not self.target_minutes:
            return 0
        return max(0, self.target_minutes * 60 - self.seconds)

    @property
    def on_time(self) -> bool:
        """Not over its target (a running phase may still be)."""
        return self.over_seconds == 0

    @property
    def rushed(self) -> bool:
        """Finished in less than the program's share of its target."""
        return self.ended_at is not None and self.seconds < self.floor_seconds

    @property
    def within_pace(self) -> bool:
        return self.on_time and not self.rushed


@dataclass
class ChecklistItem:
    item: int
    text: str
    ticked: bool


@dataclass
class BankItem:
    question: rules.BankQuestion
    asked: bool


@dataclass
class BoardColumn:
    number: int
    text: str
    ideas: list[BrainstormIdea] = field(default_factory=list)


@dataclass
class Console:
    roundtable: MockRoundtable
    participants: list[Participant]
    timings: list[PhaseTiming]
    ticks: set[tuple[str, int]]
    asked: set[str]
    ideas: list[BrainstormIdea]
    steps: list[ActionStep]
    follow_up: FollowUp | None
    reviews: dict[int, StepReview]
    now: datetime

    @property
    def case(self):
        return self.roundtable.case

    @property
    def plan(self):
        return self.roundtable.plan

    @property
    def phase(self) -> Phase:
        return self.roundtable.phase

    def timing(self, phase: str) -> PhaseTiming | None:
        for timing in self.timings:
            if timing.phase == phase:
                return timing
        return None

    @property
    def current_timing(self) -> PhaseTiming | None:
        return self.timing(self.roundtable.state)

    @property
    def elapsed_seconds(self) -> int:
        """Time since the roundtable began, up to the end of Debrief (phases follow
        each other without gaps)."""
        start = self.roundtable.started_at
        if start is None:
            return 0
        debrief = self.timing(Phase.DEBRIEF)
        end = debrief.ended_at if debrief and debrief.ended_at else self.now
        return max(0, int((end - start).total_seconds()))

    def checklist(self, phase: str) -> list[ChecklistItem]:
        return [
            ChecklistItem(f.item, f.text, (phase, f.item) in self.ticks)
            for f in rules.phase_functions(phase, case_type=self.case.case_type)
        ]

    @property
    def bank(self) -> list[BankItem]:
        return [
            BankItem(question, question.id in self.asked)
            for question in rules.bank_questions(self.case)
        ]

    @property
    def board(self) -> list[BoardColumn]:
        texts = self.roundtable.brainstorm_questions or []
        columns = [
            BoardColumn(n, texts[n - 1] if n <= len(texts) else "") for n in range(1, 6)
        ]
        for idea in self.ideas:
            columns[idea.question_number - 1].ideas.append(idea)
        return columns

    @property
    def latest_target_date(self) -> date | None:
        if self.roundtable.roundtable_date is None:
            return None
        return rules.latest_target_date(self.roundtable.roundtable_date)

    @property
    def progress(self) -> rules.Progress:
        used = {idea.question_number for idea in self.ideas}
        reviewed = set(self.reviews)
        return rules.Progress(
            exit_criteria_met=self.plan.exit_criteria_met,
            questions_without_ideas=tuple(n for n in range(1, 6) if n not in used),
            goals_recommended=self.plan.goals_recommended,
            step_count=len(self.steps),
            debrief_written=bool(self.roundtable.debrief_reflections.strip()),
            follow_up_recorded=bool(self.follow_up and self.follow_up.recorded_at),
            steps_without_review=sum(
                1
                for step in self.steps
                if not step.added_at_follow_up and step.pk not in reviewed
            ),
        )

    @property
    def blockers(self) -> list[str]:
        return rules.phase_blockers(self.roundtable.state, self.progress)

    def seat_of(self, user) -> Participant | None:
        for participant in self.participants:
            if participant.user_id == user.pk:
                return participant
        return None


def phase_timings(
    roundtable: MockRoundtable, logs, *, now: datetime
) -> list[PhaseTiming]:
    """One timing per played phase, in order, from the session's phase logs."""
    by_phase = {log.phase: log for log in logs}
    timings = []
    for phase in Phase.played():
        log = by_phase.get(phase)
        if log is None:
            timings.append(
                PhaseTiming(phase, target_minutes=roundtable.phase_targets.get(phase))
            )
            continue
        timings.append(
            PhaseTiming(
                phase,
                started_at=log.started_at,
                ended_at=log.ended_at,
                target_minutes=log.target_minutes,
                seconds=log.seconds(now),
                floor_seconds=rules.under_run_floor_seconds(
                    log.target_minutes, roundtable.under_run_percent
                ),
            )
        )
    return timings


def roundtable_console(
    *, roundtable: MockRoundtable, now: datetime | None = None
) -> Console:
    """The whole state of a session for its pages. ``roundtable`` comes from
    ``permissions.get_roundtable_for_user`` (case, plan and participants loaded)."""
    now = now or timezone.now()
    logs = PhaseLog.objects.filter(roundtable=roundtable)
    timings = phase_timings(roundtable, logs, now=now)
    follow_up = FollowUp.objects.filter(roundtable=roundtable).first()
    reviews = {
        review.step_id: review
        for review in StepReview.objects.filter(follow_up__roundtable=roundtable)
    }
    return Console(
        roundtable=roundtable,
        participants=list(roundtable.participants.all()),
        timings=timings,
        ticks=set(
            ChecklistTick.objects.filter(roundtable=roundtable).values_list(
                "phase", "item"
            )
        ),
        asked=set(
            AskedQuestion.objects.filter(roundtable=roundtable).values_list(
                "question_id", flat=True
            )
        ),
        ideas=list(
            BrainstormIdea.objects.filter(roundtable=roundtable).select_related(
                "offered_by__user"
            )
        ),
        steps=list(
            ActionStep.objects.filter(plan__roundtable=roundtable).select_related(
                "responsible__user", "source_idea"
            )
        ),
        follow_up=follow_up,
        reviews=reviews,
        now=now,
    )
