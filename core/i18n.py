"""A person's language: the one the site, their emails and their reminders speak.

Whatever renders text for someone else (an email queued by a request, a reminder
built by the task worker) renders it inside ``speaking(person)``; the page itself
follows the signed-in person's setting, or the visitor's choice or browser."""

from contextlib import AbstractContextManager

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> str | None:
    """``code`` if the site speaks it, else None."""
    return code if code in dict(settings.LANGUAGES) else None


def language_of(person) -> str:
    """The language to address ``person`` in; English for anyone without one."""
    return supported(getattr(person, "language", None)) or "en"


def speaking(person) -> AbstractContextManager:
    """Render inside this to address ``person`` in their language."""
    return translation.override(language_of(person))
