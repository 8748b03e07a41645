"""The observation pages: who may see and do what (allowed, forbidden, anonymous),
bad input refused with nothing changed, the autosave endpoint's answers, and what
each page shows."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from certification.models import (
    DevelopmentGoal,
    ItemScore,
    Observation,
    ScoreChange,
    ScoreSheet,
)
from certification.selectors.observations import applicable_items
from tests.certification.conftest import (
    build_cohort,
    build_mock,
    build_rubric,
    final_of,
    open_live,
    release,
    score,
    score_both,
    sheet_of,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(db):
    """Six items are enough for pages (the shared cohort and observation use it)."""
    return build_rubric(6, critical={0}, na_allowed={3})


@pytest.fixture
def other_pair(site_root, user_factory, trainee2):
    """Another cohort with its own pair and trainee2, and an observation of it."""
    a = user_factory(role="Co-trainer", full_name="Other Trainer")
    b = user_factory(role="Co-trainer", full_name="Other Voice")
    cohort = build_cohort(site_root, co_trainer=a, lived_trainer=b, members=[trainee2])
    rubric = build_rubric(3, name="Other tool")
    return a, open_live(by=a, trainee=trainee2, rubric=rubric, cohort=cohort)


def url(name, observation=None):
    base = "/observations/"
    paths = {
        "list": base,
        "mine": f"{base}mine/",
        "new": f"{base}new/",
        "export": f"{base}export.csv",
        "report": f"{base}rater-report/",
        "program": f"{base}agreement/",
    }
    if name in paths:
        return paths[name]
    return f"{base}{observation.pk}/{name + '/' if name != 'detail' else ''}"


def levels_post(observation, level, *, version, **extra):
    data = {"version": version, "strengths": "", "growth_areas": ""}
    for item in applicable_items(observation=observation):
        data[f"level_{item.pk}"] = level
        data[f"comment_{item.pk}"] = ""
    data.update(extra)
    return data


# --- The lists ---------------------------------------------------------------------


def test_the_list_is_for_co_trainers_and_staff(
    client, client_for, trainee, outsider, co_trainer, staff, observation
):
    assert client.get(url("list"))["Location"].startswith("/accounts/login/")
    for person in (trainee, outsider):
        assert client_for(person).get(url("list")).status_code == 403
    for person in (co_trainer, staff):
        response = client_for(person).get(url("list"))
        assert response.status_code == 200
        assert b"Tess Trainee" in response.content


def test_a_co_trainer_sees_only_observations_of_cohorts_they_lead(
    client_for, co_trainer, staff, observation, other_pair
):
    page = client_for(co_trainer).get(url("list")).content.decode()
    assert "Tess Trainee" in page and "Theo Trainee" not in page
    assert "To score" in page
    page = client_for(staff).get(url("list")).content.decode()
    assert "Tess Trainee" in page and "Theo Trainee" in page


def test_staff_filter_and_export(client_for, staff, observation, other_pair):
    client = client_for(staff)
    page = client.get(url("list"), {"q": "theo"}).content.decode()
    assert "Theo Trainee" in page and "Tess Trainee" not in page
    page = client.get(url("list"), {"kind": "mock"}).content.decode()
    assert "Theo Trainee" not in page
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.get(url("list"), {"date_from": tomorrow}).content.decode()
    assert "Theo Trainee" not in page
    response = client.get(url("export"), {"q": "tess"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "opened", "kind"]
    assert [row[3] for row in rows[1:]] == ["Tess Trainee"]


def test_export_and_program_agreement_are_for_staff(
    client, client_for, co_trainer, trainee, staff
):
    for name in ("export", "program"):
        client.logout()
        assert client.get(url(name)).status_code == 302
        for person in (co_trainer, trainee):
            assert client_for(person).get(url(name)).status_code == 403
        assert client_for(staff).get(url(name)).status_code == 200


# --- Opening ------------------------------------------------------------------------


def test_a_co_trainer_opens_an_observation_from_the_form(
    client_for, co_trainer, trainee, rubric, cohort
):
    client = client_for(co_trainer)
    assert client.get(url("new")).status_code == 200
    response = client.post(
        url("new"),
        {
            "trainee": trainee.pk,
            "cohort": cohort.pk,
            "kind": "observed",
            "rubric": rubric.pk,
            "live_date": timezone.localdate().isoformat(),
            "live_agency": "Cedar County",
            "live_case_reference": "2024-0117",
        },
    )
    observation = Observation.objects.get()
    assert response["Location"] == url("score", observation)
    assert observation.kind == "observed"


def test_a_tampered_trainee_or_a_name_as_case_reference_is_refused(
    client_for, co_trainer, trainee, trainee2, rubric, cohort
):
    client = client_for(co_trainer)
    base = {
        "cohort": cohort.pk,
        "kind": "observed",
        "rubric": rubric.pk,
        "live_date": timezone.localdate().isoformat(),
        "live_agency": "Cedar County",
    }
    response = client.post(
        url("new"), {**base, "trainee": trainee2.pk, "live_case_reference": "J.D."}
    )
    assert response.status_code == 400
    response = client.post(
        url("new"), {**base, "trainee": trainee.pk, "live_case_reference": "Maya Ortiz"}
    )
    assert response.status_code == 400
    assert b"That looks like a name" in response.content
    assert not Observation.objects.exists()


def test_trainees_cannot_open_observations(client, client_for, trainee):
    assert client.get(url("new")).status_code == 302
    assert client_for(trainee).get(url("new")).status_code == 403


def test_the_form_offers_the_trainees_mock_roundtables(
    client_for, co_trainer, trainee, cohort
):
    mock = build_mock(trainee, cohort)
    page = client_for(co_trainer).get(url("new")).content.decode()
    assert f'value="{mock.pk}"' in page


# --- Scoring --------------------------------------------------------------------------


def test_a_rater_sees_only_their_own_sheet(
    client_for, observation, co_trainer, lived_trainer
):
    item = applicable_items(observation=observation).first()
    partner = sheet_of(observation, lived_trainer)
    from certification.services import observations as services

    services.sheet_save(
        sheet=partner,
        by=lived_trainer,
        version=1,
        scores={item.pk: {"level": 1, "comment": "Partner's private note"}},
    )
    response = client_for(co_trainer).get(url("score", observation))
    assert response.status_code == 200
    assert b"Partner&#x27;s private note" not in response.content
    assert b"Level 3 of item 0" in response.content  # descriptors are shown


def test_nobody_but_the_rater_opens_a_sheet(
    client, client_for, observation, staff, trainee, other_pair
):
    assert client.get(url("score", observation)).status_code == 302
    assert client_for(staff).get(url("score", observation)).status_code == 403
    assert client_for(trainee).get(url("score", observation)).status_code == 403
    other_rater, _ = other_pair
    assert client_for(other_rater).get(url("score", observation)).status_code == 404


def test_a_cohort_lead_who_is_not_a_rater_cannot_score(
    client_for, staff, trainee, rubric, cohort, co_trainer, user_factory
):
    first = user_factory(role="Co-trainer")
    second = user_factory(role="Co-trainer")
    observation = open_live(
        by=staff,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        rater_a=first,
        rater_b=second,
    )
    client = client_for(co_trainer)
    assert client.get(url("detail", observation)).status_code == 200
    assert client.get(url("score", observation)).status_code == 403


def test_the_sheet_saves_and_submits_without_javascript(
    client_for, observation, co_trainer
):
    client = client_for(co_trainer)
    response = client.post(
        url("score", observation),
        levels_post(observation, "3", version=1, strengths="Calm", action="save"),
    )
    assert response.status_code == 302
    sheet = sheet_of(observation, co_trainer)
    assert (sheet.version, sheet.strengths) == (2, "Calm")
    response = client.post(
        url("score", observation),
        levels_post(observation, "3", version=2, action="submit"),
    )
    assert response["Location"] == url("detail", observation)
    sheet.refresh_from_db()
    assert sheet.submitted_at is not None
    # A second submit (a double click, the back button) changes nothing.
    response = client.post(
        url("score", observation),
        levels_post(observation, "1", version=3, action="submit"),
        follow=True,
    )
    assert b"You have submitted your sheet" in response.content
    assert set(
        ItemScore.objects.filter(sheet=sheet).values_list("level", flat=True)
    ) == {3}


@pytest.mark.parametrize("bad", ["5", "0", "x", "na"])
def test_bad_levels_are_refused_and_nothing_is_saved(
    client_for, observation, co_trainer, bad
):
    """ "na" is refused because item 0 does not allow N/A."""
    first = applicable_items(observation=observation).first()
    data = levels_post(observation, "3", version=1, action="save")
    data[f"level_{first.pk}"] = bad
    response = client_for(co_trainer).post(url("score", observation), data)
    assert response.status_code == 400
    assert not ItemScore.objects.exists()
    assert sheet_of(observation, co_trainer).version == 1


def test_an_item_of_another_rubric_is_refused_on_the_form(
    client_for, observation, co_trainer, other_pair
):
    _, other = other_pair
    foreign = other.rubric.items.first()
    data = levels_post(observation, "3", version=1, action="save")
    data[f"level_{foreign.pk}"] = "3"
    response = client_for(co_trainer).post(url("score", observation), data)
    assert response.status_code == 400
    assert b"not part of this observation" in response.content
    assert not ItemScore.objects.exists()


def test_a_stale_whole_form_shows_both_values(client_for, observation, co_trainer):
    client = client_for(co_trainer)
    client.post(url("score", observation), levels_post(observation, "4", version=1))
    response = client.post(
        url("score", observation), levels_post(observation, "2", version=1)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your value (not saved)" in page and "Saved value" in page
    assert 'name="version" value="2"' in page  # saving again replaces deliberately
    levels = ItemScore.objects.filter(sheet=sheet_of(observation, co_trainer))
    assert set(levels.values_list("level", flat=True)) == {4}


# --- Autosave -------------------------------------------------------------------------


def test_autosave_saves_the_changed_fields(client_for, observation, co_trainer):
    item = applicable_items(observation=observation).first()
    response = client_for(co_trainer).post(
        url("score/autosave", observation),
        {"version": 1, f"level_{item.pk}": "4", f"comment_{item.pk}": "Warm"},
    )
    assert response.status_code == 200
    assert response.json()["version"] == 2
    saved = ItemScore.objects.get(item=item)
    assert (saved.level, saved.comment) == (4, "Warm")
    assert ItemScore.objects.count() == 1  # only what was sent


def test_autosave_on_an_old_version_answers_409_with_both_values(
    client_for, observation, co_trainer
):
    item = applicable_items(observation=observation).first()
    client = client_for(co_trainer)
    client.post(
        url("score/autosave", observation), {"version": 1, f"level_{item.pk}": "4"}
    )
    response = client.post(
        url("score/autosave", observation), {"version": 1, f"level_{item.pk}": "1"}
    )
    assert response.status_code == 409
    data = response.json()
    assert data["version"] == 2
    assert data["conflicts"] == [
        {"field": f"level_{item.pk}", "label": item.text, "yours": "1", "saved": "4"}
    ]
    assert ItemScore.objects.get(item=item).level == 4


def test_autosave_refuses_bad_input_and_other_people(
    client, client_for, observation, co_trainer, lived_trainer, staff
):
    item = applicable_items(observation=observation).first()
    endpoint = url("score/autosave", observation)
    assert (
        client_for(co_trainer)
        .post(endpoint, {"version": 1, f"level_{item.pk}": "9"})
        .status_code
        == 400
    )
    assert client_for(co_trainer).post(endpoint, {"version": "x"}).status_code == 400
    assert client_for(co_trainer).get(endpoint).status_code == 405
    assert (
        client_for(staff)
        .post(endpoint, {"version": 1, f"level_{item.pk}": "3"})
        .status_code
        == 403
    )
    client.logout()
    assert client.post(endpoint, {"version": 1}).status_code == 302
    assert not ItemScore.objects.exists()
    assert sheet_of(observation, lived_trainer).version == 1


# --- Agreement and reconciliation ---------------------------------------------------


def test_nobody_sees_the_sheets_side_by_side_before_both_submit(
    client_for, observation, co_trainer, staff
):
    score(observation, co_trainer, [3])
    submit(observation, co_trainer)
    response = client_for(co_trainer).get(url("agreement", observation))
    assert response["Location"] == url("detail", observation)
    assert client_for(staff).get(url("agreement", observation)).status_code == 403
    assert client_for(co_trainer).get(url("reconcile", observation)).status_code == 302


def test_the_pair_see_agreement_with_big_differences_marked(
    client_for, observation, co_trainer, trainee
):
    score_both(observation, [3, 1, 4], [3, 3, 4])
    response = client_for(co_trainer).get(url("agreement", observation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "obs-row--differs" in page and "Discuss" in page
    assert "Weighted kappa" in page
    assert client_for(trainee).get(url("agreement", observation)).status_code == 403


def test_identical_scores_say_kappa_is_not_defined(client_for, observation, co_trainer):
    score_both(observation, [3], [3])
    page = client_for(co_trainer).get(url("agreement", observation)).content.decode()
    assert "not defined (no variation)" in page


def test_reconciling_needs_reasons_then_releases_to_the_trainee(
    client_for, observation, co_trainer, trainee
):
    score_both(observation, [3, 4], [3, 2])
    client = client_for(co_trainer)
    final = final_of(observation)
    items = list(applicable_items(observation=observation))
    data = {"version": final.version, "strengths": "Calm", "growth_areas": "Time"}
    for item in items:
        data[f"level_{item.pk}"] = "3"
        data[f"comment_{item.pk}"] = ""
    response = client.post(url("reconcile", observation), data)
    assert response.status_code == 400
    assert b"need a reason" in response.content
    assert not ScoreChange.objects.exists()
    for n, item in enumerate(items):
        if n % 2:
            data[f"reason_{item.pk}"] = "We settled on met the standard."
    assert client.post(url("reconcile", observation), data).status_code == 302
    assert ScoreChange.objects.count() == 3
    version = final_of(observation).version
    response = client.post(url("release", observation), {"version": version})
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Observation.Status.RELEASED and observation.passed
    page = client_for(trainee).get(url("mine")).content.decode()
    assert "Passed" in page and "We settled" not in page


def test_release_is_for_the_pair_only(client_for, observation, staff, trainee):
    score_both(observation, [3], [3])
    version = final_of(observation).version
    for person in (staff, trainee):
        assert (
            client_for(person)
            .post(url("release", observation), {"version": version})
            .status_code
            == 403
        )
    observation.refresh_from_db()
    assert observation.status == Observation.Status.RECONCILING


# --- After release -----------------------------------------------------------------


@pytest.fixture
def released(observation):
    score_both(observation, [2, 3, 3], [2, 3, 3])  # item 0 is critical: a fail
    release(observation)
    return observation


def test_the_trainee_sees_only_their_own_released_results(
    client, client_for, released, trainee, trainee2, co_trainer
):
    response = client_for(trainee).get(url("mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not passed" in page and "re-observation" in page
    assert "<svg" in page and "Mean scores across observations" in page
    assert "Development plan" in page
    assert (
        client_for(trainee)
        .get(url("detail", released))["Location"]
        .endswith(f"#observation-{released.pk}")
    )
    assert "Not passed" not in client_for(trainee2).get(url("mine")).content.decode()
    assert client_for(trainee2).get(url("detail", released)).status_code == 404
    assert client_for(co_trainer).get(url("mine")).status_code == 403
    client.logout()
    assert client.get(url("mine")).status_code == 302


def test_an_unreleased_observation_is_hidden_from_its_trainee(
    client_for, observation, trainee
):
    score_both(observation, [3], [3])
    assert client_for(trainee).get(url("detail", observation)).status_code == 404
    assert "Passed" not in client_for(trainee).get(url("mine")).content.decode()


def test_amending_a_released_score_needs_a_reason_and_shows_in_the_history(
    client_for, released, staff
):
    client = client_for(staff)
    final = final_of(released)
    item = applicable_items(observation=released).first()
    data = {
        "version": final.version,
        "strengths": final.strengths,
        "growth_areas": final.growth_areas,
        f"level_{item.pk}": "3",
    }
    for other in applicable_items(observation=released):
        data.setdefault(
            f"level_{other.pk}",
            str(ItemScore.objects.get(sheet=final, item=other).level),
        )
        data[f"comment_{other.pk}"] = ItemScore.objects.get(
            sheet=final, item=other
        ).comment
    response = client.post(url("reconcile", released), data)
    assert response.status_code == 400
    assert ItemScore.objects.get(sheet=final, item=item).level == 2
    data["reason"] = "Re-watched the recording: introductions were complete."
    assert client.post(url("reconcile", released), data).status_code == 302
    released.refresh_from_db()
    # The critical item now meets the standard; the mean (17/6) is still short.
    assert not released.reobservation_required
    assert str(released.mean_score) == "2.83"
    page = client.get(url("detail", released)).content.decode()
    assert "Audit history" in page and "Re-watched the recording" in page


def test_the_raters_add_goals_the_trainee_cannot(
    client_for, released, co_trainer, trainee
):
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    goal = {"goal": "Keep the presentation within twenty minutes.", "due_on": due}
    response = client_for(co_trainer).post(url("goals", released), goal)
    assert response.status_code == 302
    assert DevelopmentGoal.objects.count() == 2  # with the one it was released with
    assert client_for(trainee).post(url("goals", released), goal).status_code == 403
    bad = client_for(co_trainer).post(url("goals", released), {**goal, "due_on": ""})
    assert bad.status_code == 302
    assert DevelopmentGoal.objects.count() == 2
    assert "twenty minutes" in client_for(trainee).get(url("mine")).content.decode()


def test_the_rater_report_shows_agreement_with_each_partner(
    client, client_for, released, co_trainer, lived_trainer, staff, trainee
):
    response = client_for(co_trainer).get(url("report"))
    assert response.status_code == 200
    assert lived_trainer.get_full_name() in response.content.decode()
    for person in (staff, trainee):
        assert client_for(person).get(url("report")).status_code == 403
    client.logout()
    assert client.get(url("report")).status_code == 302


def test_the_program_agreement_pools_every_pair(client_for, released, staff):
    page = client_for(staff).get(url("program")).content.decode()
    assert "By rater pair" in page and "Behaviour 0" in page


def test_the_detail_page_hides_the_audit_from_a_cohort_lead_who_does_not_rate(
    client_for, staff, trainee, rubric, cohort, co_trainer, user_factory
):
    first = user_factory(role="Co-trainer")
    second = user_factory(role="Co-trainer")
    observation = open_live(
        by=staff,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        rater_a=first,
        rater_b=second,
    )
    score_both(observation, [3], [3])
    release(observation)
    page = client_for(co_trainer).get(url("detail", observation)).content.decode()
    assert "Released result" in page and "Audit history" not in page
    assert client_for(co_trainer).get(url("agreement", observation)).status_code == 403
    assert ScoreSheet.objects.filter(observation=observation).count() == 3


def test_the_export_cannot_run_formulas_in_a_spreadsheet(
    client_for, staff, observation
):
    trainee = observation.trainee
    trainee.full_name = '=HYPERLINK("http://evil.example","x")'
    trainee.save()

    response = client_for(staff).get(url("export"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][3] == "'" + trainee.full_name
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
