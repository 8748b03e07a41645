from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simulations.models.enums import (
    GOAL_OF_RECORD_CHOICES,
    BarrierCategory,
    Goal,
    GoalType,
    Rating,
    Restrictiveness,
    StepStatus,
)


class BrainstormIdea(models.Model):
    """An idea put on the board under one of the five key questions."""

    roundtable = models.ForeignKey(
        "simulations.MockRoundtable", on_delete=models.CASCADE, related_name="ideas"
    )
    question_number = models.PositiveSmallIntegerField(_("key question"))
    text = models.TextField(_("idea"), max_length=1000)
    offered_by = models.ForeignKey(
        "simulations.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        verbose_name=_("offered by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("brainstorm idea")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question_number__gte=1, question_number__lte=5),
                name="idea_one_of_five_questions",
            )
        ]

    def __str__(self):
        return self.text[:60]


class ActionPlan(models.Model):
    """The Permanency Action Plan of a roundtable: the exit criteria of Clarify and
    Explore (rating and the facts of record) and the team's recommended goals. Its
    steps are ``ActionStep`` rows."""

    roundtable = models.OneToOneField(
        "simulations.MockRoundtable", on_delete=models.CASCADE, related_name="plan"
    )
    rating = models.CharField(
        _("legal permanency status rating"),
        max_length=20,
        choices=Rating.choices,
        blank=True,
    )
    rating_no_consultation = models.BooleanField(
        _("no consultation required"),
        default=False,
        help_text=_("Only for Very good or Good, where policy needs no consultation."),
    )
    goal_of_record = models.CharField(
        _("permanency goal of record"), max_length=30, choices=Goal.choices, blank=True
    )
    concurrent_goal_of_record = models.CharField(
        _("concurrent goal of record"),
        max_length=30,
        choices=GOAL_OF_RECORD_CHOICES,
        blank=True,
    )
    last_full_disclosure_on = models.DateField(
        _("date of last full disclosure"), null=True, blank=True
    )
    never_fully_disclosed = models.BooleanField(
        _("options never fully disclosed"), default=False
    )
    youth_last_asked = models.CharField(
        _("when the youth was last asked about permanency"), max_length=500, blank=True
    )
    exit_criteria_recorded_at = models.DateTimeField(null=True, blank=True)
    recommended_goal = models.CharField(
        _("recommended permanency goal"),
        max_length=30,
        choices=Goal.choices,
        blank=True,
    )
    recommended_concurrent_goal = models.CharField(
        _("recommended concurrent goal"),
        max_length=30,
        choices=GOAL_OF_RECORD_CHOICES,
        blank=True,
    )

    class Meta:
        verbose_name = _("permanency action plan")

    def __str__(self):
        return str(_("Plan of %(roundtable)s") % {"roundtable": self.roundtable_id})

    @property
    def exit_criteria_met(self) -> bool:
        return bool(
            self.rating
            and self.goal_of_record
            and self.concurrent_goal_of_record
            and (self.last_full_disclosure_on or self.never_fully_disclosed)
            and self.youth_last_asked.strip()
        )

    @property
    def goals_recommended(self) -> bool:
        return bool(self.recommended_goal and self.recommended_concurrent_goal)


class ActionStep(models.Model):
    """A concrete step of the plan: owned, dated within six months, tied to a goal and
    ideally to a barrier and to the brainstorm idea it came from."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    description = models.TextField(_("action step"), max_length=2000)
    responsible = models.ForeignKey(
        "simulations.Participant",
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("person responsible"),
    )
    target_date = models.DateField(_("target date"))
    goal_type = models.CharField(
        _("serves"), max_length=20, choices=GoalType.choices, default=GoalType.PRIMARY
    )
    case_barrier = models.CharField(
        _("barrier of the case addressed"),
        max_length=64,
        blank=True,
        help_text=_("Id of the barrier block in the case file; empty for another."),
    )
    barrier = models.CharField(_("barrier addressed"), max_length=500, blank=True)
    barrier_category = models.CharField(
        _("barrier category"),
        max_length=20,
        choices=BarrierCategory.choices,
        blank=True,
    )
    source_idea = models.ForeignKey(
        BrainstormIdea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steps",
        verbose_name=_("from the brainstorm idea"),
    )
    engages_youth = models.BooleanField(
        _("engages the youth in the plan"), default=False
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StepStatus.choices,
        default=StepStatus.NOT_STARTED,
    )
    added_at_follow_up = models.BooleanField(_("added at follow-up"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("action step")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.description[:60]


class FollowUp(models.Model):
    """The simulated follow-up meeting, held (in the story) one cadence after the
    roundtable: every step gets a status and the youth is re-rated."""

    roundtable = models.OneToOneField(
        "simulations.MockRoundtable",
        on_delete=models.CASCADE,
        related_name="follow_up",
    )
    held_on = models.DateField(_("held on (simulated)"))
    rating = models.CharField(
        _("status rating now"), max_length=20, choices=Rating.choices, blank=True
    )
    rating_no_consultation = models.BooleanField(
        _("no consultation required"), default=False
    )
    restrictiveness = models.CharField(
        _("living setting now"),
        max_length=20,
        choices=Restrictiveness.choices,
        blank=True,
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")

    def __str__(self):
        return f"{self.held_on}"


class StepReview(models.Model):
    """A step's status as reported at a follow-up."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="reviews"
    )
    step = models.ForeignKey(
        ActionStep, on_delete=models.CASCADE, related_name="reviews"
    )
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("step review")
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "step"], name="step_reviewed_once"
            )
        ]

    def __str__(self):
        return f"{self.step_id}: {self.status}"
