"""A program can require that both raters of a counting observation hold an active
co-trainer certification; otherwise the observation shows as not counting, and why."""

from datetime import date, timedelta

import pytest

from certification.models import Certification, ObservationKind
from certification.selectors.programs import program_cards
from certification.services import lifecycle
from tests.certification.conftest import issue, make_program, pass_observation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 10)


@pytest.fixture
def co_trainer_program():
    return make_program(name="PRT Co-trainer", code="prt-co-trainer")


@pytest.fixture
def strict_program(co_trainer_program):
    return make_program(
        name="Strict facilitator",
        required_lead_facilitated=1,
        rater_program=co_trainer_program,
    )


def _lead_item(trainee, program, today=TODAY):
    card = next(
        c for c in program_cards(user=trainee, today=today) if c.program == program
    )
    return card.checklist.items[-1]


def test_an_observation_by_an_unqualified_rater_does_not_count_and_says_why(
    trainee, co_trainer, lived_trainer, co_trainer_program, strict_program
):
    issue(co_trainer, co_trainer_program, issued_on=date(2025, 1, 5), today=TODAY)
    lifecycle.pathway_start(user=trainee, program=strict_program, today=TODAY)
    pass_observation(
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=TODAY,
        raters=(co_trainer, lived_trainer),
    )

    item = _lead_item(trainee, strict_program)

    assert not item.met
    assert item.notes == [
        "Observation of March 10, 2026 does not count: Lee Voice did not hold an "
        "active PRT Co-trainer certification that day."
    ]
    cert = lifecycle.certification_evaluate(
        certification=Certification.objects.get(user=trainee), today=TODAY
    )
    assert cert.status == Certification.Status.IN_PROGRESS


def test_it_counts_when_both_raters_held_the_certification_that_day(
    trainee, co_trainer, lived_trainer, co_trainer_program, strict_program
):
    for rater in (co_trainer, lived_trainer):
        issue(rater, co_trainer_program, issued_on=date(2025, 1, 5), today=TODAY)
    lifecycle.pathway_start(user=trainee, program=strict_program, today=TODAY)
    pass_observation(
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=TODAY,
        raters=(co_trainer, lived_trainer),
    )

    item = _lead_item(trainee, strict_program)
    assert item.met and not item.notes


def test_a_rater_certified_after_the_observation_day_was_not_qualified_on_it(
    trainee, co_trainer, lived_trainer, co_trainer_program, strict_program
):
    issue(co_trainer, co_trainer_program, issued_on=date(2025, 1, 5), today=TODAY)
    issue(lived_trainer, co_trainer_program, issued_on=TODAY, today=TODAY)
    lifecycle.pathway_start(
        user=trainee, program=strict_program, today=TODAY - timedelta(days=5)
    )
    pass_observation(
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=TODAY - timedelta(days=2),
        raters=(co_trainer, lived_trainer),
    )

    assert not _lead_item(trainee, strict_program).met


def test_programs_without_the_rule_accept_any_rater(trainee, co_trainer, lived_trainer):
    program = make_program(required_lead_facilitated=1)
    lifecycle.pathway_start(user=trainee, program=program, today=TODAY)
    pass_observation(
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=TODAY,
        raters=(co_trainer, lived_trainer),
    )
    assert _lead_item(trainee, program).met
