"""Who may open, run and record a mock roundtable. Views call these; they never test
groups themselves.

- open (view): the facilitator, the session's participants, the co-trainers of its
  cohort or of a cohort the facilitator belongs to, and program staff;
- advance phases and tick the checklist: the facilitator only;
- record entries (ideas, steps, exit criteria, debrief, follow-up): the facilitator
  and the scribe;
- seat participants: the facilitator, whoever assigned the session, its cohort's
  co-trainers and program staff.
"""

from django.db.models import Prefetch, Q
from django.http import Http404

from simulations.models import MockRoundtable, Participant, Role
from training.models import Cohort
from training.permissions import is_co_trainer, is_program_staff, is_trainee


def user_can_start_roundtable(user) -> bool:
    return is_trainee(user)


def user_can_assign_roundtable(user) -> bool:
    return is_co_trainer(user) or is_program_staff(user)


def user_can_use_roundtables(user) -> bool:
    return user_can_start_roundtable(user) or user_can_assign_roundtable(user)


def cohorts_led_by(user):
    """Cohorts whose sessions this user may assign and watch: all for staff."""
    if is_program_staff(user):
        return Cohort.objects.all()
    if not is_co_trainer(user):
        return Cohort.objects.none()
    return Cohort.objects.filter(
        Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
    )


def _leads_cohort_of(user, roundtable: MockRoundtable) -> bool:
    if not is_co_trainer(user):
        return False
    return (
        Cohort.objects.filter(
            Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
        )
        .filter(
            Q(pk=roundtable.cohort_id) | Q(memberships__user=roundtable.facilitator_id)
        )
        .exists()
    )


def _seat_of(user, roundtable: MockRoundtable) -> Participant | None:
    """The user's seat, from the prefetched participants (no query)."""
    for participant in roundtable.participants.all():
        if participant.user_id == user.pk:
            return participant
    return None


def user_can_view_roundtable(user, roundtable: MockRoundtable) -> bool:
    if not user.is_authenticated:
        return False
    return (
        roundtable.facilitator_id == user.pk
        or _seat_of(user, roundtable) is not None
        or is_program_staff(user)
        or _leads_cohort_of(user, roundtable)
    )


def user_can_facilitate(user, roundtable: MockRoundtable) -> bool:
    return roundtable.facilitator_id == user.pk


def user_can_record(user, roundtable: MockRoundtable) -> bool:
    """The facilitator, or the member in the scribe's seat."""
    if user_can_facilitate(user, roundtable):
        return True
    seat = _seat_of(user, roundtable)
    return seat is not None and seat.role == Role.SCRIBE


def user_can_seat_participants(user, roundtable: MockRoundtable) -> bool:
    return (
        user_can_facilitate(user, roundtable)
        or roundtable.created_by_id == user.pk
        or is_program_staff(user)
        or _leads_cohort_of(user, roundtable)
    )


def get_roundtable_for_user(user, pk) -> MockRoundtable:
    """The session with its case, people and plan (two queries), or 404 for anyone
    who may not open it: they need not know it exists."""
    roundtable = (
        MockRoundtable.objects.select_related(
            "case", "facilitator", "cohort", "plan", "created_by"
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("user"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if roundtable is None or not user_can_view_roundtable(user, roundtable):
        raise Http404("No such roundtable.")
    return roundtable
