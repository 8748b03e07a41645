"""Reads for the session runner, the projector's room view and the timings on the
cohort page, each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from content import rules as content_rules
from training.models import SegmentTiming
from training.rules import NOT_STARTED, runner_position


@dataclass
class RunnerState:
    rows: list  # content.rules.AgendaRow, one per segment, breaks included
    timings: dict = field(default_factory=dict)  # position -> SegmentTiming
    position: int = NOT_STARTED
    elapsed: int = 0  # seconds into the running segment

    @property
    def lines(self) -> list[tuple]:
        """(agenda row, its timing or None) for every segment of the day."""
        return [(row, self.timings.get(i)) for i, row in enumerate(self.rows)]

    @property
    def started(self) -> bool:
        return self.position != NOT_STARTED

    @property
    def finished(self) -> bool:
        return self.position >= len(self.rows)

    @property
    def current(self):
        return self.rows[self.position] if 0 <= self.position < len(self.rows) else None

    @property
    def following(self):
        index = self.position + 1
        return self.rows[index] if 0 <= index < len(self.rows) else None

    @property
    def seconds_left(self) -> int:
        """Negative once the segment runs over its planned minutes."""
        if self.current is None:
            return 0
        return self.current.segment["minutes"] * 60 - self.elapsed

    @property
    def overrun(self) -> int:
        return max(0, -self.seconds_left)


def runner_state(*, session, now=None) -> RunnerState:
    """Where the session stands (two queries: the plan and the timings)."""
    now = now or timezone.now()
    start = timezone.localtime(session.starts_at).time()
    rows = content_rules.agenda(session.cohort.course.plan(), start)
    timings = list(SegmentTiming.objects.filter(session=session))
    position = runner_position(timings, len(rows))
    by_position = {t.position: t for t in timings}
    running = by_position.get(position)
    elapsed = 0
    if running is not None and running.ended_at is None:
        elapsed = max(0, int((now - running.started_at).total_seconds()))
    return RunnerState(
        rows=rows, timings=by_position, position=position, elapsed=elapsed
    )


def room_payload(state: RunnerState) -> dict:
    """Only what the room may see: the participants' prompt of the running segment."""
    current = state.current
    return {
        "position": state.position,
        "started": state.started,
        "finished": state.finished,
        "title": current.segment["title"] if current else "",
        "kind": current.kind_label if current else "",
        "prompt": current.segment["participants_do"] if current else "",
        "seconds_left": state.seconds_left,
    }


def sessions_with_timings(sessions) -> list:
    """The sessions, each given ``kept_timings`` (one query for all of them)."""
    sessions = list(sessions)
    grouped = defaultdict(list)
    for timing in SegmentTiming.objects.filter(session__in=sessions).order_by(
        "session_id", "position"
    ):
        grouped[timing.session_id].append(timing)
    for session in sessions:
        session.kept_timings = grouped.get(session.pk, [])
    return sessions
