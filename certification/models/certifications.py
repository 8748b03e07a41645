"""A person's certification in a program, its history and waived requirements."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.programs import CertificationProgram, new_verification_code


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
