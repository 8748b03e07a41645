"""The drift report: per rater and per pair, agreement with gold (calibration
sheets) and with the partner (observations both scored) over time, and the items
raters most often score differently from gold, program-wide. Seven queries, however
many raters, sessions or observations; the statistics are worked out in Python."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone

from certification import agreement, charts
from certification.models import (
    CalibrationScore,
    CalibrationSheet,
    CertificationProgram,
    GoldItem,
    ItemScore,
    Observation,
    RubricItem,
    ScoreSheet,
)

GOLD, PARTNER = "gold", "partner"


def _level(level, not_applicable):
    return None if not_applicable else level


@dataclass
class Entry:
    """One point in a rater's timeline: a calibration (against gold) or an
    observation scored with a partner."""

    day: object
    source: str  # GOLD or PARTNER
    label: str
    stats: agreement.Agreement
    partner: object = None
    passed: bool | None = None
    n: int = 0
    x: float = 0
    y: float | None = None


@dataclass
class RaterDrift:
    rater: object
    entries: list = field(default_factory=list)
    chart: dict | None = None


@dataclass
class DriftReport:
    raters: list
    pairs: list
    items: list
    threshold: float | None


def line_chart(entries: list, threshold) -> dict | None:
    """Kappa with gold and with the partner over time (``charts.kappa_chart``); each
    entry learns where its dot is."""
    chart = charts.kappa_chart(
        [(entry.source, entry.stats.kappa_value) for entry in entries], threshold
    )
    if chart is None:
        return None
    for entry, (x, y) in zip(entries, chart.pop("coords"), strict=True):
        entry.x, entry.y = x, y
    lines = chart.pop("lines")
    return {
        **chart,
        "entries": entries,
        "gold_line": lines.get(GOLD, ""),
        "partner_line": lines.get(PARTNER, ""),
        "threshold": threshold,
    }


def _calibrations():
    """Submitted sheets with each item's (rater level, gold level): three queries."""
    sheets = list(
        CalibrationSheet.objects.filter(submitted_at__isnull=False)
        .select_related("rater", "gold__observation__mock_roundtable__case")
        .order_by("submitted_at", "pk")
    )
    gold = defaultdict(dict)
    for gold_id, item_id, level, na in GoldItem.objects.filter(
        gold_id__in={s.gold_id for s in sheets}
    ).values_list("gold_id", "item_id", "level", "not_applicable"):
        gold[gold_id][item_id] = _level(level, na)
    pairs = defaultdict(list)
    for sheet_id, item_id, level, na in CalibrationScore.objects.filter(
        sheet__in=sheets
    ).values_list("sheet_id", "item_id", "level", "not_applicable"):
        pairs[sheet_id].append((item_id, _level(level, na)))
    return sheets, gold, pairs


def _observations():
    """Observations both raters submitted and each one's (item, a, b): two queries."""
    observations = list(
        Observation.objects.filter(
            status__in=(Observation.Status.RECONCILING, Observation.Status.RELEASED)
        )
        .select_related("rater_a", "rater_b")
        .order_by("opened_at", "pk")
    )
    scores = defaultdict(lambda: defaultdict(lambda: [None, None]))
    by_pk = {o.pk: o for o in observations}
    for obs_id, rater_id, item_id, level, na in ItemScore.objects.filter(
        sheet__observation__in=observations, sheet__kind=ScoreSheet.Kind.RATER
    ).values_list(
        "sheet__observation_id", "sheet__rater_id", "item_id", "level", "not_applicable"
    ):
        side = 0 if rater_id == by_pk[obs_id].rater_a_id else 1
        scores[obs_id][item_id][side] = _level(level, na)
    return observations, scores


def drift_report() -> DriftReport:
    sheets, gold, sheet_pairs = _calibrations()
    observations, obs_scores = _observations()
    timelines, people = defaultdict(list), {}
    by_item = defaultdict(lambda: {"scored": 0, "differ": 0, "signed": 0})
    for sheet in sheets:
        found = [
            (mine, gold[sheet.gold_id].get(item))
            for item, mine in sheet_pairs[sheet.pk]
        ]
        for item, mine in sheet_pairs[sheet.pk]:
            expert = gold[sheet.gold_id].get(item)
            if mine is not None and expert is not None:
                entry = by_item[item]
                entry["scored"] += 1
                entry["differ"] += mine != expert
                entry["signed"] += mine - expert
        people[sheet.rater_id] = sheet.rater
        timelines[sheet.rater_id].append(
            Entry(
                day=timezone.localdate(sheet.submitted_at),
                source=GOLD,
                label=str(sheet.gold.observation.mock_roundtable.case),
                stats=agreement.agreement(found),
                passed=sheet.passed,
            )
        )
    pair_rows = defaultdict(list)
    for observation in observations:
        found = [tuple(v) for v in obs_scores[observation.pk].values()]
        stats = agreement.agreement(found)
        day = timezone.localdate(observation.opened_at)
        for rater, partner in (
            (observation.rater_a, observation.rater_b),
            (observation.rater_b, observation.rater_a),
        ):
            people[rater.pk] = rater
            timelines[rater.pk].append(
                Entry(day, PARTNER, observation.get_kind_display(), stats, partner)
            )
        key = tuple(sorted((observation.rater_a_id, observation.rater_b_id)))
        pair_rows[key].append(
            Entry(day, PARTNER, observation.get_kind_display(), stats)
        )
    threshold = CertificationProgram.objects.filter(require_calibration=True).aggregate(
        low=Min("calibration_min_kappa")
    )["low"]
    raters = []
    for rater_id, entries in timelines.items():
        entries.sort(key=lambda e: e.day)
        raters.append(
            RaterDrift(people[rater_id], entries, line_chart(entries, threshold))
        )
    raters.sort(key=lambda r: r.rater.get_full_name())
    return DriftReport(
        raters=raters,
        pairs=_pairs(pair_rows, timelines, people),
        items=_items(by_item),
        threshold=threshold,
    )


def _latest_gold(entries):
    golds = [e for e in entries if e.source == GOLD]
    return golds[-1] if golds else None


def _pairs(pair_rows, timelines, people) -> list:
    pairs = []
    for (a, b), rows in pair_rows.items():
        pairs.append(
            {
                "raters": (people[a], people[b]),
                "rows": rows,
                "gold": (_latest_gold(timelines[a]), _latest_gold(timelines[b])),
            }
        )
    return sorted(pairs, key=lambda p: [r.get_full_name() for r in p["raters"]])


def _items(by_item) -> list:
    """Items by how often raters differ from gold (one query for their texts)."""
    texts = {
        pk: (code, text)
        for pk, code, text in RubricItem.objects.filter(pk__in=by_item).values_list(
            "pk", "code", "text"
        )
    }
    rows = [
        {
            "code": texts.get(pk, ("", ""))[0],
            "text": texts.get(pk, ("", ""))[1],
            "scored": e["scored"],
            "differ": e["differ"],
            "percent": round(100 * e["differ"] / e["scored"]),
            "lean": round(e["signed"] / e["scored"], 2),
        }
        for pk, e in by_item.items()
        if e["scored"]
    ]
    return sorted(rows, key=lambda r: (-r["percent"], -r["differ"], r["code"]))
