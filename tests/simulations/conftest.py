"""Cases, cohorts and sessions for the simulations tests.

``play(roundtable, Phase.X)`` drives a session through the services with valid
entries until it reaches phase X, so a test can start where its behaviour is."""

from datetime import timedelta

import pytest

from content.models import CoursePage
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
from training.models import Cohort, CohortMembership


@pytest.fixture
def library(db):
    cases_load_library()
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


def add_step(roundtable, *, goal_type=GoalType.PRIMARY, months=1, **extra):
    fields = {
        "description": "Meet with Dana about guardianship",
        "responsible": seat(roundtable, Role.CASE_WORKER)
        or seat(roundtable, Role.FACILITATOR),
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
