"""Reads for the observation pages. Each page costs a fixed number of queries,
whatever the size of the rubric or the number of observations behind it; the
statistics are worked out in Python from rows read in one go."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import agreement
from certification.models import (
    DevelopmentPlan,
    ItemScore,
    Observation,
    ObservationRules,
    RubricItem,
    ScoreChange,
    ScoreSheet,
)
from simulations.models import MockRoundtable, Phase
from simulations.selectors.roundtables import roundtable_phase_log_and_plan
from training.models import Cohort
from training.permissions import is_co_trainer, is_program_staff
from training.roles import Role

NA = "na"
GROUP_ORDER = [value for value, _label in RubricItem.Group.choices]
GROUP_LABELS = dict(RubricItem.Group.choices)


def score_value(score: ItemScore | None):
    """A stored score as one value: 1–4, NA, or None when not scored yet."""
    if score is None:
        return None
    return NA if score.not_applicable else score.level


def display_value(value) -> str:
    if value is None:
        return "—"
    return _("N/A") if value == NA else str(value)


def level_of(value) -> int | None:
    """A value for the statistics: the level, or None for N/A and blanks."""
    return value if value in agreement.LEVELS else None


def applicable_items(*, observation):
    """The items of the observation's rubric version that apply to this roundtable:
    YCPRT items only when youth-centered, subsequent-only items only when it is a
    subsequent roundtable."""
    items = RubricItem.objects.filter(rubric_id=observation.rubric_id)
    if not observation.youth_centered:
        items = items.exclude(group=RubricItem.Group.YCPRT)
    if not observation.subsequent:
        items = items.exclude(subsequent_only=True)
    return items.order_by("sort_order", "pk")


def observation_rules() -> ObservationRules:
    return ObservationRules.load()


# --- Lists ------------------------------------------------------------------------


def _base():
    return Observation.objects.select_related(
        "trainee", "cohort", "rubric", "rater_a", "rater_b", "mock_roundtable__case"
    )


def _visible_to(user):
    if is_program_staff(user):
        return Q()
    if is_co_trainer(user):
        led = Cohort.objects.filter(
            Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
        )
        return Q(rater_a=user) | Q(rater_b=user) | Q(cohort__in=led)
    return Q(pk__in=[])


def observation_list_for_user(*, user, filters: dict | None = None):
    """Observations the user may see (staff: all; co-trainer: those they rate or of
    cohorts they lead), newest first, narrowed by the staff filters."""
    filters = filters or {}
    observations = _base().filter(_visible_to(user))
    if filters.get("kind"):
        observations = observations.filter(kind=filters["kind"])
    if filters.get("status"):
        observations = observations.filter(status=filters["status"])
    if filters.get("cohort"):
        observations = observations.filter(cohort=filters["cohort"])
    if filters.get("q"):
        query = filters["q"]
        observations = observations.filter(
            Q(trainee__full_name__icontains=query) | Q(trainee__email__icontains=query)
        )
    zone = timezone.get_current_timezone()
    if filters.get("date_from"):
        start = datetime.combine(filters["date_from"], time.min, zone)
        observations = observations.filter(opened_at__gte=start)
    if filters.get("date_to"):
        end = datetime.combine(filters["date_to"], time.max, zone)
        observations = observations.filter(opened_at__lte=end)
    return observations.order_by("-opened_at", "-pk")


def observations_to_score(*, user):
    """Open observations where the user's own sheet is not submitted yet."""
    mine = ScoreSheet.objects.filter(
        kind=ScoreSheet.Kind.RATER, rater=user, submitted_at__isnull=True
    ).values("observation_id")
    return (
        _base()
        .filter(status=Observation.Status.SCORING, pk__in=mine)
        .order_by("opened_at")
    )


def observations_to_reconcile(*, user):
    return (
        _base()
        .filter(Q(rater_a=user) | Q(rater_b=user))
        .filter(status=Observation.Status.RECONCILING)
        .order_by("opened_at")
    )


def observations_waiting_for_partner(*, user):
    """Observations where the user has submitted and the partner has not."""
    mine = ScoreSheet.objects.filter(
        kind=ScoreSheet.Kind.RATER, rater=user, submitted_at__isnull=False
    ).values("observation_id")
    return (
        _base()
        .filter(status=Observation.Status.SCORING, pk__in=mine)
        .order_by("opened_at")
    )


def trainee_choices(*, user):
    """Trainees the user may open an observation of: members of cohorts they lead
    (staff: every trainee)."""
    people = get_user_model().objects.filter(groups__name=Role.TRAINEE, is_active=True)
    if not is_program_staff(user):
        people = people.filter(memberships__cohort__in=cohorts_led(user=user))
    return people.distinct().order_by("full_name", "email")


