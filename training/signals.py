"""A learner's saved progress, attempts, completions or enrolment start a new
version of that enrolment's cached lesson pages (training/views/learning.py), so
the next lesson page shows the change at once. Changes made with ``update()`` call
``enrolment_changed`` themselves (training/services/learning.py). Cache bookkeeping
only: no domain state is written here."""

from django.db.models.signals import post_delete, post_save

from core import versioned_cache


def namespace(enrolment_id) -> str:
    return f"learning:{enrolment_id}"


def enrolment_changed(enrolment_id) -> None:
    versioned_cache.bump(namespace(enrolment_id))


def _on_enrolment(sender, instance, **kwargs):
    enrolment_changed(instance.pk)


def _on_enrolment_row(sender, instance, **kwargs):
    enrolment_changed(instance.enrolment_id)


def connect() -> None:
    # Read when the app is ready: selectors import this module's namespace early.
    from training.models import (
        CourseCompletion,
        Enrolment,
        KnowledgeCheckAttempt,
        LessonProgress,
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
