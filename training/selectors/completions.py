"""What layers above training say about a course completion (certification: which
cycle it counted for), gathered through the ``course_completion_notes`` Wagtail
hook, so training never imports them. A hook takes ``user`` and ``completions``
(a list of ``(course id, completed at)``) and returns a dict from those pairs to
a sentence."""

from datetime import datetime

from wagtail import hooks


def completion_notes(*, user, completions: list[tuple[int, datetime]]) -> dict:
    notes = {}
    for hook in hooks.get_hooks("course_completion_notes"):
        notes.update(hook(user=user, completions=completions))
    return notes


def completions_noted(*, user, course, completions: list[datetime]) -> list[tuple]:
    """Each completion of ``course`` (newest first) with its note, or ""."""
    notes = completion_notes(
        user=user, completions=[(course.pk, at) for at in completions]
    )
    return [(at, notes.get((course.pk, at), "")) for at in completions]


def note_cards(*, user, cards) -> None:
    """Give each My learning card whose course is completed the note for that
    completion (one hook call for all of them)."""
    done = [
        (card.course.pk, card.enrolment.completed_at)
        for card in cards
        if card.enrolment is not None and card.enrolment.completed_at
    ]
    notes = completion_notes(user=user, completions=done)
    for card in cards:
        if card.enrolment is not None and card.enrolment.completed_at:
            key = (card.course.pk, card.enrolment.completed_at)
            card.completion_note = notes.get(key, "")
