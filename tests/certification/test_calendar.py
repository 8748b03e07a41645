"""Each person's secret, revocable iCalendar feed: their window openings, expiries,
cohort sessions and mock-roundtable follow-ups, and nobody else's."""

import hashlib
import importlib
import re
from datetime import date, datetime, timedelta
from http import HTTPStatus
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from certification.models import CalendarFeed
from certification.services.programs import calendar_feed_renew
from tests.certification.conftest import (
    issue,
)
from training.models import Cohort, CohortMembership, CohortSession

pytestmark = pytest.mark.django_db


def _events(client, feed) -> dict[str, object]:
    response = client.get(reverse("certification:calendar_feed", args=[feed.token]))
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def cohort(course, co_trainer, lived_trainer, trainee):
    cohort = Cohort.objects.create(
        name="North cohort",
        course=course,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
    )
    CohortMembership.objects.create(cohort=cohort, user=trainee)
    start = timezone.make_aware(datetime(2026, 9, 14, 9, 0))
    CohortSession.objects.create(
        cohort=cohort,
        title="Day 1",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Room B",
    )
    return cohort


def _mock_roundtable(facilitator, *, on: date):
    import yaml

    from simulations.models import MockRoundtable
    from simulations.models.program import CASES_DIR
    from simulations.services.cases import case_import

    case, _ = case_import(
        data=yaml.safe_load((CASES_DIR / "jordan-initial.yaml").read_text())
    )
    return MockRoundtable.objects.create(
        case=case,
        facilitator=facilitator,
        scheduled_minutes=120,
        roundtable_date=on,
        follow_up_cadence_days=30,
        state="plan",  # a follow-up is scheduled once the plan is being made
    )


def test_the_feed_has_the_holders_dates_and_sessions(client, trainee, program, cohort):
    cert = issue(trainee, program, issued_on=date(2026, 1, 31), today=date(2026, 2, 1))
    feed, _ = calendar_feed_renew(user=trainee)

    events = _events(client, feed)

    window = events["PRT Facilitator: recertification window opens"]
    assert window["DTSTART"].dt == cert.window_opens_on
    assert events["PRT Facilitator: certification expires"]["DTSTART"].dt == date(
        2028, 1, 31
    )
    session = events["North cohort: Day 1"]
    assert session["LOCATION"] == "Room B"


def test_co_trainers_see_the_sessions_of_cohorts_they_lead(client, co_trainer, cohort):
    feed, _ = calendar_feed_renew(user=co_trainer)

    assert "North cohort: Day 1" in _events(client, feed)


def test_a_feed_shows_only_its_owners_events(
    client, trainee, trainee2, program, cohort, today
):
    issue(trainee, program, issued_on=today, today=today)
    feed, _ = calendar_feed_renew(user=trainee2)

    assert _events(client, feed) == {}


def test_mock_roundtable_follow_ups_are_one_cadence_after(client, trainee):
    roundtable = _mock_roundtable(trainee, on=date(2026, 5, 4))
    feed, _ = calendar_feed_renew(user=trainee)

    events = _events(client, feed)

    (follow_up,) = [e for name, e in events.items() if name.startswith("Mock")]
    assert follow_up["DTSTART"].dt == date(2026, 6, 3)
    assert str(roundtable.case) in str(follow_up["SUMMARY"])


def test_a_renewed_address_stops_the_old_one(client, trainee):
    old, _ = calendar_feed_renew(user=trainee)
    old_token = old.token

    new, replaced = calendar_feed_renew(user=trainee)

    assert replaced
    url = reverse("certification:calendar_feed", args=[old_token])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert _events(client, new) == {}


def test_the_feed_page_shows_the_address_once_then_revokes_it(client_for, trainee):
    client = client_for(trainee)
    assert (
        "Make my calendar feed"
        in client.get("/certification/calendar/").content.decode()
    )

    client.post("/certification/calendar/renew/")
    page = client.get("/certification/calendar/").content.decode()
    token = re.search(r"/calendar/([\w-]+)\.ics", page).group(1)
    assert "shown only this once" in page
    assert _events(client, SimpleNamespace(token=token)) == {}
    again = client.get("/certification/calendar/").content.decode()
    assert token not in again and "shown once" in again

    client.post("/certification/calendar/revoke/")
    assert not CalendarFeed.objects.exists()
    url = reverse("certification:calendar_feed", args=[token])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_only_a_hash_of_the_token_is_stored(trainee):
    feed, _ = calendar_feed_renew(user=trainee)

    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.token_hash == hashlib.sha256(feed.token.encode()).hexdigest()
    assert feed.token not in str(
        CalendarFeed.objects.filter(pk=feed.pk).values().get()
    )


def test_the_migration_hashes_existing_tokens_so_their_addresses_still_work(
    client, trainee
):
    migration = importlib.import_module(
        "certification.migrations.0002_calendar_feed_token_hash"
    )
    CalendarFeed.objects.create(user=trainee, token_hash="an-old-plain-token")

    migration.hash_tokens(django_apps, None)

    assert CalendarFeed.objects.get().token_hash != "an-old-plain-token"
    assert _events(client, SimpleNamespace(token="an-old-plain-token")) == {}


def test_feed_actions_need_a_login_and_a_post(client, client_for, trainee):
    assert client.post("/certification/calendar/renew/").status_code == 302
    assert not CalendarFeed.objects.exists()
    response = client_for(trainee).get("/certification/calendar/renew/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_unknown_tokens_are_404(client):
    url = reverse("certification:calendar_feed", args=["not-a-token"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
