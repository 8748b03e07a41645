"""Lists of cases and sessions, and the record certification shows beside a score."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from simulations.models import (
    ActionPlan,
    ActionStep,
    MockRoundtable,
    Phase,
    PhaseLog,
    SampleCase,
)
from simulations.permissions import cohorts_led_by
from simulations.selectors.console import PhaseTiming, phase_timings
from training.permissions import is_program_staff


def case_list_live():
    """Live cases for a trainee to choose from (one query)."""
    return SampleCase.objects.filter(live=True).order_by("title")


def roundtable_list_for_user(*, user):
    """Sessions the user may open, newest first (one query per page): their own,
    those they sit in, those of cohorts they lead; all of them for program staff."""
    roundtables = MockRoundtable.objects.select_related(
        "case", "facilitator", "cohort"
    ).order_by("-created_at", "-pk")
    if is_program_staff(user):
        return roundtables
    visible = Q(facilitator=user) | Q(participants__user=user)
    led = cohorts_led_by(user)
    visible |= Q(cohort__in=led) | Q(facilitator__memberships__cohort__in=led)
    ids = MockRoundtable.objects.filter(visible).values("pk")
    return roundtables.filter(pk__in=ids)


@dataclass
class RoundtableRecord:
    """A session's phase log and plan, for a page beside a scoring form."""

    roundtable: MockRoundtable
    timings: list[PhaseTiming]
    plan: ActionPlan
    steps: list[ActionStep]

    @property
    def in_room_timings(self) -> list[PhaseTiming]:
        return [t for t in self.timings if t.phase in Phase.in_room()]

    @property
    def total_minutes(self) -> int:
        return round(sum(t.seconds for t in self.in_room_timings) / 60)


def roundtable_phase_log_and_plan(
    *, roundtable_id: int, now: datetime | None = None
) -> RoundtableRecord:
    """Phase times against their targets, the exit criteria, the goals and the
    steps of one session (three queries). Certification calls this for an
    observation of kind "mock" and includes
    ``simulations/includes/phase_log_and_plan.html`` with ``record``. Permission
    checks are the caller's."""
    roundtable = MockRoundtable.objects.select_related(
        "case", "facilitator", "plan"
    ).get(pk=roundtable_id)
    logs = PhaseLog.objects.filter(roundtable=roundtable)
    steps = ActionStep.objects.filter(plan__roundtable=roundtable).select_related(
        "responsible__user"
    )
    return RoundtableRecord(
        roundtable=roundtable,
        timings=phase_timings(roundtable, logs, now=now or timezone.now()),
        plan=roundtable.plan,
        steps=list(steps),
    )
