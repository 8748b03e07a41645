"""Observation services: opening one, independent scoring with optimistic versions,
submitting, reconciling with reasons, releasing under the result rules, amending with
a reason, and development goals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from certification.models import (
    DevelopmentPlan,
    ItemScore,
    Notification,
    Observation,
    ObservationKind,
    ObservationRules,
    RubricItem,
    ScoreChange,
    ScoreSheet,
)
from certification.rules import NA
from certification.selectors.observations import applicable_items
from certification.services import observations as services
from simulations.models import Phase
from tests.certification.conftest import (
    FEEDBACK,
    build_mock,
    build_rubric,
    final_of,
    open_live,
    rater_pairs,
    release,
    score,
    score_both,
    sheet_of,
    submit,
)
from training.models import CohortMembership

pytestmark = pytest.mark.django_db


# --- Opening ------------------------------------------------------------------------


def test_a_co_trainer_opens_an_observation_scored_by_their_cohort_pair(
    observation, co_trainer, lived_trainer
):
    assert (observation.rater_a, observation.rater_b) == (co_trainer, lived_trainer)
    assert observation.status == Observation.Status.SCORING
    sheets = observation.sheets.all()
    assert {s.rater_id for s in sheets} == {co_trainer.pk, lived_trainer.pk}
    assert all(s.kind == ScoreSheet.Kind.RATER and s.version == 1 for s in sheets)


def test_staff_choose_any_two_co_trainers(staff, trainee, rubric, user_factory):
    first = user_factory(role="Co-trainer")
    second = user_factory(role="Co-trainer")
    observation = open_live(
        by=staff, trainee=trainee, rubric=rubric, rater_a=first, rater_b=second
    )
    assert (observation.rater_a, observation.rater_b) == (first, second)


def test_a_co_trainer_cannot_open_for_a_cohort_they_do_not_lead(
    trainee, rubric, cohort, user_factory
):
    other = user_factory(role="Co-trainer")
    with pytest.raises(ValidationError) as error:
        open_live(by=other, trainee=trainee, rubric=rubric, cohort=cohort)
    assert "cohort" in error.value.message_dict
    assert not Observation.objects.exists()


def test_the_trainee_must_be_a_member_of_the_cohort(
    co_trainer, trainee2, rubric, cohort
):
    with pytest.raises(ValidationError) as error:
        open_live(by=co_trainer, trainee=trainee2, rubric=rubric, cohort=cohort)
    assert "not a member" in str(error.value)


def test_trainees_and_outsiders_cannot_open_observations(trainee, outsider, rubric):
    for person in (trainee, outsider):
        with pytest.raises(PermissionDenied):
            open_live(by=person, trainee=trainee, rubric=rubric)


def test_staff_cannot_make_the_trainee_or_one_person_both_raters(
    staff, trainee, co_trainer, rubric
):
    with pytest.raises(ValidationError):
        open_live(
            by=staff,
            trainee=trainee,
            rubric=rubric,
            rater_a=co_trainer,
            rater_b=co_trainer,
        )
    with pytest.raises(ValidationError):
        open_live(
            by=staff,
            trainee=trainee,
            rubric=rubric,
            rater_a=co_trainer,
            rater_b=trainee,
        )
    assert not Observation.objects.exists()


def test_only_a_published_rubric_is_scored_on(co_trainer, trainee, cohort):
    draft = build_rubric(3, name="Draft tool", publish=False)
    with pytest.raises(ValidationError) as error:
        open_live(by=co_trainer, trainee=trainee, rubric=draft, cohort=cohort)
    assert "rubric" in error.value.message_dict


@pytest.mark.parametrize(
    "reference", ["Maya Jones", "maya", "Jordan's case", "J.D. Smith", ""]
)
def test_a_live_case_reference_refuses_names(
    co_trainer, trainee, rubric, cohort, reference
):
    with pytest.raises(ValidationError) as error:
        open_live(
            by=co_trainer,
            trainee=trainee,
            rubric=rubric,
            cohort=cohort,
            live_case_reference=reference,
        )
    assert "live_case_reference" in error.value.message_dict


@pytest.mark.parametrize("reference", ["J.D.", "JDM", "2024-0117", "Case #4471"])
def test_initials_and_case_numbers_are_accepted(
    co_trainer, trainee, rubric, cohort, reference
):
    observation = open_live(
        by=co_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        live_case_reference=reference,
    )
    assert observation.live_case_reference == reference


def test_a_live_roundtable_needs_a_past_date_and_an_agency(
    co_trainer, trainee, rubric, cohort
):
    with pytest.raises(ValidationError) as error:
        open_live(
            by=co_trainer,
            trainee=trainee,
            rubric=rubric,
            cohort=cohort,
            live_date=timezone.localdate() + timedelta(days=2),
            live_agency=" ",
        )
    assert {"live_date", "live_agency"} <= error.value.message_dict.keys()


def test_the_same_live_roundtable_is_not_opened_twice(
    observation, co_trainer, trainee, rubric, cohort
):
    with pytest.raises(ValidationError):
        open_live(by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort)
    assert Observation.objects.count() == 1


def test_a_mock_observation_takes_youth_centered_and_subsequent_from_its_case(
    co_trainer, trainee, rubric, cohort
):
    mock = build_mock(trainee, cohort, slug="jordan-subsequent")
    observation = services.observation_open(
        opened_by=co_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        kind=ObservationKind.MOCK,
        mock_roundtable=mock,
    )
    assert observation.mock_roundtable == mock
    assert observation.subsequent == mock.case.is_subsequent
    assert observation.youth_centered == mock.case.youth_centered
    with pytest.raises(ValidationError):  # one observation per mock roundtable
        services.observation_open(
            opened_by=co_trainer,
            trainee=trainee,
            rubric=rubric,
            cohort=cohort,
            kind=ObservationKind.MOCK,
            mock_roundtable=mock,
        )


def test_a_mock_observation_needs_a_begun_session_of_that_trainee(
    co_trainer, trainee, trainee2, rubric, cohort
):
    CohortMembership.objects.create(cohort=cohort, user=trainee2)
    others = build_mock(trainee2, cohort)
    not_begun = build_mock(trainee, cohort, slug="maya-icwa", state=Phase.SCHEDULED)
    for mock in (None, others, not_begun):
        with pytest.raises(ValidationError) as error:
            services.observation_open(
                opened_by=co_trainer,
                trainee=trainee,
                rubric=rubric,
                cohort=cohort,
                kind=ObservationKind.MOCK,
                mock_roundtable=mock,
            )
        assert "mock_roundtable" in error.value.message_dict


def test_ycprt_and_subsequent_items_apply_only_to_such_roundtables(
    co_trainer, trainee, cohort
):
    rubric = build_rubric(4, ycprt=True, subsequent=True)
    plain = open_live(by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort)
    both = open_live(
        by=co_trainer,
        trainee=trainee,
        rubric=rubric,
        cohort=cohort,
        live_case_reference="K.L.",
        youth_centered=True,
        subsequent=True,
    )
    assert len(applicable_items(observation=plain)) == 4
    codes = {item.code for item in applicable_items(observation=both)}
    assert {"ycprt", "prior-steps"} <= codes


# --- Independent scoring -------------------------------------------------------------


def test_a_rater_saves_their_draft_and_the_version_rises(observation, co_trainer):
    sheet = sheet_of(observation, co_trainer)
    item = applicable_items(observation=observation).first()
    version = services.sheet_save(
        sheet=sheet,
        by=co_trainer,
        version=1,
        scores={item.pk: {"level": 3, "comment": "Named every role."}},
        strengths="Warm welcome.",
    )
    assert version == 2
    saved = ItemScore.objects.get(sheet=sheet, item=item)
    assert (saved.level, saved.comment) == (3, "Named every role.")
    sheet.refresh_from_db()
    assert (sheet.version, sheet.strengths) == (2, "Warm welcome.")


@pytest.mark.parametrize("level", [0, 5, -1, 3.5])
def test_a_score_outside_the_scale_is_refused_and_nothing_changes(
    observation, co_trainer, level
):
    sheet = sheet_of(observation, co_trainer)
    first, second = applicable_items(observation=observation)[:2]
    with pytest.raises(ValidationError):
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=1,
            scores={first.pk: {"level": 2}, second.pk: {"level": level}},
        )
    assert not ItemScore.objects.filter(sheet=sheet).exists()
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_na_is_refused_where_the_item_forbids_it(observation, co_trainer):
    sheet = sheet_of(observation, co_trainer)
    items = list(applicable_items(observation=observation))
    allowed = next(i for i in items if i.na_allowed)
    forbidden = next(i for i in items if not i.na_allowed)
    with pytest.raises(ValidationError) as error:
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=1,
            scores={allowed.pk: {"level": NA}, forbidden.pk: {"level": NA}},
        )
    assert "cannot be marked N/A" in str(error.value)
    assert not ItemScore.objects.filter(sheet=sheet).exists()
    services.sheet_save(
        sheet=sheet, by=co_trainer, version=1, scores={allowed.pk: {"level": NA}}
    )
    assert ItemScore.objects.get(sheet=sheet, item=allowed).not_applicable


def test_an_item_of_another_rubric_is_refused(observation, co_trainer):
    other = build_rubric(2, name="Another tool")
    sheet = sheet_of(observation, co_trainer)
    with pytest.raises(ValidationError):
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=1,
            scores={other.items.first().pk: {"level": 3}},
        )
    assert not ItemScore.objects.exists()


def test_an_item_that_does_not_apply_is_refused(co_trainer, trainee, cohort):
    rubric = build_rubric(3, ycprt=True)
    observation = open_live(
        by=co_trainer, trainee=trainee, rubric=rubric, cohort=cohort
    )
    ycprt = rubric.items.get(code="ycprt")
    with pytest.raises(ValidationError):
        services.sheet_save(
            sheet=sheet_of(observation, co_trainer),
            by=co_trainer,
            version=1,
            scores={ycprt.pk: {"level": 3}},
        )


def test_nobody_but_the_rater_saves_their_sheet(
    observation, co_trainer, lived_trainer, staff
):
    sheet = sheet_of(observation, co_trainer)
    item = applicable_items(observation=observation).first()
    for person in (lived_trainer, staff):
        with pytest.raises(PermissionDenied):
            services.sheet_save(
                sheet=sheet, by=person, version=1, scores={item.pk: {"level": 3}}
            )
    assert not ItemScore.objects.exists()


def test_a_stale_save_is_refused_with_both_values_and_loses_nothing(
    observation, co_trainer
):
    """Two tabs open the sheet at version 1; the first saves; the second's save on
    version 1 is refused, and the first tab's work is still there."""
    sheet = sheet_of(observation, co_trainer)
    item = applicable_items(observation=observation).first()
    services.sheet_save(
        sheet=sheet,
        by=co_trainer,
        version=1,
        scores={item.pk: {"level": 4, "comment": "From tab one"}},
    )
    with pytest.raises(services.StaleSheet) as error:
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=1,
            scores={item.pk: {"level": 2, "comment": "From tab two"}},
        )
    conflicts = {c["field"]: c for c in error.value.conflicts}
    assert conflicts[f"level_{item.pk}"]["yours"] == "2"
    assert conflicts[f"level_{item.pk}"]["saved"] == "4"
    assert conflicts[f"comment_{item.pk}"]["saved"] == "From tab one"
    assert error.value.current_version == 2
    saved = ItemScore.objects.get(sheet=sheet, item=item)
    assert (saved.level, saved.comment) == (4, "From tab one")
    # Saving again on the version the refusal named replaces it deliberately.
    services.sheet_save(
        sheet=sheet, by=co_trainer, version=2, scores={item.pk: {"level": 2}}
    )
    saved.refresh_from_db()
    assert saved.level == 2


