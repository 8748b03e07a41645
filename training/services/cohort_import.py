"""Bulk enrolment of a cohort from a CSV file: every row checked before anything is
written, then people with an account join and new people are invited."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.csv import CsvImportError, RowError, read_table
from training.models import Cohort, CohortMembership, Invitation
from training.roles import Role
from training.services.accounts import invitation_create
from training.services.cohorts import cohort_member_add, membership_problem
from training.services.people import import_supervisors_check, supervisors_assign

User = get_user_model()

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
            problem = membership_problem(cohort, user)
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
