"""The calendar feed lists a mock roundtable's follow-up only while it is scheduled
and not yet recorded, under one UID from the plan until it is recorded."""

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from certification.calendar import feed_ics
from certification.selectors.programs import calendar_events
from simulations.models import Phase, Rating, SampleCase, StepStatus
from simulations.services.cases import cases_load_library
from simulations.services.plans import follow_up_record
from simulations.services.roundtables import roundtable_start
from tests.simulations.conftest import play_to

pytestmark = pytest.mark.django_db

BEGAN = datetime(2026, 5, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def roundtable(trainee):
    cases_load_library()
    return roundtable_start(
        case=SampleCase.objects.get(slug="jordan-initial"),
        facilitator=trainee,
        created_by=trainee,
    )


def _follow_ups(user) -> dict[str, date]:
    return {
        event.uid: event.day
        for event in calendar_events(user=user)
        if event.uid.startswith("follow-up-")
    }


@pytest.mark.parametrize(
    "phase", [Phase.SCHEDULED, Phase.WELCOME, Phase.CLARIFY, Phase.BRAINSTORM]
)
def test_no_follow_up_before_the_plan(roundtable, trainee, phase):
    play_to(roundtable, phase, at=BEGAN)

    assert _follow_ups(trainee) == {}


def test_the_follow_up_keeps_its_uid_from_the_plan_until_it_is_recorded(
    roundtable, trainee
):
    uid = f"follow-up-{roundtable.pk}@roundtable-academy"
    due = date(2026, 6, 3)  # 30 days after the roundtable

    for phase in (Phase.PLAN, Phase.DEBRIEF, Phase.FOLLOW_UP):
        roundtable = play_to(roundtable, phase, at=BEGAN)
        assert _follow_ups(trainee) == {uid: due}, phase


def test_a_recorded_follow_up_leaves_the_calendar(roundtable, trainee):
    roundtable = play_to(roundtable, Phase.FOLLOW_UP, at=BEGAN)

    follow_up_record(
        roundtable=roundtable,
        rating=Rating.MARGINAL,
        statuses={
            step.pk: (StepStatus.IN_PROGRESS, "")
            for step in roundtable.plan.steps.all()
        },
        by=trainee,
    )

    assert _follow_ups(trainee) == {}

    play_to(roundtable, Phase.COMPLETED, at=BEGAN + timedelta(minutes=1))
    assert _follow_ups(trainee) == {}


def test_the_feed_carries_the_stable_uid(roundtable, trainee):
    play_to(roundtable, Phase.DEBRIEF, at=BEGAN)

    feed = Calendar.from_ical(feed_ics(calendar_events(user=trainee), name="Mine"))

    (event,) = feed.walk("VEVENT")
    assert str(event["UID"]) == f"follow-up-{roundtable.pk}@roundtable-academy"
    assert event["DTSTART"].dt == date(2026, 6, 3)


def test_other_peoples_follow_ups_are_not_listed(roundtable, trainee2):
    play_to(roundtable, Phase.PLAN, at=BEGAN)

    assert _follow_ups(trainee2) == {}