def test_a_stale_save_that_changes_nothing_is_let_through(observation, co_trainer):
    sheet = sheet_of(observation, co_trainer)
    item = applicable_items(observation=observation).first()
    services.sheet_save(
        sheet=sheet, by=co_trainer, version=1, scores={item.pk: {"level": 3}}
    )
    version = services.sheet_save(
        sheet=sheet, by=co_trainer, version=1, scores={item.pk: {"level": 3}}
    )
    assert version == 3


# --- Submitting ---------------------------------------------------------------------


def test_an_incomplete_sheet_cannot_be_submitted(observation, co_trainer):
    sheet = sheet_of(observation, co_trainer)
    item = applicable_items(observation=observation).first()
    version = services.sheet_save(
        sheet=sheet, by=co_trainer, version=1, scores={item.pk: {"level": 3}}
    )
    with pytest.raises(ValidationError) as error:
        services.sheet_submit(sheet=sheet, by=co_trainer, version=version)
    assert "still need a level" in str(error.value)
    sheet.refresh_from_db()
    assert sheet.submitted_at is None


def test_a_sheet_is_submitted_once_and_then_frozen(observation, co_trainer):
    score(observation, co_trainer, [3])
    submit(observation, co_trainer)
    sheet = sheet_of(observation, co_trainer)
    with pytest.raises(ValidationError) as error:
        services.sheet_submit(sheet=sheet, by=co_trainer, version=sheet.version)
    assert "already submitted" in str(error.value)
    item = applicable_items(observation=observation).first()
    with pytest.raises(ValidationError):
        services.sheet_save(
            sheet=sheet,
            by=co_trainer,
            version=sheet.version,
            scores={item.pk: {"level": 1}},
        )
    assert ItemScore.objects.get(sheet=sheet, item=item).level == 3


