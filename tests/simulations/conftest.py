"""Cases, cohorts and sessions for the simulations tests.

``play(roundtable, Phase.X)`` drives a session through the services with valid
entries until it reaches phase X, so a test can start where its behaviour is."""

import io
from datetime import timedelta
from importlib import import_module

import pytest
from django.test import override_settings

from content.models import CoursePage
from simulations import rules
from simulations.models import (
    BarrierCategory,
    Goal,
    GoalType,
    Phase,
    Rating,
    Role,
    SampleCase,
    StepStatus,
)
from simulations.services import plans, roundtables
from simulations.services.cases import cases_load_library
from tests.conftest import shared_by_the_class, suite_clock
from training.models import Cohort, CohortMembership


@pytest.fixture(scope="module")
def _library_for_the_module(django_db_setup, django_db_blocker):
    """The shipped cases, imported once for the tests of a module that ask for them
    (importing takes longer than most of those tests); each test's changes to them
    are rolled back, and the cases themselves after the module's last test."""
    with shared_by_the_class(django_db_blocker):
        with suite_clock():
            cases_load_library()
        yield


@pytest.fixture
def library(_library_for_the_module, db):
    """The shipped cases by slug, read afresh for each test."""
    return {case.slug: case for case in SampleCase.objects.all()}


@pytest.fixture
def jordan(library):
    return library["jordan-initial"]


@pytest.fixture
def course(site_root):
    course = CoursePage(title="YCPRT Skills", code="YCPRT-T")
    site_root.add_child(instance=course)
    return course


@pytest.fixture
def cohort_factory(course, user_factory):
    def make(*, trainers, members=(), name="North cohort"):
        cohort = Cohort.objects.create(
            name=name,
            course=course,
            child_welfare_trainer=trainers[0],
            lived_experience_trainer=trainers[1],
        )
        for member in members:
            CohortMembership.objects.create(cohort=cohort, user=member)
        return cohort

    return make


@pytest.fixture
def cohort(cohort_factory, co_trainer, lived_trainer, trainee, trainee2):
    """The North cohort: led by co_trainer and lived_trainer; trainee and trainee2."""
    return cohort_factory(
        trainers=(co_trainer, lived_trainer), members=(trainee, trainee2)
    )


@pytest.fixture
def start(jordan, trainee):
    def make(case=None, facilitator=None, **extra):
        facilitator = facilitator or trainee
        return roundtables.roundtable_start(
            case=case or jordan,
            facilitator=facilitator,
            created_by=extra.pop("created_by", facilitator),
            **extra,
        )

    return make


def seat(roundtable, role):
    return roundtable.participants.filter(role=role).first()


def owner(roundtable):
    """Someone at the table to own a step: the case worker, else the first seat
    other than the facilitator's (a juvenile-justice case has a probation officer)."""
    return (
        seat(roundtable, Role.CASE_WORKER)
        or roundtable.participants.exclude(role=Role.FACILITATOR).first()
    )


def add_step(roundtable, *, goal_type=GoalType.PRIMARY, months=1, **extra):
    fields = {
        "description": "Meet with Dana about guardianship",
        "responsible": owner(roundtable),
        "target_date": roundtable.roundtable_date + timedelta(days=30 * months),
        "goal_type": goal_type,
        "barrier": "",
        "barrier_category": "",
        **extra,
    }
    return plans.step_add(roundtable=roundtable, by=roundtable.facilitator, **fields)


def _fill(roundtable, by):
    """Enter what the current phase needs before it may close."""
    state = roundtable.state
    if state == Phase.CLARIFY:
        roundtables.exit_criteria_record(
            roundtable=roundtable,
            rating=Rating.POOR,
            goal_of_record=Goal.APPLA_OPPLA,
            concurrent_goal_of_record="none",
            last_full_disclosure_on=roundtable.roundtable_date - timedelta(days=420),
            youth_last_asked="About eleven months ago",
            by=by,
        )
    elif state == Phase.BRAINSTORM:
        for number in range(1, 6):
            plans.idea_add(
                roundtable=roundtable,
                question_number=number,
                text=f"Idea {number}",
                by=by,
            )
    elif state == Phase.PLAN:
        plans.plan_goals_set(
            roundtable=roundtable,
            recommended_goal=Goal.GUARDIANSHIP,
            recommended_concurrent_goal=Goal.ADOPTION,
            by=by,
        )
        add_step(
            roundtable,
            barrier="Nobody asked Dana",
            barrier_category=BarrierCategory.PRACTICE,
        )
        add_step(roundtable, goal_type=GoalType.CONCURRENT, months=3)
    elif state == Phase.DEBRIEF:
        roundtables.debrief_record(
            roundtable=roundtable,
            reflections="Dana is the case.",
            process_feedback="Clarify ran long.",
            by=by,
        )
    elif state == Phase.FOLLOW_UP:
        plan = roundtable.plan
        plans.follow_up_record(
            roundtable=roundtable,
            rating=Rating.MARGINAL,
            statuses={
                step.pk: (StepStatus.IN_PROGRESS, "")
                for step in plan.steps.filter(added_at_follow_up=False)
            },
            by=by,
        )


