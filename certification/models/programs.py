import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
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
    window_days = models.PositiveSmallIntegerField(
        _("recertification window opens (days before expiry)"), default=90
    )
    grace_days = models.PositiveSmallIntegerField(_("grace period (days)"), default=30)
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
    """History of a certification: every change of state, with who and why."""

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
