"""What every state change of a session does first: lock the row, check the actor
and the phase; and last: raise the version that open pages poll."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils.translation import gettext as _

from simulations.models import MockRoundtable, Phase
from simulations.permissions import (
    user_can_facilitate,
    user_can_record,
    user_can_seat_participants,
)


def lock(roundtable: MockRoundtable) -> MockRoundtable:
    """Re-read the session under a row lock, so two tabs or two members acting at once
    are applied one after the other against the current phase."""
    return MockRoundtable.objects.select_for_update().get(pk=roundtable.pk)


def require_facilitator(roundtable: MockRoundtable, by) -> None:
    """Only the facilitator moves the session on and ticks their checklist."""
    if not user_can_facilitate(by, roundtable):
        raise PermissionDenied(_("Only the facilitator can do that."))


def require_recorder(roundtable: MockRoundtable, by) -> None:
    """Entries on the record come from the facilitator or the scribe."""
    if not user_can_record(by, roundtable):
        raise PermissionDenied(_("Only the facilitator or the scribe can record that."))


def require_seater(roundtable: MockRoundtable, by) -> None:
    """Seats are given by the facilitator, whoever assigned the session, its
    cohort's co-trainers and program staff."""
    if not user_can_seat_participants(by, roundtable):
        raise PermissionDenied(_("You cannot seat people at this roundtable."))


def require_phase(roundtable: MockRoundtable, *phases: str) -> None:
    """Refuse unless the session is in one of ``phases``."""
    if roundtable.state in phases:
        return
    if roundtable.state == Phase.COMPLETED:
        raise ValidationError(
            _("This roundtable is finished; its record can no longer be changed.")
        )
    if roundtable.state == Phase.SCHEDULED:
        raise ValidationError(_("The roundtable has not begun yet."))
    raise ValidationError(
        _("That belongs to %(wanted)s, but the roundtable is in %(current)s.")
        % {
            "wanted": _(" or ").join(str(Phase(p).label) for p in phases),
            "current": Phase(roundtable.state).label,
        }
    )


def touch(roundtable: MockRoundtable) -> None:
    """Tell open pages something changed (they poll ``version``)."""
    MockRoundtable.objects.filter(pk=roundtable.pk).update(version=F("version") + 1)


def belongs(obj, roundtable: MockRoundtable, what: str) -> None:
    """Refuse an object (participant, idea) of another session: a tampered id."""
    if obj is not None and obj.roundtable_id != roundtable.pk:
        raise ValidationError(
            _("That %(what)s is not part of this roundtable.") % {"what": what}
        )
