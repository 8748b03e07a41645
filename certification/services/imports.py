"""Import of certifications earned before the platform, from a CSV file: every row
is checked first and one bad row refuses the whole file, with a problem per cell."""

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import Certification, CertificationEvent, CertificationProgram
from certification.services.dates import (
    expiry_after,
    grace_ends,
    status_on,
    window_opens,
)
from training.services.people import import_supervisors_check, supervisors_assign

REQUIRED_COLUMNS = ("email", "program", "issued_on")
OPTIONAL_COLUMNS = ("expires_on", "supervisor_email")
MAX_IMPORT_BYTES = 1_000_000
MAX_IMPORT_ROWS = 5_000


@dataclass(frozen=True)
class RowError:
    """A problem in one cell; the header is row 1, as a spreadsheet shows it."""

    row: int
    column: str
    message: str


class CertificationImportError(ValidationError):
    """The whole file was refused; ``row_errors`` says where and why."""

    def __init__(self, message, row_errors=()):
        super().__init__(message)
        self.row_errors = list(row_errors)


@dataclass
class _Row:
    number: int
    email: str
    program: str
    issued_on: date | None = None
    expires_on: date | None = None
    supervisor_email: str = ""


def _records(data: bytes) -> list[list[str]]:
    if not data:
        raise CertificationImportError(_("The file is empty."))
    if len(data) > MAX_IMPORT_BYTES:
        raise CertificationImportError(
            _("The file is larger than 1 MB; split it into smaller files.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CertificationImportError(
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload that.")
        ) from exc
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CertificationImportError(
            _("The file could not be read as CSV: %(problem)s") % {"problem": exc}
        ) from exc
    if len(records) - 1 > MAX_IMPORT_ROWS:
        raise CertificationImportError(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": MAX_IMPORT_ROWS}
        )
    return records


def _header(records) -> list[str]:
    header = [cell.strip().lower() for cell in records[0]] if records else []
    allowed = set(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
    if not set(REQUIRED_COLUMNS) <= set(header) or not set(header) <= allowed:
        raise CertificationImportError(
            _(
                "The header row must name the columns %(required)s, and may add "
                "%(optional)s. This file has: %(found)s."
            )
            % {
                "required": ", ".join(REQUIRED_COLUMNS),
                "optional": ", ".join(OPTIONAL_COLUMNS),
                "found": ", ".join(header) or "—",
            }
        )
    return header


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


def _parse(records, header, today: date) -> tuple[list[_Row], list[RowError]]:
    rows, errors = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            errors.append(
                RowError(
                    number,
                    "",
                    _(
                        "This row has %(found)s values but there are %(expected)s "
                        "columns."
                    )
                    % {"found": len(record), "expected": len(header)},
                )
            )
            continue
        cells = {col: cell.strip() for col, cell in zip(header, record, strict=True)}
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
    if not rows and not errors:
        raise CertificationImportError(_("The file has a header row but no rows."))
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
    records = _records(data)
    header = _header(records)
    rows, errors = _parse(records, header, today)
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
        raise CertificationImportError(
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
        raise CertificationImportError(
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
    return Counter(cert.status for cert in certs)
