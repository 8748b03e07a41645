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


class OutboundEmail(models.Model):
    """An email waiting to go out, written in the same transaction as the change
    that caused it, so a crash between commit and send loses nothing: the
    ``core.tasks.outbox_send`` task sends it, and a schedule retries what failed.
    Once sent, the body is blanked (it may hold a one-time link); the row keeps
    who, what subject and when, for support questions."""

    subject = models.CharField(max_length=998)
    body = models.TextField(blank=True)
    html = models.TextField(blank=True)
    from_email = models.CharField(max_length=320)
    to = models.JSONField(default=list)
    cc = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A worker stamps the rows it takes, so two workers never send one row twice.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("outbound email")
        indexes = [models.Index(fields=["sent_at", "attempts"])]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
