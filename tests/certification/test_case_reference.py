"""One case-reference rule for every place a roundtable's case is named: the
observation of a live roundtable and the facilitator's live-roundtable log refuse
the same names and accept the same initials and case numbers, through the
services and through the pages."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from certification import rules
from certification.models import LiveRoundtableLog, Observation
from certification.services.programs import live_roundtable_log
from tests.certification.conftest import open_live

pytestmark = pytest.mark.django_db

NAMES = ["Maya", "Maya K.", "Jordan", "Luis", "Nia", "Ava"]
REFERENCES = ["MK", "J.R.", "Case 2024-117"]
NAME_REFUSED = "That looks like a name"


@pytest.mark.parametrize("reference", NAMES)
def test_the_rule_refuses_a_first_name(reference):
    assert NAME_REFUSED in rules.case_reference_problem(reference)


@pytest.mark.parametrize("reference", REFERENCES)
def test_the_rule_accepts_initials_and_case_numbers(reference):
    assert rules.case_reference_problem(reference) == ""


def _log(user, reference):
    return live_roundtable_log(
        user=user,
        held_on=timezone.localdate() - timedelta(days=3),
        agency="Cedar County",
        role=LiveRoundtableLog.Role.LEAD,
        case_reference=reference,
    )


@pytest.mark.parametrize("reference", ["Maya", "Maya K.", "Jordan"])
def test_both_services_refuse_a_name(co_trainer, trainee, rubric, cohort, reference):
    with pytest.raises(ValidationError) as opened:
        open_live(
            by=co_trainer,
            trainee=trainee,
            rubric=rubric,
            cohort=cohort,
            live_case_reference=reference,
        )
    with pytest.raises(ValidationError) as logged:
        _log(trainee, reference)

    assert NAME_REFUSED in opened.value.message_dict["live_case_reference"][0]
    assert NAME_REFUSED in logged.value.message_dict["case_reference"][0]
    assert not Observation.objects.exists()
    assert not LiveRoundtableLog.objects.exists()


@pytest.mark.parametrize("reference", REFERENCES)
def test_both_services_accept_initials_and_case_numbers(
    co_trainer, trainee, rubric, cohort, reference
):
    observation = open_live(
        by=co_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        live_case_reference=reference,
    )
    log = _log(trainee, reference)

    assert observation.live_case_reference == log.case_reference == reference


def _post_observation(client, trainee, rubric, cohort, reference):
    return client.post(
        reverse("certification:observation_open"),
        {
            "trainee": trainee.pk,
            "cohort": cohort.pk,
            "kind": "observed",
            "rubric": rubric.pk,
            "live_date": timezone.localdate().isoformat(),
            "live_agency": "Cedar County",
            "live_case_reference": reference,
        },
    )


def _post_log(client, reference):
    return client.post(
        reverse("certification:live_roundtables"),
        {
            "held_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "agency": "Cedar County",
            "role": "lead",
            "case_reference": reference,
        },
    )


@pytest.mark.parametrize("reference", ["Maya", "Maya K.", "Jordan"])
def test_both_forms_refuse_a_name_with_the_same_message(
    client_for, co_trainer, trainee, rubric, cohort, reference
):
    opened = _post_observation(
        client_for(co_trainer), trainee, rubric, cohort, reference
    )
    logged = _post_log(client_for(trainee), reference)

    assert opened.status_code == logged.status_code == HTTPStatus.BAD_REQUEST
    assert NAME_REFUSED in opened.content.decode()
    assert NAME_REFUSED in logged.content.decode()
    assert not Observation.objects.exists()
    assert not LiveRoundtableLog.objects.exists()


@pytest.mark.parametrize("reference", REFERENCES)
def test_both_forms_accept_initials_and_case_numbers(
    client_for, co_trainer, trainee, rubric, cohort, reference
):
    opened = _post_observation(
        client_for(co_trainer), trainee, rubric, cohort, reference
    )
    logged = _post_log(client_for(trainee), reference)

    assert opened.status_code == logged.status_code == HTTPStatus.FOUND
    assert Observation.objects.get().live_case_reference == reference
    assert LiveRoundtableLog.objects.get().case_reference == reference


def test_an_item_comment_has_one_limit_in_the_form_and_the_service():
    assert rules.comment_problem("x" * rules.MAX_COMMENT) == ""
    assert rules.comment_problem("x" * (rules.MAX_COMMENT + 1))
