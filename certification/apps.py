from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    """Observations, certification programs, certifications and reminders."""

    name = "certification"
    label = "certification"
    verbose_name = _("Certification")

    def ready(self):
        # Imported once the app registry is ready: signals.py imports the models.
        from certification import signals

        signals.connect()
