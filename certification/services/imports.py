"""Import of certifications earned before the platform, from a CSV file: every row
is checked first and one bad row refuses the whole file, with a problem per cell."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.dates import (
    expiry_after,
    grace_ends,
    status_on,
    window_opens,
)
from certification.models import Certification, CertificationEvent, CertificationProgram
from certification.signals import certifications_changed
from core.csv import CsvImportError, CsvRow, RowError, read_table
from training.services.people import import_supervisors_check, supervisors_assign

REQUIRED_COLUMNS = ("email", "program", "issued_on")
OPTIONAL_COLUMNS = ("expires_on", "supervisor_email")
MAX_IMPORT_ROWS = 5_000
_MAX_LENGTHS = {"email": 254, "program": 40, "supervisor_email": 254}


@dataclass
class _Row:
    number: int
    email: str
    program: str
    issued_on: date | None = None
    expires_on: date | None = None
    supervisor_email: str = ""


def _date(value: str, number: int, column: str, errors: list) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(
            RowError(
                number,
                column,
                _("“%(value)s” is not a date written as YYYY-MM-DD.")
                % {"value": value[:40]},
            )
        )
        return None


def _parse(table: list[CsvRow], today: date) -> tuple[list[_Row], list[RowError]]:
    rows, errors = [], []
    for record in table:
        number, cells = record.number, record.cells
        row = _Row(number, cells["email"].lower(), cells["program"])
        row.supervisor_email = cells.get("supervisor_email", "").lower()
        row.issued_on = _date(cells["issued_on"], number, "issued_on", errors)
        row.expires_on = _date(
            cells.get("expires_on", ""), number, "expires_on", errors
        )
        if not row.email:
            errors.append(RowError(number, "email", _("The email address is missing.")))
        if not cells["issued_on"]:
            errors.append(
                RowError(number, "issued_on", _("The issue date is missing."))
            )
        elif row.issued_on and row.issued_on > today:
            errors.append(
                RowError(number, "issued_on", _("The issue date is in the future."))
            )
        if row.issued_on and row.expires_on and row.expires_on <= row.issued_on:
            errors.append(
                RowError(number, "expires_on", _("The expiry is not after the issue."))
            )
        rows.append(row)
    return rows, errors


def _match(rows) -> tuple[dict, dict, set, list[RowError]]:
    """People, programs and existing certifications for the rows: three queries."""
    users = {
        user.email_lower: user
        for user in get_user_model()
        .objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in={row.email for row in rows})
    }
    programs = {p.code.lower(): p for p in CertificationProgram.objects.all()}
    existing = set(
        Certification.objects.filter(user__in=users.values()).values_list(
            "user_id", "program_id"
        )
    )
    errors, seen = [], {}
    for row in rows:
        user, program = users.get(row.email), programs.get(row.program.lower())
        if row.email and user is None:
            errors.append(
                RowError(
                    row.number,
                    "email",
                    _("Nobody has the address %(email)s; invite them first.")
                    % {"email": row.email[:80]},
                )
            )
        if program is None:
            errors.append(
                RowError(
                    row.number,
                    "program",
                    _("There is no program with the code “%(code)s”.")
                    % {"code": row.program[:40]},
                )
            )
        if user is None or program is None:
            continue
        if (user.pk, program.pk) in existing:
            errors.append(
                RowError(
                    row.number,
                    "email",
                    _("%(email)s already has a %(program)s certification.")
                    % {"email": row.email, "program": program.name},
                )
            )
        key = (user.pk, program.pk)
        if key in seen:
            errors.append(
                RowError(
                    row.number,
                    "email",
                    _("The same person and program are already on row %(row)s.")
                    % {"row": seen[key]},
                )
            )
        seen.setdefault(key, row.number)
    return users, programs, existing, errors


@transaction.atomic
def certifications_import(*, data: bytes, imported_by, today=None) -> Counter:
    """Create the certifications of a CSV file (email, program code, issue date and
    optionally expiry date, otherwise the program's validity applies; optionally
    the person's supervisor_email), each in the state its dates give today.
    Returns how many of each status were created."""
    today = today or timezone.localdate()
    table, errors = read_table(
        data,
        required=REQUIRED_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        max_rows=MAX_IMPORT_ROWS,
        max_lengths=_MAX_LENGTHS,
    )
    rows, problems = _parse(table, today)
    errors += problems
    users, programs, _existing, problems = _match(rows)
    supervisors, supervisor_problems = import_supervisors_check(
        [(row.number, row.email, row.supervisor_email) for row in rows], users
    )
    problems += [
        RowError(number, "supervisor_email", message)
        for number, message in supervisor_problems
    ]
    errors = sorted(errors + problems, key=lambda error: (error.row, error.column))
    if errors:
        rows_with_problems = len({error.row for error in errors})
        raise CsvImportError(
            _(
                "Nothing was imported: %(rows)s row(s) have problems. Correct them "
                "and upload the whole file again."
            )
            % {"rows": rows_with_problems},
            errors,
        )
    certs = []
    for row in rows:
        program = programs[row.program.lower()]
        expires = row.expires_on or expiry_after(row.issued_on, program.validity_months)
        opens, ends = (
            window_opens(expires, program.window_days),
            grace_ends(expires, program.grace_days),
        )
        certs.append(
            Certification(
                user=users[row.email],
                program=program,
                status=status_on(
                    today, window_opens_on=opens, expires_on=expires, grace_ends_on=ends
                ),
                cycle=1,
                started_on=row.issued_on,
                issued_on=row.issued_on,
                expires_on=expires,
                window_opens_on=opens,
                grace_ends_on=ends,
                approved_by=imported_by,
                imported=True,
            )
        )
    try:
        with transaction.atomic():
            Certification.objects.bulk_create(certs, batch_size=500)
    except IntegrityError as exc:  # someone added one of them meanwhile
        raise CsvImportError(
            _(
                "Nothing was imported: a certification in the file was just created "
                "by someone else. Upload the file again to see which."
            )
        ) from exc
    # Primary keys come back from bulk_create on PostgreSQL and SQLite alike.
    CertificationEvent.objects.bulk_create(
        [
            CertificationEvent(
                certification=cert,
                cycle=cert.cycle,
                to_status=cert.status,
                by=imported_by,
                note=_("Imported: earned before the platform"),
            )
            for cert in certs
        ],
        batch_size=500,
    )
    assignments = {
        users[row.email]: supervisors[row.supervisor_email]
        for row in rows
        if row.supervisor_email
    }
    if assignments:
        supervisors_assign(
            actor=imported_by,
            assignments=assignments,
            note=_("Certification import"),
        )
    certifications_changed()  # bulk_create sends no signal: refresh the dashboard
    return Counter(cert.status for cert in certs)
