from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _

from core.converters import IdConverter


class CoreConfig(AppConfig):
    """Operations shared by every layer: health, worker heartbeat, schedules, demo data.

    It sits below ``content`` and imports none of the domain apps; it discovers their
    ``schedules`` and ``demo`` modules by name instead.
    """

    name = "core"
    label = "core"
    verbose_name = _("Operations")

    def ready(self):
        # Imported once the apps are ready, as Django asks of check registration.
        from core import checks  # noqa: F401  (registers the deploy checks)

        # Before any URLconf is imported: every app's urls.py uses <id:…>.
        register_converter(IdConverter, "id")
