"""Certification programs: what it takes to earn and keep each certification."""

import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
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
    """Default of ``Certification.verification_code``; kept here because the
    migrations refer to it by this module's path."""
    return secrets.token_hex(6).upper()
