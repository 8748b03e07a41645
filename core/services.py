"""State changes of the operations layer."""

import re
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_q.models import Schedule

from core.models import SubmissionKey
from core.schedules import PROJECT_APPS, declared_schedules

SUBMISSION_KEY_FIELD = "submission_key"
_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")
SUBMISSION_KEY_DAYS = 1


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


def submission_claim(*, key: str | None) -> bool:
    """Claim a form's one-time key; False if an earlier post already claimed it.
    A post without a well-formed key is always first (nothing to compare)."""
    if not key or not _KEY_SHAPE.fullmatch(key):
        return True
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction goes on
            SubmissionKey.objects.create(key=key)
    except IntegrityError:
        return False
    return True


@contextmanager
def submission_once(request):
    """``with submission_once(request) as first: if first: <add something>``.

    Claims the key the ``{% submission_key %}`` tag put in the form, in one
    transaction with the addition: if the addition is refused, the key is released
    and the corrected form can be posted again. A second post of the same key
    (a double click) waits for the first and then finds the key taken."""
    with transaction.atomic():
        yield submission_claim(key=request.POST.get(SUBMISSION_KEY_FIELD))


def submission_keys_prune(*, now=None) -> int:
    """Forget keys older than a day; nobody double-clicks across a day."""
    cutoff = (now or timezone.now()) - timedelta(days=SUBMISSION_KEY_DAYS)
    deleted, _ = SubmissionKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
