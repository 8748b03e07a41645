"""Years of certification, simulated: facilitators across the three seeded programs
recertify early, in the window, in grace, late or never; some are extended,
revoked, restarted after a lapse. Everything goes through the real services and the
real daily sweep, with the clock moved to each simulated day (never read).

The sweep runs on every day on which it has something to do: every date a
certification moves on (window opening, the day after expiry, the day after grace),
every reminder's due day, and every day somebody acts. On the days between, the
sweep would find nothing (its inputs are those dates and the evidence), so they are
skipped; ``every_day=True`` runs it on all of them (the benchmark does).

Used by ``test_years.py`` (200 people, ten years) and ``bench/years.py``."""

import operator
import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import reduce

import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count, F
from django.utils import timezone

from certification.dates import latest_due_offset
from certification.initial import PROGRAMS
from certification.models import (
    Certification,
    CertificationProgram,
    LiveRoundtableLog,
    Observation,
    ObservationKind,
    Reminder,
    Rubric,
)
from certification.selectors.consistency import _checks as checks
from certification.selectors.consistency import impossible_states
from certification.services import adjustments, lifecycle
from certification.services import programs as program_services
from certification.services.sweep import sweep
from content.models import CoursePage, LessonPage
from training.roles import Role
from training.services import learning

Status = Certification.Status
ISSUED = (Status.ACTIVE, Status.IN_WINDOW, Status.GRACE)
PERSONAS = {  # persona → weight
    "early": 25,
    "window": 30,
    "grace": 15,
    "extended": 8,
    "late": 8,
    "revoked": 6,
    "never": 8,
}
INTAKES = 3
# Those who provide every cycle's evidence (after a restart, too).
KEEPERS = ("early", "window", "grace", "extended")


class SimulationError(AssertionError):
    pass


@dataclass
class Person:
    user: object
    persona: str
    codes: list[str]  # programs, in the order they are started
    start: date
    disrupted: set = field(default_factory=set)  # cert pks already extended etc.
    second_started: bool = False


@dataclass
class Report:
    days: int = 0
    swept: int = 0
    checked: int = 0
    actions: Counter = field(default_factory=Counter)
    reminders: int = 0


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), timezone.get_default_timezone())


def _course(parent, code: str, title: str) -> CoursePage:
    from tests.content.builders import make_course

    found = CoursePage.objects.filter(code=code).first()
    return found or make_course(
        parent, modules=1, lessons=1, with_checks=False, title=title, code=code,
        self_enrol=True,
    )  # fmt: skip


def seed_programs(parent) -> dict[str, CertificationProgram]:
    """The three seeded programs, as ``seed_demo`` makes them, with small courses."""
    courses = {
        code: _course(parent, code, title)
        for code, title in [
            ("VALUES", "Permanency values"),
            ("YCPRT", "YCPRT Skills"),
            ("T3", "Train the trainer"),
            ("REFRESHER", "Facilitator refresher"),
        ]
    }
    programs = {}
    for spec in PROGRAMS:
        program = CertificationProgram.objects.create(
            code=spec["code"],
            name=spec["name"],
            recert_course=courses[spec["recert_course"]],
            **spec.get("numbers", {}),
        )
        program.required_courses.set([courses[c] for c in spec["courses"]])
        program.prerequisites.set([programs[c] for c in spec.get("prerequisites", [])])
        programs[spec["code"]] = program
    return programs


