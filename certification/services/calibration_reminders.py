"""Reminders before a rater's calibration expires, sent exactly once per
(calibration, offset) however often the task runs: each reminder is claimed by
inserting a ``CalibrationReminder`` row, whose unique key lets only one insert of a
(sheet, offset) succeed, in a savepoint so a lost race rolls back only that row.
Emails leave through the outbox after commit (``notices.send``), so a rolled-back
run sends nothing. Only a rater's latest calibration in a program is reminded of."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification import calibration as rules
from certification.models import CalibrationReminder, CalibrationSheet
from certification.services import notices
from core.i18n import speaking


def _claimed(sheet, offset: int) -> bool:
    try:
        with transaction.atomic():
            CalibrationReminder.objects.create(sheet=sheet, offset_days=offset)
    except IntegrityError:
        return False
    return True


def _notice(sheet, today: date) -> notices.Notice:
    with speaking(sheet.rater):
        return _notice_text(sheet, today)


def _notice_text(sheet, today: date) -> notices.Notice:
    values = {
        "program": sheet.gold.program.name,
        "day": date_format(sheet.valid_until, "DATE_FORMAT"),
        "days": (sheet.valid_until - today).days,
    }
    return notices.Notice(
        user=sheet.rater,
        subject=_("Reminder: your %(program)s calibration ends on %(day)s") % values,
        message=_(
            "Your %(program)s rater calibration ends on %(day)s, in %(days)s days. "
            "Score a gold-standard session to stay calibrated."
        )
        % values,
        template="notice",
        path=reverse("certification:calibration_home"),
    )


@transaction.atomic
def calibration_reminders_send(*, today: date | None = None) -> int:
    """Remind raters whose latest calibration ends within the reminder offsets;
    returns how many reminders were sent (four queries plus one per claim)."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=max(rules.REMINDER_OFFSETS))
    candidates = list(
        CalibrationSheet.objects.filter(
            passed=True, valid_until__gte=today, valid_until__lte=horizon
        ).select_related("rater", "gold__program")
    )
    latest = {
        (row["rater_id"], row["gold__program_id"]): row["last"]
        for row in CalibrationSheet.objects.filter(
            passed=True, rater__in={s.rater_id for s in candidates}
        )
        .values("rater_id", "gold__program_id")
        .annotate(last=Max("valid_until"))
    }
    sent = {
        (sheet_id, offset)
        for sheet_id, offset in CalibrationReminder.objects.filter(
            sheet__in=candidates
        ).values_list("sheet_id", "offset_days")
    }
    to_send = []
    for sheet in candidates:
        if sheet.valid_until < latest.get((sheet.rater_id, sheet.gold.program_id)):
            continue  # recalibrated since: the newer one is what counts
        done = {offset for key, offset in sent if key == sheet.pk}
        due = rules.reminders_due(sheet.valid_until, today, done)
        claimed = [offset for offset in due if _claimed(sheet, offset)]
        if claimed:
            to_send.append(_notice(sheet, today))
    notices.send(to_send)
    return len(to_send)


def run(today: str | None = None) -> int:
    """The scheduled entry point; ``today`` (YYYY-MM-DD) replays a given day."""
    return calibration_reminders_send(
        today=date.fromisoformat(today) if today else None
    )
