"""django-q2 entry points of the certification layer. Each calls a service; each is
safe to retry or to run twice (see services.sweep and services.reminders)."""

from datetime import date

from django.utils import timezone


def _day(today: str | date | None) -> date | None:
    return date.fromisoformat(today) if isinstance(today, str) else today


def sweep(today: str | None = None) -> str:
    """The daily sweep; ``today`` (YYYY-MM-DD) replays a given day."""
    # Imported when the task runs, as every task does (STYLE 7.3): the worker loads
    # this module by its dotted path, and the service's imports stay out of it.
    from certification.services.sweep import sweep as run
    from certification.signals import certifications_changed

    report = run(today=_day(today))
    certifications_changed()  # states moved in bulk: refresh the dashboard's counts
    return str(report)


def weekly_digest(today: str | date | None = None) -> int:
    """The staff digest, once per ISO week: the task, not the service, reads the
    dashboard's selector, so services never import selectors."""
    # Imported when the task runs, as above.
    from certification.selectors.dashboard import digest
    from certification.services import reminders

    today = _day(today) or timezone.localdate()
    if not reminders.digest_claim(today=today):
        return 0
    return reminders.weekly_digest(today=today, data=digest(today=today))


def reminder_emails(ids: list[int], today: str) -> int:
    """Render and queue the emails of one sweep batch's reminders (exactly once:
    see services.reminders)."""
    from certification.services.reminders import reminder_emails as send

    return send(ids=ids, today=date.fromisoformat(today))
