"""Calibration of raters against expert ("gold") scores.

Program staff mark a reconciled mock-roundtable observation as a gold standard and
set the expert level and rationale of each item. A co-trainer then scores that
roundtable alone on a ``CalibrationSheet``; its agreement with gold, against the
program's threshold, decides whether the rater is calibrated and until when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class GoldStandard(models.Model):
    """A released mock-roundtable observation whose levels are the program's answer."""

    observation = models.OneToOneField(
        "certification.Observation", on_delete=models.PROTECT, related_name="gold"
    )
    program = models.ForeignKey(
        "certification.CertificationProgram",
        on_delete=models.CASCADE,
        related_name="gold_standards",
        help_text=_("The program whose raters calibrate on this session."),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(default=timezone.now)
    retired = models.BooleanField(
        _("retired"), default=False, help_text=_("No longer offered to raters.")
    )

    class Meta:
        verbose_name = _("gold-standard session")
        ordering = ["-marked_at", "-pk"]

    def __str__(self):
        return f"Gold standard: {self.observation}"


class GoldItem(models.Model):
    """The expert level (or N/A) of one rubric item, and why."""

    gold = models.ForeignKey(
        GoldStandard, on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        "certification.RubricItem", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    rationale = models.TextField(_("rationale"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gold", "item"], name="one_gold_per_item"),
            models.CheckConstraint(
                condition=(
                    models.Q(level__isnull=True, not_applicable=True)
                    | models.Q(level__gte=1, level__lte=4, not_applicable=False)
                ),
                name="gold_level_or_na",
            ),
        ]

    def __str__(self):
        return "N/A" if self.not_applicable else str(self.level)


class CalibrationSheet(models.Model):
    """One co-trainer's blind scoring of a gold session, and what it decided."""

    gold = models.ForeignKey(
        GoldStandard, on_delete=models.PROTECT, related_name="sheets"
    )
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    strengths = models.TextField(blank=True)
    growth_areas = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    scored_items = models.PositiveSmallIntegerField(default=0)
    exact = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    adjacent = models.DecimalField(
        max_digits=4, decimal_places=3, null=True, blank=True
    )
    kappa = models.DecimalField(max_digits=4, decimal_places=3, null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)
    valid_until = models.DateField(_("calibrated until"), null=True, blank=True)

    class Meta:
        verbose_name = _("calibration sheet")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gold", "rater"], name="one_calibration_per_gold"
            ),
        ]
        indexes = [models.Index(fields=["rater", "passed", "valid_until"])]

    def __str__(self):
        return f"Calibration of {self.rater} on {self.gold_id}"


class CalibrationScore(models.Model):
    sheet = models.ForeignKey(
        CalibrationSheet, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        "certification.RubricItem", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "item"], name="one_calibration_score_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=1, level__lte=4),
                name="calibration_level_on_scale",
            ),
        ]

    def __str__(self):
        return "N/A" if self.not_applicable else str(self.level or "–")


class CalibrationReminder(models.Model):
    """A reminder sent before a calibration expires: the unique key makes it once
    per (calibration, offset), however often the task runs."""

    sheet = models.ForeignKey(
        CalibrationSheet, on_delete=models.CASCADE, related_name="reminders"
    )
    offset_days = models.SmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "offset_days"], name="one_calibration_reminder"
            ),
        ]

    def __str__(self):
        return f"Calibration reminder {self.offset_days} days before"