def test_when_both_submit_the_final_sheet_keeps_what_they_agreed(
    observation, co_trainer, lived_trainer
):
    score(observation, co_trainer, [3, 4], strengths="Calm.")
    score(observation, lived_trainer, [3, 2], strengths="Warm.")
    submit(observation, co_trainer)
    observation.refresh_from_db()
    assert observation.status == Observation.Status.SCORING
    submit(observation, lived_trainer)
    observation.refresh_from_db()
    assert observation.status == Observation.Status.RECONCILING
    final = final_of(observation)
    levels = {s.item_id: s.level for s in final.scores.all()}
    items = list(applicable_items(observation=observation))
    assert all(levels.get(i.pk) == 3 for n, i in enumerate(items) if n % 2 == 0)
    assert all(levels.get(i.pk) is None for n, i in enumerate(items) if n % 2 == 1)
    assert "Calm." in final.strengths and "Warm." in final.strengths


# --- Reconciling and releasing -------------------------------------------------------


def test_a_final_level_that_differs_from_a_rater_needs_a_reason(
    reconciling, co_trainer
):
    final = final_of(reconciling)
    differing = next(pk for pk, (a, b) in rater_pairs(reconciling).items() if a != b)
    with pytest.raises(ValidationError) as error:
        services.final_sheet_save(
            observation=reconciling,
            by=co_trainer,
            version=final.version,
            scores={differing: {"level": 3}},
        )
    assert f"reason_{differing}" in error.value.message_dict
    assert not ItemScore.objects.filter(sheet=final, item_id=differing).exists()
    assert not ScoreChange.objects.exists()
    services.final_sheet_save(
        observation=reconciling,
        by=co_trainer,
        version=final.version,
        scores={differing: {"level": 3}},
        reasons={differing: "She kept time well."},
    )
    change = ScoreChange.objects.get()
    assert (change.item_id, change.new_value, change.reason) == (
        differing,
        "3",
        "She kept time well.",
    )
    assert change.changed_by == co_trainer


