from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A person taking a course, by themselves or through a cohort."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        "content.CoursePage", on_delete=models.CASCADE, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        "training.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_lesson = models.ForeignKey(
        "content.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where the trainee left off, to resume there."),
    )

    class Meta:
        verbose_name = _("enrolment")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="enrolment_once_per_course"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.course}"


class CourseCompletion(models.Model):
    """Each time a person completed a course: a refresher taken again in a later
    certification cycle adds a row, the earlier ones stay."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(_("completed"), default=timezone.now)

    class Meta:
        verbose_name = _("course completion")
        ordering = ["-completed_at", "-pk"]
        indexes = [models.Index(fields=["enrolment", "completed_at"])]

    def __str__(self):
        return f"{self.enrolment} on {self.completed_at:%Y-%m-%d}"


class LessonProgress(models.Model):
    """One trainee's time on, and completion of, one lesson."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "content.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    active_seconds = models.PositiveIntegerField(
        _("active time (seconds)"),
        default=0,
        help_text=_("Counted from the trainee's real activity on the page."),
    )
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "lesson"], name="progress_once_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.enrolment.user_id} / lesson {self.lesson_id}"


class KnowledgeCheckAttempt(models.Model):
    """One graded submission of a lesson's knowledge check; retries add attempts."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attempts"
    )
    lesson = models.ForeignKey(
        "content.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    submission_key = models.UUIDField(
        help_text=_("Sent with the form, so a double submit is recorded once.")
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    answers = models.JSONField(
        _("answers"), help_text=_("Question block id → chosen choice ids.")
    )
    correct_count = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        verbose_name = _("knowledge-check attempt")
        ordering = ["submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "submission_key"], name="attempt_once_per_submit"
            )
        ]
        indexes = [models.Index(fields=["enrolment", "lesson"])]

    def __str__(self):
        return f"{self.score}% ({'passed' if self.passed else 'not passed'})"
