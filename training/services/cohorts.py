"""State changes of cohorts: the cohort and its co-trainer pair, members, sessions,
attendance, and bulk enrolment from a CSV file."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv import CsvImportError, RowError, read_table
from training.models import Attendance, Cohort, CohortMembership, Invitation
from training.permissions import is_co_trainer
from training.roles import Role, user_roles
from training.services.accounts import invitation_create
from training.services.learning import enrolment_create
from training.services.people import import_supervisors_check, supervisors_assign

User = get_user_model()

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


def _membership_problem(cohort: Cohort, user) -> str | None:
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
    problem = _membership_problem(cohort, user)
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


# --- Bulk enrolment from CSV ----------------------------------------------------------

IMPORT_COLUMNS = ("email", "name", "agency", "region")
OPTIONAL_IMPORT_COLUMNS = ("supervisor_email",)
MAX_IMPORT_ROWS = 2_000
_MAX_LENGTHS = {
    "email": User._meta.get_field("email").max_length,
    "name": User._meta.get_field("full_name").max_length,
    "agency": User._meta.get_field("agency").max_length,
    "region": User._meta.get_field("region").max_length,
    "supervisor_email": User._meta.get_field("email").max_length,
}


@dataclass
class ImportSummary:
    enrolled: list = field(default_factory=list)
    already_members: list = field(default_factory=list)
    invited: list = field(default_factory=list)
    already_invited: list = field(default_factory=list)


@dataclass
class _Row:
    number: int
    email: str
    name: str
    agency: str
    region: str
    supervisor_email: str = ""


def _read_rows(data: bytes) -> tuple[list[_Row], list[RowError]]:
    """The people of the file and the problems found in their cells."""
    table, errors = read_table(
        data,
        required=IMPORT_COLUMNS,
        optional=OPTIONAL_IMPORT_COLUMNS,
        max_rows=MAX_IMPORT_ROWS,
        max_lengths=_MAX_LENGTHS,
    )
    rows = []
    for record in table:
        values = dict(record.cells, email=record.cells["email"].lower())
        values["supervisor_email"] = values.get("supervisor_email", "").lower()
        errors += _cell_errors(record.number, values)
        rows.append(_Row(number=record.number, **values))
    return rows, errors + _duplicate_errors(rows)


def _cell_errors(number: int, values: dict) -> list[RowError]:
    errors = []
    if not values["email"]:
        errors.append(RowError(number, "email", _("The email address is missing.")))
    else:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(
                RowError(
                    number,
                    "email",
                    _("“%(value)s” is not a valid email address.")
                    % {"value": values["email"][:80]},
                )
            )
    if not values["name"]:
        errors.append(RowError(number, "name", _("The name is missing.")))
    return errors


def _duplicate_errors(rows: list[_Row]) -> list[RowError]:
    first_seen: dict[str, int] = {}
    errors = []
    for row in rows:
        if not row.email:
            continue
        if row.email in first_seen:
            errors.append(
                RowError(
                    row.number,
                    "email",
                    _("The same email address is already on row %(row)s.")
                    % {"row": first_seen[row.email]},
                )
            )
        else:
            first_seen[row.email] = row.number
    return errors


def _rejected(errors: list[RowError]) -> str:
    rows = len({error.row for error in errors})
    return ngettext(
        "Nobody was imported: %(rows)s row of the file has problems. Correct it "
        "and upload the whole file again.",
        "Nobody was imported: %(rows)s rows of the file have problems. Correct "
        "them and upload the whole file again.",
        rows,
    ) % {"rows": rows}


def _plan(cohort: Cohort, rows: list[_Row]) -> tuple[dict, dict, dict, list]:
    """Match rows to existing accounts, open invitations and supervisors (three
    queries, two more with supervisors), with a problem for each account,
    invitation or supervisor that is in the way."""
    emails = [row.email for row in rows]
    users = {
        user.email_lower: user
        for user in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .prefetch_related("groups")
    }
    for user in users.values():
        # Fill the cache user_roles() reads from the prefetched groups: one query
        # for the whole file instead of one per person.
        user._roundtable_roles = frozenset(g.name for g in user.groups.all())
        if user.is_superuser:
            user._roundtable_roles |= {Role.PROGRAM_STAFF, Role.EDITOR}
    invitations = {
        invitation.email_lower: invitation
        for invitation in Invitation.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails, accepted_at__isnull=True)
        .filter(revoked_at__isnull=True)
        .select_related("cohort")
    }
    supervisors, problems = import_supervisors_check(
        [(row.number, row.email, row.supervisor_email) for row in rows], users
    )
    errors = [RowError(n, "supervisor_email", message) for n, message in problems]
    for row in rows:
        user, invitation = users.get(row.email), invitations.get(row.email)
        if user is not None:
            problem = _membership_problem(cohort, user)
            if problem:
                errors.append(RowError(row.number, "email", problem))
        elif invitation is not None and invitation.cohort_id != cohort.pk:
            errors.append(
                RowError(
                    row.number,
                    "email",
                    _(
                        "%(email)s already has an open invitation (%(role)s, "
                        "%(cohort)s). Withdraw it on the People page, then import "
                        "again."
                    )
                    % {
                        "email": row.email,
                        "role": invitation.get_role_display(),
                        "cohort": invitation.cohort or _("no cohort"),
                    },
                )
            )
    return users, invitations, supervisors, errors


@transaction.atomic
def cohort_import(*, cohort: Cohort, data: bytes, invited_by) -> ImportSummary:
    """Bulk-enrol people from a CSV file (email, name, agency, region, and
    optionally supervisor_email: set for people with an account, kept on the
    invitation of new people; an empty cell leaves the supervisor as it is).

    Every row is checked before anything is written; one bad row refuses the whole
    file with a ``CsvImportError`` listing each problem. Otherwise, in one
    transaction, people with an account join the cohort and its course, and new
    people are invited as trainees of the cohort (their emails go out on commit).
    Importing the same file again changes nothing.
    """
    rows, errors = _read_rows(data)
    bad_rows = {error.row for error in errors}
    users, invitations, supervisors, in_the_way = _plan(
        cohort, [row for row in rows if row.number not in bad_rows]
    )
    errors = sorted(errors + in_the_way, key=lambda error: error.row)
    if errors:
        raise CsvImportError(_rejected(errors), errors)
    member_ids = set(
        CohortMembership.objects.filter(cohort=cohort).values_list("user_id", flat=True)
    )
    summary = ImportSummary()
    assignments = {}
    for row in rows:
        user = users.get(row.email)
        supervisor = supervisors.get(row.supervisor_email.lower())
        if user is not None and supervisor is not None:
            assignments[user] = supervisor
        if user is not None:
            done = user.pk in member_ids
            cohort_member_add(cohort=cohort, user=user)
            (summary.already_members if done else summary.enrolled).append(user)
        elif row.email in invitations:
            summary.already_invited.append(invitations[row.email])
        else:
            try:
                invitation = invitation_create(
                    email=row.email,
                    role=Role.TRAINEE,
                    invited_by=invited_by,
                    full_name=row.name,
                    agency=row.agency,
                    region=row.region,
                    cohort=cohort,
                    supervisor=supervisor,
                )
            except ValidationError as error:  # someone invited them meanwhile
                errors = [RowError(row.number, "email", " ".join(error.messages))]
                raise CsvImportError(_rejected(errors), errors) from error
            summary.invited.append(invitation)
    if assignments:
        supervisors_assign(
            actor=invited_by, assignments=assignments, note=_("Cohort import")
        )
    return summary
