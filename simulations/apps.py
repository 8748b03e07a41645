from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimulationsConfig(AppConfig):
    """Sample cases and mock roundtables."""

    name = "simulations"
    label = "simulations"
    verbose_name = _("Simulations")
