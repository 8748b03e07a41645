"""What a person has done towards a program, and the checklist it makes.

``load_evidence`` reads everything for any number of people in four queries; the
checklist functions are pure, so the trainee's page, the staff history page and the
daily sweep (a batch at a time) all judge requirements the same way.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.urls import reverse
from django.utils.translation import gettext as _

from certification.models import (
    Certification,
    LiveRoundtableLog,
    Observation,
    ObservationKind,
)
from certification.services.dates import local_date, pathway_deadline
from training.models import Enrolment

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


@dataclass(frozen=True)
class PassedObservation:
    kind: str
    released_on: date
    raters: tuple[int, int]


@dataclass
class Evidence:
    """One person's record, as far as certification cares."""

    courses_done: dict[int, date] = field(default_factory=dict)
    observations: list[PassedObservation] = field(default_factory=list)
    live_roundtables: list[date] = field(default_factory=list)
    holdings: dict[int, str] = field(default_factory=dict)  # program id → status


def load_evidence(user_ids) -> dict[int, Evidence]:
    """Evidence of every person in ``user_ids``: four queries however many."""
    user_ids = list(user_ids)
    evidence = defaultdict(Evidence)
    for user_id, course_id, completed_at in Enrolment.objects.filter(
        user_id__in=user_ids, completed_at__isnull=False
    ).values_list("user_id", "course_id", "completed_at"):
        evidence[user_id].courses_done[course_id] = local_date(completed_at)
    for user_id, kind, released_at, opened_at, a, b in Observation.objects.filter(
        trainee_id__in=user_ids, status=Observation.Status.RELEASED, passed=True
    ).values_list(
        "trainee_id", "kind", "released_at", "opened_at", "rater_a_id", "rater_b_id"
    ):
        day = local_date(released_at or opened_at)
        evidence[user_id].observations.append(PassedObservation(kind, day, (a, b)))
    for user_id, held_on in LiveRoundtableLog.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "held_on"):
        evidence[user_id].live_roundtables.append(held_on)
    for user_id, program_id, status in Certification.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "program_id", "status"):
        evidence[user_id].holdings[program_id] = status
    return {user_id: evidence[user_id] for user_id in user_ids}


@dataclass
class Item:
    """One line of the checklist: ``done`` of ``needed``; ``between`` is the window
    (first and last day) the evidence must fall in, if it has one."""

    label: str
    done: int
    needed: int
    url: str = ""
    between: tuple[date, date] | None = None

    @property
    def met(self) -> bool:
        return self.done >= self.needed

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
    deadline = pathway_deadline(started, program.completion_window_months)
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
        counted = [
            obs
            for obs in evidence.observations
            if obs.kind == kind
            and (not windowed or started <= obs.released_on <= deadline)
        ]
        trainers.update(r for obs in counted[:needed] for r in obs.raters)
        label = program._meta.get_field(field_name).verbose_name
        items.append(
            Item(
                str(label).capitalize(),
                len(counted),
                needed,
                between=(started, deadline) if windowed else None,
            )
        )
    return Checklist(items, since=started, deadline=deadline, trainers=trainers)


def recert_checklist(program, evidence: Evidence, *, certification, today):
    """Recertification: the refresher, live roundtables logged and passed
    observations, all after the day the current cycle was issued (so the evidence
    that earned one cycle never counts for the next)."""
    since = certification.issued_on
    items = _prerequisite_items(program, evidence)
    if program.recert_course_id:
        done_on = evidence.courses_done.get(program.recert_course_id)
        item = _course_item(program.recert_course, bool(done_on and done_on > since))
        items.append(item)
    if program.recert_live_roundtables:
        held = [d for d in evidence.live_roundtables if since < d <= today]
        items.append(
            Item(
                _("Live roundtables facilitated and logged"),
                len(held),
                program.recert_live_roundtables,
                url=reverse("certification:live_roundtables"),
            )
        )
    trainers = set()
    if program.recert_observations:
        counted = [obs for obs in evidence.observations if obs.released_on > since]
        trainers.update(
            r for obs in counted[: program.recert_observations] for r in obs.raters
        )
        items.append(
            Item(
                _("Passed observed facilitations"),
                len(counted),
                program.recert_observations,
            )
        )
    return Checklist(items, since=since, trainers=trainers)


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


def program_queryset():
    """Programs with what their checklists read: three queries for all of them."""
    from certification.models import CertificationProgram

    return CertificationProgram.objects.select_related(
        "recert_course"
    ).prefetch_related("prerequisites", "required_courses")