def cohorts_led(*, user):
    cohorts = Cohort.objects.select_related(
        "child_welfare_trainer", "lived_experience_trainer"
    ).order_by("name")
    if is_program_staff(user):
        return cohorts
    return cohorts.filter(
        Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
    )


def mock_roundtable_choices(*, user):
    """Begun mock roundtables facilitated by trainees the user may observe, not yet
    linked to an observation."""
    return (
        MockRoundtable.objects.exclude(state=Phase.SCHEDULED)
        .filter(facilitator__in=trainee_choices(user=user))
        .filter(observations__isnull=True)
        .select_related("case", "facilitator")
        .order_by("-created_at")
    )


# --- One sheet ----------------------------------------------------------------------


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
        _base()
        .filter(trainee=user, status=Observation.Status.RELEASED)
        .order_by("-released_at", "-pk")
    )
    return released_results(observations=observations, rules=rules)


@dataclass
class Chart:
    """An inline SVG line chart of mean scores, oldest first, built server-side.
    Coordinates are in the SVG's own units (``width`` × ``height``)."""

    width: int
    height: int
    left: int
    right: int
    points: list
    polyline: str
    ticks: list
    pass_y: float
    pass_mean: object


# Small enough that labels stay legible when a phone shrinks the drawing.
CHART = {"width": 400, "height": 220, "left": 32, "right": 352, "top": 16, "bottom": 36}


def score_chart(*, results: list[Released], pass_mean) -> Chart | None:
    """Mean score (1–4) of each released observation in time order, with the bar
    to pass drawn across; None when there is nothing to draw."""
    ordered = [r.observation for r in reversed(results) if r.observation.mean_score]
    if not ordered:
        return None
    w, h = CHART["width"], CHART["height"]
    inner_w = CHART["right"] - CHART["left"]
    inner_h = h - CHART["top"] - CHART["bottom"]

    def y_of(value) -> float:
        return round(CHART["top"] + inner_h * (4 - float(value)) / 3, 1)

    inset = 16  # keeps the first and last dots off the axis
    step = (inner_w - 2 * inset) / max(len(ordered) - 1, 1)
    points = []
    for n, observation in enumerate(ordered):
        offset = inset + step * n if len(ordered) > 1 else inner_w / 2
        x = round(CHART["left"] + offset, 1)
        points.append(
            {
                "x": x,
                "y": y_of(observation.mean_score),
                "observation": observation,
                "label": n + 1,
            }
        )
    return Chart(
        width=w,
        height=h,
        left=CHART["left"],
        right=CHART["right"],
        points=points,
        polyline=" ".join(f"{p['x']},{p['y']}" for p in points),
        ticks=[{"value": v, "y": y_of(v)} for v in (1, 2, 3, 4)],
        pass_y=y_of(pass_mean),
        pass_mean=pass_mean,
    )


# --- Agreement over time -----------------------------------------------------


@dataclass
class PairedObservation:
    observation: Observation
    stats: agreement.Agreement


@dataclass
class PartnerReport:
    partner: object
    observations: list = field(default_factory=list)
    pairs: list = field(default_factory=list)

    @property
    def pooled(self) -> agreement.Agreement:
        return agreement.agreement(self.pairs)


def _rater_scores(observations) -> dict[tuple, tuple]:
    """(rater A level, rater B level) keyed by (observation id, item id), from one
    query over the raters' sheets; N/A and blanks are None."""
    observations = {o.pk: o for o in observations}
    by_key = defaultdict(lambda: [None, None])
    scores = ItemScore.objects.filter(
        sheet__observation__in=observations.keys(), sheet__kind=ScoreSheet.Kind.RATER
    ).values_list(
        "sheet__observation_id", "sheet__rater_id", "item_id", "level", "not_applicable"
    )
    for observation_id, rater_id, item_id, level, not_applicable in scores:
        side = 0 if rater_id == observations[observation_id].rater_a_id else 1
        by_key[(observation_id, item_id)][side] = None if not_applicable else level
    return {key: tuple(pair) for key, pair in by_key.items()}


def _pairs_by(scores: dict, position: int) -> dict[int, list[tuple]]:
    """The pairs grouped by observation (position 0) or by item (position 1)."""
    grouped = defaultdict(list)
    for key, pair in scores.items():
        grouped[key[position]].append(pair)
    return grouped


def _rater_pairs(observations) -> dict[int, list[tuple]]:
    return _pairs_by(_rater_scores(observations), 0)


def _scored_by_both():
    return _base().exclude(status=Observation.Status.SCORING)


