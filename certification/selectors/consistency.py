"""The certification data checker: impossible states, in the spirit of Totara's
completion checker but run from the first day (``manage.py check_certifications``)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from certification.models import Certification, Reminder

Status = Certification.Status
ISSUED = (Status.ACTIVE, Status.IN_WINDOW, Status.GRACE)
DATED = (*ISSUED, Status.LAPSED)


@dataclass(frozen=True)
class Problem:
    certification: Certification
    message: str

    def __str__(self):
        cert = self.certification
        return (
            f"#{cert.pk} {cert.user} – {cert.program} ({cert.status}, cycle "
            f"{cert.cycle}): {self.message}"
        )


def _checks(today: date) -> list[tuple[Q, str]]:
    return [
        (
            Q(status__in=DATED)
            & (
                Q(issued_on__isnull=True)
                | Q(expires_on__isnull=True)
                | Q(window_opens_on__isnull=True)
                | Q(grace_ends_on__isnull=True)
            ),
            _("issued but a date is missing"),
        ),
        (Q(expires_on__lte=F("issued_on")), _("expires on or before it was issued")),
        (Q(window_opens_on__gt=F("expires_on")), _("window opens after expiry")),
        (Q(grace_ends_on__lt=F("expires_on")), _("grace ends before expiry")),
        (Q(status__in=ISSUED, cycle=0), _("issued but in cycle 0")),
        (
            Q(status__in=(Status.ACTIVE, Status.IN_WINDOW), expires_on__lt=today),
            _("still valid after its expiry date"),
        ),
        (
            Q(status=Status.ACTIVE, window_opens_on__lte=today),
            _("active although its recertification window is open"),
        ),
        (
            Q(status=Status.IN_WINDOW, window_opens_on__gt=today),
            _("in its window before the window opens"),
        ),
        (
            Q(status=Status.GRACE, expires_on__gte=today),
            _("in grace before it expired"),
        ),
        (
            Q(status=Status.GRACE, grace_ends_on__lt=today),
            _("in grace after the grace period ended"),
        ),
        (
            Q(status=Status.LAPSED, grace_ends_on__gte=today),
            _("lapsed while its window or grace period is still open"),
        ),
        (
            Q(
                status__in=(Status.IN_PROGRESS, Status.ELIGIBLE),
                expires_on__isnull=False,
            ),
            _("not issued but carries an expiry date"),
        ),
        (
            Q(status=Status.REVOKED, revoked_reason=""),
            _("revoked without a reason"),
        ),
        (Q(started_on__gt=today), _("pathway starts in the future")),
        (
            Q(
                pk__in=Reminder.objects.filter(
                    cycle__gt=F("certification__cycle")
                ).values("certification_id")
            ),
            _("has a reminder of a cycle it has not reached"),
        ),
    ]


def impossible_states(*, today: date) -> list[Problem]:
    """Every certification in a state that cannot be, with what is wrong; one
    query per check."""
    problems = []
    for condition, message in _checks(today):
        rows = Certification.objects.filter(condition).select_related("user", "program")
        problems += [Problem(cert, str(message)) for cert in rows.order_by("pk")]
    return problems
