"""A learner's saved progress, attempts, completions or enrolment start a new
version of that enrolment's cached lesson pages (training/views/learning.py), so
the next lesson page shows the change at once. Changes made with ``update()`` call
``enrolment_changed`` themselves (training/services/learning.py). Likewise any
change of roles, groups or supervisors starts a new version of everyone's cached
roles and "supervises anyone" (training/roles.py); ``bulk_update`` of supervisors
calls ``people_changed`` itself. Cache bookkeeping only: no domain state is
written here."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core import versioned_cache
from training.roles import PEOPLE_NAMESPACE


def namespace(enrolment_id) -> str:
    return f"learning:{enrolment_id}"


def enrolment_changed(enrolment_id) -> None:
    versioned_cache.bump(namespace(enrolment_id))


def people_changed() -> None:
    versioned_cache.bump(PEOPLE_NAMESPACE)


def _on_group(sender, **kwargs):
    people_changed()


def _on_membership(sender, action, **kwargs):
    if action.startswith("post_"):
        people_changed()


def _on_user_saved(sender, update_fields=None, **kwargs):
    # A new person, or a saved supervisor, may change who supervises anyone; a
    # login (last_login only) or a language change does not.
    if update_fields is None or "supervisor" in update_fields:
        people_changed()


def _on_user_deleted(sender, **kwargs):
    people_changed()


def _on_enrolment(sender, instance, **kwargs):
    enrolment_changed(instance.pk)


def _on_enrolment_row(sender, instance, **kwargs):
    enrolment_changed(instance.enrolment_id)


def connect() -> None:
    # Read when the app is ready: selectors import this module's namespace early.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from training.models import (
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
            _on_enrolment, sender=Enrolment, dispatch_uid=f"learn-e-{id(signal)}"
        )
        for model in (LessonProgress, KnowledgeCheckAttempt, CourseCompletion):
            signal.connect(
                _on_enrolment_row,
                sender=model,
                dispatch_uid=f"learn-{model.__name__}-{id(signal)}",
            )
