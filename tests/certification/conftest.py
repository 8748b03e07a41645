"""Builders and fixtures for the certification tests.

Programs and certifications: ``make_program``, ``issue`` (a certification in the state
its dates give), ``complete_course``, ``pass_observation``; fixtures ``course``,
``raters`` and ``program``. Observations: ``build_rubric``, ``build_cohort``,
``open_live``, ``build_mock`` and the scoring steps (``score``, ``submit``,
``score_both``, ``release``); fixtures ``rubric``, ``cohort``, ``observation`` and
``reconciling``. Builders go through the real services wherever one exists."""

import itertools
from datetime import date, datetime, time, timedelta

import pytest
import yaml
from django.utils import timezone

from certification.dates import (
    expiry_after,
    grace_ends,
    status_on,
    window_opens,
)
from certification.models import (
    Certification,
    CertificationProgram,
    ItemScore,
    Observation,
    ObservationKind,
    Rubric,
    RubricItem,
    ScoreSheet,
)
from certification.rules import NA
from certification.selectors.observations import applicable_items
from certification.services import lifecycle
from certification.services import observations as services
from certification.services import programs as program_services
from certification.services.rubrics import rubric_publish
from content.models import LessonPage
from simulations.models import Phase, PhaseLog
from simulations.models.program import CASES_DIR
from simulations.services.cases import case_import
from simulations.services.roundtables import roundtable_start
from tests.content.builders import make_course
from training.models import Cohort, CohortMembership, Enrolment
from training.services import learning

# --- Programs and certifications ------------------------------------------------------

_seq = itertools.count(1)
Status = Certification.Status


def at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), timezone.get_default_timezone())


def make_program(*, courses=(), prerequisites=(), **numbers) -> CertificationProgram:
    """A program that requires nothing unless told: every count defaults to 0."""
    n = next(_seq)
    defaults = {
        "name": f"Program {n}",
        "code": f"program-{n}",
        "required_mock": 0,
        "required_observed": 0,
        "required_co_facilitated": 0,
        "required_lead_facilitated": 0,
        "recert_live_roundtables": 0,
        "recert_observations": 0,
    }
    program = CertificationProgram.objects.create(**{**defaults, **numbers})
    if courses:
        program.required_courses.set(courses)
    if prerequisites:
        program.prerequisites.set(prerequisites)
    if courses or prerequisites:
        program.save()
    return program


def complete_course(user, course, *, on: date) -> Enrolment:
    enrolment, _ = Enrolment.objects.update_or_create(
        user=user, course=course, defaults={"completed_at": at_noon(on)}
    )
    return enrolment


def plain_rubric() -> Rubric:
    found = Rubric.objects.filter(name="Test rubric").first()
    return found or Rubric.objects.create(name="Test rubric", status="published")


def pass_observation(trainee, kind, *, on: date, raters, passed=True) -> Observation:
    """A released observation of ``kind`` with its result, released on ``on``."""
    rater_a, rater_b = raters
    return Observation.objects.create(
        trainee=trainee,
        kind=kind,
        rubric=plain_rubric(),
        rater_a=rater_a,
        rater_b=rater_b,
        status=Observation.Status.RELEASED,
        released_at=at_noon(on),
        passed=passed,
    )


def issue(user, program, *, issued_on: date, today: date, cycle=1, **extra):
    """A certification issued on a date, in the state its dates give ``today``."""
    expires = extra.pop("expires_on", None) or expiry_after(
        issued_on, program.validity_months
    )
    opens = window_opens(expires, program.window_days)
    ends = grace_ends(expires, program.grace_days)
    return Certification.objects.create(
        user=user,
        program=program,
        cycle=cycle,
        started_on=issued_on - timedelta(days=30),
        issued_on=issued_on,
        expires_on=expires,
        window_opens_on=opens,
        grace_ends_on=ends,
        status=extra.pop("status", None)
        or status_on(
            today, window_opens_on=opens, expires_on=expires, grace_ends_on=ends
        ),
        **extra,
    )


# --- Observations ---------------------------------------------------------------------

GROUPS = ["welcome", "present", "clarify", "brainstorm", "plan", "debrief", "whole"]