class Years:
    """Drive ``count`` people through ``years`` years from ``first_day``."""

    def __init__(self, *, parent, count, years, first_day, seed=9, every_day=False):
        self.rng = random.Random(seed)
        self.first_day, self.every_day = first_day, every_day
        self.last_day = first_day + timedelta(days=round(years * 365.25))
        self.programs = seed_programs(parent)
        self.by_pk = {p.pk: p for p in self.programs.values()}
        self.report = Report()
        users = get_user_model()
        self.staff = users.objects.create_user(
            email="sim-staff@example.com", password=None, full_name="Sim Staff"
        )
        self.staff.groups.add(Group.objects.get(name=Role.PROGRAM_STAFF))
        self.raters = [
            users.objects.create_user(
                email=f"sim-rater{n}@example.com", password=None, full_name=f"Rater {n}"
            )
            for n in range(2)
        ]
        self.rubric = Rubric.objects.filter(status="published").first() or (
            Rubric.objects.create(name="Simulation rubric", status="published")
        )
        self.people = [self._person(n, count) for n in range(count)]
        self.by_user = {p.user.pk: p for p in self.people}
        self.plans: dict[int, tuple[date, str]] = {}  # cert pk → (day, action)
        self.latest: dict | None = None  # certifications as last read
        self.starts: dict[date, list[tuple[Person, str]]] = {}
        for person in self.people:
            self.starts.setdefault(person.start, []).append((person, person.codes[0]))

    def _person(self, n: int, count: int) -> Person:
        persona = self.rng.choices(list(PERSONAS), weights=list(PERSONAS.values()))[0]
        third = n % 3
        codes = [["prt-facilitator"], ["ycprt-facilitator"]][third % 2]
        if third == 2:
            codes = ["ycprt-facilitator", "ycprt-co-trainer"]
            if persona not in ("early", "window"):  # keep the prerequisite valid
                persona = "window"
        user = get_user_model().objects.create_user(
            email=f"sim{n}@example.com", password=None, full_name=f"Facilitator {n}"
        )
        user.groups.add(Group.objects.get(name=Role.TRAINEE))
        # A few intakes (cohorts) a week apart, as programs train in groups.
        start = self.first_day + timedelta(days=7 * self.rng.randrange(0, INTAKES))
        return Person(user, persona, codes, start)

    # --- Evidence, through the real services --------------------------------------

    def _courses(self, user, courses):
        for course in courses:
            enrolment = learning.enrolment_create(user=user, course=course)
            if enrolment.completed_at is not None:
                learning.enrolment_retake(enrolment=enrolment, user=user)
            for lesson in LessonPage.objects.live().descendant_of(course):
                learning.lesson_complete(enrolment=enrolment, lesson=lesson)

    def _observe(self, user, kind, day):
        # Scoring and releasing is tested on its own; here a released result.
        a, b = self.raters
        Observation.objects.create(
            trainee=user, kind=kind, rubric=self.rubric, rater_a=a, rater_b=b,
            status=Observation.Status.RELEASED, released_at=noon(day), passed=True,
        )  # fmt: skip

    def _recert_evidence(self, cert, day):
        program = self.by_pk[cert.program_id]
        if program.recert_course_id:
            self._courses(cert.user, [program.recert_course])
        for n in range(program.recert_live_roundtables):
            program_services.live_roundtable_log(
                user=cert.user, held_on=day, agency="Cedar County", role="lead",
                case_reference=f"C{cert.pk}-{day:%y%m%d}-{n}", today=day,
            )  # fmt: skip
        for _n in range(program.recert_observations):
            self._observe(cert.user, ObservationKind.OBSERVED, day)

    def _initial_evidence(self, cert, day):
        program = self.by_pk[cert.program_id]
        if cert.cycle == 0:
            self._courses(cert.user, list(program.required_courses.all()))
        for kind, name in [
            (ObservationKind.MOCK, "required_mock"),
            (ObservationKind.OBSERVED, "required_observed"),
            (ObservationKind.CO_FACILITATED, "required_co_facilitated"),
            (ObservationKind.LEAD_FACILITATED, "required_lead_facilitated"),
        ]:
            for _n in range(getattr(program, name)):
                self._observe(cert.user, kind, day)

    # --- What each person does next -----------------------------------------------

    def _plan(self, cert, today: date) -> tuple[date, str] | None:
        person = self.by_user[cert.user_id]
        persona, status = person.persona, cert.status
        first_disruption = cert.cycle == 2 and cert.pk not in person.disrupted
        if status == Status.IN_PROGRESS:
            return (max(today, cert.started_on) + timedelta(days=5), "initial")
        if status == Status.ELIGIBLE:
            return (today + timedelta(days=3), "approve")
        if status == Status.LAPSED:
            if persona == "late":
                return (today + timedelta(days=30), "restart")
            return None
        if status == Status.REVOKED:
            return (today + timedelta(days=60), "restart_staff")
        if persona == "never":
            return None
        if first_disruption and persona == "late":
            return None  # this cycle: nothing, and a lapse
        if first_disruption and persona == "revoked":
            return (cert.issued_on + timedelta(days=200), "revoke")
        if first_disruption and persona == "extended":
            return (cert.window_opens_on + timedelta(days=5), "extend")
        offset = {
            "early": ("window", 2),
            "grace": ("expiry", 10),
        }.get(persona, ("window", 40))
        if persona == "extended" and cert.pk in person.disrupted and cert.cycle == 2:
            # After the original expiry, before the extended one.
            return (max(today, cert.expires_on - timedelta(days=20)), "recertify")
        base = cert.window_opens_on if offset[0] == "window" else cert.expires_on
        return (max(today, base + timedelta(days=offset[1])), "recertify")

    def _act(self, cert, action: str, day: date) -> None:
        person = self.by_user[cert.user_id]
        self.report.actions[action] += 1
        if action == "initial":
            self._initial_evidence(cert, day)
        elif action == "recertify":
            self._recert_evidence(cert, day)
        elif action == "approve":
            lifecycle.certification_approve(
                certification=cert, approved_by=self.staff, today=day
            )
        elif action == "extend":
            person.disrupted.add(cert.pk)
            adjustments.certification_extend(
                certification=cert, by=self.staff, reason="Leave of absence.",
                new_date=cert.expires_on + timedelta(days=45), today=day,
            )  # fmt: skip
        elif action == "revoke":
            person.disrupted.add(cert.pk)
            lifecycle.certification_revoke(
                certification=cert, revoked_by=self.staff, reason="Log entries."
            )
        elif action in ("restart", "restart_staff"):
            person.disrupted.add(cert.pk)
            staff = action == "restart_staff"
            lifecycle.pathway_restart(
                certification=cert, by=self.staff if staff else cert.user,
                staff=staff, today=day,
            )  # fmt: skip

    # --- The days -----------------------------------------------------------------

    def _certs(self):
        return {
            cert.pk: cert
            for cert in Certification.objects.select_related("user").order_by("pk")
        }

    def _due_days(self, certs, today: date) -> set[date]:
        days = set()
        for cert in certs.values():
            if cert.status not in ISSUED:
                continue
            offsets = self.by_pk[cert.program_id].reminder_offsets
            days |= {
                cert.window_opens_on,
                cert.expires_on + timedelta(days=1),
                cert.grace_ends_on + timedelta(days=1),
                *(cert.expires_on - timedelta(days=o) for o in offsets),
            }
        return {day for day in days if day > today}

    def _start_paths(self, day: date, certs) -> bool:
        started = False
        for person, code in self.starts.pop(day, []):
            lifecycle.pathway_start(
                user=person.user, program=self.programs[code], today=day
            )
            self.report.actions["start"] += 1
            started = True
        # A co-trainer path starts a week after the facilitator certification.
        for cert in certs.values():
            person = self.by_user[cert.user_id]
            if (
                len(person.codes) == 2
                and not person.second_started
                and cert.status == Status.ACTIVE
            ):
                person.second_started = True
                self.starts.setdefault(day + timedelta(days=7), []).append(
                    (person, person.codes[1])
                )
        return started

    def run(self) -> Report:
        day = self.first_day
        while day <= self.last_day:
            with time_machine.travel(noon(day), tick=False):
                changed = self._day(day)
            self.report.days += 1
            if changed:
                with time_machine.travel(noon(day), tick=False):
                    self.check(day)
            day = self._next_day(day)
        return self.report

    def _day(self, day: date) -> bool:
        # Nothing changes between the days the driver runs: the last read holds.
        certs = self.latest if self.latest is not None else self._certs()
        changed = self._start_paths(day, certs)
        certs = self._certs() if changed else certs
        for pk, cert in certs.items():
            if pk not in self.plans or self.plans[pk][1] is None:
                self.plans[pk] = self._plan(cert, day) or (None, None)
            when, action = self.plans[pk]
            if when == day:
                self._act(cert, action, day)
                changed = True
        result = sweep(today=day)
        self.report.swept += 1
        moved = (
            sum(result.moved.values())
            + result.eligible
            + result.issued
            + result.recertified
            + result.reminders
        )
        self.report.reminders += result.reminders
        self.latest = certs
        if changed or moved:
            after = self.latest = self._certs()
            for pk, cert in after.items():  # replan whatever changed state
                before = certs.get(pk)
                if (
                    before is None
                    or (before.status, before.cycle, before.expires_on)
                    != (cert.status, cert.cycle, cert.expires_on)
                    or self.plans.get(pk, (None,))[0] == day
                ):
                    self.plans[pk] = self._plan(cert, day) or (None, None)
        return bool(changed or moved)

    def _next_day(self, day: date) -> date:
        if self.every_day:
            return day + timedelta(days=1)
        candidates = self._due_days(self.latest, day)
        candidates |= {when for when, _a in self.plans.values() if when and when > day}
        candidates |= {d for d in self.starts if d > day}
        return min(candidates, default=self.last_day + timedelta(days=1))

    # --- The checks ---------------------------------------------------------------

    def check(self, day: date) -> None:
        """Nothing impossible; every due reminder sent, none twice."""
        self.report.checked += 1
        # One query asks whether any check fails; the checker itself, one query
        # a check, then says which and why.
        anything = reduce(operator.or_, (q for q, _message in checks(day)))
        problems = (
            impossible_states(today=day)
            if Certification.objects.filter(anything).exists()
            else []
        )
        if problems:
            raise SimulationError(f"{day}: {problems[:3]}")
        twice = list(
            Reminder.objects.values("certification_id", "cycle", "offset_days")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)[:3]
        )
        if twice:
            raise SimulationError(f"{day}: reminders sent twice: {twice}")
        # Only the current cycle's reminders of issued certifications can be due.
        sent = set(
            Reminder.objects.filter(
                certification__status__in=ISSUED, cycle=F("certification__cycle")
            ).values_list("certification_id", "cycle", "offset_days")
        )
        for cert in self.latest.values():
            if cert.status not in ISSUED:
                continue
            offsets = self.by_pk[cert.program_id].reminder_offsets
            due = latest_due_offset(day, cert.expires_on, offsets)
            if due is not None and (cert.pk, cert.cycle, due) not in sent:
                raise SimulationError(
                    f"{day}: reminder {due:+d} of cycle {cert.cycle} not sent for "
                    f"#{cert.pk} (expires {cert.expires_on})"
                )

    def target_cycle(self, program) -> int:
        """The cycle every keeper has reached by the last day, derived from the
        years simulated: one cycle per whole validity period (ten years of
        24-month cycles: cycle 5, after four recertifications, a cycle's margin
        for late starters and those who recertify in grace; twenty years: 10)."""
        months = (self.last_day - self.first_day).days * 12 // 365
        return max(1, months // program.validity_months)

    def keepers_certified(self) -> list[str]:
        """Everyone who provided each cycle's evidence: still certified, and in
        the target cycle (``target_cycle``) unless they were restarted. Returns
        what is wrong."""
        wrong = []
        for cert in Certification.objects.select_related("program"):
            person = self.by_user[cert.user_id]
            if person.persona not in KEEPERS and person.persona not in (
                "late",
                "revoked",
            ):
                continue
            if cert.status not in ISSUED:
                wrong.append(f"{cert} ({person.persona})")
            elif (
                person.persona in KEEPERS
                and cert.cycle < self.target_cycle(cert.program)
                and cert.program.code != "ycprt-co-trainer"  # started a cycle later
            ):
                wrong.append(
                    f"{cert} ({person.persona}) only in cycle {cert.cycle} of "
                    f"{self.target_cycle(cert.program)}"
                )
        return wrong

    def logs(self) -> int:
        return LiveRoundtableLog.objects.count()
