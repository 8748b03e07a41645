import pytest
from croniter import croniter
from django.core.management import call_command
from django.utils import timezone
from django.utils.module_loading import import_string
from django_q.models import Schedule

from core.models import WorkerHeartbeat
from core.schedules import declared_schedules

pytestmark = pytest.mark.django_db


def _rows():
    return list(
        Schedule.objects.order_by("name").values_list(
            "name", "func", "schedule_type", "minutes", "cron", "kwargs"
        )
    )


def test_sync_twice_leaves_the_same_rows():
    call_command("sync_schedules")
    first = _rows()
    call_command("sync_schedules")

    assert _rows() == first
    assert [name for name, *_ in first] == sorted(s.name for s in declared_schedules())


def test_every_declared_schedule_points_at_a_real_task_and_parses():
    specs = declared_schedules()

    assert len({s.name for s in specs}) == len(specs)
    for spec in specs:
        assert callable(import_string(spec.func))
        assert spec.name.split(".")[0] in spec.func
        if spec.cron:
            assert croniter.is_valid(spec.cron)


def test_sync_removes_stale_project_rows_and_keeps_hand_made_ones():
    Schedule.objects.create(name="core.retired_job", func="core.tasks.heartbeat")
    Schedule.objects.create(name="made by hand", func="core.tasks.heartbeat")

    call_command("sync_schedules")

    names = set(Schedule.objects.values_list("name", flat=True))
    assert "core.retired_job" not in names
    assert "made by hand" in names


def test_sync_folds_duplicate_rows_of_one_name():
    call_command("sync_schedules")
    Schedule.objects.create(name="core.heartbeat", func="core.tasks.heartbeat")

    call_command("sync_schedules")

    assert Schedule.objects.filter(name="core.heartbeat").count() == 1


def test_a_scheduler_tick_runs_the_heartbeat_and_moves_next_run():
    from django_q.brokers import get_broker
    from django_q.scheduler import scheduler

    call_command("sync_schedules")
    beat = Schedule.objects.get(name="core.heartbeat")
    beat.next_run = timezone.now() - timezone.timedelta(minutes=1)
    beat.save()

    scheduler(broker=get_broker())

    beat.refresh_from_db()
    assert beat.next_run > timezone.now()
    assert WorkerHeartbeat.objects.filter(pk=1).exists()