def play_to(roundtable, target, *, at=None):
    """Drive a session through the services, entering what each phase needs, until
    it reaches ``target``; returns the fresh session."""
    order = list(Phase)
    by = roundtable.facilitator
    while order.index(Phase(roundtable.state)) < order.index(target):
        _fill(roundtable, by)
        roundtable = roundtables.phase_advance(
            roundtable=roundtable, expected=roundtable.state, by=by, at=at
        )
    return roundtable


@pytest.fixture
def play():
    return play_to


def _key_entries(roundtable, by):
    """What an experienced team enters in the current phase: the case's own record
    and answer key."""
    case, state = roundtable.case, roundtable.state
    day = roundtable.roundtable_date
    if state == Phase.CLARIFY:
        months = case.last_full_disclosure_months_ago
        roundtables.exit_criteria_record(
            roundtable=roundtable,
            rating=case.answer_rating,
            goal_of_record=case.goal_of_record,
            concurrent_goal_of_record=case.concurrent_goal_of_record,
            last_full_disclosure_on=None
            if months is None
            else rules.add_months(day, -months),
            never_fully_disclosed=months is None,
            youth_last_asked=case.last_asked_about_permanency,
            by=by,
        )
    elif state == Phase.BRAINSTORM:
        youth = seat(roundtable, Role.YOUTH)
        for number in range(1, 6):
            plans.idea_add(
                roundtable=roundtable,
                question_number=number,
                text=f"Idea {number}",
                offered_by=youth,
                by=by,
            )
    elif state == Phase.PLAN:
        plans.plan_goals_set(
            roundtable=roundtable,
            recommended_goal=case.recommended_goal,
            recommended_concurrent_goal=case.recommended_concurrent_goal,
            by=by,
        )
        barriers = {b.number: b.id for b in rules.case_barriers(case)}
        for row in case.answer_steps.raw_data:
            step = row["value"]
            plans.step_add(
                roundtable=roundtable,
                by=by,
                description=step["description"],
                responsible=seat(roundtable, step["responsible_role"]),
                target_date=rules.add_months(day, step["due_in_months"]),
                goal_type=step["goal"],
                case_barrier=barriers.get(step.get("barrier"), ""),
                engages_youth=step.get("engages_youth", False),
            )
    elif state == Phase.DEBRIEF:
        roundtables.debrief_record(
            roundtable=roundtable,
            reflections="Confident in the plan.",
            process_feedback="",
            by=by,
        )
    elif state == Phase.FOLLOW_UP:
        plans.follow_up_record(
            roundtable=roundtable,
            rating=case.answer_rating,
            statuses={
                step.pk: (StepStatus.IN_PROGRESS, "")
                for step in roundtable.plan.steps.all()
            },
            by=by,
        )


def play_answer_key(roundtable, *, began, seconds_per_phase=None):
    """Run a whole session as the case's answer key has it: every function ticked,
    the facts of record, the key's goals and steps. Each phase takes its target
    minutes, or ``seconds_per_phase`` for a rushed run."""
    by, at = roundtable.facilitator, began
    roundtable = roundtables.phase_advance(
        roundtable=roundtable, expected=Phase.SCHEDULED, by=by, at=at
    )
    while roundtable.state != Phase.COMPLETED:
        phase = roundtable.state
        functions = rules.phase_functions(phase, case_type=roundtable.case.case_type)
        roundtables.checklist_set(
            roundtable=roundtable,
            phase=phase,
            items={f.item for f in functions},
            by=by,
        )
        _key_entries(roundtable, by)
        seconds = seconds_per_phase or 60 * roundtable.phase_targets.get(phase, 1)
        at += timedelta(seconds=seconds)
        roundtable = roundtables.phase_advance(
            roundtable=roundtable, expected=phase, by=by, at=at
        )
    return roundtable


@pytest.fixture
def play_key():
    return play_answer_key


def seed_demo_to_simulations() -> str:
    """seed_demo's steps of the layers up to this one, in its order (certification's
    are left out so its demo does not decide these tests). Their output."""
    out = io.StringIO()
    for label in ("content", "training", "simulations"):
        import_module(f"{label}.initial").install(stdout=out)
    for label in ("training", "simulations"):
        import_module(f"{label}.demo").seed(stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def demo_to_simulations(django_db_setup, django_db_blocker):
    """``seed_demo_to_simulations`` run once for the tests of a class (it takes
    longer than they do). Its output."""
    with shared_by_the_class(django_db_blocker):
        with suite_clock(), override_settings(DEBUG=True):
            output = seed_demo_to_simulations()
        yield output
