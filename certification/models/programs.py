import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel


def default_reminder_offsets() -> list[int]:
    """Days before expiry (negative: after) on which reminders go out."""
    return [90, 60, 30, 7, 0, -7]


def default_staff_copy_offsets() -> list[int]:
    return [0, -7]


def default_supervisor_copy_offsets() -> list[int]:
    return [30, 0]


class CertificationProgram(ClusterableModel):
    """What it takes to earn and keep a certification. Every number is data that
    program staff set in the admin; the code holds no defaults of policy beyond the
    initial values of these fields."""

    class ExpiryAnchor(models.TextChoices):
        COMPLETION = "completion", _("From the date recertification is completed")
        PREVIOUS_EXPIRY = "previous_expiry", _("From the previous expiry date")
        FIXED_DATE = "fixed_date", _("On a fixed date each year")

    class CountingFrom(models.TextChoices):
        WINDOW = "window", _("From the day the recertification window opens")
        ISSUE = "issue", _("From the day after the cycle was issued")

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    description = models.TextField(_("description"), blank=True)
    auto_issue = models.BooleanField(
        _("issue automatically when eligible"),
        default=False,
        help_text=_("Off: program staff approve each certification."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="+",
        verbose_name=_("active certifications required first"),
    )
    # Initial certification.
    required_courses = ParentalManyToManyField(
        "content.CoursePage", blank=True, related_name="+"
    )
    required_mock = models.PositiveSmallIntegerField(
        _("passed mock roundtables"), default=1
    )
    required_observed = models.PositiveSmallIntegerField(
        _("passed observed live roundtables"), default=1
    )
    required_co_facilitated = models.PositiveSmallIntegerField(
        _("passed co-facilitated roundtables"), default=1
    )
    required_lead_facilitated = models.PositiveSmallIntegerField(
        _("passed lead-facilitated roundtables"), default=1
    )
    completion_window_months = models.PositiveSmallIntegerField(
        _("months to complete the observations"),
        default=6,
        validators=[MinValueValidator(1)],
    )
    # Validity and recertification.
    validity_months = models.PositiveSmallIntegerField(
        _("months a certification is valid"),
        default=24,
        validators=[MinValueValidator(1)],
    )
    expiry_anchor = models.CharField(
        _("next expiry counted"),
        max_length=20,
        choices=ExpiryAnchor.choices,
        default=ExpiryAnchor.PREVIOUS_EXPIRY,
    )
    grace_expiry_anchor = models.CharField(
        _("next expiry counted, when recertified during grace"),
        max_length=20,
        choices=ExpiryAnchor.choices,
        default=ExpiryAnchor.COMPLETION,
        help_text=_(
            "From the completion date gives a full period; from the previous expiry "
            "keeps the schedule, so the late days are lost."
        ),
    )
    fixed_expiry_month = models.PositiveSmallIntegerField(
        _("fixed expiry month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("For “on a fixed date each year”: 1 = January … 12 = December."),
    )
    fixed_expiry_day = models.PositiveSmallIntegerField(
        _("fixed expiry day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the month; 31 means the month's last day."),
    )
    minimum_active_months = models.PositiveSmallIntegerField(
        _("minimum active period (months)"),
        default=6,
        help_text=_(
            "For “on a fixed date each year”: the first fixed date at least this many "
            "months after completion becomes the expiry."
        ),
    )
    window_days = models.PositiveSmallIntegerField(
        _("recertification window opens (days before expiry)"), default=90
    )
    grace_days = models.PositiveSmallIntegerField(_("grace period (days)"), default=30)
    counting_from = models.CharField(
        _("recertification evidence counts"),
        max_length=10,
        choices=CountingFrom.choices,
        default=CountingFrom.WINDOW,
        help_text=_(
            "Refresher, live roundtables and observations count only when dated in "
            "this period (up to the end of grace)."
        ),
    )
    rater_program = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raters must hold an active certification in"),
        help_text=_(
            "Leave empty to accept any rater. Set (e.g. to the co-trainer program): an "
            "observation counts only if both raters held it on the observation day."
        ),
    )
    require_calibration = models.BooleanField(
        _("raters must be calibrated"),
        default=False,
        help_text=_(
            "On: a co-trainer scores an observation only with a current calibration "
            "on one of this program's gold-standard sessions, and observations count "
            "only if both raters were calibrated that day."
        ),
    )
    calibration_min_kappa = models.DecimalField(
        _("calibration: minimum weighted kappa with gold"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("0.60 is substantial agreement; 1 means every item as gold."),
    )
    calibration_validity_months = models.PositiveSmallIntegerField(
        _("calibration: months it is valid"),
        default=12,
        validators=[MinValueValidator(1)],
    )
    recert_course = models.ForeignKey(
        "content.CoursePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("refresher course"),
    )
    recert_live_roundtables = models.PositiveSmallIntegerField(
        _("live roundtables facilitated in the cycle"), default=2
    )
    recert_observations = models.PositiveSmallIntegerField(
        _("passed observed facilitations in the cycle"), default=1
    )
    reminder_offsets = models.JSONField(
        _("reminder days before expiry"),
        default=default_reminder_offsets,
        help_text=_(
            "Negative numbers are days after expiry, e.g. [90, 60, 30, 7, 0, -7]."
        ),
    )
    staff_copy_offsets = models.JSONField(
        _("reminders copied to program staff"),
        default=default_staff_copy_offsets,
        blank=True,
    )
    supervisor_copy_offsets = models.JSONField(
        _("reminders copied to the person's supervisor"),
        default=default_supervisor_copy_offsets,
        blank=True,
    )

    class Meta:
        verbose_name = _("certification program")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        fixed = self.ExpiryAnchor.FIXED_DATE
        if fixed in (self.expiry_anchor, self.grace_expiry_anchor) and not (
            self.fixed_expiry_month and self.fixed_expiry_day
        ):
            raise ValidationError(
                {
                    "fixed_expiry_month": _(
                        "Give the month and day of the fixed expiry date."
                    )
                }
            )


def new_verification_code() -> str:
    return secrets.token_hex(6).upper()


class Certification(models.Model):
    """A person's standing in one program, cycle after cycle.

    The state is stored (so the dashboard can count by it) and moved by the daily
    sweep; the dates it is moved by are stored too, so a query can find who is due."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("Working towards it")
        ELIGIBLE = "eligible", _("Eligible, awaiting approval")
        ACTIVE = "active", _("Active")
        IN_WINDOW = "in_window", _("In recertification window")
        GRACE = "grace", _("In grace period")
        LAPSED = "lapsed", _("Lapsed")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="certifications",
    )
    program = models.ForeignKey(
        CertificationProgram, on_delete=models.PROTECT, related_name="certifications"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=0)
    started_on = models.DateField(_("pathway started"), default=timezone.localdate)
    issued_on = models.DateField(_("issued"), null=True, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True, db_index=True)
    window_opens_on = models.DateField(null=True, blank=True, db_index=True)
    grace_ends_on = models.DateField(null=True, blank=True, db_index=True)
    anchor_day = models.PositiveSmallIntegerField(
        _("expiry day of month"),
        null=True,
        blank=True,
        help_text=_(
            "The day the expiry is counted on, kept so month ends do not drift "
            "(31 August, 28 February, 31 August)."
        ),
    )
    deadline_on = models.DateField(
        _("completion deadline (extended)"),
        null=True,
        blank=True,
        help_text=_("Set by an extension; empty: the program's completion window."),
    )
    verification_code = models.CharField(
        max_length=16, unique=True, default=new_verification_code, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    trained_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="certifications_trained",
        verbose_name=_("trained by"),
        help_text=_("The co-trainers whose observations led to this certification."),
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    imported = models.BooleanField(
        _("earned before the platform"), default=False, editable=False
    )
    # When the daily sweep last judged the requirements and found them not met: it
    # judges again only if the dates or the evidence changed since (empty: judge).
    judged_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("certification")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program"], name="one_certification_per_program"
            )
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return f"{self.user} – {self.program} ({self.get_status_display()})"


class CertificationEvent(models.Model):
    """History of a certification: every change of state or dates, with who and why.

    An event that set an expiry records it with the rule that set it, and for a
    recertification the counting period its evidence came from."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Change of status")
        EXTENSION = "extension", _("Extension")
        EXEMPTION = "exemption", _("Exemption")

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATUS)
    expires_on = models.DateField(_("expiry set"), null=True, blank=True)
    rule = models.CharField(_("rule"), max_length=20, blank=True)
    counted_from = models.DateField(null=True, blank=True)
    cycle_ending = models.DateField(null=True, blank=True)
    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="events"
    )
    cycle = models.PositiveSmallIntegerField()
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("certification event")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '–'} → {self.to_status}"


