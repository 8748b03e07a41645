"""Agreement between raters over time (a rater's report, the program's) and the CSV
export of observations. The statistics are worked out in Python from rows read in
one go: a fixed number of queries for any number of observations."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from certification import agreement
from certification.models import ItemScore, Observation, RubricItem, ScoreSheet
from certification.selectors.observations.lists import observation_rows


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
    return observation_rows().exclude(status=Observation.Status.SCORING)


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
