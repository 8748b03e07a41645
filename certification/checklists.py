"""The checklist a person's evidence makes for a program, as pure functions over
loaded data (``certification.evidence``; no queries beyond the program's prefetched
courses and prerequisites): the trainee's page, the staff history page, the
reminders and the daily sweep all judge requirements the same way."""

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from certification.calibration import uncalibrated_reason
from certification.dates import pathway_deadline
from certification.evidence import Evidence
from certification.models import Certification, ObservationKind
from certification.rules import counting_start, unqualified_reason

VALID = (Certification.Status.ACTIVE, Certification.Status.IN_WINDOW)
ISSUED = (*VALID, Certification.Status.GRACE)
# Observed, co-facilitated and lead-facilitated roundtables must fall inside the
# pathway's completion window (DOMAIN §7.4 step 6); the mock roundtable belongs to
# the course and counts whenever it was passed on a first pathway.
WINDOWED_KINDS = (
    ObservationKind.OBSERVED,
    ObservationKind.CO_FACILITATED,
    ObservationKind.LEAD_FACILITATED,
)
KIND_FIELDS = {
    ObservationKind.MOCK: "required_mock",
    ObservationKind.OBSERVED: "required_observed",
    ObservationKind.CO_FACILITATED: "required_co_facilitated",
    ObservationKind.LEAD_FACILITATED: "required_lead_facilitated",
}


def _counting(program, evidence: Evidence, observations) -> tuple[list, list[str]]:
    """The observations that count under the program's rater rule, and the reasons
    the others do not."""
    counted, reasons = [], []
    for obs in observations:
        reason = unqualified_reason(
            program, evidence.rater_holdings, obs
        ) or uncalibrated_reason(program, evidence.rater_calibrations, obs)
        if reason:
            reasons.append(reason)
        else:
            counted.append(obs)
    return counted, reasons


