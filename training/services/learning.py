"""State changes of learning: enrolment, lesson visits and completion, real time on
a lesson, and knowledge-check attempts graded on the server."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from content.models import LessonPage
from training.models import (
    CourseCompletion,
    Enrolment,
    KnowledgeCheckAttempt,
    LessonProgress,
)
from training.progress import course_structure, lesson_states, summarise
from training.rules import check_passed, check_questions, grade, score_percent
from training.signals import enrolment_changed

# One activity ping never adds more than this, whatever the browser claims.
ACTIVITY_PING_MAX_SECONDS = 60


@transaction.atomic
def enrolment_create(*, user, course, cohort=None) -> Enrolment:
    """Enrol someone in a course, by themselves (where the course allows it) or
    through a cohort. Idempotent: an existing enrolment is returned, and gains the
    cohort if it had none."""
    if cohort is not None and cohort.course_id != course.pk:
        raise ValidationError(_("This cohort studies a different course."))
    existing = Enrolment.objects.filter(user=user, course=course).first()
    if existing is not None:
        if cohort is not None and existing.cohort_id is None:
            existing.cohort = cohort
            existing.save(update_fields=["cohort"])
        return existing
    if not course.live:
        raise ValidationError(_("This course is not open for enrolment."))
    if cohort is None and not course.self_enrol:
        raise ValidationError(
            _(
                "You join this course through a cohort; the program staff will "
                "enrol you."
            )
        )
    enrolment = Enrolment(user=user, course=course, cohort=cohort)
    # The unique constraint is enforced by the database below, not by a query.
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:  # a concurrent request enrolled them first
        return Enrolment.objects.get(user=user, course=course)
    return enrolment


def _check_lesson_belongs(enrolment, lesson) -> None:
    """A live lesson under the enrolment's course (no query: tree paths nest)."""
    if (
        not isinstance(lesson, LessonPage)
        or not lesson.live
        or not lesson.path.startswith(enrolment.course.path)
    ):
        raise ValidationError(_("This lesson is not part of your course."))


def _structure_with(enrolment, lesson):
    """The live course structure, refusing lessons that are not in it."""
    _check_lesson_belongs(enrolment, lesson)
    structure = course_structure(enrolment.course)
    if not any(info.id == lesson.pk for m in structure for info in m.lessons):
        raise ValidationError(_("This lesson is not part of your course."))
    return structure


def _progress(enrolment, lesson) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(
        enrolment=enrolment, lesson=lesson
    )
    return progress


def _set_last_lesson(enrolment, lesson) -> None:
    if enrolment.last_lesson_id != lesson.pk:
        Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lesson)
        enrolment.last_lesson = lesson
        enrolment_changed(enrolment.pk)


def _mark_complete(enrolment, lesson) -> LessonProgress:
    """Set completed_at the first time only, even under concurrent requests."""
    progress = _progress(enrolment, lesson)
    if progress.completed_at is None:
        now = timezone.now()
        if LessonProgress.objects.filter(
            pk=progress.pk, completed_at__isnull=True
        ).update(completed_at=now):
            progress.completed_at = now
            enrolment_changed(enrolment.pk)
        else:
            progress.refresh_from_db(fields=["completed_at"])
    return progress


def _record_course_completion(enrolment, structure) -> None:
    """Record the date the whole course became complete, once per time it is
    taken: the enrolment holds the latest date, ``CourseCompletion`` every one."""
    if enrolment.completed_at is not None:
        return
    states = lesson_states(enrolment_ids=[enrolment.pk])[enrolment.pk]
    if summarise(structure, states).complete:
        now = timezone.now()
        if Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(
            completed_at=now
        ):
            enrolment_changed(enrolment.pk)
            CourseCompletion.objects.create(enrolment=enrolment, completed_at=now)
        enrolment.completed_at = now


@transaction.atomic
def enrolment_retake(*, enrolment, user) -> Enrolment:
    """Take a completed course again (a refresher, in a later certification cycle).

    The lessons become to-do again; the earlier completion stays in the history,
    with its knowledge-check attempts, and finishing again records a new one."""
    if enrolment.user_id != user.pk:
        raise ValidationError(_("Only the learner can take their course again."))
    if enrolment.completed_at is None:
        raise ValidationError(
            _("Finish this course first; you can take it again once it is complete.")
        )
    LessonProgress.objects.filter(enrolment=enrolment).update(completed_at=None)
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=None)
    enrolment_changed(enrolment.pk)
    enrolment.completed_at = None
    return enrolment