# --- Builders -------------------------------------------------------------------------


def build_rubric(items=10, *, name="Trainee Tool", version=1, publish=True, **flags):
    """A rubric of ``items`` items spread over the phases. ``critical``,
    ``na_allowed``: sets of item positions; ``ycprt``/``subsequent``: add one item of
    that kind at the end."""
    rubric = Rubric.objects.create(name=name, version=version)
    rows = []
    for n in range(items):
        rows.append(
            RubricItem(
                rubric=rubric,
                sort_order=n,
                group=GROUPS[n % len(GROUPS)],
                code=f"item-{n}",
                text=f"Behaviour {n}",
                critical=n in flags.get("critical", set()),
                na_allowed=n in flags.get("na_allowed", set()),
                **{f"descriptor_{d}": f"Level {d} of item {n}" for d in range(1, 5)},
            )
        )
    if flags.get("ycprt"):
        rows.append(_extra(rubric, items, "ycprt", group="ycprt", na_allowed=True))
    if flags.get("subsequent"):
        rows.append(_extra(rubric, items + 1, "prior-steps", subsequent_only=True))
    RubricItem.objects.bulk_create(rows)
    if publish:
        rubric = rubric_publish(rubric=rubric)
    return rubric


def _extra(rubric, order, code, group="present", **fields):
    return RubricItem(
        rubric=rubric,
        sort_order=order,
        group=group,
        code=code,
        text=f"Extra {code}",
        **{f"descriptor_{d}": f"Level {d}" for d in range(1, 5)},
        **fields,
    )


def build_cohort(site_root, *, co_trainer, lived_trainer, members=()):
    course = make_course(site_root, modules=1, lessons=1)
    cohort = Cohort.objects.create(
        name="North cohort",
        course=course,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
    )
    for member in members:
        CohortMembership.objects.create(cohort=cohort, user=member)
    return cohort


def open_live(*, by, trainee, rubric, cohort=None, **extra):
    """A live observation (kind: lead-facilitated unless given)."""
    values = {
        "kind": ObservationKind.LEAD_FACILITATED,
        "live_date": timezone.localdate() - timedelta(days=1),
        "live_agency": "Cedar County",
        "live_case_reference": "J.D.",
    }
    values.update(extra)
    return services.observation_open(
        opened_by=by, trainee=trainee, rubric=rubric, cohort=cohort, **values
    )


def build_mock(trainee, cohort=None, *, slug="jordan-initial", state=Phase.COMPLETED):
    """A mock roundtable the trainee facilitated, with a phase log."""
    data = yaml.safe_load((CASES_DIR / f"{slug}.yaml").read_text())
    case, _ = case_import(data=data)
    roundtable = roundtable_start(
        case=case, facilitator=trainee, created_by=trainee, cohort=cohort
    )
    start = timezone.now() - timedelta(hours=2)
    for n, phase in enumerate(Phase.in_room()):
        PhaseLog.objects.create(
            roundtable=roundtable,
            phase=phase,
            started_at=start + timedelta(minutes=20 * n),
            ended_at=start + timedelta(minutes=20 * n + 18),
            target_minutes=roundtable.phase_targets.get(phase),
        )
    roundtable.state = state
    roundtable.roundtable_date = timezone.localdate()
    roundtable.save()
    return roundtable


def sheet_of(observation, rater) -> ScoreSheet:
    return ScoreSheet.objects.get(observation=observation, rater=rater)


def final_of(observation) -> ScoreSheet:
    return ScoreSheet.objects.get(observation=observation, kind=ScoreSheet.Kind.FINAL)


def score(observation, rater, levels, **texts) -> int:
    """Save ``levels`` (one per applicable item, repeated) on the rater's sheet."""
    sheet = sheet_of(observation, rater)
    items = list(applicable_items(observation=observation))
    scores = {
        item.pk: {"level": levels[n % len(levels)]} for n, item in enumerate(items)
    }
    return services.sheet_save(
        sheet=sheet, by=rater, version=sheet.version, scores=scores, **texts
    )


