"""The feedback report's checks against the model's rules and the answer key."""

from datetime import timedelta

import pytest
from django.utils import timezone

from simulations.feedback import feedback_report
from simulations.models import (
    ActionStep,
    BarrierCategory,
    GoalType,
    Phase,
    Role,
)
from simulations.permissions import get_roundtable_for_user
from simulations.selectors.console import roundtable_console
from simulations.services import roundtables

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


def test_barriers_of_the_case_left_unaddressed_are_listed(start, play):
    checks, report = report_for(play(start(), Phase.COMPLETED))

    # The played plan addresses only a practice barrier; Jordan's case has six kinds.
    assert not checks["barriers"].met
    missed = {
        row.category for row in report.barriers if row.in_case and not row.addressed
    }
    assert missed == {"policy", "financial", "resource", "court"}
    assert "Not addressed: Court" in checks["barriers"].items


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