def test_only_the_pair_reconcile(reconciling, staff, user_factory):
    final = final_of(reconciling)
    for person in (staff, user_factory(role="Co-trainer")):
        with pytest.raises(PermissionDenied):
            services.final_sheet_save(
                observation=reconciling, by=person, version=final.version, scores={}
            )


def test_release_needs_every_item_settled(reconciling, co_trainer):
    with pytest.raises(ValidationError) as error:
        services.observation_release(
            observation=reconciling,
            by=co_trainer,
            version=final_of(reconciling).version,
        )
    assert "still need a level" in str(error.value)
    reconciling.refresh_from_db()
    assert reconciling.status == Observation.Status.RECONCILING


def test_a_pass_needs_the_mean_and_every_critical_item(reconciling, trainee):
    result = release(reconciling)
    assert result.passed and reconciling.passed
    assert reconciling.status == Observation.Status.RELEASED
    assert reconciling.mean_score == Decimal("3.30")  # 3,3,4 repeated over 10 items
    assert not reconciling.reobservation_required
    assert not DevelopmentPlan.objects.exists()
    assert Notification.objects.filter(user=trainee).count() == 1


def test_a_failed_critical_item_opens_a_plan_and_requires_reobservation(
    observation,
):
    # Item 0 is critical: 2 fails it although the mean is above the bar.
    score_both(observation, [2, 4, 4, 4, 4], [2, 4, 4, 4, 4])
    result = release(observation)
    assert not result.passed
    assert [item.code for item in result.failed_critical] == ["item-0"]
    assert observation.reobservation_required
    assert DevelopmentPlan.objects.filter(observation=observation).exists()