def submit(observation, rater) -> ScoreSheet:
    sheet = sheet_of(observation, rater)
    return services.sheet_submit(sheet=sheet, by=rater, version=sheet.version)


def score_both(observation, levels_a, levels_b):
    """Both raters score and submit: the observation moves to reconciling."""
    for rater, levels in (
        (observation.rater_a, levels_a),
        (observation.rater_b, levels_b),
    ):
        score(observation, rater, levels)
        submit(observation, rater)
    observation.refresh_from_db()
    return observation


FEEDBACK = {
    "strengths": "Kept the team future-focused and redirected blame calmly.",
    "growth_areas": "Give time cues earlier in Present the Case.",
}


def release(observation, by=None, *, feedback=True, **changes):
    """Settle every difference at rater A's level with a reason, write the strengths
    and growth areas (and a development goal when a critical item fails), then
    release. ``feedback=False`` leaves the texts and plan as they are."""
    by = by or observation.rater_a
    final = final_of(observation)
    version = final.version
    texts = FEEDBACK if feedback else {}
    if changes:
        version = services.final_sheet_save(
            observation=observation,
            by=by,
            version=version,
            **{**texts, **changes},
        )
    else:
        pairs = rater_pairs(observation)
        scores = {pk: {"level": a} for pk, (a, b) in pairs.items() if a != b}
        version = services.final_sheet_save(
            observation=observation,
            by=by,
            version=version,
            scores=scores,
            reasons=dict.fromkeys(scores, "Settled in discussion."),
            **texts,
        )
    if feedback:
        add_goal_if_critical_failed(observation, by)
    result = services.observation_release(
        observation=observation, by=by, version=version
    )
    observation.refresh_from_db()
    return result


def add_goal_if_critical_failed(observation, by):
    """The development goal a result with a failed critical item is released with."""
    items = {item.pk: item for item in applicable_items(observation=observation)}
    if services.final_result(final_of(observation), items).failed_critical:
        services.development_goal_add(
            observation=observation,
            by=by,
            goal="In the next mock roundtable, keep every phase to its minutes.",
            due_on=timezone.localdate() + timedelta(days=30),
        )


def rater_pairs(observation):
    a, b = (
        sheet_of(observation, observation.rater_a),
        sheet_of(observation, observation.rater_b),
    )
    values = {}
    for s in ItemScore.objects.filter(sheet__in=[a, b]):
        values.setdefault(s.item_id, [None, None])[0 if s.sheet_id == a.pk else 1] = (
            NA if s.not_applicable else s.level
        )
    return {pk: tuple(v) for pk, v in values.items()}


# --- Fixtures -------------------------------------------------------------------------


@pytest.fixture
def rubric(db):
    return build_rubric(10, critical={0, 4}, na_allowed={3})


@pytest.fixture
def cohort(site_root, co_trainer, lived_trainer, trainee):
    return build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )


@pytest.fixture
def observation(co_trainer, trainee, rubric, cohort):
    return open_live(by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort)


@pytest.fixture
def reconciling(observation):
    return score_both(observation, [3, 3, 4], [3, 2, 4])


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=1, lessons=1, title="Permanency values")


@pytest.fixture
def raters(co_trainer, lived_trainer):
    return (co_trainer, lived_trainer)


@pytest.fixture
def program(course):
    return prt_program(course)


def prt_program(course) -> CertificationProgram:
    """One course, one passed mock and one lead-facilitated roundtable; recertify
    with one live roundtable and one passed observation."""
    return make_program(
        courses=[course],
        name="PRT Facilitator",
        code="prt-facilitator",
        required_mock=1,
        required_lead_facilitated=1,
        recert_live_roundtables=1,
        recert_observations=1,
    )


# --- Calibration ----------------------------------------------------------------------


