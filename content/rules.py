"""Pure rules of the curriculum: reading time from words, the length of a delivery
plan, and an agenda with clock times. No queries; pages and PDFs share them."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from html import unescape

from django.utils.translation import gettext_lazy as _

READING_WORDS_PER_MINUTE = 200
SECONDS_PER_QUESTION = 45

PRESENTATION, DISCUSSION, ACTIVITY, ROLE_PLAY = (
    "presentation",
    "discussion",
    "activity",
    "role_play",
)
STORY, VIDEO, KNOWLEDGE_CHECK, BREAK = ("story", "video", "knowledge_check", "break")
SEGMENT_KINDS = [
    (PRESENTATION, _("Presentation")),
    (DISCUSSION, _("Discussion")),
    (ACTIVITY, _("Activity")),
    (ROLE_PLAY, _("Role-play")),
    (STORY, _("Lived-experience story")),
    (VIDEO, _("Video")),
    (KNOWLEDGE_CHECK, _("Knowledge check")),
    (BREAK, _("Break")),
]
CHILD_WELFARE, LIVED_EXPERIENCE, BOTH = "child_welfare", "lived_experience", "both"
LEADS = [
    (CHILD_WELFARE, _("Child-welfare trainer")),
    (LIVED_EXPERIENCE, _("Trainer with lived experience")),
    (BOTH, _("Both trainers")),
]
KIND_LABELS = dict(SEGMENT_KINDS)
LEAD_LABELS = dict(LEADS)

_TAGS = re.compile(r"<[^>]+>")


def _texts(value):
    """Every string inside raw StreamField data, whatever its nesting."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if key not in ("type", "id"):
                yield from _texts(item)
    elif isinstance(value, Iterable):  # lists and StreamField's raw-data views
        for item in value:
            yield from _texts(item)


def word_count(raw_stream) -> int:
    return sum(
        len(unescape(_TAGS.sub(" ", text)).split()) for text in _texts(raw_stream)
    )


def reading_minutes(raw_body, raw_questions=()) -> int:
    """Self-paced time for a lesson: its words at 200 a minute plus 45 seconds a
    question, rounded up, never under one minute."""
    seconds = word_count(raw_body) * 60 / READING_WORDS_PER_MINUTE
    seconds += len(list(raw_questions or [])) * SECONDS_PER_QUESTION
    return max(1, -(-int(seconds) // 60))


def counts(segment) -> bool:
    """Breaks and lunch are on the agenda but are not instruction."""
    return segment["kind"] != BREAK


def instruction_minutes(segments) -> int:
    return sum(s["minutes"] for s in segments if counts(s))


def minutes_by_lead(segments) -> dict[str, int]:
    """Instruction minutes each lead carries; "both" counts for both trainers."""
    totals = {CHILD_WELFARE: 0, LIVED_EXPERIENCE: 0, BOTH: 0}
    for segment in segments:
        if counts(segment):
            totals[segment["lead"]] += segment["minutes"]
    return totals


@dataclass
class AgendaRow:
    module: str
    segment: dict
    starts: time
    ends: time

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.segment["kind"], self.segment["kind"]))

    @property
    def lead_label(self) -> str:
        return str(LEAD_LABELS.get(self.segment["lead"], self.segment["lead"]))


def parse_start(text: str | None, default: time = time(9, 0)) -> time:
    """A start time from "HH:MM"; anything else is the default (9:00)."""
    try:
        return datetime.strptime((text or "").strip(), "%H:%M").time()
    except ValueError:
        return default


def agenda(modules, start: time) -> list[AgendaRow]:
    """Clock times for every segment of ``modules`` ([(title, [segment, ...])]) in
    order from ``start``, breaks included."""
    clock = datetime.combine(datetime(2000, 1, 1), start)
    rows = []
    for title, segments in modules:
        for segment in segments:
            ends = clock + timedelta(minutes=segment["minutes"])
            rows.append(AgendaRow(title, segment, clock.time(), ends.time()))
            clock = ends
    return rows
