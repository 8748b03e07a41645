"""How far a rater is through their sheet, for the sticky progress bar and the jump
list of the score sheet. Pure over the rows the page already loaded: no queries."""

from dataclasses import dataclass


def is_scored(row) -> bool:
    """A level or N/A is chosen (or was posted back) for the row's item."""
    return row.shown_value not in (None, "")


@dataclass
class GroupProgress:
    code: str
    label: str
    scored: int
    total: int


@dataclass
class SheetProgress:
    scored: int
    total: int
    next_item_id: int | None
    groups: list[GroupProgress]

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.scored * 100 // self.total


def sheet_progress(groups) -> SheetProgress:
    """ "n of N scored", the first item still without a level, and each phase
    group's count."""
    rows = [row for group in groups for row in group.rows]
    unscored = [row for row in rows if not is_scored(row)]
    return SheetProgress(
        scored=len(rows) - len(unscored),
        total=len(rows),
        next_item_id=unscored[0].item.pk if unscored else None,
        groups=[
            GroupProgress(
                group.code,
                group.label,
                sum(is_scored(row) for row in group.rows),
                len(group.rows),
            )
            for group in groups
        ],
    )
