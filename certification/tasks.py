"""django-q2 entry points of the certification layer. Each calls a service; each is
safe to retry or to run twice (see services.sweep and services.reminders)."""

from datetime import date


def sweep(today: str | None = None) -> str:
    """The daily sweep; ``today`` (YYYY-MM-DD) replays a given day."""
    from certification.services.sweep import sweep as run

    report = run(today=date.fromisoformat(today) if today else None)
    return str(report)


def weekly_digest(today: str | None = None) -> int:
    from certification.services.reminders import weekly_digest as send

    return send(today=date.fromisoformat(today) if today else None)
