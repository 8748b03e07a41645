from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SegmentTiming(models.Model):
    """When one segment of a cohort session's delivery plan actually started and
    ended, kept so the cohort page can show how long each part took. The segment's
    title, lead and planned minutes are copied: editors may change the plan later."""

    session = models.ForeignKey(
        "training.CohortSession", on_delete=models.CASCADE, related_name="timings"
    )
    position = models.PositiveSmallIntegerField(_("position in the day"))
    block_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("segment"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20)
    lead = models.CharField(_("led by"), max_length=20)
    planned_minutes = models.PositiveSmallIntegerField(_("planned minutes"))
    started_at = models.DateTimeField(_("started"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("segment timing")
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"], name="segment_timed_once"
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=models.Q(ended_at__isnull=True),
                name="one_segment_running",
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.title}"

    @property
    def actual_seconds(self) -> int | None:
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())