def test_a_mean_below_the_bar_fails_without_a_plan(observation):
    score_both(observation, [3, 3, 2, 2, 3], [3, 3, 2, 2, 3])
    result = release(observation)
    assert (result.passed, observation.mean_score) == (False, Decimal("2.60"))
    assert not observation.reobservation_required
    assert not DevelopmentPlan.objects.exists()


def test_the_bar_comes_from_the_program_rules(observation):
    rules = ObservationRules.load()
    rules.pass_mean = Decimal("2.50")
    rules.save()
    score_both(observation, [3, 3, 2, 2, 3], [3, 3, 2, 2, 3])
    assert release(observation).passed


def test_a_result_released_twice_or_on_a_stale_sheet_is_refused(
    reconciling, co_trainer
):
    final = final_of(reconciling)
    stale = final.version
    differing = {
        pk: {"level": a} for pk, (a, b) in rater_pairs(reconciling).items() if a != b
    }
    services.final_sheet_save(
        observation=reconciling,
        by=co_trainer,
        version=stale,
        scores=differing,
        reasons=dict.fromkeys(differing, "Agreed."),
        **FEEDBACK,
    )
    with pytest.raises(ValidationError) as error:
        services.observation_release(
            observation=reconciling, by=co_trainer, version=stale
        )
    assert "changed since" in str(error.value)
    release_version = final_of(reconciling).version
    services.observation_release(
        observation=reconciling, by=co_trainer, version=release_version
    )
    with pytest.raises(ValidationError) as error:
        services.observation_release(
            observation=reconciling, by=co_trainer, version=release_version + 1
        )
    assert "already released" in str(error.value)
    assert Notification.objects.count() == 1


# --- After release --------------------------------------------------------------------


