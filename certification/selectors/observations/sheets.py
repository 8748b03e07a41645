"""Reads for one observation's pages: a rater's sheet, both raters side by side
with the final sheet, the audit history, and the trainee's released results with the
chart of their mean scores. Each page costs a fixed number of queries, whatever the
size of the rubric or the number of observations."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from certification import agreement, charts
from certification.models import (
    DevelopmentPlan,
    ItemScore,
    Observation,
    ObservationRules,
    RubricItem,
    ScoreChange,
    ScoreSheet,
)
from certification.rules import NA, level_of, score_value
from certification.selectors.observations.lists import (
    applicable_items,
    observation_rows,
    observation_rules,
)
from simulations.selectors.roundtables import roundtable_phase_log_and_plan

GROUP_ORDER = [value for value, _label in RubricItem.Group.choices]
GROUP_LABELS = dict(RubricItem.Group.choices)


_UNSET = object()


@dataclass
class ItemRow:
    """One rubric item on a page, with whatever scores the page shows for it: the
    rater's own (``mine``), both raters' values (``a``, ``b``) and the final
    sheet's. ``posted_*`` hold what came back in a refused form."""

    item: RubricItem
    mine: ItemScore | None = None
    a: object = None
    b: object = None
    final: ItemScore | None = None
    a_comment: str = ""
    b_comment: str = ""
    labels: dict = field(default_factory=dict)
    posted_value: object = _UNSET
    posted_comment: str | None = None
    posted_reason: str = ""
    reason_error: str = ""
    recorded_reason: str = ""

    @property
    def value(self):
        return score_value(self.mine)

    @property
    def shown_value(self):
        if self.posted_value is not _UNSET:
            return self.posted_value
        return score_value(self.mine if self.mine is not None else self.final)

    @property
    def shown_comment(self) -> str:
        if self.posted_comment is not None:
            return self.posted_comment
        score = self.mine if self.mine is not None else self.final
        return score.comment if score else ""

    @property
    def levels(self) -> list[dict]:
        """The four levels with their labels and this item's descriptors."""
        shown = self.shown_value
        return [
            {
                "value": n,
                "label": self.labels.get(n, ""),
                "descriptor": descriptor,
                "checked": shown == n,
            }
            for n, descriptor in self.item.descriptors().items()
        ]

    @property
    def na_checked(self) -> bool:
        return self.shown_value == NA

    @property
    def chosen_level(self) -> dict | None:
        """What the collapsed sheet shows of a chosen level: its number, label and
        descriptor (N/A has no descriptor); None while nothing is chosen."""
        shown = self.shown_value
        if shown == NA:
            return {"num": "–", "label": _("N/A"), "descriptor": ""}
        for level in self.levels:
            if level["checked"]:
                return {
                    "num": level["value"],
                    "label": level["label"],
                    "descriptor": level["descriptor"],
                }
        return None

    @property
    def final_value(self):
        return score_value(self.final)

    @property
    def difference(self) -> int | None:
        return agreement.differs_by(level_of(self.a), level_of(self.b))

    @property
    def agreed(self) -> bool:
        return self.a is not None and self.a == self.b


@dataclass
class Group:
    code: str
    label: str
    rows: list = field(default_factory=list)


def _grouped(rows: list[ItemRow]) -> list[Group]:
    groups = {code: Group(code, GROUP_LABELS[code]) for code in GROUP_ORDER}
    for row in rows:
        groups[row.item.group].rows.append(row)
    return [group for group in groups.values() if group.rows]


def _scores_of(sheet_ids) -> dict[int, dict[int, ItemScore]]:
    by_sheet = defaultdict(dict)
    for score in ItemScore.objects.filter(sheet_id__in=sheet_ids):
        by_sheet[score.sheet_id][score.item_id] = score
    return by_sheet


def mock_record(*, observation):
    """The mock roundtable's phase times against their targets and its plan
    (three queries), or None for a live roundtable."""
    if not observation.mock_roundtable_id:
        return None
    return roundtable_phase_log_and_plan(roundtable_id=observation.mock_roundtable_id)


def scoring_page(*, observation, sheet) -> list[Group]:
    """The applicable items grouped by phase, each with the rater's own score (two
    queries)."""
    items = list(applicable_items(observation=observation))
    scores = _scores_of([sheet.pk])[sheet.pk]
    labels = observation.rubric.level_labels()
    return _grouped(
        [ItemRow(item, mine=scores.get(item.pk), labels=labels) for item in items]
    )


# --- Two raters side by side ---------------------------------------------------------


