"""CSV in and out for every import and export.

``read_table`` turns an uploaded file into rows keyed by column, refusing a file of
the wrong shape as a whole and reporting each problem in a cell by row and column,
so a staff member can correct a spreadsheet in one pass. ``write_rows`` and
``stream_rows`` write cells a spreadsheet shows as text and never runs as formulas.
Within this package ``import csv`` is the standard library (absolute imports).
"""

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 1_000_000
BOM = "\ufeff"  # written first so spreadsheets read the file as UTF-8

# Control characters never belong in a cell; NUL also cannot be stored in PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Spreadsheets run a cell that starts with one of these as a formula (OWASP).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class RowError:
    """A problem in one cell. Rows are numbered as a spreadsheet shows them, so the
    header is row 1 and the first data row 2; ``column`` is empty for a whole row."""

    row: int
    column: str
    message: str


class CsvImportError(ValidationError):
    """The whole file was refused; ``row_errors`` says where and why."""

    def __init__(self, message, row_errors=()):
        super().__init__(message)
        self.row_errors = list(row_errors)


@dataclass(frozen=True)
class CsvRow:
    """One data row: its spreadsheet row number and its stripped cells by column."""

    number: int
    cells: dict[str, str]


def read_table(
    data: bytes,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    max_rows: int,
    max_bytes: int = MAX_BYTES,
    max_lengths: dict[str, int] | None = None,
) -> tuple[list[CsvRow], list[RowError]]:
    """Read a UTF-8 CSV file whose header names ``required`` columns (and may add
    ``optional`` ones) in any order and case.

    Raises ``CsvImportError`` for a file of the wrong shape (empty, too large, not
    UTF-8, not CSV, wrong header, too many rows, no data rows). Otherwise returns
    the rows whose cells are readable and the problems of the others: too many
    values, a cell longer than ``max_lengths`` allows, a control character. Blank
    lines are skipped; missing cells at the end of a row are empty.
    """
    records = _records(data, max_bytes=max_bytes)
    header = [cell.strip().lower() for cell in records[0]] if records else []
    if not _header_fits(header, required, optional):
        raise CsvImportError(_header_problem(header, required, optional))
    if len(records) - 1 > max_rows:
        raise CsvImportError(
            _("The file has more than %(max)s rows; split it into smaller files.")
            % {"max": max_rows}
        )
    rows, errors = [], []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        problems = _row_problems(number, record, header, max_lengths or {})
        if problems:
            errors += problems
            continue
        # Some programs leave out empty cells at the end of a row.
        record = record + [""] * (len(header) - len(record))
        cells = {col: cell.strip() for col, cell in zip(header, record, strict=True)}
        rows.append(CsvRow(number, cells))
    if not rows and not errors:
        raise CsvImportError(_("The file has a header row but no rows below it."))
    return rows, errors


def _records(data: bytes, *, max_bytes: int) -> list[list[str]]:
    if not data:
        raise CsvImportError(_("The file is empty."))
    if len(data) > max_bytes:
        raise CsvImportError(
            _("The file is larger than %(size)s; split it into smaller files.")
            % {"size": f"{max_bytes // 1_000_000 or 1} MB"}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvImportError(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as “CSV "
                "UTF-8 (comma delimited)” and upload that file."
            )
        ) from exc
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise CsvImportError(
            _("The file could not be read as CSV: %(problem)s") % {"problem": exc}
        ) from exc


def _header_fits(header, required, optional) -> bool:
    return (
        len(set(header)) == len(header)
        and set(required) <= set(header)
        and set(header) <= set(required) | set(optional)
    )


def _header_problem(header: list[str], required, optional) -> str:
    expected = ", ".join(required)
    found = ", ".join(_CONTROL.sub("", cell)[:40] for cell in header) or "—"
    if not header:
        return _("The file is empty.")
    if len(header) == 1 and ";" in header[0]:
        return _(
            "The columns are separated by semicolons. Save the file as CSV with "
            "commas (“CSV UTF-8 (comma delimited)”)."
        )
    if any("@" in cell for cell in header):
        return _("The first row must be a header naming the columns: %(columns)s.") % {
            "columns": expected
        }
    if optional:
        return _(
            "The header row must name the columns %(required)s, and may add "
            "%(optional)s. This file has: %(found)s."
        ) % {"required": expected, "optional": ", ".join(optional), "found": found}
    return _(
        "The header row must name exactly these columns, in any order: "
        "%(columns)s. This file has: %(found)s."
    ) % {"columns": expected, "found": found}


def _row_problems(number, record, header, max_lengths) -> list[RowError]:
    if len(record) > len(header):
        return [
            RowError(
                number,
                "",
                _(
                    "This row has %(found)s values but there are %(expected)s "
                    "columns. Put quotes around values that contain commas."
                )
                % {"found": len(record), "expected": len(header)},
            )
        ]
    problems = []
    for column, cell in zip(header, record, strict=False):
        if _CONTROL.search(cell):
            problems.append(
                RowError(
                    number,
                    column,
                    _("This cell contains a control character; retype it."),
                )
            )
        limit = max_lengths.get(column)
        if limit is not None and len(cell.strip()) > limit:
            problems.append(
                RowError(
                    number,
                    column,
                    _("Longer than %(limit)s characters.") % {"limit": limit},
                )
            )
    return problems


# --- Writing ------------------------------------------------------------------------


def csv_safe(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def write_rows(out, rows: Iterable[Iterable]) -> None:
    """Write ``rows`` to a file-like ``out`` (an HttpResponse), BOM first, every
    cell made safe."""
    out.write(BOM)
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])


class _Echo:
    def write(self, value):
        return value


def stream_rows(rows: Iterable[Iterable], chunk_rows: int = 1000):
    """The lines of a CSV file, BOM first, every cell made safe: for a
    StreamingHttpResponse over a long list. Lines go out ``chunk_rows`` at a
    time, one write to the client per chunk rather than per line."""
    yield BOM
    writer = csv.writer(_Echo())
    chunk = []
    for row in rows:
        chunk.append(writer.writerow([csv_safe(cell) for cell in row]))
        if len(chunk) >= chunk_rows:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
