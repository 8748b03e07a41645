"""No empty release: a result goes to the trainee only with written strengths and
growth areas, and with a development plan when a critical item failed. Refusals
say what is missing and change nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certification.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    Notification,
    Observation,
)
from certification.services import observations as services
from tests.certification.conftest import (
    FEEDBACK,
    final_of,
    rater_pairs,
    release,
    score_both,
)

pytestmark = pytest.mark.django_db
GOAL = "In the next mock roundtable, give a time cue five minutes before the end."


def _settle(observation, by, **texts) -> int:
    """Settle every difference at rater A's level; returns the final's version."""
    scores = {
        pk: {"level": a} for pk, (a, b) in rater_pairs(observation).items() if a != b
    }
    return services.final_sheet_save(
        observation=observation,
        by=by,
        version=final_of(observation).version,
        scores=scores,
        reasons=dict.fromkeys(scores, "Settled."),
        **texts,
    )


def _release(observation, by, version):
    return services.observation_release(observation=observation, by=by, version=version)


def _unchanged(observation):
    observation.refresh_from_db()
    assert observation.status == Observation.Status.RECONCILING
    assert observation.mean_score is None and observation.released_at is None
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("texts", "missing"),
    [
        ({}, ["strengths", "growth areas"]),
        ({"strengths": "Calm and clear."}, ["growth areas"]),
        ({"growth_areas": "Time cues."}, ["strengths"]),
        ({"strengths": "  ", "growth_areas": "Time cues."}, ["strengths"]),
    ],
)
def test_a_result_without_written_feedback_is_refused(
    reconciling, co_trainer, texts, missing
):
    version = _settle(reconciling, co_trainer, **texts)

    with pytest.raises(ValidationError) as refused:
        _release(reconciling, co_trainer, version)

    messages = " ".join(refused.value.messages)
    for words in missing:
        assert f"Write the trainee's {words} on the final sheet" in messages
    _unchanged(reconciling)


def test_a_failed_critical_item_needs_a_development_goal_first(observation, co_trainer):
    score_both(observation, [2, 4, 4], [2, 4, 4])  # item 0 is critical
    version = _settle(observation, co_trainer, **FEEDBACK)

    with pytest.raises(ValidationError) as refused:
        _release(observation, co_trainer, version)

    assert refused.value.messages == [
        "A critical item is below the minimum: add at least one goal to the "
        "development plan."
    ]
    _unchanged(observation)
    assert not DevelopmentPlan.objects.exists()

    services.development_goal_add(
        observation=observation,
        by=co_trainer,
        goal=GOAL,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    result = _release(observation, co_trainer, final_of(observation).version)

    assert result.failed_critical
    assert DevelopmentGoal.objects.get().plan.observation == observation
    observation.refresh_from_db()
    assert observation.status == Observation.Status.RELEASED
    assert observation.reobservation_required


def test_a_plan_is_not_opened_while_no_critical_item_fails(reconciling, co_trainer):
    with pytest.raises(ValidationError) as refused:
        services.development_goal_add(
            observation=reconciling,
            by=co_trainer,
            goal=GOAL,
            due_on=timezone.localdate() + timedelta(days=30),
        )

    assert "no development plan" in refused.value.messages[0]
    assert not DevelopmentPlan.objects.exists()


def test_before_release_only_the_pair_write_goals(observation, staff, trainee):
    score_both(observation, [2, 4, 4], [2, 4, 4])

    for person in (staff, trainee):
        with pytest.raises(PermissionDenied):
            services.development_goal_add(
                observation=observation,
                by=person,
                goal=GOAL,
                due_on=timezone.localdate() + timedelta(days=30),
            )

    assert not DevelopmentPlan.objects.exists()


def test_a_released_result_keeps_its_written_feedback(reconciling, co_trainer):
    release(reconciling)

    with pytest.raises(ValidationError) as refused:
        services.final_sheet_save(
            observation=reconciling,
            by=co_trainer,
            version=final_of(reconciling).version,
            scores={},
            strengths="",
            reason="Tidying up.",
        )

    assert "keeps its written feedback" in refused.value.message_dict["strengths"][0]
    assert final_of(reconciling).strengths == FEEDBACK["strengths"]


# --- The reconcile page ---------------------------------------------------------------


def _page(observation):
    return f"/observations/{observation.pk}/reconcile/"


def test_the_page_says_what_is_missing_and_release_is_refused(
    client_for, reconciling, co_trainer
):
    version = _settle(reconciling, co_trainer)
    client = client_for(co_trainer)

    page = client.get(_page(reconciling)).content.decode()
    response = client.post(
        f"/observations/{reconciling.pk}/release/", {"version": version}, follow=True
    )

    assert "Before this result can be released:" in page
    assert "Write the trainee&#x27;s strengths on the final sheet" in page
    assert response.redirect_chain[-1][0] == _page(reconciling)
    assert "Write the trainee&#x27;s growth areas" in response.content.decode()
    _unchanged(reconciling)


def test_the_pair_write_the_plan_on_the_reconcile_page_then_release(
    client_for, observation, co_trainer, trainee
):
    score_both(observation, [2, 4, 4], [2, 4, 4])
    client = client_for(co_trainer)
    data = {"version": final_of(observation).version, **FEEDBACK}
    for pk, (level, _b) in rater_pairs(observation).items():
        data[f"level_{pk}"] = str(level)
    assert client.post(_page(observation), data).status_code == 302
    page = client.get(_page(observation)).content.decode()
    assert "add at least one goal to the development plan" in page

    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        f"/observations/{observation.pk}/goals/", {"goal": GOAL, "due_on": due}
    )
    assert response.url == f"{_page(observation)}#plan-{observation.pk}"
    page = client.get(_page(observation)).content.decode()
    assert GOAL in page and "Before this result can be released" not in page

    version = final_of(observation).version
    client.post(f"/observations/{observation.pk}/release/", {"version": version})
    mine = client_for(trainee).get("/observations/mine/").content.decode()
    assert GOAL in mine and FEEDBACK["strengths"] in mine


def test_before_release_staff_and_the_trainee_cannot_write_goals_over_http(
    client_for, observation, staff, trainee
):
    score_both(observation, [2, 4, 4], [2, 4, 4])
    due = (timezone.localdate() + timedelta(days=30)).isoformat()

    for person in (staff, trainee):
        response = client_for(person).post(
            f"/observations/{observation.pk}/goals/", {"goal": GOAL, "due_on": due}
        )
        assert response.status_code == 403

    assert not DevelopmentPlan.objects.exists()
