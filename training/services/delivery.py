"""Running a cohort session from its course's delivery plan: one advance at a time,
by the cohort's co-trainer pair or program staff, each segment's real start and end
kept."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import CohortSession, SegmentTiming
from training.permissions import user_can_run_session
from training.rules import runner_position


@transaction.atomic
def segment_advance(*, session, actor, expected_position: int, now=None) -> int:
    """End the running segment and start the next (or the first). Refused, with
    nothing changed, when the page was stale: the other trainer moved on first.
    Returns the new position."""
    if not user_can_run_session(actor, session):
        raise PermissionDenied
    now = now or timezone.now()
    # Lock the session row so two trainers clicking at once advance once.
    CohortSession.objects.select_for_update().filter(pk=session.pk).first()
    segments = [s for _title, segs in session.cohort.course.plan() for s in segs]
    timings = list(SegmentTiming.objects.filter(session=session))
    position = runner_position(timings, len(segments))
    if expected_position != position:
        raise ValidationError(
            _("The session had already moved on; this page now shows where it is.")
        )
    if position >= len(segments):
        raise ValidationError(_("The session's last segment has already ended."))
    SegmentTiming.objects.filter(session=session, ended_at__isnull=True).update(
        ended_at=now
    )
    following = position + 1
    if following < len(segments):
        segment = segments[following]
        SegmentTiming.objects.create(
            session=session,
            position=following,
            block_id=getattr(segment, "block_id", "") or "",
            title=segment["title"],
            kind=segment["kind"],
            lead=segment["lead"],
            planned_minutes=segment["minutes"],
            started_at=now,
            started_by=actor,
        )
    return following
