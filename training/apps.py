from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from training.roles import sync_roles_after_migrate


class TrainingConfig(AppConfig):
    """People and learning: users, roles, invitations, cohorts and progress."""

    name = "training"
    label = "training"
    verbose_name = _("Training")

    def ready(self):
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="training.roles")

        # Signals connect once the models they name are loaded.
        from training import signals

        signals.connect()
