"""Live roundtables facilitators log towards recertification."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
