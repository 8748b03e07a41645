"""What reaches a person: reminders sent, in-app notifications, the calendar feed."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models.certifications import Certification


class Reminder(models.Model):
    """One reminder sent: unique per certification, cycle and offset, so a retried
    or concurrent sweep can never send it twice."""

    certification = models.ForeignKey(
        Certification, on_delete=models.CASCADE, related_name="reminders"
    )
    cycle = models.PositiveSmallIntegerField()
    offset_days = models.SmallIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)
    copied_staff = models.BooleanField(default=False)
    # Claimed, its notification written, its email not yet rendered and queued (a
    # task per sweep batch does that, once: see services.reminders).
    email_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "cycle", "offset_days"], name="reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.certification_id} cycle {self.cycle} at {self.offset_days:+d}d"


class Notification(models.Model):
    """An in-app message for one person (reminders, results released)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.message


class CalendarFeed(models.Model):
    """A person's secret iCalendar feed address. Only the token's hash is stored
    (``core.tokens``): the address is shown once, when made; a new one replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self):
        return f"Calendar feed of {self.user}"