@dataclass
class PairPage:
    groups: list[Group]
    stats: agreement.Agreement
    threshold: int
    sheet_a: ScoreSheet
    sheet_b: ScoreSheet
    final: ScoreSheet | None
    rules: ObservationRules

    @property
    def rows(self):
        return [row for group in self.groups for row in group.rows]

    @property
    def highlighted(self) -> int:
        return sum(1 for row in self.rows if self.is_highlighted(row))

    def is_highlighted(self, row) -> bool:
        return row.difference is not None and row.difference >= self.threshold


def pair_page(*, observation) -> PairPage:
    """Both raters' sheets and the final sheet, item by item, with the agreement
    statistics and the reasons recorded so far (five queries and the rules)."""
    sheets = {
        sheet.kind if sheet.kind == ScoreSheet.Kind.FINAL else sheet.rater_id: sheet
        for sheet in observation.sheets.all()
    }
    sheet_a, sheet_b = sheets[observation.rater_a_id], sheets[observation.rater_b_id]
    final = sheets.get(ScoreSheet.Kind.FINAL)
    scores = _scores_of([s.pk for s in sheets.values()])
    final_scores = scores.get(final.pk, {}) if final else {}
    labels = observation.rubric.level_labels()
    rows = []
    for item in applicable_items(observation=observation):
        a, b = scores[sheet_a.pk].get(item.pk), scores[sheet_b.pk].get(item.pk)
        rows.append(
            ItemRow(
                item,
                a=score_value(a),
                b=score_value(b),
                a_comment=a.comment if a else "",
                b_comment=b.comment if b else "",
                final=final_scores.get(item.pk),
                labels=labels,
            )
        )
    if final is not None:
        reasons = ScoreChange.objects.filter(sheet=final, field="level").exclude(
            reason=""
        )
        latest = {c.item_id: c.reason for c in reasons.order_by("changed_at", "pk")}
        for row in rows:
            row.recorded_reason = latest.get(row.item.pk, "")
    rules = observation_rules()
    stats = agreement.agreement((level_of(r.a), level_of(r.b)) for r in rows)
    return PairPage(
        _grouped(rows), stats, rules.disagreement_levels, sheet_a, sheet_b, final, rules
    )


def audit_history(*, observation):
    """Every recorded change to the final sheet, oldest first (one query)."""
    return ScoreChange.objects.filter(sheet__observation=observation).select_related(
        "changed_by", "item"
    )


# --- The trainee's results ------------------------------------------------------------


@dataclass
class Released:
    observation: Observation
    groups: list[Group]
    sheet: ScoreSheet
    plan: DevelopmentPlan | None
    failed_ids: set = field(default_factory=set)


def _failed_ids(groups, minimum) -> set[int]:
    """Critical items scored below the minimum, for the page to mark."""
    return {
        row.item.pk
        for group in groups
        for row in group.rows
        if row.item.critical
        and level_of(row.final_value) is not None
        and row.final_value < minimum
    }


def released_results(*, observations, rules=None) -> list[Released]:
    """The final sheets of released observations, by phase, with any development
    plan and its goals (five queries for any number of observations and items)."""
    observations = list(observations)
    minimum = (rules or observation_rules()).critical_minimum
    finals = {
        sheet.observation_id: sheet
        for sheet in ScoreSheet.objects.filter(
            observation__in=observations, kind=ScoreSheet.Kind.FINAL
        )
    }
    rows = defaultdict(list)
    scores = ItemScore.objects.filter(sheet__in=finals.values()).select_related("item")
    for score in sorted(scores, key=lambda s: (s.item.sort_order, s.item.pk)):
        rows[score.sheet_id].append(ItemRow(score.item, final=score))
    plans = {
        plan.observation_id: plan
        for plan in DevelopmentPlan.objects.filter(
            observation__in=observations
        ).prefetch_related("goals")
    }
    results = []
    for observation in observations:
        if observation.pk not in finals:
            continue
        groups = _grouped(rows[finals[observation.pk].pk])
        results.append(
            Released(
                observation,
                groups,
                finals[observation.pk],
                plans.get(observation.pk),
                _failed_ids(groups, minimum),
            )
        )
    return results


def trainee_results(*, user, rules=None) -> list[Released]:
    """The trainee's own released observations, newest first."""
    observations = (
        observation_rows()
        .filter(trainee=user, status=Observation.Status.RELEASED)
        .order_by("-released_at", "-pk")
    )
    return released_results(observations=observations, rules=rules)


def score_chart(*, results: list[Released], pass_mean) -> charts.LineChart | None:
    """Mean score (1–4) of each released observation in time order, with the bar
    to pass drawn across; None when there is nothing to draw. Each point carries
    its observation, for the dot's colour and the table below the chart."""
    ordered = [r.observation for r in reversed(results) if r.observation.mean_score]
    chart = charts.line_chart(
        [observation.mean_score for observation in ordered], pass_mean=pass_mean
    )
    for point, observation in zip(chart.points if chart else [], ordered, strict=True):
        point["observation"] = observation
    return chart
