"""The session's state machine and the plan's rules, through the services."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from simulations import rules
from simulations.models import (
    ActionStep,
    BrainstormIdea,
    ChecklistTick,
    Goal,
    GoalType,
    MockRoundtable,
    Phase,
    PhaseLog,
    Rating,
    Role,
    RoundtableSettings,
)
from simulations.services import plans, roundtables
from tests.simulations.conftest import add_step, seat

pytestmark = pytest.mark.django_db


def test_a_new_roundtable_waits_with_a_seat_for_each_role_the_case_needs(start):
    roundtable = start()

    assert roundtable.state == Phase.SCHEDULED
    roles = list(roundtable.participants.values_list("role", flat=True))
    assert roles[0] == Role.FACILITATOR
    assert set(roles) >= {Role.CASE_WORKER, Role.YOUTH, Role.YOUTH_SUPPORT, Role.SCRIBE}
    assert seat(roundtable, Role.FACILITATOR).user == roundtable.facilitator
    assert seat(roundtable, Role.CASE_WORKER).is_simulated


def test_scheduled_minutes_are_two_hours_plus_one_per_extra_sibling(start, library):
    assert start().scheduled_minutes == 120
    siblings = start(case=library["nia-caleb-rosie-siblings"])
    assert siblings.scheduled_minutes == 240
    assert siblings.phase_targets == {
        "welcome": 10,
        "present": 40,
        "clarify": 30,
        "brainstorm": 50,
        "plan": 70,
        "debrief": 40,
    }


def test_it_keeps_the_program_settings_it_started_with(start, site_root):
    settings = RoundtableSettings.for_site(site_root.get_site())
    settings.question_1 = "What would it take?"
    settings.clarify_minutes = 18
    settings.follow_up_cadence_days = 45
    settings.save()

    roundtable = start()
    settings.question_1 = "Changed later"
    settings.save()

    roundtable.refresh_from_db()
    assert roundtable.brainstorm_questions[0] == "What would it take?"
    assert roundtable.phase_targets["clarify"] == 18
    assert roundtable.follow_up_cadence_days == 45


def test_phases_advance_in_order_with_server_timestamps(start, play):
    roundtable = start()
    began = timezone.now()

    roundtable = play(roundtable, Phase.CLARIFY)

    logs = list(PhaseLog.objects.filter(roundtable=roundtable).order_by("pk"))
    assert [log.phase for log in logs] == ["welcome", "present", "clarify"]
    assert logs[0].ended_at == logs[1].started_at
    assert logs[2].ended_at is None
    assert logs[1].target_minutes == 20
    assert roundtable.started_at >= began
    assert roundtable.roundtable_date == timezone.localdate(roundtable.started_at)


def test_a_stale_tab_cannot_advance_twice_or_skip_a_phase(start, play):
    roundtable = play(start(), Phase.PRESENT)

    with pytest.raises(ValidationError, match="already in Present the Case"):
        roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.WELCOME, by=roundtable.facilitator
        )
    with pytest.raises(ValidationError, match="already in"):
        roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.BRAINSTORM, by=roundtable.facilitator
        )
    with pytest.raises(ValidationError, match="Unknown phase"):
        roundtables.phase_advance(
            roundtable=roundtable, expected="phase-nine", by=roundtable.facilitator
        )
    assert MockRoundtable.objects.get().state == Phase.PRESENT
    assert PhaseLog.objects.count() == 2


def test_clarify_cannot_close_before_the_exit_criteria_are_recorded(start, play):
    roundtable = play(start(), Phase.CLARIFY)

    with pytest.raises(ValidationError, match="Record the exit criteria"):
        roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.CLARIFY, by=roundtable.facilitator
        )
    assert MockRoundtable.objects.get().state == Phase.CLARIFY


def test_exit_criteria_must_be_complete_and_plausible(start, play):
    roundtable = play(start(), Phase.CLARIFY)

    with pytest.raises(ValidationError) as refused:
        roundtables.exit_criteria_record(
            roundtable=roundtable,
            rating=Rating.FAIR,
            rating_no_consultation=True,
            goal_of_record="orphanage",
            concurrent_goal_of_record="",
            last_full_disclosure_on=roundtable.roundtable_date + timedelta(days=1),
            youth_last_asked="  ",
            by=roundtable.facilitator,
        )

    assert set(refused.value.message_dict) == {
        "rating_no_consultation",
        "goal_of_record",
        "concurrent_goal_of_record",
        "last_full_disclosure_on",
        "youth_last_asked",
    }
    roundtable.plan.refresh_from_db()
    assert not roundtable.plan.exit_criteria_met


def test_brainstorm_cannot_close_until_every_question_has_an_idea(start, play):
    roundtable = play(start(), Phase.BRAINSTORM)
    for number in (1, 2, 3, 5):
        plans.idea_add(
            roundtable=roundtable,
            question_number=number,
            text="x",
            by=roundtable.facilitator,
        )

    with pytest.raises(ValidationError, match="still empty: 4"):
        roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.BRAINSTORM, by=roundtable.facilitator
        )


@pytest.mark.parametrize("number", [0, 6, 42])
def test_an_idea_for_a_sixth_question_is_refused(start, play, number):
    roundtable = play(start(), Phase.BRAINSTORM)

    with pytest.raises(ValidationError, match="five key questions"):
        plans.idea_add(
            roundtable=roundtable,
            question_number=number,
            text="x",
            by=roundtable.facilitator,
        )
    assert not BrainstormIdea.objects.exists()


def test_ideas_belong_to_the_brainstorm_phase(start, play):
    roundtable = play(start(), Phase.CLARIFY)

    with pytest.raises(ValidationError, match="belongs to Brainstorm"):
        plans.idea_add(
            roundtable=roundtable,
            question_number=1,
            text="x",
            by=roundtable.facilitator,
        )


def test_a_target_date_beyond_six_months_is_refused(start, play):
    roundtable = play(start(), Phase.PLAN)
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=roundtable.facilitator,
    )
    latest = rules.latest_target_date(roundtable.roundtable_date)

    add_step(roundtable, target_date=latest)  # the last allowed day
    with pytest.raises(ValidationError, match="six months after the roundtable"):
        add_step(roundtable, target_date=latest + timedelta(days=1))
    assert ActionStep.objects.count() == 1


def test_steps_wait_for_the_recommended_goals(start, play):
    roundtable = play(start(), Phase.PLAN)

    with pytest.raises(ValidationError, match="recommended goal and concurrent goal"):
        add_step(roundtable)


def test_a_step_needs_an_owner_from_this_table_and_a_whole_barrier(
    start, play, trainee2, jordan
):
    roundtable = play(start(), Phase.PLAN)
    other = roundtables.roundtable_start(
        case=jordan, facilitator=trainee2, created_by=trainee2
    )
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=roundtable.facilitator,
    )

    with pytest.raises(ValidationError, match="not part of this roundtable"):
        add_step(roundtable, responsible=seat(other, Role.CASE_WORKER))
    with pytest.raises(ValidationError) as refused:
        add_step(roundtable, barrier="Policy on visits")
    assert "barrier_category" in refused.value.message_dict
    assert not ActionStep.objects.exists()


def test_the_roundtable_date_anchors_the_six_months(start, play):
    roundtable = play(start(), Phase.WELCOME)
    assert rules.latest_target_date(roundtable.roundtable_date) == rules.add_months(
        roundtable.roundtable_date, 6
    )
    from datetime import date

    assert rules.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)


def test_the_follow_up_is_set_one_cadence_after_the_roundtable(start, play):
    roundtable = play(start(), Phase.FOLLOW_UP)

    assert roundtable.follow_up.held_on == roundtable.roundtable_date + timedelta(
        days=30
    )


def test_follow_up_needs_a_status_for_every_step(start, play):
    roundtable = play(start(), Phase.FOLLOW_UP)
    first = roundtable.plan.steps.first()

    with pytest.raises(ValidationError, match="every action step a status"):
        plans.follow_up_record(
            roundtable=roundtable,
            rating=Rating.FAIR,
            statuses={first.pk: ("completed", "")},
            by=roundtable.facilitator,
        )
    with pytest.raises(ValidationError, match="Record the follow-up"):
        roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.FOLLOW_UP, by=roundtable.facilitator
        )


def test_new_steps_can_be_added_at_the_follow_up_but_old_ones_are_not_rewritten(
    start, play
):
    roundtable = play(start(), Phase.FOLLOW_UP)
    old = roundtable.plan.steps.first()

    new = add_step(roundtable, description="Add Aunt Lou as respite")
    with pytest.raises(ValidationError, match="not rewritten"):
        plans.step_delete(step=old, by=roundtable.facilitator)

    assert new.added_at_follow_up
    plans.step_delete(step=new, by=roundtable.facilitator)


def test_a_finished_roundtable_refuses_every_change(start, play):
    roundtable = play(start(), Phase.COMPLETED)
    step = roundtable.plan.steps.first()
    by = roundtable.facilitator
    before = MockRoundtable.objects.get().version

    attempts = [
        lambda: roundtables.phase_advance(
            roundtable=roundtable, expected=Phase.COMPLETED, by=by
        ),
        lambda: roundtables.debrief_record(
            roundtable=roundtable, reflections="late", process_feedback="", by=by
        ),
        lambda: plans.step_update(
            step=step,
            by=by,
            description="x",
            responsible=step.responsible,
            target_date=step.target_date,
            goal_type=GoalType.PRIMARY,
        ),
        lambda: plans.step_delete(step=step, by=by),
        lambda: roundtables.checklist_set(
            roundtable=roundtable, phase=Phase.COMPLETED, items={0}, by=by
        ),
        lambda: roundtables.participants_set(roundtable=roundtable, seats=[], by=by),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError):
            attempt()
    assert MockRoundtable.objects.get().version == before
    assert roundtable.completed_at is not None


def test_the_checklist_of_the_current_phase_is_persisted(start, play):
    roundtable = play(start(), Phase.WELCOME)
    by = roundtable.facilitator

    roundtables.checklist_set(
        roundtable=roundtable, phase="welcome", items={0, 2}, by=by
    )
    roundtables.checklist_set(
        roundtable=roundtable, phase="welcome", items={2, 3}, by=by
    )

    assert set(ChecklistTick.objects.values_list("item", flat=True)) == {2, 3}
    with pytest.raises(ValidationError, match="current phase"):
        roundtables.checklist_set(roundtable=roundtable, phase="plan", items={0}, by=by)
    with pytest.raises(ValidationError, match="not on this phase"):
        roundtables.checklist_set(
            roundtable=roundtable, phase="welcome", items={99}, by=by
        )


def test_asking_a_bank_question_reveals_it_once(start, play, jordan):
    roundtable = play(start(), Phase.CLARIFY)
    question_id = jordan.question_bank[0].id
    by = roundtable.facilitator

    roundtables.question_ask(roundtable=roundtable, question_id=question_id, by=by)
    roundtables.question_ask(roundtable=roundtable, question_id=question_id, by=by)

    assert roundtable.asked_questions.count() == 1
    with pytest.raises(ValidationError, match="not in this case"):
        roundtables.question_ask(roundtable=roundtable, question_id="nope", by=by)


def test_every_change_raises_the_version_that_pages_poll(start, play):
    roundtable = play(start(), Phase.BRAINSTORM)
    before = MockRoundtable.objects.get().version

    plans.idea_add(
        roundtable=roundtable, question_number=2, text="x", by=roundtable.facilitator
    )

    assert MockRoundtable.objects.get().version == before + 1
