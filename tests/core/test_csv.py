"""The one CSV reader and writer: shape errors refuse the file, cell problems are
reported by row and column, and every written cell is safe in a spreadsheet."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.http import HttpResponse

from core.csv import CsvImportError, csv_safe, read_table, stream_rows, write_rows

ROOT = Path(__file__).resolve().parents[2]


def read(text: str, **kwargs):
    kwargs.setdefault("required", ("email", "name"))
    kwargs.setdefault("max_rows", 10)
    return read_table(text.encode(), **kwargs)


def test_rows_are_keyed_by_column_in_any_order_and_case():
    rows, errors = read("\ufeffName , EMAIL\r\nAna, a@x.org \r\n\r\nBo\r\n")

    assert errors == []
    assert [(r.number, r.cells) for r in rows] == [
        (2, {"name": "Ana", "email": "a@x.org"}),
        (4, {"name": "Bo", "email": ""}),
    ]


def test_cell_problems_are_reported_by_row_and_column():
    rows, errors = read(
        "email,name\n"
        "a@x.org,Ana\n"
        "b@x.org,B\x00b\n"  # a NUL: PostgreSQL cannot store it
        f"c@x.org,{'x' * 11}\n"
        "d@x.org,D,extra\n",
        max_lengths={"name": 10},
    )

    assert [r.number for r in rows] == [2]
    assert [(e.row, e.column) for e in errors] == [(3, "name"), (4, "name"), (5, "")]
    assert "control character" in errors[0].message


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"email,name\n", "no rows"),
        (b"email\n", "exactly these columns"),
        (b"email,name,email\nx,y,z\n", "exactly these columns"),
        (b"email;name\n", "semicolons"),
        ("email,name\nZoë,x\n".encode("latin-1"), "UTF-8"),
        (b"email,name\n" + b"a,b\n" * 11, "more than 10 rows"),
        (b"email,name\n" + b"a" * 1_000_001, "larger than"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused_whole(data, message):
    with pytest.raises(CsvImportError) as error:
        read_table(data, required=("email", "name"), max_rows=10)

    assert message in error.value.messages[0]
    assert error.value.row_errors == []


def test_optional_columns_may_be_added():
    rows, _ = read("email,name,note\na,b,c\n", optional=("note",))
    assert rows[0].cells["note"] == "c"
    with pytest.raises(CsvImportError, match="may add note"):
        read("email,name,other\na,b,c\n", optional=("note",))


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("x")']
)
def test_a_formula_is_written_as_text(value):
    assert csv_safe(value) == "'" + value


def test_write_and_stream_escape_every_cell_after_a_byte_order_mark():
    rows = [["name", "n"], ["=cmd|' /C calc'!A0", 3], [None, "ok"]]
    response = HttpResponse()
    write_rows(response, rows)
    streamed = "".join(stream_rows(rows))

    for text in (response.content.decode(), streamed):
        assert text.startswith("\ufeff")
        parsed = list(csv.reader(io.StringIO(text[1:])))
        assert parsed == [["name", "n"], ["'=cmd|' /C calc'!A0", "3"], ["", "ok"]]


def test_every_export_and_import_goes_through_core_csv():
    """No module but core/csv.py reads or writes CSV itself."""
    offenders = [
        str(path.relative_to(ROOT))
        for app in ("core", "content", "training", "simulations", "certification")
        for path in (ROOT / app).rglob("*.py")
        if path.name != "csv.py"
        and re.search(r"^\s*import csv\b|csv\.(writer|reader)", path.read_text(), re.M)
    ]
    assert offenders == []
