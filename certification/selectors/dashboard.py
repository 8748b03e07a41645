"""Reads for the program staff dashboard: counts, breakdowns, the expiry chart, the
filtered list of facilitators and its CSV, a facilitator's history, and the weekly
digest. Each is a fixed number of queries, the same over 10 or 10,000 people."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from certification import charts, rules
from certification.checklists import ISSUED, VALID
from certification.dates import add_months, month_starts
from certification.models import (
    Certification,
    CertificationEvent,
    CertificationProgram,
    LiveRoundtableLog,
)
from certification.rules import EXPIRING_DAYS, Filters
from core import fragments, versioned_cache

Status = Certification.Status
BREAKDOWN_STATES = (Status.ACTIVE, Status.IN_WINDOW, Status.GRACE, Status.LAPSED)
BREAKDOWN_ROWS = 12
APPROVALS_SHOWN = 25
SORTS = {
    "name": ("user__full_name", "user__email"),
    "-name": ("-user__full_name", "-user__email"),
    "program": ("program__name", "user__full_name"),
    "status": ("status", "user__full_name"),
    "expires": ("expires_on", "user__full_name"),
    "-expires": ("-expires_on", "user__full_name"),
    "region": ("user__region", "user__full_name"),
    "agency": ("user__agency", "user__full_name"),
}


# --- Cached aggregates ----------------------------------------------------------------
# Counts, breakdowns and the chart read every certification; they are kept for a
# minute and dropped at once when a certification is saved or deleted
# (certification/signals.py), or when a bulk change says so.

NAMESPACE = "certifications"  # bumped by certification/signals.py
AGGREGATES_SECONDS = 60


def _cached(name, build):
    return versioned_cache.cached(NAMESPACE, name, build, AGGREGATES_SECONDS)


def dashboard_page_key(*, today: date, query) -> str | None:
    """Where the dashboard's rendered main part is kept: per certifications version
    (a certification saved or deleted, a person's name, region or agency changed),
    day, language and filters; at most AGGREGATES_SECONDS old."""
    return fragments.fragment_key(
        [versioned_cache.version(NAMESPACE)],
        "dashboard",
        today.isoformat(),
        get_language(),
        query,
    )


def cached_counts(*, today: date) -> "Counts":
    return _cached(f"counts:{today.isoformat()}", lambda: counts(today=today))


def cached_breakdown(field_name: str) -> "Breakdown":
    return _cached(f"breakdown:{field_name}", lambda: breakdown(field_name))


def cached_expiry_chart(*, today: date) -> charts.BarChart:
    return _cached(f"chart:{today.isoformat()}", lambda: expiry_chart(today=today))


# --- Counts ---------------------------------------------------------------------------


@dataclass
class Counts:
    by_status: list[tuple[str, str, int]]  # (status, label, count)
    expiring: list[tuple[int, int]]  # (days, count)
    total: int

    def of(self, status: str) -> int:
        return next((n for s, _label, n in self.by_status if s == status), 0)


def counts(*, today: date) -> Counts:
    """Counts by status and certifications expiring within 30/60/90 days: one
    query."""
    aggregates = {
        f"s_{status}": Count("pk", filter=Q(status=status)) for status in Status.values
    }
    for days in EXPIRING_DAYS:
        aggregates[f"e_{days}"] = Count(
            "pk",
            filter=Q(
                status__in=VALID,
                expires_on__gte=today,
                expires_on__lte=today + timedelta(days=days),
            ),
        )
    row = Certification.objects.aggregate(**aggregates)
    by_status = [(s, label, row[f"s_{s}"]) for s, label in Status.choices]
    return Counts(
        by_status=by_status,
        expiring=[(days, row[f"e_{days}"]) for days in EXPIRING_DAYS],
        total=sum(n for _s, _l, n in by_status),
    )


@dataclass
class BreakdownRow:
    name: str
    counts: list[int]  # in the order of BREAKDOWN_STATES
    total: int


@dataclass
class Breakdown:
    rows: list[BreakdownRow]
    more: int  # how many further names are not shown
    names: list[str]  # every name, for the filter


def breakdown(field_name: str) -> Breakdown:
    """Issued and lapsed certifications by ``user__region`` or ``user__agency``,
    biggest first: one query."""
    table = defaultdict(lambda: dict.fromkeys(BREAKDOWN_STATES, 0))
    grouped = (
        Certification.objects.filter(status__in=BREAKDOWN_STATES)
        .values_list(field_name, "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for name, status, n in grouped:
        table[name or ""][status] += n
    rows = sorted(
        (
            BreakdownRow(name, [c[s] for s in BREAKDOWN_STATES], sum(c.values()))
            for name, c in table.items()
        ),
        key=lambda row: (-row.total, row.name),
    )
    return Breakdown(
        rows=rows[:BREAKDOWN_ROWS],
        more=max(0, len(rows) - BREAKDOWN_ROWS),
        names=sorted(row.name for row in rows if row.name),
    )


# --- The expiry chart -----------------------------------------------------------------


def expiry_chart(*, today: date, months: int = 12) -> charts.BarChart:
    """Expiries of issued certifications by month, this month and the next eleven,
    laid out as an SVG bar chart: one query."""
    starts = month_starts(today, months)
    ends = [*starts[1:], add_months(starts[0], months)]
    # One row of filtered counts: no per-row date function (SQLite calls Python).
    row = Certification.objects.filter(
        status__in=ISSUED, expires_on__gte=starts[0], expires_on__lt=ends[-1]
    ).aggregate(
        **{
            f"m{index}": Count(
                "pk", filter=Q(expires_on__gte=start, expires_on__lt=end)
            )
            for index, (start, end) in enumerate(zip(starts, ends, strict=True))
        }
    )
    return charts.bar_chart([row[f"m{index}"] for index in range(months)], starts)


# --- The list of facilitators ---------------------------------------------------------


def facilitator_list(*, filters: Filters, today: date):
    """Certifications matching the filters, one row each with the person and the
    program, in the chosen order."""
    rows = Certification.objects.select_related("user", "program")
    if filters.program:
        rows = rows.filter(program_id=filters.program)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.region:
        rows = rows.filter(user__region=filters.region)
    if filters.agency:
        rows = rows.filter(user__agency=filters.agency)
    if filters.q:
        rows = rows.filter(
            Q(user__full_name__icontains=filters.q)
            | Q(user__email__icontains=filters.q)
        )
    if filters.expiring:
        rows = rows.filter(
            status__in=VALID,
            expires_on__gte=today,
            expires_on__lte=today + timedelta(days=filters.expiring),
        )
    return rows.order_by(*SORTS.get(filters.sort, SORTS["name"]), "pk")


def awaiting_approval() -> list[Certification]:
    return list(
        Certification.objects.filter(status=Status.ELIGIBLE)
        .select_related("user", "program")
        .order_by("started_on", "pk")[:APPROVALS_SHOWN]
    )


def programs() -> list[CertificationProgram]:
    return list(CertificationProgram.objects.order_by("name"))


EXPORT_HEADER = [
    "name",
    "email",
    "program",
    "status",
    "cycle",
    "started_on",
    "issued_on",
    "expires_on",
    "window_opens_on",
    "grace_ends_on",
    "region",
    "agency",
    "verification_code",
    "imported",
]


_EXPORT_FIELDS = (
    "user__full_name",
    "user__email",
    "program__name",
    "status",
    "cycle",
    "started_on",
    "issued_on",
    "expires_on",
    "window_opens_on",
    "grace_ends_on",
    "user__region",
    "user__agency",
    "verification_code",
    "imported",
)
EXPORT_CHUNK = 2000


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, date) else str(value)


def export_rows(rows):
    """The CSV of a filtered list, header first, as plain rows read straight from
    the database (no model objects), a couple of thousand at a time; core.csv
    makes every cell safe."""
    yield EXPORT_HEADER
    plain = rows.values_list(*_EXPORT_FIELDS)
    for name, email, *rest in plain.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            name or email,
            email,
            *map(_text, rest),
        ]


# --- A facilitator's history ----------------------------------------------------------


@dataclass
class History:
    person: object
    certifications: list[Certification]
    live_roundtables: list[LiveRoundtableLog]
    trained: list[Certification] = field(default_factory=list)


def facilitator_history(*, person) -> History:
    """Every certification of ``person`` with its events, reminders and trainers;
    their live roundtables; and the certifications they trained. Seven queries."""
    certifications = list(
        Certification.objects.filter(user=person)
        .select_related("program", "approved_by")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=CertificationEvent.objects.select_related("by").order_by(
                    "-at", "-pk"
                ),
            ),
            "reminders",
            "trained_by",
        )
        .order_by("program__name")
    )
    labels = dict(Status.choices)
    for cert in certifications:
        for event in cert.events.all():
            event.from_label = labels.get(event.from_status, event.from_status)
            event.to_label = labels.get(event.to_status, event.to_status)
            event.rule_label = rules.RULE_LABELS.get(event.rule, "")
        cert.expiry_reason = rules.expiry_reason(cert, cert.events.all())
    return History(
        person=person,
        certifications=certifications,
        live_roundtables=list(LiveRoundtableLog.objects.filter(user=person)[:100]),
        trained=list(
            Certification.objects.filter(trained_by=person)
            .select_related("user", "program")
            .order_by("-issued_on", "pk")[:100]
        ),
    )


def get_person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


# --- The weekly digest ----------------------------------------------------------------

DIGEST_ROWS = 200


@dataclass
class DigestList:
    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _digest_list(queryset, order) -> DigestList:
    rows = queryset.select_related("user", "program").order_by(order, "pk")
    return DigestList(list(rows[:DIGEST_ROWS]), rows.count())


def digest(*, today: date) -> dict[str, DigestList]:
    """Who enters a window, goes into grace or lapses in the seven days from today,
    and who did in the seven days before."""
    week = today + timedelta(days=6)
    certs = Certification.objects
    ahead = {
        "window": _digest_list(
            certs.filter(status=Status.ACTIVE, window_opens_on__range=(today, week)),
            "window_opens_on",
        ),
        # In grace from the day after expiry, lapsed the day after grace ends.
        "grace": _digest_list(
            certs.filter(
                status__in=VALID,
                expires_on__range=(today - timedelta(days=1), week - timedelta(days=1)),
            ),
            "expires_on",
        ),
        "lapse": _digest_list(
            certs.filter(
                status=Status.GRACE,
                grace_ends_on__range=(
                    today - timedelta(days=1),
                    week - timedelta(days=1),
                ),
            ),
            "grace_ends_on",
        ),
    }
    since = timezone.now() - timedelta(days=7)
    past = list(
        CertificationEvent.objects.filter(
            at__gte=since,
            to_status__in=(Status.IN_WINDOW, Status.GRACE, Status.LAPSED),
        )
        .select_related("certification__user", "certification__program")
        .order_by("to_status", "at")[: DIGEST_ROWS * 3]
    )
    labels = dict(Status.choices)
    for event in past:
        event.to_label = labels.get(event.to_status, event.to_status)
    return {**ahead, "past": past}
