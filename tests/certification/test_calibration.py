"""Gold-standard sessions and calibration: marking gold, scoring it blind, the
status agreement with gold decides, the programs that require it, the requirement
checklist that explains it, and reminders before a calibration ends."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certification import calibration as rules
from certification.agreement import agreement
from certification.checklists import initial_checklist
from certification.evidence import load_evidence
from certification.models import (
    CalibrationReminder,
    CalibrationSheet,
    GoldItem,
    ObservationKind,
)
from certification.selectors.observations import applicable_items
from certification.services import calibration as calibration_services
from certification.services.calibration_reminders import calibration_reminders_send
from core.dates import add_months
from tests.certification.conftest import (
    build_gold,
    calibrate,
    make_program,
    open_live,
    pass_observation,
    score,
    sheet_of,
)
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


# --- The rule -----------------------------------------------------------------------


def test_kappa_at_the_minimum_calibrates_and_below_it_does_not():
    stats = agreement([(1, 1), (2, 2), (3, 3), (4, 3)])
    assert rules.calibration_passed(stats, Decimal(str(float(stats.kappa))) - 1)
    assert not rules.calibration_passed(stats, Decimal("0.99"))


def test_with_no_variation_nearly_every_item_must_match_gold():
    same = agreement([(3, 3)] * 5)
    assert same.kappa is None
    assert rules.calibration_passed(same, Decimal("0.6"))
    assert not rules.calibration_passed(agreement([]), Decimal("0"))


@pytest.mark.parametrize(
    ("earned", "until"),
    [
        (date(2024, 2, 29), date(2025, 2, 28)),
        (date(2026, 12, 31), date(2027, 12, 31)),
        (date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_a_calibration_lasts_the_programs_months(earned, until):
    assert rules.valid_until(earned, 12) == until
    assert rules.calibrated_on([(earned, until)], until)
    assert not rules.calibrated_on([(earned, until)], until + timedelta(days=1))
    assert not rules.calibrated_on([(earned, until)], earned - timedelta(days=1))


def test_reminders_fall_due_once_per_offset_until_the_end():
    until = date(2027, 3, 1)
    assert rules.reminders_due(until, until - timedelta(days=31), set()) == []
    assert rules.reminders_due(until, until - timedelta(days=30), set()) == [30]
    assert rules.reminders_due(until, until - timedelta(days=7), {30}) == [7]
    assert rules.reminders_due(until, until + timedelta(days=1), set()) == []


# --- Marking gold -------------------------------------------------------------------


def test_staff_mark_a_released_mock_roundtable_as_gold(gold, program):
    items = list(applicable_items(observation=gold.observation))
    assert gold.program == program
    assert GoldItem.objects.filter(gold=gold).count() == len(items)
    assert all(row.rationale for row in gold.items.all())


def test_only_staff_mark_gold(gold, co_trainer, program):
    with pytest.raises(PermissionDenied):
        calibration_services.gold_mark(
            by=co_trainer, observation=gold.observation, program=program, items={}
        )


def test_a_live_or_unreleased_observation_cannot_be_gold(
    co_trainer, trainee, rubric, cohort, staff, program
):
    live = open_live(by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort)
    with pytest.raises(ValidationError, match="mock roundtable"):
        calibration_services.gold_mark(
            by=staff, observation=live, program=program, items={}
        )


def test_gold_needs_a_level_and_rationale_on_every_item_and_changes_nothing(
    gold, staff, program
):
    item = gold.items.first()
    items = {
        row.item_id: {"level": row.level or "na", "rationale": row.rationale}
        for row in gold.items.all()
    }
    items[item.item_id] = {"level": 7, "rationale": ""}
    with pytest.raises(ValidationError) as error:
        calibration_services.gold_mark(
            by=staff, observation=gold.observation, program=program, items=items
        )
    assert f"level_{item.item_id}" in error.value.message_dict
    assert f"rationale_{item.item_id}" in error.value.message_dict
    item.refresh_from_db()
    assert item.rationale.startswith("Expert view")


def test_gold_levels_are_frozen_once_a_rater_calibrated_on_them(
    gold, staff, program, outsider
):
    calibrate(gold, outsider)
    items = {
        row.item_id: {"level": row.level or "na", "rationale": "Changed view."}
        for row in gold.items.all()
    }
    first = next(iter(items))
    items[first]["level"] = 1 if items[first]["level"] != 1 else 2
    with pytest.raises(ValidationError, match="only rationales change"):
        calibration_services.gold_mark(
            by=staff, observation=gold.observation, program=program, items=items
        )


# --- Scoring gold blind -------------------------------------------------------------


def test_scoring_as_gold_calibrates_for_the_programs_months(gold, outsider, program):
    sheet = calibrate(gold, outsider)
    assert sheet.passed
    assert sheet.exact == Decimal("1.000")
    assert sheet.valid_until == add_months(
        timezone.localdate(), program.calibration_validity_months
    )


def test_scoring_far_from_gold_does_not_calibrate(gold, outsider):
    sheet = calibrate(gold, outsider, [1, 4, 1, 1])
    assert sheet.passed is False
    assert sheet.valid_until is None


def test_the_raters_and_co_trainers_of_the_session_cannot_score_it_blind(
    gold, co_trainer, lived_trainer, staff, trainee
):
    for person in (co_trainer, lived_trainer, staff, trainee):
        with pytest.raises(PermissionDenied):
            calibration_services.calibration_start(gold=gold, by=person)


def test_an_incomplete_calibration_sheet_is_not_submitted(gold, outsider):
    sheet = calibration_services.calibration_start(gold=gold, by=outsider)
    with pytest.raises(ValidationError, match="still need a level"):
        calibration_services.calibration_submit(
            sheet=sheet, by=outsider, version=sheet.version
        )
    sheet.refresh_from_db()
    assert sheet.submitted_at is None


def test_a_submitted_calibration_sheet_cannot_change(gold, outsider):
    sheet = calibrate(gold, outsider)
    with pytest.raises(ValidationError, match="cannot change"):
        calibration_services.calibration_save(
            sheet=sheet, by=outsider, version=sheet.version, scores={}
        )


def test_another_rater_cannot_save_on_your_calibration_sheet(
    gold, outsider, user_factory
):
    sheet = calibrate(gold, outsider, submit=False)
    other = user_factory(role=Role.CO_TRAINER)
    with pytest.raises(PermissionDenied):
        calibration_services.calibration_save(
            sheet=sheet, by=other, version=sheet.version, scores={}
        )


# --- Programs that require calibration ----------------------------------------------


def _require(program):
    program.require_calibration = True
    program.save()


def test_an_uncalibrated_rater_is_refused_with_a_clear_message(
    observation, co_trainer, program
):
    _require(program)
    with pytest.raises(ValidationError) as error:
        score(observation, co_trainer, [3])
    message = error.value.messages[0]
    assert "Cora Trainer has no current calibration for PRT Facilitator" in message
    assert "gold-standard session" in message
    assert sheet_of(observation, co_trainer).scores.count() == 0


def test_a_calibrated_rater_scores(
    gold, outsider, lived_trainer, trainee2, rubric, program, staff
):
    calibrate(gold, outsider)
    _require(program)
    # The outsider is calibrated; their partner is not, so the pair cannot open.
    with pytest.raises(ValidationError, match="Lee Voice has no current calibration"):
        open_live(
            by=staff,
            trainee=trainee2,
            rubric=rubric,
            rater_a=outsider,
            rater_b=lived_trainer,
        )
    program.require_calibration = False
    program.save()
    observation = open_live(
        by=staff,
        trainee=trainee2,
        rubric=rubric,
        rater_a=outsider,
        rater_b=lived_trainer,
    )
    _require(program)
    score(observation, outsider, [3])
    assert sheet_of(observation, outsider).scores.count() > 0


def test_an_expired_calibration_no_longer_counts(gold, outsider, program, time_machine):
    sheet = calibrate(gold, outsider)
    _require(program)
    calibration_services.require_calibrated([outsider])
    time_machine.move_to(
        timezone.make_aware(
            timezone.datetime.combine(
                sheet.valid_until + timedelta(days=1), timezone.datetime.min.time()
            )
        )
    )
    with pytest.raises(ValidationError, match="Olive Outsider"):
        calibration_services.require_calibrated([outsider])


def test_the_checklist_says_an_observation_by_uncalibrated_raters_does_not_count(
    trainee2, raters, course
):
    program = make_program(
        courses=[],
        name="Calibrated PRT",
        required_lead_facilitated=1,
        require_calibration=True,
    )
    today = timezone.localdate()
    pass_observation(
        trainee2, ObservationKind.LEAD_FACILITATED, on=today, raters=raters
    )
    evidence = load_evidence([trainee2.pk])[trainee2.pk]
    checklist = initial_checklist(program, evidence, today=today)
    notes = " ".join(note for item in checklist.items for note in item.notes)
    assert "had no current Calibrated PRT calibration" in notes
    assert not checklist.met


# --- Reminders ----------------------------------------------------------------------


def test_a_reminder_goes_once_per_calibration_and_offset(gold, outsider):
    sheet = calibrate(gold, outsider)
    day = sheet.valid_until - timedelta(days=30)
    mail.outbox.clear()
    assert calibration_reminders_send(today=day - timedelta(days=1)) == 0
    assert calibration_reminders_send(today=day) == 1
    assert calibration_reminders_send(today=day) == 0
    assert calibration_reminders_send(today=day + timedelta(days=1)) == 0
    assert calibration_reminders_send(today=sheet.valid_until - timedelta(days=7)) == 1
    assert calibration_reminders_send(today=sheet.valid_until) == 0
    offsets = set(
        CalibrationReminder.objects.filter(sheet=sheet).values_list(
            "offset_days", flat=True
        )
    )
    assert offsets == {30, 7}


def test_a_recalibrated_rater_is_not_reminded_of_the_older_calibration(
    gold, outsider, trainee, cohort, rubric, program, staff
):
    old = calibrate(gold, outsider)
    CalibrationSheet.objects.filter(pk=old.pk).update(
        valid_until=old.valid_until - timedelta(days=60)
    )
    old.refresh_from_db()
    second = build_gold(
        trainee=trainee, cohort=cohort, rubric=rubric, program=program, staff=staff
    )
    calibrate(second, outsider)
    assert calibration_reminders_send(today=old.valid_until - timedelta(days=7)) == 0


def test_kappa_is_stored_as_agreement_computes_it(gold, outsider):
    sheet = calibrate(gold, outsider, [3, 3, 4, 2])
    if sheet.kappa is not None:
        assert abs(float(sheet.kappa)) <= 1
    assert Fraction(str(sheet.exact)) <= 1


# --- Drift --------------------------------------------------------------------------


def test_drift_lists_first_the_items_raters_score_differently_from_gold(
    gold, outsider, co_trainer, lived_trainer
):
    from certification.selectors.calibration_drift import GOLD, PARTNER, drift_report

    items = list(applicable_items(observation=gold.observation))
    expert = {row.item_id: row for row in gold.items.all()}
    levels = [
        "na" if expert[i.pk].not_applicable else expert[i.pk].level for i in items
    ]
    levels[0] = 1 if levels[0] != 1 else 4  # one item read differently from gold
    calibrate(gold, outsider, levels)

    report = drift_report()

    assert report.items[0]["text"] == items[0].text
    assert report.items[0]["percent"] == 100
    assert all(row["differ"] == 0 for row in report.items[1:])
    by_name = {drift.rater.get_full_name(): drift for drift in report.raters}
    assert [e.source for e in by_name["Olive Outsider"].entries] == [GOLD]
    assert [e.source for e in by_name["Cora Trainer"].entries] == [PARTNER]
    assert by_name["Olive Outsider"].chart["gold_line"]
    (pair,) = report.pairs
    assert {r.pk for r in pair["raters"]} == {co_trainer.pk, lived_trainer.pk}
    assert pair["rows"][0].stats.exact == 1
