"""Path converters for our URLs."""


class IdConverter:
    """A row id: digits that fit a 64-bit primary key. ``<id:…>`` takes any number
    of digits, and an id beyond the column's range makes SQLite raise
    OverflowError and PostgreSQL "out of range" where a lookup follows a relation;
    such an address simply names no page."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
