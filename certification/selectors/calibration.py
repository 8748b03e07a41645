"""Reads for the calibration pages: the gold sessions a co-trainer may score and
their own calibrations, the staff list, the gold form's rows (prefilled from the
reconciled sheet) and a rater's result beside gold. Each a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from certification.models import (
    CalibrationSheet,
    GoldStandard,
    ItemScore,
    Observation,
    ObservationKind,
    ScoreSheet,
)
from certification.rules import NA, display_value
from certification.selectors.observations.lists import applicable_items
from certification.selectors.observations.sheets import (
    GROUP_LABELS,
    GROUP_ORDER,
    Group,
    ItemRow,
)


def _value(row):
    if row is None:
        return None
    return NA if row.not_applicable else row.level


def _grouped(rows: list) -> list[Group]:
    """Rows by phase, in the rubric's phase order (as the score sheet shows them)."""
    groups = {code: Group(code, GROUP_LABELS[code]) for code in GROUP_ORDER}
    for row in rows:
        groups[row.item.group].rows.append(row)
    return [group for group in groups.values() if group.rows]


def _gold_base():
    return GoldStandard.objects.select_related(
        "program",
        "observation__trainee",
        "observation__rubric",
        "observation__mock_roundtable__case",
        "observation__cohort",
    )


def gold_for_rater(*, user):
    """Gold sessions the co-trainer may score: not retired, not one they rated or
    facilitated (one query)."""
    return (
        _gold_base()
        .filter(retired=False)
        .exclude(
            Q(observation__rater_a=user)
            | Q(observation__rater_b=user)
            | Q(observation__trainee=user)
            | Q(observation__cohort__child_welfare_trainer=user)
            | Q(observation__cohort__lived_experience_trainer=user)
        )
    )


@dataclass
class RaterCalibrations:
    sessions: list  # (gold, own sheet or None)
    current: list  # passed sheets still valid, one per program
    history: list  # every submitted sheet, newest first


def rater_calibrations(*, user) -> RaterCalibrations:
    """What the calibration page shows a co-trainer (two queries)."""
    sheets = list(
        CalibrationSheet.objects.filter(rater=user).select_related(
            "gold__program", "gold__observation__mock_roundtable__case"
        )
    )
    by_gold = {sheet.gold_id: sheet for sheet in sheets}
    today = timezone.localdate()
    current = {}
    for sheet in sheets:
        if sheet.passed and sheet.valid_until and sheet.valid_until >= today:
            best = current.get(sheet.gold.program_id)
            if best is None or sheet.valid_until > best.valid_until:
                current[sheet.gold.program_id] = sheet
    return RaterCalibrations(
        sessions=[(gold, by_gold.get(gold.pk)) for gold in gold_for_rater(user=user)],
        current=sorted(current.values(), key=lambda s: s.gold.program.name),
        history=[sheet for sheet in sheets if sheet.submitted_at],
    )


def staff_gold_list():
    """Every gold session with how many raters submitted and passed (one query)."""
    return _gold_base().annotate(
        submitted=Count("sheets", filter=Q(sheets__submitted_at__isnull=False)),
        passed=Count("sheets", filter=Q(sheets__passed=True)),
    )


def markable_observations():
    """Released mock-roundtable observations not yet gold (one query)."""
    return (
        Observation.objects.filter(
            kind=ObservationKind.MOCK,
            status=Observation.Status.RELEASED,
            mock_roundtable__isnull=False,
            gold__isnull=True,
        )
        .select_related("trainee", "mock_roundtable__case")
        .order_by("-released_at", "-pk")[:50]
    )


@dataclass
class GoldRow:
    item: object
    final: object  # the reconciled value
    level: object  # the expert level shown (gold's, else the reconciled one)
    rationale: str
    labels: dict

    @property
    def choices(self) -> list:
        levels = [
            {"value": n, "label": self.labels.get(n, ""), "checked": self.level == n}
            for n in (1, 2, 3, 4)
        ]
        if self.item.na_allowed or self.level == NA:
            levels.append({"value": NA, "label": "N/A", "checked": self.level == NA})
        return levels


def gold_rows(*, observation) -> list:
    """The applicable items, each with its reconciled value and the gold level and
    rationale if marked (three queries), grouped by phase."""
    items = list(applicable_items(observation=observation))
    final = {
        s.item_id: _value(s)
        for s in ItemScore.objects.filter(
            sheet__observation=observation, sheet__kind=ScoreSheet.Kind.FINAL
        )
    }
    gold = GoldStandard.objects.filter(observation=observation).first()
    marked = {row.item_id: row for row in gold.items.all()} if gold else {}
    labels = observation.rubric.level_labels()
    rows = []
    for item in items:
        row = marked.get(item.pk)
        rows.append(
            GoldRow(
                item=item,
                final=final.get(item.pk),
                level=_value(row) if row else final.get(item.pk),
                rationale=row.rationale if row else "",
                labels=labels,
            )
        )
    return _grouped(rows)


def calibration_scoring_page(*, sheet) -> list:
    """The rater's blind sheet as the score sheet's groups (two queries)."""
    observation = sheet.gold.observation
    items = list(applicable_items(observation=observation))
    mine = {row.item_id: row for row in sheet.scores.all()}
    labels = observation.rubric.level_labels()
    return _grouped(
        [ItemRow(item, mine=mine.get(item.pk), labels=labels) for item in items]
    )


@dataclass
class ResultRow:
    item: object
    mine: object
    gold: object
    rationale: str
    comment: str

    @property
    def mine_shown(self) -> str:
        return display_value(self.mine)

    @property
    def gold_shown(self) -> str:
        return display_value(self.gold)

    @property
    def difference(self):
        if self.mine in (1, 2, 3, 4) and self.gold in (1, 2, 3, 4):
            return abs(self.mine - self.gold)
        return None if self.mine == self.gold else "na"


def calibration_result(*, sheet) -> list:
    """Each item: the rater's level beside gold's level and rationale (three
    queries), grouped by phase."""
    items = list(applicable_items(observation=sheet.gold.observation))
    mine = {row.item_id: row for row in sheet.scores.all()}
    gold = {row.item_id: row for row in sheet.gold.items.all()}
    return _grouped(
        [
            ResultRow(
                item=item,
                mine=_value(mine.get(item.pk)),
                gold=_value(gold.get(item.pk)),
                rationale=getattr(gold.get(item.pk), "rationale", ""),
                comment=getattr(mine.get(item.pk), "comment", ""),
            )
            for item in items
        ]
    )
