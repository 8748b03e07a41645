from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ObservationKind(models.TextChoices):
    MOCK = "mock", _("Mock roundtable")
    OBSERVED = "observed", _("Observed live roundtable")
    CO_FACILITATED = "co_facilitated", _("Co-facilitated roundtable")
    LEAD_FACILITATED = "lead_facilitated", _("Lead-facilitated roundtable")


class Observation(models.Model):
    """A co-trainer pair watching a trainee facilitate, scored on one rubric version.

    Each rater fills their own score sheet; once both are in, the pair reconcile into
    the final sheet, which is released to the trainee."""

    class Status(models.TextChoices):
        SCORING = "scoring", _("Raters scoring")
        RECONCILING = "reconciling", _("Reconciling")
        RELEASED = "released", _("Released")

    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("trainee"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ObservationKind.choices)
    rubric = models.ForeignKey(
        "certification.Rubric", on_delete=models.PROTECT, related_name="observations"
    )
    cohort = models.ForeignKey(
        "training.Cohort",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
        help_text=_("The cohort whose co-trainers observe."),
    )
    mock_roundtable = models.ForeignKey(
        "simulations.MockRoundtable",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="observations",
    )
    live_date = models.DateField(
        _("date of the live roundtable"), null=True, blank=True
    )
    live_agency = models.CharField(_("agency"), max_length=150, blank=True)
    live_case_reference = models.CharField(
        _("case reference"),
        max_length=40,
        blank=True,
        help_text=_("Initials or a case number only. No child's name belongs here."),
    )
    youth_centered = models.BooleanField(_("youth-centered roundtable"), default=False)
    subsequent = models.BooleanField(_("subsequent roundtable"), default=False)
    rater_a = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("first rater"),
    )
    rater_b = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("second rater"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCORING
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    mean_score = models.DecimalField(
        _("mean score"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    reobservation_required = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("observation")
        ordering = ["-opened_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(rater_a=models.F("rater_b")),
                name="observation_two_raters",
            ),
            models.CheckConstraint(
                condition=~models.Q(trainee=models.F("rater_a"))
                & ~models.Q(trainee=models.F("rater_b")),
                name="observation_raters_not_trainee",
            ),
        ]
        indexes = [models.Index(fields=["trainee", "kind", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.trainee} ({self.opened_at:%Y-%m-%d})"

    def is_rater(self, user) -> bool:
        return user.pk in (self.rater_a_id, self.rater_b_id)


class ScoreSheet(models.Model):
    """One rater's scores for an observation, or the pair's reconciled final sheet.

    ``version`` rises with every save; a save that names an older version is refused,
    so a second tab or a reconnecting phone never overwrites newer work."""

    class Kind(models.TextChoices):
        RATER = "rater", _("Rater's sheet")
        FINAL = "final", _("Final sheet")

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="sheets"
    )
    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.RATER)
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="score_sheets",
        help_text=_("Empty on the final sheet."),
    )
    version = models.PositiveIntegerField(default=1)
    strengths = models.TextField(_("strengths"), blank=True)
    growth_areas = models.TextField(_("growth areas"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "rater"],
                condition=models.Q(kind="rater"),
                name="one_sheet_per_rater",
            ),
            models.UniqueConstraint(
                fields=["observation"],
                condition=models.Q(kind="final"),
                name="one_final_sheet",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.observation_id}"


class ItemScore(models.Model):
    """A level 1–4 (or N/A) and a behavioural comment for one rubric item."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        "certification.RubricItem", on_delete=models.PROTECT, related_name="+"
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(_("N/A"), default=False)
    comment = models.TextField(_("behavioural comment"), blank=True)

    class Meta:
        verbose_name = _("item score")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "item"], name="one_score_per_item"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=1, level__lte=4),
                name="level_on_the_scale",
            ),
            models.CheckConstraint(
                condition=~models.Q(not_applicable=True, level__isnull=False),
                name="na_has_no_level",
            ),
        ]

    def __str__(self):
        return "N/A" if self.not_applicable else str(self.level or "–")


class ScoreChange(models.Model):
    """Audit trail: every change to a submitted or final score, with its reason."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="changes"
    )
    item = models.ForeignKey(
        "certification.RubricItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField(max_length=30)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score change")
        ordering = ["changed_at"]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class DevelopmentPlan(models.Model):
    """Opened when a critical item scores below 3; the trainee is observed again in
    the same kind of roundtable."""

    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, related_name="development_plan"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("development plan")

    def __str__(self):
        return f"Development plan for {self.observation}"


class DevelopmentGoal(models.Model):
    """A SMART goal of a development plan, with the date it is due."""

    plan = models.ForeignKey(
        DevelopmentPlan, on_delete=models.CASCADE, related_name="goals"
    )
    goal = models.TextField(_("goal"))
    due_on = models.DateField(_("due"))
    met_at = models.DateTimeField(_("met"), null=True, blank=True)

    class Meta:
        verbose_name = _("development goal")
        ordering = ["due_on"]

    def __str__(self):
        return self.goal[:60]
