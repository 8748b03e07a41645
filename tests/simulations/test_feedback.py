"""The feedback report's checks against the model's rules and the answer key."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simulations import rules
from simulations.feedback import feedback_report
from simulations.models import (
    ActionStep,
    BarrierCategory,
    Goal,
    GoalType,
    MockRoundtable,
    Phase,
    Role,
    RoundtableSettings,
)
from simulations.permissions import get_roundtable_for_user
from simulations.selectors.console import roundtable_console
from simulations.services import plans, roundtables
from tests.simulations.conftest import add_step

pytestmark = pytest.mark.django_db


def report_for(roundtable):
    loaded = get_roundtable_for_user(roundtable.facilitator, roundtable.pk)
    report = feedback_report(roundtable_console(roundtable=loaded))
    return {check.key: check for check in report.checks}, report


def test_a_sound_roundtable_meets_the_rules(start, play):
    checks, report = report_for(play(start(), Phase.COMPLETED))

    assert checks["exit_criteria"].met
    assert checks["facts_of_record"].met
    assert checks["five_questions"].met
    assert checks["steps_owned_dated"].met
    assert checks["both_goals"].met
    assert checks["rating"].met  # Poor, as the key says
    assert checks["recommended_goals"].met
    assert checks["follow_up"].met
    assert "improved" in checks["follow_up"].detail  # poor → marginal
    assert report.met_count <= report.applicable_count == len(report.checks)


def test_overrun_phases_are_named_with_their_minutes(start, play):
    began = timezone.now() - timedelta(hours=3)
    roundtable = start()
    for minutes, phase in (
        (0, Phase.SCHEDULED),
        (5, Phase.WELCOME),
        (45, Phase.PRESENT),
    ):
        roundtable = roundtables.phase_advance(
            roundtable=roundtable,
            expected=phase,
            by=roundtable.facilitator,
            at=began + timedelta(minutes=minutes),
        )
    roundtable = play(roundtable, Phase.COMPLETED)

    checks, report = report_for(roundtable)

    assert not checks["timing"].met
    assert "Present the Case: 40 of 20 minutes" in checks["timing"].items
    present = next(t for t in report.timings if t.phase == Phase.PRESENT)
    assert present.over_seconds == 20 * 60


def _plan_open(roundtable):
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=roundtable.facilitator,
    )
    return roundtable


def test_a_barrier_is_addressed_only_by_a_step_that_names_it(start, play):
    roundtable = _plan_open(play(start(), Phase.PLAN))
    barriers = rules.case_barriers(roundtable.case)
    # The played plan tags a "practice" barrier of its own; Jordan's case file has
    # two practice barriers, and a category tag addresses neither.
    add_step(roundtable, case_barrier=barriers[0].id)
    roundtable = play(roundtable, Phase.COMPLETED)

    checks, report = report_for(roundtable)

    assert not checks["barriers"].met
    in_case = [row for row in report.barriers if row.in_case]
    assert [row.addressed for row in in_case] == [True] + [False] * 5
    assert f"Not addressed: {barriers[3].description}" in checks["barriers"].items
    assert "1 of the case's 6 barriers is named by a step." in checks["barriers"].detail
    found = [row for row in report.barriers if not row.in_case]
    assert [row.label for row in found] == ["Nobody asked Dana"]


def test_a_step_naming_a_barrier_takes_its_words_and_category(start, play):
    roundtable = _plan_open(play(start(), Phase.PLAN))
    barrier = rules.case_barriers(roundtable.case)[4]

    step = add_step(roundtable, case_barrier=barrier.id)

    assert (step.barrier, step.barrier_category) == (barrier.description, "court")


def test_rushed_phases_are_named_with_their_time(start, play):
    began = timezone.now() - timedelta(hours=3)
    roundtable = start()
    for seconds, phase in ((0, Phase.SCHEDULED), (150, Phase.WELCOME)):
        roundtable = roundtables.phase_advance(
            roundtable=roundtable,
            expected=phase,
            by=roundtable.facilitator,
            at=began + timedelta(seconds=seconds),
        )
    roundtable = play(roundtable, Phase.COMPLETED, at=began + timedelta(seconds=150))

    checks, report = report_for(roundtable)

    # Welcome took 2:30 of 5 minutes: exactly half is not rushed.
    welcome = next(t for t in report.timings if t.phase == Phase.WELCOME)
    assert not welcome.rushed
    # Present took 0:00 of 20 minutes (every later phase too).
    assert "Present the Case: rushed, 0:00 of 20 minutes" in checks["timing"].items
    assert not checks["timing"].met


def test_the_rushed_share_comes_from_the_settings(start, play, site_root):
    settings = RoundtableSettings.for_site(site_root.get_site())
    settings.under_run_percent = 0
    settings.save()
    began = timezone.now() - timedelta(hours=3)

    roundtable = play(start(), Phase.COMPLETED, at=began)

    checks, _ = report_for(roundtable)
    assert roundtable.under_run_percent == 0
    assert checks["timing"].met


def test_the_checklist_counts_in_the_report(start, play, trainee):
    roundtable = roundtables.phase_advance(
        roundtable=start(), expected=Phase.SCHEDULED, by=trainee
    )
    roundtables.checklist_set(
        roundtable=roundtable,
        phase=Phase.WELCOME,
        items={0, 1, 2, 3, 4},
        by=roundtable.facilitator,
    )
    roundtable = play(roundtable, Phase.COMPLETED)

    checks, report = report_for(roundtable)

    assert not checks["checklist"].met
    assert "Welcome and Overview: 5 of 5 functions" not in checks["checklist"].items
    assert "Clarify and Explore: 0 of 6 functions" in checks["checklist"].items
    assert report.checklist[Phase.WELCOME] == (5, 5)


def test_a_lower_checklist_share_can_be_met(start, play):
    roundtable = play(start(), Phase.COMPLETED)
    MockRoundtable.objects.filter(pk=roundtable.pk).update(checklist_percent=0)

    checks, _ = report_for(roundtable)

    assert checks["checklist"].met


def test_steps_owned_by_the_facilitator_before_the_rule_are_flagged(start, play):
    roundtable = play(start(), Phase.COMPLETED)
    facilitator = roundtable.participants.get(role=Role.FACILITATOR)
    ActionStep.objects.filter(plan__roundtable=roundtable).update(
        responsible=facilitator
    )

    checks, _ = report_for(roundtable)

    assert not checks["steps_owned_dated"].met
    assert any("does not own its steps" in i for i in checks["steps_owned_dated"].items)


def test_both_goals_need_steps(start, play):
    roundtable = play(start(), Phase.COMPLETED)
    ActionStep.objects.filter(goal_type=GoalType.CONCURRENT).update(
        goal_type=GoalType.PRIMARY
    )

    checks, _ = report_for(roundtable)

    assert not checks["both_goals"].met


def test_a_ycprt_without_the_youth_at_the_table_is_flagged(start, play, trainee):
    roundtable = start()
    seats = [
        {"role": p.role, "user": None, "name": ""}
        for p in roundtable.participants.exclude(
            role__in=[Role.FACILITATOR, Role.YOUTH]
        )
    ]
    roundtables.participants_set(roundtable=roundtable, seats=seats, by=trainee)
    roundtable = play(roundtable, Phase.COMPLETED)

    checks, _ = report_for(roundtable)

    assert not checks["youth"].met
    assert "The youth had no seat at the table." in checks["youth"].items


def test_the_youth_check_does_not_apply_to_a_professional_prt(start, play, library):
    roundtable = play(start(case=library["luis-juvenile-justice"]), Phase.COMPLETED)

    checks, report = report_for(roundtable)

    assert checks["youth"].met is None
    assert report.applicable_count == len(report.checks) - 1


def test_a_rating_far_from_the_key_says_how_far(start, play, library):
    # The played rating is Poor; the Ava case's key says Good: three levels apart.
    roundtable = play(start(case=library["ava-kin-guardianship"]), Phase.COMPLETED)

    checks, _ = report_for(roundtable)

    assert not checks["rating"].met
    assert "3 levels apart" in checks["rating"].detail
    assert not checks["facts_of_record"].met  # Ava's goal of record is not OPPLA


def test_the_categories_come_from_the_enumeration():
    assert {c.value for c in BarrierCategory} == {
        "policy",
        "legal",
        "financial",
        "resource",
        "practice",
        "court",
        "other",
    }
