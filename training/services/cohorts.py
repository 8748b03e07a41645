"""State changes of cohorts: the cohort and its co-trainer pair, members, sessions and
attendance. Bulk enrolment from a CSV file is in cohort_import."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from training.models import Attendance, Cohort, CohortMembership
from training.permissions import is_co_trainer
from training.roles import Role, user_roles
from training.services.learning import enrolment_create

# --- The cohort and its co-trainer pair -----------------------------------------------


def _check_pair(*, child_welfare_trainer, lived_experience_trainer) -> None:
    errors = {}
    if not is_co_trainer(child_welfare_trainer):
        errors["child_welfare_trainer"] = _("Choose someone with the Co-trainer role.")
    if not (
        is_co_trainer(lived_experience_trainer)
        and lived_experience_trainer.has_lived_experience
    ):
        errors["lived_experience_trainer"] = _(
            "Choose a co-trainer who has lived experience of foster care."
        )
    elif child_welfare_trainer.pk == lived_experience_trainer.pk:
        errors["lived_experience_trainer"] = _(
            "A co-trainer pair is two different people."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cohort_create(
    *,
    name: str,
    kind: str,
    course,
    child_welfare_trainer,
    lived_experience_trainer,
    created_by,
    region: str = "",
) -> Cohort:
    """A new cohort for a live course, led by a child-welfare trainer and a trainer
    with lived experience."""
    _check_pair(
        child_welfare_trainer=child_welfare_trainer,
        lived_experience_trainer=lived_experience_trainer,
    )
    if not course.live:
        raise ValidationError({"course": _("Choose a published course.")})
    cohort = Cohort(
        name=name.strip(),
        kind=kind,
        course=course,
        child_welfare_trainer=child_welfare_trainer,
        lived_experience_trainer=lived_experience_trainer,
        region=region.strip(),
        created_by=created_by,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    name: str,
    kind: str,
    course,
    child_welfare_trainer,
    lived_experience_trainer,
    region: str = "",
) -> Cohort:
    """Rename a cohort or change its pair; its course is fixed once people joined."""
    _check_pair(
        child_welfare_trainer=child_welfare_trainer,
        lived_experience_trainer=lived_experience_trainer,
    )
    if course.pk != cohort.course_id and cohort.memberships.exists():
        raise ValidationError(
            {
                "course": _(
                    "Members are already enrolled in this cohort's course; start a "
                    "new cohort for another course."
                )
            }
        )
    cohort.name, cohort.kind, cohort.region = name.strip(), kind, region.strip()
    cohort.course = course
    cohort.child_welfare_trainer = child_welfare_trainer
    cohort.lived_experience_trainer = lived_experience_trainer
    cohort.full_clean()
    cohort.save()
    return cohort


# --- Members --------------------------------------------------------------------------


def _member_roles(cohort: Cohort) -> set[str]:
    """Course cohorts are for trainees; a train-the-trainer cohort also takes
    co-trainers learning to deliver the course."""
    if cohort.kind == Cohort.Kind.TRAIN_THE_TRAINER:
        return {Role.TRAINEE, Role.CO_TRAINER}
    return {Role.TRAINEE}


def membership_problem(cohort: Cohort, user) -> str | None:
    """Why ``user`` cannot join ``cohort``, or None."""
    if not user.is_active:
        return _("This account is deactivated.")
    if cohort.is_led_by(user):
        return _("This person co-trains the cohort and cannot also be a member.")
    if not user_roles(user) & _member_roles(cohort):
        return _(
            "%(email)s has an account but is not a trainee, so cannot join this cohort."
        ) % {"email": user.email}
    return None


@transaction.atomic
def cohort_member_add(*, cohort: Cohort, user) -> CohortMembership:
    """Make ``user`` a member and enrol them in the cohort's course (idempotent)."""
    problem = membership_problem(cohort, user)
    if problem:
        raise ValidationError(problem)
    membership, _created = CohortMembership.objects.get_or_create(
        cohort=cohort, user=user
    )
    enrolment_create(user=user, course=cohort.course, cohort=cohort)
    return membership


# --- Sessions and attendance ----------------------------------------------------------


@transaction.atomic
def session_create(
    *, cohort: Cohort, title, starts_at, ends_at, place="", online_url=""
):
    """Schedule a meeting of the cohort in a place, online, or both."""
    session = cohort.sessions.model(
        cohort=cohort,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_update(*, session, title, starts_at, ends_at, place="", online_url=""):
    session.title, session.place = title.strip(), place.strip()
    session.starts_at, session.ends_at = starts_at, ends_at
    session.online_url = online_url.strip()
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def attendance_record(*, session, statuses: dict[int, str], recorded_by) -> int:
    """Record who was present, absent or excused (user id → status). Only changed
    rows are written, so ``recorded_by`` names who last changed each one. Returns
    how many rows changed."""
    members = set(
        CohortMembership.objects.filter(cohort_id=session.cohort_id).values_list(
            "user_id", flat=True
        )
    )
    if set(statuses) - members:
        raise ValidationError(_("Attendance is only taken for members of the cohort."))
    if set(statuses.values()) - set(Attendance.Status.values):
        raise ValidationError(_("Choose present, absent or excused."))
    recorded = dict(
        Attendance.objects.filter(session=session).values_list("user_id", "status")
    )
    now = timezone.now()
    changed = [
        Attendance(
            session=session,
            user_id=user_id,
            status=status,
            recorded_by=recorded_by,
            recorded_at=now,
        )
        for user_id, status in statuses.items()
        if recorded.get(user_id) != status
    ]
    # An upsert, so two co-trainers saving at once cannot hit the unique constraint.
    Attendance.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["session", "user"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    return len(changed)
