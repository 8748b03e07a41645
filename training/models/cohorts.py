from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    """A group taught together by a co-trainer pair: a child-welfare trainer and a
    trainer with lived experience of foster care."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course cohort")
        TRAIN_THE_TRAINER = "train_the_trainer", _("Train-the-trainer cohort")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.COURSE
    )
    course = models.ForeignKey(
        "content.CoursePage",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("course"),
    )
    child_welfare_trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cohorts_as_child_welfare_trainer",
        verbose_name=_("child-welfare trainer"),
    )
    lived_experience_trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="cohorts_as_lived_experience_trainer",
        verbose_name=_("trainer with lived experience"),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CohortMembership",
        related_name="cohorts",
        verbose_name=_("members"),
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cohort")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(
                    child_welfare_trainer=models.F("lived_experience_trainer")
                ),
                name="cohort_pair_is_two_people",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.child_welfare_trainer_id
            and self.child_welfare_trainer_id == self.lived_experience_trainer_id
        ):
            raise ValidationError(_("A co-trainer pair is two different people."))

    def is_led_by(self, user) -> bool:
        return user.pk in (
            self.child_welfare_trainer_id,
            self.lived_experience_trainer_id,
        )


class CohortMembership(models.Model):
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cohort member")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="member_once")
        ]

    def __str__(self):
        return f"{self.user} in {self.cohort}"


class CohortSession(models.Model):
    """A scheduled meeting of a cohort, in a place or online."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=150)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        verbose_name = _("cohort session")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session ends after it starts.")})
        if not self.place and not self.online_url:
            raise ValidationError(_("Give a place, an online link, or both."))


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    session = models.ForeignKey(
        CohortSession, on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="attendance_once")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_status_display()}"