def rater_report(*, user) -> list[PartnerReport]:
    """The user's agreement with each partner, observation by observation (oldest
    first) and pooled, over observations both submitted (two queries)."""
    observations = list(
        _scored_by_both()
        .filter(Q(rater_a=user) | Q(rater_b=user))
        .order_by("opened_at", "pk")
    )
    pairs = _rater_pairs(observations)
    partners: dict[int, PartnerReport] = {}
    for observation in observations:
        partner = (
            observation.rater_b
            if observation.rater_a_id == user.pk
            else observation.rater_a
        )
        report = partners.setdefault(partner.pk, PartnerReport(partner))
        report.observations.append(
            PairedObservation(observation, agreement.agreement(pairs[observation.pk]))
        )
        report.pairs += pairs[observation.pk]
    return sorted(partners.values(), key=lambda r: r.partner.get_full_name())


@dataclass
class ProgramAgreement:
    overall: agreement.Agreement
    observation_count: int
    by_pair: list
    by_kind: list
    by_item: list


def program_agreement() -> ProgramAgreement:
    """Agreement across the program: overall, by rater pair, by kind of observation
    and by rubric item (the items raters read differently), pooled over every
    observation both raters submitted (three queries)."""
    observations = list(_scored_by_both().order_by("opened_at", "pk"))
    scores = _rater_scores(observations)
    pairs, item_pairs = _pairs_by(scores, 0), _pairs_by(scores, 1)
    items = {
        pk: (code, text)
        for pk, code, text in RubricItem.objects.filter(
            rubric__observations__in=observations
        )
        .distinct()
        .values_list("pk", "code", "text")
    }
    by_pair, by_kind, by_item, everything = {}, defaultdict(list), {}, []
    for observation in observations:
        found = pairs[observation.pk]
        everything += found
        key = tuple(sorted((observation.rater_a_id, observation.rater_b_id)))
        entry = by_pair.setdefault(
            key, {"raters": (observation.rater_a, observation.rater_b), "pairs": []}
        )
        entry["pairs"] += found
        by_kind[observation.get_kind_display()] += found
    for item_id, found in item_pairs.items():
        code, text = items.get(item_id, ("", ""))
        entry = by_item.setdefault(code, {"text": text, "pairs": []})
        entry["pairs"] += found
    return ProgramAgreement(
        overall=agreement.agreement(everything),
        observation_count=len(observations),
        by_pair=[
            {"raters": e["raters"], "stats": agreement.agreement(e["pairs"])}
            for e in by_pair.values()
        ],
        by_kind=[
            {"kind": kind, "stats": agreement.agreement(found)}
            for kind, found in sorted(by_kind.items())
        ],
        by_item=sorted(
            (
                {
                    "code": code,
                    "text": e["text"],
                    "stats": agreement.agreement(e["pairs"]),
                }
                for code, e in by_item.items()
            ),
            key=lambda e: (e["stats"].exact is None, e["stats"].exact or 0),
        ),
    )


# --- Export ------------------------------------------------------------------


EXPORT_HEADER = [
    "id",
    "opened",
    "kind",
    "trainee",
    "trainee email",
    "cohort",
    "rubric",
    "rater A",
    "rater B",
    "status",
    "released",
    "mean score",
    "passed",
    "re-observation required",
    "items both scored",
    "exact agreement %",
    "adjacent agreement %",
    "weighted kappa",
]


def _cell(value, digits=1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def export_rows(*, observations):
    """The CSV rows for a list of observations, header first (two queries)."""
    observations = list(observations)
    pairs = _rater_pairs(
        [o for o in observations if o.status != Observation.Status.SCORING]
    )
    yield EXPORT_HEADER
    for o in observations:
        stats = agreement.agreement(pairs.get(o.pk, []))
        scored = o.status != Observation.Status.SCORING
        yield [
            o.pk,
            timezone.localtime(o.opened_at).date().isoformat(),
            o.get_kind_display(),
            o.trainee.get_full_name(),
            o.trainee.email,
            o.cohort.name if o.cohort else "",
            str(o.rubric),
            o.rater_a.get_full_name(),
            o.rater_b.get_full_name(),
            o.get_status_display(),
            timezone.localtime(o.released_at).date().isoformat()
            if o.released_at
            else "",
            "" if o.mean_score is None else str(o.mean_score),
            "" if o.passed is None else ("yes" if o.passed else "no"),
            "yes" if o.reobservation_required else "no",
            stats.n if scored else "",
            _cell(stats.exact_percent) if scored else "",
            _cell(stats.adjacent_percent) if scored else "",
            _cell(stats.kappa_value, 2) if scored else "",
        ]
