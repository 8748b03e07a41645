from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="tasks")
class ObservationRules(BaseGenericSetting):
    """The result rules of the Facilitator Trainee Tool, set by program staff."""

    pass_mean = models.DecimalField(
        _("mean score needed to pass"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    critical_minimum = models.PositiveSmallIntegerField(
        _("lowest passing level on a critical item"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    disagreement_levels = models.PositiveSmallIntegerField(
        _("highlight items where raters differ by at least"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )

    class Meta:
        verbose_name = _("observation rules")


@register_setting(icon="doc-full")
class CertificateSettings(BaseGenericSetting):
    """Who issues the certificates and who signs them, printed on every certificate
    PDF. Program staff set them under Settings → Certificates."""

    issuing_agency = models.CharField(
        _("issuing agency"),
        max_length=200,
        blank=True,
        help_text=_("The organisation that certifies, e.g. a state training academy."),
    )
    signatory_name = models.CharField(_("signatory"), max_length=150, blank=True)
    signatory_title = models.CharField(
        _("signatory's title"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Director of Permanency Training."),
    )
    signature_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signature image"),
        help_text=_("Optional: a PNG or JPEG of the signature on a white background."),
    )

    panels = [
        FieldPanel("issuing_agency"),
        MultiFieldPanel(
            [
                FieldPanel("signatory_name"),
                FieldPanel("signatory_title"),
                FieldPanel("signature_image"),
            ],
            heading=_("Signatory"),
        ),
    ]

    class Meta:
        verbose_name = _("certificates")
