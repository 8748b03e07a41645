from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    """One row, touched every minute by the task worker, read by ``/health/``."""

    beat_at = models.DateTimeField(_("last beat"))
    worker = models.CharField(_("worker"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self):
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class SubmissionKey(models.Model):
    """A form's one-time key, claimed by the first post that carries it: a double
    click, a retried request or the back button cannot add the same thing twice.
    Keys older than a day are pruned by ``core.submission_keys_prune``."""

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submission key")

    def __str__(self):
        return self.key
