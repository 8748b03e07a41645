from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    """What is taught: Wagtail pages for courses, modules and lessons."""

    name = "content"
    label = "content"
    verbose_name = _("Content")

    def ready(self):
        # Here, not at the top: the signal handlers import the page models, which
        # cannot load before the app registry is ready.
        from content import signals

        signals.connect()