def build_gold(*, trainee, cohort, rubric, program, staff, levels=(3, 2, 4, 3)):
    """A released mock-roundtable observation of ``trainee`` marked gold for
    ``program``: each item's expert level is the reconciled one, with a rationale."""
    from certification.services.calibration import gold_mark

    mock = build_mock(trainee, cohort)
    observation = services.observation_open(
        opened_by=cohort.child_welfare_trainer,
        trainee=trainee,
        kind=ObservationKind.MOCK,
        rubric=rubric,
        cohort=cohort,
        mock_roundtable=mock,
    )
    score_both(observation, list(levels), list(levels))
    release(observation)
    final = {s.item_id: s for s in final_of(observation).scores.all()}
    items = {
        pk: {
            "level": NA if final[pk].not_applicable else final[pk].level,
            "rationale": f"Expert view: {item.text[:40]}.",
        }
        for pk, item in (
            (item.pk, item) for item in applicable_items(observation=observation)
        )
    }
    return gold_mark(by=staff, observation=observation, program=program, items=items)


def calibrate(gold, rater, levels=None, *, submit=True):
    """``rater`` scores ``gold`` blind: its own levels unless ``levels`` are given
    (one per item, repeated), then submits."""
    from certification.services import calibration as calibration_services

    sheet = calibration_services.calibration_start(gold=gold, by=rater)
    expert = {row.item_id: row for row in gold.items.all()}
    items = list(applicable_items(observation=gold.observation))
    scores = {}
    for n, item in enumerate(items):
        if levels is None:
            row = expert[item.pk]
            value = NA if row.not_applicable else row.level
        else:
            value = levels[n % len(levels)]
        scores[item.pk] = {"level": value}
    version = calibration_services.calibration_save(
        sheet=sheet, by=rater, version=sheet.version, scores=scores
    )
    if not submit:
        sheet.refresh_from_db()
        return sheet
    return calibration_services.calibration_submit(
        sheet=sheet, by=rater, version=version
    )


@pytest.fixture
def today() -> date:
    """The program's date on the test's clock (frozen or moved by ``TEST_NOW``),
    read when the test starts, never at collection."""
    return timezone.localdate()


# --- Certification over the years (test_cycles, test_completion_cycles) -------------

YEARS_START = date(2026, 3, 2)


@pytest.fixture
def refresher(site_root):
    return make_course(
        site_root,
        modules=1,
        lessons=2,
        with_checks=False,
        title="PRT refresher",
        self_enrol=True,
    )


@pytest.fixture
def yearly_program(refresher):
    """Issued automatically on one lead-facilitated observation; valid 24 months;
    recertify with the refresher, two live roundtables and one observation."""
    return make_program(
        name="PRT Facilitator",
        code="prt-years",
        auto_issue=True,
        required_lead_facilitated=1,
        recert_course=refresher,
        recert_live_roundtables=2,
        recert_observations=1,
    )


class Clock:
    """Moves the frozen clock to noon of a day in the program's time zone."""

    def __init__(self, traveller):
        self.traveller = traveller

    def to(self, day: date) -> date:
        noon = datetime.combine(day, time(12), timezone.get_default_timezone())
        self.traveller.move_to(noon, tick=False)
        return day


@pytest.fixture
def clock(time_machine):
    return Clock(time_machine)


def observe_live(trainee, cohort, rubric, kind="observed"):
    observation = open_live(
        by=cohort.child_welfare_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        kind=kind,
    )
    score_both(observation, [4], [4])
    release(observation)


def take_refresher(trainee, course):
    enrolment = learning.enrolment_create(user=trainee, course=course)
    if enrolment.completed_at is not None:
        learning.enrolment_retake(enrolment=enrolment, user=trainee)
    for lesson in LessonPage.objects.live().descendant_of(course):
        learning.lesson_complete(enrolment=enrolment, lesson=lesson)


def log_roundtables(trainee, day, count=2):
    for n in range(count):
        program_services.live_roundtable_log(
            user=trainee,
            held_on=day - timedelta(days=n),
            agency="Cedar County",
            role="lead",
            case_reference=f"R{day:%y%m%d}{n}",
        )


def certify_yearly(trainee, program, cohort, rubric, clock):
    clock.to(YEARS_START)
    cert = lifecycle.pathway_start(user=trainee, program=program)
    observe_live(trainee, cohort, rubric, kind="lead_facilitated")
    lifecycle.certification_evaluate(certification=cert)
    cert.refresh_from_db()
    assert (cert.status, cert.cycle) == (Status.ACTIVE, 1)
    return cert
