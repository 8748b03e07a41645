"""State changes of the operations layer."""

from django.db import transaction
from django.db.models import Q
from django_q.models import Schedule

from core.schedules import PROJECT_APPS, declared_schedules


@transaction.atomic
def schedules_sync() -> dict:
    """Write the declared schedules; idempotent. Returns counts of what changed.

    Rows keep their ``next_run`` when only their definition changes, and project rows
    that are no longer declared are deleted; schedules made by hand are left alone.
    """
    specs = declared_schedules()
    created = updated = 0
    for spec in specs:
        rows = Schedule.objects.filter(name=spec.name).order_by("pk")
        first = rows.first()
        if first is None:
            Schedule.objects.create(name=spec.name, **spec.defaults())
            created += 1
            continue
        rows.exclude(pk=first.pk).delete()  # name is not unique in django-q2
        changed = False
        for attr, value in spec.defaults().items():
            if getattr(first, attr) != value:
                setattr(first, attr, value)
                changed = True
        if changed:
            first.save()
            updated += 1
    ours = Q()
    for label in PROJECT_APPS:
        ours |= Q(name__startswith=f"{label}.")
    stale = Schedule.objects.filter(ours).exclude(name__in=[s.name for s in specs])
    deleted, _ = stale.delete()
    return {"created": created, "updated": updated, "deleted": deleted}