def test_changing_a_released_score_needs_a_reason_and_is_audited(reconciling, staff):
    release(reconciling)
    final = final_of(reconciling)
    item = applicable_items(observation=reconciling).first()
    before = ScoreChange.objects.count()
    with pytest.raises(ValidationError):
        services.final_sheet_save(
            observation=reconciling,
            by=staff,
            version=final.version,
            scores={item.pk: {"level": 1}},
        )
    assert ItemScore.objects.get(sheet=final, item=item).level == 3
    assert ScoreChange.objects.count() == before
    services.final_sheet_save(
        observation=reconciling,
        by=staff,
        version=final.version,
        scores={item.pk: {"level": 1}},
        reason="Transcription error on the sheet.",
    )
    change = ScoreChange.objects.latest("pk")
    assert (change.old_value, change.new_value, change.changed_by) == ("3", "1", staff)
    assert change.reason == "Transcription error on the sheet."
    reconciling.refresh_from_db()
    # Item 0 is critical: 1 now fails it, so the result is worked out again.
    assert not reconciling.passed and reconciling.reobservation_required
    assert DevelopmentPlan.objects.filter(observation=reconciling).exists()


def test_a_released_summary_change_needs_a_reason(reconciling, co_trainer):
    release(reconciling)
    final = final_of(reconciling)
    with pytest.raises(ValidationError) as error:
        services.final_sheet_save(
            observation=reconciling,
            by=co_trainer,
            version=final.version,
            scores={},
            strengths="Rewritten.",
        )
    assert "reason" in error.value.message_dict
    final.refresh_from_db()
    assert final.strengths != "Rewritten."


def test_a_released_score_cannot_be_cleared(reconciling, co_trainer):
    release(reconciling)
    final = final_of(reconciling)
    item = applicable_items(observation=reconciling).first()
    with pytest.raises(ValidationError):
        services.final_sheet_save(
            observation=reconciling,
            by=co_trainer,
            version=final.version,
            scores={item.pk: {"level": None}},
            reason="Oops.",
        )
    assert ItemScore.objects.get(sheet=final, item=item).level == 3


# --- Development plan ---------------------------------------------------------------


@pytest.fixture
def failed(observation):
    score_both(observation, [2, 4, 4], [2, 4, 4])
    release(observation)
    return observation


def test_the_raters_write_smart_goals_with_a_date(failed, co_trainer):
    due = timezone.localdate() + timedelta(days=30)
    goal = services.development_goal_add(
        observation=failed,
        by=co_trainer,
        goal="Greet every member by name and role within five minutes.",
        due_on=due,
    )
    assert goal.plan.observation == failed and goal.due_on == due


@pytest.mark.parametrize(
    ("goal", "days"),
    [
        ("Too short", 30),
        ("Keep the presentation within twenty minutes.", -1),
        ("Keep the presentation within twenty minutes.", 400),
    ],
)
def test_a_goal_without_substance_or_a_sensible_date_is_refused(
    failed, co_trainer, goal, days
):
    with pytest.raises(ValidationError):
        services.development_goal_add(
            observation=failed,
            by=co_trainer,
            goal=goal,
            due_on=timezone.localdate() + timedelta(days=days),
        )
    assert failed.development_plan.goals.count() == 1  # the one it was released with


def test_the_trainee_cannot_write_their_own_goals(failed, trainee):
    with pytest.raises(PermissionDenied):
        services.development_goal_add(
            observation=failed,
            by=trainee,
            goal="A long enough goal for me.",
            due_on=timezone.localdate() + timedelta(days=10),
        )


def test_result_rules_as_a_pure_function():
    rules = ObservationRules(pass_mean=Decimal("3.00"), critical_minimum=3)
    critical = RubricItem(code="c", critical=True)
    plain = RubricItem(code="p")
    assert services.observation_result([(critical, 3), (plain, 3)], rules).passed
    assert not services.observation_result(
        [(critical, 4), (plain, 1)], rules
    ).passed  # mean
    assert not services.observation_result([(critical, 2), (plain, 4)], rules).passed
    # N/A is left out of the mean and never fails a critical item.
    result = services.observation_result([(critical, NA), (plain, 3)], rules)
    assert result.passed and result.mean == Decimal("3.00")
    assert services.observation_result([(plain, NA)], rules).mean is None
