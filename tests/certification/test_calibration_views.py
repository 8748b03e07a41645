"""The calibration pages: who may see each (gold stays hidden until a rater has
submitted), bad input refused with nothing changed, and query counts that stay flat
as gold sessions, raters and observations grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certification.models import CalibrationSheet, GoldItem, GoldStandard
from certification.selectors.observations import applicable_items
from tests.certification.conftest import build_gold, calibrate
from training.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(user_factory):
    return user_factory(role=Role.CO_TRAINER, full_name="Olive Outsider")


@pytest.fixture
def gold(trainee, cohort, rubric, program, staff):
    return build_gold(
        trainee=trainee, cohort=cohort, rubric=rubric, program=program, staff=staff
    )


def url(name, *args):
    return reverse(f"certification:{name}", args=args)


def _post_sheet(client, gold, levels, action="submit"):
    items = list(applicable_items(observation=gold.observation))
    sheet = CalibrationSheet.objects.filter(gold=gold).order_by("-pk").first()
    data = {"version": sheet.version if sheet else 1, "action": action}
    for n, item in enumerate(items):
        data[f"level_{item.pk}"] = str(levels[n % len(levels)])
    return client.post(url("calibration_score", gold.pk), data)


# --- Who sees what ------------------------------------------------------------------


def test_anonymous_people_are_sent_to_log_in(client, gold):
    for name, args in (
        ("calibration_home", ()),
        ("calibration_drift", ()),
        ("calibration_score", (gold.pk,)),
        ("calibration_result", (gold.pk,)),
        ("calibration_gold_mark", (gold.observation_id,)),
    ):
        response = client.get(url(name, *args))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_trainees_see_no_calibration_page(client_for, trainee, gold):
    client = client_for(trainee)
    for name, args in (
        ("calibration_home", ()),
        ("calibration_drift", ()),
        ("calibration_score", (gold.pk,)),
        ("calibration_result", (gold.pk,)),
        ("calibration_gold_mark", (gold.observation_id,)),
    ):
        assert client.get(url(name, *args)).status_code == 403


def test_a_co_trainer_sees_the_gold_session_but_not_its_gold(
    client_for, outsider, gold
):
    client = client_for(outsider)
    home = client.get(url("calibration_home"))
    assert home.status_code == 200
    assert "Score this session" in home.content.decode()
    page = client.get(url("calibration_score", gold.pk))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Expert view" not in body
    assert "Phase times" in body  # the session's record, as a rater sees it
    # Before submitting: no result page, no gold form.
    assert client.get(url("calibration_result", gold.pk)).status_code == 403
    assert (
        client.get(url("calibration_gold_mark", gold.observation_id)).status_code == 403
    )


def test_after_submitting_the_rater_sees_each_items_gold_and_rationale(
    client_for, outsider, gold, user_factory
):
    client = client_for(outsider)
    client.get(url("calibration_score", gold.pk))
    expert = [
        row.level or "na" for row in gold.items.order_by("item__sort_order", "item_id")
    ]
    response = _post_sheet(client, gold, expert)
    assert response.status_code == 302
    assert response["Location"] == url("calibration_result", gold.pk)
    result = client.get(url("calibration_result", gold.pk)).content.decode()
    assert "Calibrated for PRT Facilitator until" in result
    assert "Expert view" in result
    # Another co-trainer who has not submitted still sees nothing of gold.
    other = client_for(user_factory(role=Role.CO_TRAINER))
    assert other.get(url("calibration_result", gold.pk)).status_code == 403


def test_the_sessions_own_raters_and_staff_cannot_score_it(
    client_for, co_trainer, staff, gold
):
    assert (
        client_for(co_trainer).get(url("calibration_score", gold.pk)).status_code == 403
    )
    assert client_for(staff).get(url("calibration_score", gold.pk)).status_code == 403


def test_only_staff_reach_the_drift_report(client_for, outsider, staff, gold):
    assert client_for(outsider).get(url("calibration_drift")).status_code == 403
    response = client_for(staff).get(url("calibration_drift"))
    assert response.status_code == 200


def test_the_agreement_report_links_to_drift(client_for, staff, gold):
    body = client_for(staff).get(url("observation_program_agreement")).content.decode()
    assert url("calibration_drift") in body


# --- Bad input ----------------------------------------------------------------------


def test_an_incomplete_calibration_sheet_comes_back_with_the_reason(
    client_for, outsider, gold
):
    client = client_for(outsider)
    client.get(url("calibration_score", gold.pk))
    sheet = CalibrationSheet.objects.get(gold=gold, rater=outsider)
    response = client.post(
        url("calibration_score", gold.pk),
        {"version": sheet.version, "action": "submit"},
    )
    assert response.status_code == 400
    assert "still need a level" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.submitted_at is None
    # The page comes back on the sheet's current version: completing it submits.
    expert = [
        row.level or "na" for row in gold.items.order_by("item__sort_order", "item_id")
    ]
    items = list(applicable_items(observation=gold.observation))
    data = {"version": response.context["sheet"].version, "action": "submit"}
    data.update({f"level_{i.pk}": str(v) for i, v in zip(items, expert, strict=True)})
    assert client.post(url("calibration_score", gold.pk), data).status_code == 302
    sheet.refresh_from_db()
    assert sheet.passed


def test_a_level_off_the_scale_is_refused(client_for, outsider, gold):
    client = client_for(outsider)
    client.get(url("calibration_score", gold.pk))
    item = applicable_items(observation=gold.observation).first()
    response = client.post(
        url("calibration_score", gold.pk),
        {"version": 1, "action": "save", f"level_{item.pk}": "9"},
    )
    assert response.status_code == 400
    assert not CalibrationSheet.objects.get(gold=gold).scores.exists()


def test_an_unknown_gold_session_is_not_found(client_for, outsider, staff):
    assert client_for(outsider).get(url("calibration_score", 999999)).status_code == 404
    assert (
        client_for(staff).get(url("calibration_gold_mark", 999999)).status_code == 404
    )


def test_staff_mark_gold_from_the_form_prefilled_with_the_reconciled_levels(
    client_for, staff, trainee, cohort, rubric, program
):
    gold = build_gold(
        trainee=trainee, cohort=cohort, rubric=rubric, program=program, staff=staff
    )
    observation = gold.observation
    gold.delete()
    client = client_for(staff)
    page = client.get(url("calibration_gold_mark", observation.pk))
    assert page.status_code == 200
    items = list(applicable_items(observation=observation))
    assert "checked" in page.content.decode()
    data = {"program": program.pk}
    for item in items:
        data[f"level_{item.pk}"] = "3"
        data[f"rationale_{item.pk}"] = "Clear, steady facilitation of this step."
    bad = {**data, f"rationale_{items[0].pk}": ""}
    response = client.post(url("calibration_gold_mark", observation.pk), bad)
    assert response.status_code == 400
    assert "Say why this is the expert level." in response.content.decode()
    assert not GoldStandard.objects.filter(observation=observation).exists()
    response = client.post(url("calibration_gold_mark", observation.pk), data)
    assert response.status_code == 302
    assert GoldItem.objects.filter(gold__observation=observation).count() == len(items)


def test_gold_cannot_be_a_live_observation(client_for, staff, reconciling, program):
    client = client_for(staff)
    items = list(applicable_items(observation=reconciling))
    data = {"program": program.pk}
    for item in items:
        data[f"level_{item.pk}"] = "3"
        data[f"rationale_{item.pk}"] = "Reason."
    response = client.post(url("calibration_gold_mark", reconciling.pk), data)
    assert response.status_code == 400
    assert not GoldStandard.objects.exists()


# --- Query counts -------------------------------------------------------------------


def _count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.fixture
def grow(trainee, cohort, rubric, program, staff, user_factory):
    """Another gold session, calibrated on by two more raters."""

    def more():
        another = build_gold(
            trainee=trainee, cohort=cohort, rubric=rubric, program=program, staff=staff
        )
        for _ in range(2):
            calibrate(another, user_factory(role=Role.CO_TRAINER), [3, 2, 4, 1])
        return another

    return more


def test_the_pages_cost_the_same_queries_as_sessions_and_raters_grow(
    client_for, staff, outsider, gold, grow, django_assert_num_queries
):
    calibrate(gold, outsider)
    staff_client = client_for(staff)
    paths = [
        url("calibration_home"),
        url("calibration_drift"),
        url("calibration_gold_mark", gold.observation_id),
    ]
    # Roles are kept per person after the first page (training/roles.py): warm up.
    staff_client.get(paths[0])
    small = [_count(staff_client, path) for path in paths]
    rater_client = client_for(outsider)
    rater_paths = [url("calibration_home"), url("calibration_result", gold.pk)]
    rater_client.get(rater_paths[0])
    rater_small = [_count(rater_client, path) for path in rater_paths]
    for _ in range(2):
        another = grow()
        calibrate(another, outsider, [3, 3, 2, 4])
    staff_client = client_for(staff)
    for path, expected in zip(paths, small, strict=True):
        with django_assert_num_queries(expected):
            staff_client.get(path)
    rater_client = client_for(outsider)
    for path, expected in zip(rater_paths, rater_small, strict=True):
        with django_assert_num_queries(expected):
            rater_client.get(path)


def test_the_score_sheet_costs_the_same_queries_on_a_bigger_rubric(
    client_for,
    outsider,
    gold,
    trainee,
    cohort,
    program,
    staff,
    django_assert_num_queries,
):
    from tests.certification.conftest import build_rubric

    client = client_for(outsider)
    client.get(url("calibration_score", gold.pk))  # starts the sheet
    small = _count(client, url("calibration_score", gold.pk))
    big = build_gold(
        trainee=trainee,
        cohort=cohort,
        rubric=build_rubric(20, name="Bigger tool"),
        program=program,
        staff=staff,
    )
    client.get(url("calibration_score", big.pk))  # starts the sheet
    with django_assert_num_queries(small):
        client.get(url("calibration_score", big.pk))


def test_an_unknown_program_on_the_gold_form_is_refused(
    client_for, staff, gold, program
):
    data = {"program": 999999}
    for row in gold.items.all():
        data[f"level_{row.item_id}"] = "1"
        data[f"rationale_{row.item_id}"] = "Changed."
    response = client_for(staff).post(
        url("calibration_gold_mark", gold.observation_id), data
    )
    assert response.status_code == 400
    assert not GoldItem.objects.filter(gold=gold, rationale="Changed.").exists()


def test_staff_retire_a_gold_session_and_raters_no_longer_see_it(
    client_for, staff, outsider, gold
):
    path = url("calibration_gold_retire", gold.pk)
    assert client_for(outsider).post(path, {"retired": "1"}).status_code == 403
    staff_client = client_for(staff)
    assert staff_client.get(path).status_code == 405
    assert staff_client.post(path, {"retired": "1"}).status_code == 302
    gold.refresh_from_db()
    assert gold.retired
    rater = client_for(outsider)
    assert (
        "Score this session" not in rater.get(url("calibration_home")).content.decode()
    )
    assert rater.get(url("calibration_score", gold.pk)).status_code == 403
    client_for(staff).post(path, {"retired": "0"})
    gold.refresh_from_db()
    assert not gold.retired
