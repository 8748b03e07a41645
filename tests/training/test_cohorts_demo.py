"""The demo cohorts that seed_demo makes, once."""

import io

import pytest
from django.utils import timezone

from content import initial as content_initial
from training import demo as training_demo
from training import initial as training_initial
from training.models import Cohort, CohortMembership, CohortSession, Enrolment

pytestmark = pytest.mark.django_db


def _seed():
    """The content and training steps of seed_demo, in its order."""
    for step in (content_initial, training_initial):
        step.install(stdout=io.StringIO())
    training_demo.seed(stdout=io.StringIO())


def _counts():
    return [
        model.objects.count()
        for model in (Cohort, CohortMembership, CohortSession, Enrolment)
    ]


def test_seed_demo_makes_the_demo_cohorts_once(site_root):
    _seed()
    before = _counts()

    _seed()

    assert _counts() == before
    north = Cohort.objects.get(name="North Region YCPRT cohort")
    assert north.course.specific.code == "YCPRT"
    assert (
        north.child_welfare_trainer.email,
        north.lived_experience_trainer.email,
    ) == (
        "cotrainer@example.org",
        "livedexp@example.org",
    )
    assert sorted(north.members.values_list("email", flat=True)) == [
        "trainee2@example.org",
        "trainee@example.org",
    ]
    assert set(
        Enrolment.objects.filter(cohort=north).values_list("user__email", flat=True)
    ) == {"trainee@example.org", "trainee2@example.org"}
    sessions = list(north.sessions.all())
    assert len(sessions) == 2
    assert all(s.starts_at > timezone.now() for s in sessions)
    t3 = Cohort.objects.get(kind=Cohort.Kind.TRAIN_THE_TRAINER)
    assert t3.course.specific.code == "T3"
    assert not t3.members.exists()