class RequirementExemption(models.Model):
    """Program staff waive one recertification requirement for one cycle."""

    class Requirement(models.TextChoices):
        COURSE = "course", _("Refresher course")
        LIVE = "live", _("Live roundtables")
        OBSERVATIONS = "observations", _("Observed facilitations")

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="exemptions"
    )
    cycle = models.PositiveSmallIntegerField()
    requirement = models.CharField(max_length=12, choices=Requirement.choices)
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("requirement exemption")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "cycle", "requirement"],
                name="exempt_once_per_cycle",
            )
        ]

    def __str__(self):
        return f"{self.certification_id} cycle {self.cycle}: {self.requirement}"


class LiveRoundtableLog(models.Model):
    """A live roundtable a facilitator ran, counted towards recertification."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead facilitator")
        CO = "co", _("Co-facilitator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="live_roundtables",
    )
    held_on = models.DateField(_("date"))
    agency = models.CharField(_("agency"), max_length=150)
    role = models.CharField(_("your role"), max_length=5, choices=Role.choices)
    case_reference = models.CharField(
        _("case reference"),
        max_length=40,
        help_text=_("Initials or a case number only. No child's name belongs here."),
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("live roundtable")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.held_on} {self.agency}"


class Reminder(models.Model):
    """One reminder sent: unique per certification, cycle and offset, so a retried
    or concurrent sweep can never send it twice."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="reminders"
    )
    cycle = models.PositiveSmallIntegerField()
    offset_days = models.SmallIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    copied_staff = models.BooleanField(default=False)
    # Claimed, its notification written, its email not yet rendered and queued (a
    # task per sweep batch does that, once: see services.reminders).
    email_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "cycle", "offset_days"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.certification_id} cycle {self.cycle} at {self.offset_days:+d}d"


class Notification(models.Model):
    """An in-app message for one person (reminders, results released)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message


class CalendarFeed(models.Model):
    """A person's secret iCalendar feed address. Only the token's hash is stored
    (``core.tokens``): the address is shown once, when made; a new one replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"Calendar feed of {self.user}"
