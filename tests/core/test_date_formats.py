"""One date format across the site: the locale's. Templates name Django's format
settings (DATE_FORMAT, DATETIME_FORMAT, TIME_FORMAT) rather than patterns of their
own, so "Dec. 1, 2026" never sits beside "07/04/2026"."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Machine-readable (c), month headings of charts (F Y, M), a weekday before the
# locale's date (D, l) and the time-zone name (T) are not dates in another format.
ALLOWED = {"DATE_FORMAT", "DATETIME_FORMAT", "c", "F Y", "M", "D", "l", "T"}
FILTER = re.compile(r"""\|(date|time):["']([^"']*)["']""")


def test_templates_use_the_locale_formats_only():
    odd = []
    for path in [*TEMPLATES.rglob("*.html"), *TEMPLATES.rglob("*.txt")]:
        for kind, fmt in FILTER.findall(path.read_text()):
            # H:i: the machine-readable start time in a guide's address.
            allowed = ALLOWED if kind == "date" else {"TIME_FORMAT", "H:i"}
            if fmt not in allowed:
                odd.append(f"{path.relative_to(TEMPLATES)}: |{kind}:{fmt!r}")
    assert odd == []
