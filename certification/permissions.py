"""Who may do what in the certification layer. Views call these; they never test
groups. Each sub-domain appends its own section below."""

# --- Certification programs, certifications, certificates, calendar feeds ---------
# Staff see everyone's certifications; a holder sees only their own. Whether somebody
# else's certification exists is not something a holder may learn (404).

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from certification.models import Certification, Observation, ScoreSheet
from training.permissions import (
    is_co_trainer,
    is_learner,
    is_program_staff,
    role_required,
)
from training.roles import Role


def user_can_adjust_certifications(user) -> bool:
    """Extend an expiry or deadline, waive a requirement: program staff only."""
    return is_program_staff(user)


def user_can_start_pathway(user) -> bool:
    """Trainees and co-trainers work towards certifications."""
    return is_learner(user)


def get_certification_for_user(user, pk, *, manage: bool = False):
    """A certification its holder or program staff may see (with ``manage``: that
    staff may change); 404 for anybody else's, 403 for a holder asking to manage."""
    certification = get_object_or_404(
        Certification.objects.select_related("user", "program", "approved_by"), pk=pk
    )
    if is_program_staff(user):
        return certification
    if certification.user_id != user.pk:
        raise Http404
    if manage:
        raise PermissionDenied
    return certification


def get_own_certification(user, pk):
    """One of the user's own certifications, for the holder's actions; 404 for
    anybody else's, staff included (they act from the dashboard)."""
    return get_object_or_404(
        Certification.objects.select_related("user", "program"), pk=pk, user=user
    )


def user_can_log_roundtables(user) -> bool:
    """Facilitators log the live roundtables they ran: trainees and co-trainers."""
    return is_learner(user)


# --- Observations (Facilitator Trainee Tool) ------------------------------------
# Staff see every observation; a co-trainer sees those they rate and those of the
# cohorts they lead; a trainee sees their own, and only once released. A rater's
# sheet is seen by nobody but that rater until both raters have submitted (not even
# staff). Whether somebody else's observation exists is not for others to learn (404).


observer_required = role_required(Role.CO_TRAINER, Role.PROGRAM_STAFF)
observation_viewer_required = role_required(
    Role.TRAINEE, Role.CO_TRAINER, Role.PROGRAM_STAFF
)


def user_can_manage_observations(user) -> bool:
    """Export and the program-wide agreement report: program staff."""
    return is_program_staff(user)


def _is_rater(user, observation) -> bool:
    return is_co_trainer(user) and observation.is_rater(user)


def user_can_view_observation(user, observation) -> bool:
    if is_program_staff(user):
        return True
    if is_co_trainer(user) and (
        observation.is_rater(user)
        or (observation.cohort is not None and observation.cohort.is_led_by(user))
    ):
        return True
    return (
        observation.trainee_id == user.pk
        and observation.status == Observation.Status.RELEASED
    )


def user_can_see_rater_sheets(user, observation) -> bool:
    """Both sheets side by side: the pair and staff, once both are submitted."""
    return observation.status != Observation.Status.SCORING and (
        _is_rater(user, observation) or is_program_staff(user)
    )


def user_can_reconcile(user, observation) -> bool:
    return observation.status == Observation.Status.RECONCILING and _is_rater(
        user, observation
    )


def user_can_amend(user, observation) -> bool:
    """Change a released final sheet (with a reason): the pair and staff."""
    return observation.status == Observation.Status.RELEASED and (
        _is_rater(user, observation) or is_program_staff(user)
    )


def user_can_see_audit(user, observation) -> bool:
    return is_program_staff(user) or _is_rater(user, observation)


def user_can_write_goals(user, observation) -> bool:
    """Development goals: the pair while reconciling (a result with a failed
    critical item is released only with its plan); the pair and staff after."""
    if observation.status == Observation.Status.RECONCILING:
        return _is_rater(user, observation)
    return observation.status == Observation.Status.RELEASED and (
        _is_rater(user, observation) or is_program_staff(user)
    )


def get_observation_for_user(user, pk):
    """The observation if ``user`` may see it, else 404."""
    observation = get_object_or_404(
        Observation.objects.select_related(
            "trainee", "cohort", "rubric", "rater_a", "rater_b", "mock_roundtable__case"
        ),
        pk=pk,
    )
    if not user_can_view_observation(user, observation):
        raise Http404
    return observation


def get_own_sheet(user, observation):
    """The user's own rater's sheet of ``observation``; 403 for anyone else (staff
    and a co-trainer who leads the cohort but does not rate included)."""
    if not _is_rater(user, observation):
        raise PermissionDenied
    return ScoreSheet.objects.get(
        observation=observation, kind=ScoreSheet.Kind.RATER, rater=user
    )


# --- Supervisors ----------------------------------------------------------------------
# A supervisor sees their own team's certifications, read only. Whether somebody is
# in another team, or exists at all, is not something they may learn (404).


def get_team_member_for_user(user, pk):
    """A person ``user`` supervises, or 404 for anybody else (staff included)."""
    return get_object_or_404(
        get_user_model().objects.only(
            "pk", "email", "full_name", "agency", "region", "is_active", "supervisor"
        ),
        pk=pk,
        supervisor_id=user.pk,
    )
