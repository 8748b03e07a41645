"""django-q2 entry points of the certification layer. Each calls a service; each is
safe to retry or to run twice (see services.sweep and services.reminders)."""

from datetime import date


def sweep(today: str | None = None) -> str:
    """The daily sweep; ``today`` (YYYY-MM-DD) replays a given day."""
    # Imported when the task runs, as every task does (STYLE 7.3): the worker loads
    # this module by its dotted path, and the service's imports stay out of it.
    from certification.services.sweep import sweep as run
    from certification.signals import certifications_changed

    report = run(today=date.fromisoformat(today) if today else None)
    certifications_changed()  # states moved in bulk: refresh the dashboard's counts
    return str(report)


def weekly_digest(today: str | None = None) -> int:
    # Imported when the task runs, as above.
    from certification.services.reminders import weekly_digest as send

    return send(today=date.fromisoformat(today) if today else None)