@transaction.atomic
def lesson_visit(*, enrolment, lesson) -> LessonProgress:
    """Note that the learner opened a lesson, so they can resume there."""
    _check_lesson_belongs(enrolment, lesson)
    progress = _progress(enrolment, lesson)
    _set_last_lesson(enrolment, lesson)
    return progress


@transaction.atomic
def lesson_complete(*, enrolment, lesson) -> LessonProgress:
    """Mark a lesson done (the first date stands) and record the course's
    completion when this was the last thing left."""
    structure = _structure_with(enrolment, lesson)
    progress = _mark_complete(enrolment, lesson)
    _set_last_lesson(enrolment, lesson)
    _record_course_completion(enrolment, structure)
    return progress


@transaction.atomic
def lesson_activity_record(*, enrolment, lesson, seconds) -> LessonProgress:
    """Add seconds of real activity reported by the lesson page, capped per ping.
    F() adds in the database, so two open tabs never overwrite each other."""
    _check_lesson_belongs(enrolment, lesson)
    try:
        seconds = int(seconds)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            _("Active time must be a whole number of seconds.")
        ) from exc
    if seconds < 0:
        raise ValidationError(_("Active time cannot be negative."))
    seconds = min(seconds, ACTIVITY_PING_MAX_SECONDS)
    progress = _progress(enrolment, lesson)
    LessonProgress.objects.filter(pk=progress.pk).update(
        active_seconds=F("active_seconds") + seconds, last_activity_at=timezone.now()
    )
    progress.refresh_from_db(fields=["active_seconds", "last_activity_at"])
    return progress


def _chosen(questions, answers) -> dict[str, set[str]]:
    """Validate submitted answers against the live lesson's own ids."""
    if not isinstance(answers, dict):
        raise ValidationError(_("The answers could not be read."))
    by_id = {question.id: question for question in questions}
    if set(answers) - set(by_id):
        raise ValidationError(
            _(
                "Some answers do not belong to this knowledge check. Reload the "
                "page and answer again."
            ),
            code="tampered",
        )
    chosen = {}
    for question in questions:
        raw = answers.get(question.id) or []
        ids = {raw} if isinstance(raw, str) else set(raw)
        if not ids:
            raise ValidationError(
                _("Answer every question before you submit."), code="unanswered"
            )
        if not ids <= question.choice_ids:
            raise ValidationError(
                _(
                    "Some answers do not belong to this knowledge check. Reload "
                    "the page and answer again."
                ),
                code="tampered",
            )
        if not question.multiple and len(ids) != 1:
            raise ValidationError(
                _("Choose one answer to each single-answer question."),
                code="one_answer",
            )
        chosen[question.id] = ids
    return chosen


def _submission_key(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationError(
            _("This form has expired. Reload the page and try again.")
        ) from exc


@transaction.atomic
def knowledge_check_submit(
    *, enrolment, lesson, answers: dict[str, list[str]], submission_key
) -> KnowledgeCheckAttempt:
    """Grade a knowledge check from the live lesson and record the attempt.

    The same submission_key returns the first attempt and records nothing new, so a
    double submit counts once. Retries are new attempts. Passing also completes the
    lesson, since the check shows its work was done.
    """
    structure = _structure_with(enrolment, lesson)
    key = _submission_key(submission_key)
    earlier = KnowledgeCheckAttempt.objects.filter(
        enrolment=enrolment, submission_key=key
    ).first()
    if earlier is not None:
        if earlier.lesson_id != lesson.pk:
            raise ValidationError(_("This form has expired. Reload the page."))
        return earlier
    questions = check_questions(lesson)
    if not questions:
        raise ValidationError(_("This lesson has no knowledge check."))
    chosen = _chosen(questions, answers)
    correct = sum(result.right for result in grade(questions, chosen))
    score = score_percent(correct, len(questions))
    attempt = KnowledgeCheckAttempt(
        enrolment=enrolment,
        lesson=lesson,
        submission_key=key,
        answers={
            q.id: [c.id for c in q.choices if c.id in chosen[q.id]] for q in questions
        },
        correct_count=correct,
        question_count=len(questions),
        score=score,
        passed=check_passed(correct, len(questions), enrolment.course.pass_mark),
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # the same form, submitted concurrently
        return KnowledgeCheckAttempt.objects.get(
            enrolment=enrolment, submission_key=key
        )
    if attempt.passed:
        _mark_complete(enrolment, lesson)
    _set_last_lesson(enrolment, lesson)
    _record_course_completion(enrolment, structure)
    return attempt
