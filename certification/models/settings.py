from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
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
