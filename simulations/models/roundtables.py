from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simulations.models.enums import Phase, Role


class MockRoundtable(models.Model):
    """One rehearsal of a roundtable on a sample case, led by a trainee facilitator.

    ``state`` moves WELCOME → PRESENT → CLARIFY → BRAINSTORM → PLAN → DEBRIEF →
    FOLLOW_UP → COMPLETED, one step at a time and only through
    ``services.phase_advance``; each phase's start and end are in ``PhaseLog``. Phase
    targets, key questions, follow-up cadence and how the session is judged are
    copied from the program settings at start, so later edits of the settings do not
    rewrite a session's record.
    """

    case = models.ForeignKey(
        "simulations.SampleCase",
        on_delete=models.PROTECT,
        related_name="mock_roundtables",
        verbose_name=_("case"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mock_roundtables",
        verbose_name=_("trainee facilitator"),
    )
    cohort = models.ForeignKey(
        "training.Cohort",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mock_roundtables",
        verbose_name=_("cohort"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started or assigned by"),
    )
    state = models.CharField(
        _("phase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.SCHEDULED,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("began"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    roundtable_date = models.DateField(
        _("date of the roundtable"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the roundtable begins; action steps are due within six "
            "months of it."
        ),
    )
    scheduled_minutes = models.PositiveSmallIntegerField(_("scheduled minutes"))
    phase_targets = models.JSONField(
        _("target minutes per phase"), default=dict, blank=True
    )
    brainstorm_questions = models.JSONField(
        _("the five key questions"), default=list, blank=True
    )
    follow_up_cadence_days = models.PositiveSmallIntegerField(
        _("follow-up cadence (days)"), default=30
    )
    under_run_percent = models.PositiveSmallIntegerField(
        _("rushed below (% of a phase's target)"), default=50
    )
    checklist_percent = models.PositiveSmallIntegerField(
        _("facilitator functions to tick (% of each phase)"), default=100
    )
    facilitator_may_own_steps = models.BooleanField(
        _("the facilitator may own action steps"), default=False
    )
    debrief_reflections = models.TextField(_("reflections"), blank=True)
    debrief_process_feedback = models.TextField(_("process feedback"), blank=True)
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text=_("Raised by every change; open pages poll it to refresh."),
    )

    class Meta:
        verbose_name = _("mock roundtable")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["facilitator", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=Phase.values),
                name="mock_roundtable_state_valid",
            )
        ]

    def __str__(self):
        return f"{self.case} · {self.facilitator}"

    @property
    def phase(self) -> Phase:
        return Phase(self.state)

    @property
    def is_completed(self) -> bool:
        return self.state == Phase.COMPLETED

    @property
    def is_running(self) -> bool:
        return self.state not in (Phase.SCHEDULED, Phase.COMPLETED)


class Participant(models.Model):
    """A seat at the table: a role filled by a member of the cohort, a named person
    without an account, or nobody (the trainee plays it as a simulated role)."""

    roundtable = models.ForeignKey(
        MockRoundtable, on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roundtable_seats",
        verbose_name=_("member"),
    )
    name = models.CharField(
        _("name"),
        max_length=150,
        blank=True,
        help_text=_(
            "A person taking part without an account; empty for a simulated role."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("participant")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_user_once",
            )
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def is_simulated(self) -> bool:
        return self.user_id is None and not self.name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.get_full_name()
        return self.name or _("%(role)s (simulated)") % {
            "role": self.get_role_display()
        }


class PhaseLog(models.Model):
    """When one phase of one roundtable started and ended, on the server's clock."""

    roundtable = models.ForeignKey(
        MockRoundtable, on_delete=models.CASCADE, related_name="phase_logs"
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    target_minutes = models.PositiveSmallIntegerField(
        _("target minutes"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("phase log")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "phase"], name="phase_log_once_per_phase"
            )
        ]

    def __str__(self):
        return f"{self.get_phase_display()} @ {self.started_at:%H:%M}"

    def seconds(self, now=None) -> int:
        end = self.ended_at or now or timezone.now()
        return max(0, int((end - self.started_at).total_seconds()))


class ChecklistTick(models.Model):
    """A facilitator function of a phase that the trainee marked as done."""

    roundtable = models.ForeignKey(
        MockRoundtable, on_delete=models.CASCADE, related_name="ticks"
    )
    phase = models.CharField(max_length=20, choices=Phase.choices)
    item = models.PositiveSmallIntegerField(
        help_text=_("Position of the function in the phase's list.")
    )
    ticked_at = models.DateTimeField(default=timezone.now)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("checklist tick")
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "phase", "item"], name="tick_once"
            )
        ]

    def __str__(self):
        return f"{self.phase} #{self.item}"


class AskedQuestion(models.Model):
    """A question of the case's bank put to the team in Clarify and Explore; its
    answer is shown from then on."""

    roundtable = models.ForeignKey(
        MockRoundtable, on_delete=models.CASCADE, related_name="asked_questions"
    )
    question_id = models.CharField(
        max_length=64, help_text=_("Id of the question block in the case's bank.")
    )
    asked_at = models.DateTimeField(default=timezone.now)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("asked question")
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["roundtable", "question_id"], name="question_asked_once"
            )
        ]

    def __str__(self):
        return self.question_id
