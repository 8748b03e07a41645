"""Schedules are declared in code, one list per app, and written by ``sync_schedules``.

Each app may have a ``schedules.py`` with ``SCHEDULES = [ScheduleSpec(...)]``; names are
``<app>.<job>`` so the sync can tell our rows from any made by hand.
"""

from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django_q.models import Schedule

PROJECT_APPS = ("core", "content", "training", "simulations", "certification")


@dataclass(frozen=True)
class ScheduleSpec:
    name: str
    func: str
    schedule_type: str
    minutes: int | None = None
    cron: str | None = None
    kwargs: str | None = None  # django-q2 stores keyword arguments as text

    def defaults(self) -> dict:
        return {
            "func": self.func,
            "schedule_type": self.schedule_type,
            "minutes": self.minutes,
            "cron": self.cron,
            "kwargs": self.kwargs,
            "repeats": -1,
        }


SCHEDULES = [
    # Every minute: proves a worker is alive (read by /health/).
    ScheduleSpec(
        name="core.heartbeat",
        func="core.tasks.heartbeat",
        schedule_type=Schedule.MINUTES,
        minutes=1,
    ),
    # Every minute: send emails whose first try failed or whose task was lost.
    ScheduleSpec(
        name="core.outbox_retry",
        func="core.tasks.outbox_send",
        schedule_type=Schedule.MINUTES,
        minutes=1,
    ),
    # Daily at 03:17: forget one-time form keys older than a day.
    ScheduleSpec(
        name="core.submission_keys_prune",
        func="core.tasks.submission_keys_prune",
        schedule_type=Schedule.CRON,
        cron="17 3 * * *",
    ),
]


def declared_schedules() -> list[ScheduleSpec]:
    """Every schedule declared by the project's apps, in layer order."""
    specs = []
    for label in PROJECT_APPS:
        if not apps.is_installed(label):
            continue
        try:
            module = import_module(f"{label}.schedules")
        except ModuleNotFoundError:
            continue
        specs.extend(getattr(module, "SCHEDULES", []))
    names = [spec.name for spec in specs]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:
        raise ValueError(f"Schedule names declared twice: {sorted(duplicates)}")
    return specs
