from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonChange(models.Model):
    """One change program staff made to a person (roles, active, name, agency,
    region or supervisor): who, when, what it was and what it became. Shown on the
    person's page; never edited or deleted by the site."""

    class Field(models.TextChoices):
        ROLES = "roles", _("Roles")
        ACTIVE = "active", _("Active")
        FULL_NAME = "full_name", _("Name")
        AGENCY = "agency", _("Agency")
        REGION = "region", _("Region")
        SUPERVISOR = "supervisor", _("Supervisor")
        LANGUAGE = "language", _("Language")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("person"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    field = models.CharField(_("what"), max_length=20, choices=Field.choices)
    before = models.CharField(_("before"), max_length=300, blank=True)
    after = models.CharField(_("after"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("change to a person")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "-at"])]

    def __str__(self):
        return f"{self.person_id}: {self.field} {self.before!r} → {self.after!r}"
