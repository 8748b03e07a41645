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
