"""A learner's saved progress, attempts, completions or enrolment start a new
version of that enrolment's cached lesson pages (training/views/learning.py) and
of everyone's progress (the cohort grid's kept rows and totals), so the next
page shows the change at once; so does a cohort's membership for its grid.
Changes made with ``update()`` call ``enrolment_changed`` themselves
(training/services/learning.py). Likewise any change of a person's roles or of
who they supervise starts a new version of their cached roles and "supervises
anyone" (training/roles.py), a renamed or deleted group everyone's;
``bulk_update`` of supervisors calls ``person_changed`` itself. Cache
bookkeeping only: no domain state is written here."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import versioned_cache
from training.roles import PEOPLE_NAMESPACE, person_namespace

# Any learner's progress (for the cohort grid's kept rows and totals), and a
# cohort's members.
PROGRESS_NAMESPACE = "progress"


def namespace(enrolment_id) -> str:
    return f"learning:{enrolment_id}"


def cohort_namespace(cohort_id) -> str:
    return f"cohort:{cohort_id}"


def enrolment_changed(enrolment_id) -> None:
    versioned_cache.bump(namespace(enrolment_id))
    versioned_cache.bump(PROGRESS_NAMESPACE)


def _on_membership_row(sender, instance, **kwargs):
    versioned_cache.bump(cohort_namespace(instance.cohort_id))


def people_changed() -> None:
    """Everyone's roles and teams may have changed (a group renamed or deleted)."""
    versioned_cache.bump(PEOPLE_NAMESPACE)


def person_changed(*user_pks) -> None:
    """These people's roles or teams changed (None is nobody)."""
    for pk in set(user_pks) - {None}:
        versioned_cache.bump(person_namespace(pk))


def _on_group(sender, created=False, **kwargs):
    if not created:  # a new group has nobody in it yet
        people_changed()


def _on_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if not reverse:  # person.groups.add(...)
        person_changed(instance.pk)
    elif pk_set is not None:  # group.user_set.add(...)
        person_changed(*pk_set)
    else:  # group.user_set.clear(): who was in it is gone
        people_changed()


def _on_user_saved(sender, instance, created, update_fields=None, **kwargs):
    """A new supervisor changes whether the old and the new one have a team."""
    if update_fields is not None and "supervisor" not in update_fields:
        return
    after = instance.supervisor_id
    if created:
        person_changed(after)
    elif not hasattr(instance, "_loaded_supervisor_id"):
        people_changed()  # not known what it was
    elif instance._loaded_supervisor_id != after:
        person_changed(instance._loaded_supervisor_id, after)
    instance._loaded_supervisor_id = after


def _on_user_deleted(sender, instance, **kwargs):
    person_changed(instance.pk, instance.supervisor_id)


def _on_enrolment(sender, instance, **kwargs):
    enrolment_changed(instance.pk)


def _on_enrolment_row(sender, instance, **kwargs):
    enrolment_changed(instance.enrolment_id)


def connect() -> None:
    # Read when the app is ready: selectors import this module's namespace early.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from training.models import (
        CohortMembership,
        CourseCompletion,
        Enrolment,
        KnowledgeCheckAttempt,
        LessonProgress,
    )

    user_model = get_user_model()
    m2m_changed.connect(
        _on_membership, sender=user_model.groups.through, dispatch_uid="people-groups"
    )
    post_save.connect(_on_group, sender=Group, dispatch_uid="people-group-saved")
    post_delete.connect(_on_group, sender=Group, dispatch_uid="people-group-gone")
    post_save.connect(_on_user_saved, sender=user_model, dispatch_uid="people-saved")
    post_delete.connect(
        _on_user_deleted, sender=user_model, dispatch_uid="people-deleted"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _on_membership_row,
            sender=CohortMembership,
            dispatch_uid=f"cohort-members-{id(signal)}",
        )
        signal.connect(
            _on_enrolment, sender=Enrolment, dispatch_uid=f"learn-e-{id(signal)}"
        )
        for model in (LessonProgress, KnowledgeCheckAttempt, CourseCompletion):
            signal.connect(
                _on_enrolment_row,
                sender=model,
                dispatch_uid=f"learn-{model.__name__}-{id(signal)}",
            )
