"""Schedules of the certification layer, written by ``manage.py sync_schedules``.
Cron times are in the program's time zone (``Q_CLUSTER["time_zone"]``)."""

from django_q.models import Schedule

from core.schedules import ScheduleSpec

SCHEDULES = [
    # Every day at 02:15: states move by date, met requirements advance, reminders
    # go out. Early, so the day's reminders are in inboxes by morning.
    ScheduleSpec(
        name="certification.sweep",
        func="certification.tasks.sweep",
        schedule_type=Schedule.CRON,
        cron="15 2 * * *",
    ),
    # Mondays at 07:00: the weekly digest to program staff.
    ScheduleSpec(
        name="certification.weekly_digest",
        func="certification.tasks.weekly_digest",
        schedule_type=Schedule.CRON,
        cron="0 7 * * 1",
    ),
    # Every day at 02:45: raters whose calibration ends soon are reminded (once per
    # calibration and offset).
    ScheduleSpec(
        name="certification.calibration_reminders",
        func="certification.services.calibration_reminders.run",
        schedule_type=Schedule.CRON,
        cron="45 2 * * *",
    ),
]
