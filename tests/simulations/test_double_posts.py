"""A double click posts the same "add" form twice: the hidden one-time key makes the
second post add nothing, and the person lands where the first would have."""

from datetime import timedelta
from http import HTTPStatus

import pytest

from simulations import rules
from simulations.models import (
    ActionStep,
    BrainstormIdea,
    Goal,
    MockRoundtable,
    Phase,
    Role,
)
from simulations.services import plans
from tests.simulations.conftest import seat

pytestmark = pytest.mark.django_db
KEY = {"submission_key": "k" * 32}


def url(roundtable, name=""):
    return f"/roundtables/{roundtable.pk}/{name}"


def test_the_idea_form_carries_a_key_and_a_double_post_adds_one_idea(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.BRAINSTORM)
    client = client_for(trainee)
    assert 'name="submission_key"' in client.get(url(roundtable)).text
    idea = {"question_number": 1, "text": "Ask the aunt in Tulsa", **KEY}

    first = client.post(url(roundtable, "ideas/"), idea)
    second = client.post(url(roundtable, "ideas/"), idea)

    assert first.status_code == second.status_code == HTTPStatus.FOUND
    assert second["Location"] == first["Location"]
    assert BrainstormIdea.objects.count() == 1
    client.post(url(roundtable, "ideas/"), {**idea, "submission_key": "n" * 32})
    assert BrainstormIdea.objects.count() == 2


def test_a_double_posted_action_step_is_stored_once(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.PLAN)
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=trainee,
    )
    step = {
        "description": "Call the aunt",
        "responsible": seat(roundtable, Role.CASE_WORKER).pk,
        "target_date": (roundtable.roundtable_date + timedelta(days=30)).isoformat(),
        "goal_type": "primary",
        **KEY,
    }
    client = client_for(trainee)

    for _ in range(2):
        assert client.post(url(roundtable, "steps/"), step).status_code == 302

    assert ActionStep.objects.count() == 1


def test_a_refused_step_does_not_use_up_its_key(client_for, trainee, start, play):
    roundtable = play(start(), Phase.PLAN)
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=trainee,
    )
    latest = rules.latest_target_date(roundtable.roundtable_date)
    step = {
        "description": "Call the aunt",
        "responsible": seat(roundtable, Role.CASE_WORKER).pk,
        "target_date": (latest + timedelta(days=1)).isoformat(),
        "goal_type": "primary",
        **KEY,
    }
    client = client_for(trainee)
    assert client.post(url(roundtable, "steps/"), step).status_code == 400

    step["target_date"] = latest.isoformat()
    assert client.post(url(roundtable, "steps/"), step).status_code == 302
    assert ActionStep.objects.count() == 1


def test_a_double_click_on_start_opens_one_session(client_for, trainee, jordan):
    client = client_for(trainee)
    assert 'name="submission_key"' in client.get("/roundtables/").text

    for _ in range(2):
        response = client.post("/roundtables/start/", {"case": jordan.pk, **KEY})
        assert response.status_code == HTTPStatus.FOUND

    assert MockRoundtable.objects.count() == 1
    assert response["Location"] == "/roundtables/"