def _long(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


@dataclass
class Item:
    """One line of the checklist: ``done`` of ``needed``; ``between`` is the window
    (first and last day) the evidence must fall in, if it has one."""

    label: str
    done: int
    needed: int
    url: str = ""
    between: tuple[date, date] | None = None
    notes: list[str] = field(default_factory=list)
    exempt: str = ""  # the reason, when program staff waived it for this cycle
    dates: list[date] = field(default_factory=list)  # of the evidence counted

    @property
    def met(self) -> bool:
        return self.done >= self.needed or bool(self.exempt)

    @property
    def percent(self) -> int:
        return 100 if not self.needed else min(100, self.done * 100 // self.needed)


@dataclass
class Checklist:
    """The requirements of one path (first certification or recertification)."""

    items: list[Item]
    since: date | None = None
    deadline: date | None = None
    trainers: set[int] = field(default_factory=set)

    @property
    def met(self) -> bool:
        return all(item.met for item in self.items)

    @property
    def done_count(self) -> int:
        return sum(item.met for item in self.items)

    def overdue(self, today: date) -> bool:
        return bool(self.deadline and today > self.deadline and not self.met)


def _prerequisite_items(program, evidence: Evidence) -> list[Item]:
    return [
        Item(
            _("Hold an active %(program)s certification") % {"program": other.name},
            int(evidence.holdings.get(other.pk) in VALID),
            1,
        )
        for other in program.prerequisites.all()
    ]


@lru_cache(maxsize=256)
def _course_url(course_pk: int) -> str:
    return reverse("training:course_outline", args=[course_pk])


def _course_item(course, done: bool) -> Item:
    return Item(
        _("Complete the course %(course)s") % {"course": course.title},
        int(done),
        1,
        url=_course_url(course.pk),
    )


def initial_checklist(program, evidence: Evidence, *, certification=None, today):
    """The first path, also walked again in full after a lapse.

    Windowed observations count from the day the pathway started (today, for one
    not started yet) to its deadline; the mock counts whenever it was passed, except
    on a path restarted after a lapse, where everything must be earned again."""
    started = certification.started_on if certification else today
    deadline = (certification and certification.deadline_on) or pathway_deadline(
        started, program.completion_window_months
    )
    restarted = bool(certification and certification.cycle > 0)
    items = _prerequisite_items(program, evidence)
    items += [
        _course_item(course, course.pk in evidence.courses_done)
        for course in program.required_courses.all()
    ]
    trainers = set()
    for kind, field_name in KIND_FIELDS.items():
        needed = getattr(program, field_name)
        if not needed:
            continue
        windowed = kind in WINDOWED_KINDS or restarted
        counted, reasons = _counting(
            program,
            evidence,
            [
                obs
                for obs in evidence.observations
                if obs.kind == kind
                and (not windowed or started <= obs.released_on <= deadline)
            ],
        )
        trainers.update(r for obs in counted[:needed] for r in obs.raters)
        label = program._meta.get_field(field_name).verbose_name
        items.append(
            Item(
                str(label).capitalize(),
                len(counted),
                needed,
                between=(started, deadline) if windowed else None,
                notes=reasons,
            )
        )
    return Checklist(items, since=started, deadline=deadline, trainers=trainers)


def recert_period(program, certification) -> tuple[date, date]:
    """The days recertification evidence of the current cycle must fall in: from
    the program's counting start to the end of grace."""
    start = counting_start(
        program.counting_from,
        issued_on=certification.issued_on,
        window_opens_on=certification.window_opens_on,
    )
    return start, certification.grace_ends_on


def _course_recert_item(program, done_on: list[date], start, end, cycle_end) -> Item:
    counted = [day for day in done_on if start <= day <= end]
    item = _course_item(program.recert_course, bool(counted))
    if counted:
        item.dates = counted[-1:]
        item.notes.append(
            _("Completed on %(day)s, counts for the cycle ending %(end)s.")
            % {"day": _long(counted[-1]), "end": _long(cycle_end)}
        )
    elif done_on:
        item.notes.append(
            _(
                "Last completed on %(day)s, which counted for an earlier cycle: take "
                "it again from %(start)s."
            )
            % {"day": _long(done_on[-1]), "start": _long(start)}
        )
    item.between = (start, end)
    return item


def recert_checklist(program, evidence: Evidence, *, certification, today):
    """Recertification: the refresher, live roundtables logged and passed
    observations, each dated inside the cycle's counting period (so the evidence
    that earned one cycle never counts for the next, and evidence from early in a
    long cycle does not recertify the day the window opens). A requirement program
    staff waived for this cycle is met, with the reason shown."""
    start, end = recert_period(program, certification)
    last = min(today, end)
    waived = evidence.exemptions.get((program.pk, certification.cycle), {})
    items = _prerequisite_items(program, evidence)
    if program.recert_course_id:
        item = _course_recert_item(
            program,
            evidence.courses_done.get(program.recert_course_id, []),
            start,
            last,
            certification.expires_on,
        )
        item.exempt = waived.get("course", "")
        items.append(item)
    if program.recert_live_roundtables:
        held = sorted(d for d in evidence.live_roundtables if start <= d <= last)
        items.append(
            Item(
                _("Live roundtables facilitated and logged"),
                len(held),
                program.recert_live_roundtables,
                url=reverse("certification:live_roundtables"),
                between=(start, end),
                exempt=waived.get("live", ""),
                dates=held,
            )
        )
    trainers = set()
    if program.recert_observations:
        counted, reasons = _counting(
            program,
            evidence,
            sorted(
                (o for o in evidence.observations if start <= o.released_on <= last),
                key=lambda obs: obs.released_on,
            ),
        )
        trainers.update(
            r for obs in counted[: program.recert_observations] for r in obs.raters
        )
        items.append(
            Item(
                _("Passed observed facilitations"),
                len(counted),
                program.recert_observations,
                between=(start, end),
                notes=reasons,
                exempt=waived.get("observations", ""),
                dates=[obs.released_on for obs in counted],
            )
        )
    return Checklist(items, since=start, deadline=end, trainers=trainers)


def evidence_summary(checklist: Checklist) -> str:
    """What earned a recertification, in a sentence per item, for its history."""
    parts = []
    for item in checklist.items:
        if item.exempt:
            parts.append(
                _("%(label)s: waived (%(reason)s)")
                % {"label": item.label, "reason": item.exempt}
            )
        elif item.dates:
            days = ", ".join(_long(day) for day in item.dates[: item.needed or 1])
            parts.append(f"{item.label}: {days}")
    return "; ".join(parts)


def checklist_for(program, evidence: Evidence, *, certification, today):
    """The checklist that applies now: recertification once issued, else the first
    path (also after a lapse or a revocation is lifted)."""
    if certification is not None and certification.status in ISSUED:
        return recert_checklist(
            program, evidence, certification=certification, today=today
        )
    return initial_checklist(
        program, evidence, certification=certification, today=today
    )


def completion_cycles(
    program, certification, recertifications, days: list[date]
) -> dict[date, date]:
    """Which cycle each completion day of ``program``'s refresher counted for, as
    the expiry that cycle ended on: a day in an earlier counting period counted for
    the cycle its recertification closed (``recertifications``: counted from,
    recertified on, cycle ending), a day in the current period counts for the
    current cycle. Days that counted for nothing are left out."""
    found = {}
    start, end = recert_period(program, certification)
    for day in days:
        for counted_from, recertified_on, cycle_ending in recertifications:
            if counted_from and counted_from <= day <= recertified_on:
                found[day] = cycle_ending
        if certification.status in ISSUED and start <= day <= end:
            found[day] = certification.expires_on
    return found


def completion_note(day: date, cycle_end: date) -> str:
    return _("Completed on %(day)s, counts for the cycle ending %(end)s.") % {
        "day": _long(day),
        "end": _long(cycle_end),
    }
