"""Reads for a supervisor's read-only pages: their team's certifications and
deadlines. A fixed number of queries however large the team."""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from certification.dates import pathway_deadline
from certification.models import Certification

Status = Certification.Status


@dataclass(frozen=True)
class Deadline:
    label: str
    on: date | None


def next_deadline(cert) -> Deadline | None:
    """What the person must do next and by when, from the stored dates (no
    queries): finish the observations, recertify, or recertify before grace ends."""
    if cert.status == Status.IN_PROGRESS:
        return Deadline(
            _("Observations due"),
            pathway_deadline(cert.started_on, cert.program.completion_window_months),
        )
    if cert.status == Status.ACTIVE:
        return Deadline(_("Recertification window opens"), cert.window_opens_on)
    if cert.status == Status.IN_WINDOW:
        return Deadline(_("Recertify by"), cert.expires_on)
    if cert.status == Status.GRACE:
        return Deadline(_("Grace period ends"), cert.grace_ends_on)
    return None


@dataclass
class TeamMember:
    person: object
    entries: list  # (certification, Deadline | None)


def team_for(*, supervisor) -> list[TeamMember]:
    """Everyone ``supervisor`` supervises with each certification and its next
    deadline, soonest first within a person (two queries)."""
    members = (
        get_user_model()
        .objects.filter(supervisor=supervisor)
        .only("pk", "email", "full_name", "agency", "region", "is_active")
        .prefetch_related(
            Prefetch(
                "certifications",
                queryset=Certification.objects.select_related("program").order_by(
                    "program__name"
                ),
            )
        )
        .order_by("full_name", "email")
    )
    team = []
    for member in members:
        entries = [(cert, next_deadline(cert)) for cert in member.certifications.all()]
        entries.sort(key=lambda e: (e[1] is None or e[1].on is None, e[1] and e[1].on))
        team.append(TeamMember(person=member, entries=entries))
    return team
