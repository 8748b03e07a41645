"""The roundtable pages over HTTP: who may open and act, and what bad input gets."""

from datetime import timedelta
from http import HTTPStatus

import pytest

from simulations import rules
from simulations.models import (
    ActionStep,
    BrainstormIdea,
    Goal,
    MockRoundtable,
    Phase,
    Role,
)
from simulations.services import plans, roundtables
from tests.simulations.conftest import add_step, seat

pytestmark = pytest.mark.django_db


def url(roundtable, name=""):
    return f"/roundtables/{roundtable.pk}/{name}"


# --- The roundtables home, starting and assigning --------------------------------


@pytest.mark.parametrize("persona", ["trainee", "co_trainer", "staff"])
def test_trainees_co_trainers_and_staff_open_the_roundtables_home(
    request, client_for, library, persona
):
    response = client_for(request.getfixturevalue(persona)).get("/roundtables/")

    assert response.status_code == HTTPStatus.OK
    assert ("Start on a sample case" in response.text) == (persona == "trainee")


@pytest.mark.parametrize("persona", ["editor", "outsider"])
def test_people_without_a_training_role_are_refused_the_home(
    request, client_for, persona
):
    response = client_for(request.getfixturevalue(persona)).get("/roundtables/")

    assert response.status_code == HTTPStatus.FORBIDDEN


def test_anonymous_visitors_are_sent_to_log_in(client, start):
    roundtable = start()

    for path in ("/roundtables/", url(roundtable), url(roundtable, "report/")):
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND
        assert response.url.startswith("/accounts/login/")


def test_a_trainee_starts_a_roundtable_on_a_case(client_for, trainee, jordan):
    response = client_for(trainee).post("/roundtables/start/", {"case": jordan.pk})

    roundtable = MockRoundtable.objects.get()
    assert response.url == url(roundtable)
    assert roundtable.facilitator == trainee
    assert roundtable.state == Phase.SCHEDULED


def test_a_draft_or_unknown_case_cannot_be_started(client_for, trainee, jordan):
    jordan.live = False
    jordan.save()

    for case in (jordan.pk, 999, "x"):
        client_for(trainee).post("/roundtables/start/", {"case": case})

    assert not MockRoundtable.objects.exists()


def test_a_co_trainer_assigns_a_roundtable_to_a_member_of_their_cohort(
    client_for, co_trainer, trainee, cohort, jordan
):
    response = client_for(co_trainer).post(
        "/roundtables/assign/",
        {"case": jordan.pk, "cohort": cohort.pk, "facilitator": trainee.pk},
    )

    roundtable = MockRoundtable.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert (roundtable.facilitator, roundtable.cohort) == (trainee, cohort)
    assert roundtable.created_by == co_trainer


def test_a_co_trainer_cannot_assign_outside_the_cohorts_they_lead(
    client_for, co_trainer, user_factory, cohort_factory, cohort, jordan
):
    stranger = user_factory(role="Trainee")
    other_pair = (user_factory(role="Co-trainer"), user_factory(role="Co-trainer"))
    other = cohort_factory(trainers=other_pair, members=[stranger], name="South")

    attempts = [
        {"case": jordan.pk, "cohort": cohort.pk, "facilitator": stranger.pk},
        {"case": jordan.pk, "cohort": other.pk, "facilitator": stranger.pk},
        {"case": jordan.pk, "cohort": "", "facilitator": stranger.pk},
    ]
    for data in attempts:
        response = client_for(co_trainer).post("/roundtables/assign/", data)
        assert response.status_code == HTTPStatus.BAD_REQUEST

    assert not MockRoundtable.objects.exists()


def test_program_staff_assign_to_any_trainee_by_email(
    client_for, staff, trainee, outsider, jordan
):
    client = client_for(staff)

    unknown = client.post(
        "/roundtables/assign/",
        {"case": jordan.pk, "cohort": "", "facilitator": outsider.email},
    )
    known = client.post(
        "/roundtables/assign/",
        {"case": jordan.pk, "cohort": "", "facilitator": trainee.email.upper()},
    )

    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert "Nobody with the trainee role has that address" in unknown.text
    assert known.status_code == HTTPStatus.FOUND
    roundtable = MockRoundtable.objects.get()
    assert (roundtable.facilitator, roundtable.cohort) == (trainee, None)


def test_trainees_cannot_assign(client_for, trainee):
    assert client_for(trainee).get("/roundtables/assign/").status_code == 403


# --- Who may open a session ---------------------------------------------------------


@pytest.fixture
def cohort_roundtable(start, cohort, trainee, trainee2):
    """trainee facilitates for the North cohort; trainee2 sits as the scribe."""
    roundtable = start(cohort=cohort)
    roundtables.participants_set(
        roundtable=roundtable,
        seats=[
            {"role": Role.SCRIBE, "user": trainee2, "name": ""},
            {"role": Role.CASE_WORKER, "user": None, "name": ""},
            {"role": Role.YOUTH, "user": None, "name": ""},
        ],
        by=trainee,
    )
    return roundtable


@pytest.mark.parametrize(
    "persona", ["trainee", "trainee2", "co_trainer", "lived_trainer", "staff"]
)
def test_the_facilitator_participants_co_trainers_and_staff_open_a_session(
    request, client_for, cohort_roundtable, persona
):
    user = request.getfixturevalue(persona)

    response = client_for(user).get(url(cohort_roundtable))

    assert response.status_code == HTTPStatus.OK
    assert "Jordan, 17" in response.text


def test_co_trainers_see_their_members_own_sessions_too(
    client_for, start, cohort, co_trainer
):
    roundtable = start()  # started by the trainee alone, no cohort on it

    assert client_for(co_trainer).get(url(roundtable)).status_code == HTTPStatus.OK


def test_others_are_told_the_session_does_not_exist(
    client_for, user_factory, cohort_factory, cohort_roundtable, outsider, editor
):
    other_trainee = user_factory(role="Trainee")
    other_pair = (user_factory(role="Co-trainer"), user_factory(role="Co-trainer"))
    cohort_factory(trainers=other_pair, members=[other_trainee], name="South")

    for user in (other_trainee, other_pair[0], outsider, editor):
        client = client_for(user)
        for path in ("", "state/", "live/", "plan/", "report/", "phase/welcome/"):
            response = client.get(url(cohort_roundtable, path))
            assert response.status_code == HTTPStatus.NOT_FOUND, (user, path)
        response = client.post(
            url(cohort_roundtable, "advance/"), {"phase": "scheduled"}
        )
        assert response.status_code == HTTPStatus.NOT_FOUND

    assert MockRoundtable.objects.get().state == Phase.SCHEDULED


def test_only_the_facilitator_advances_phases(
    client_for, cohort_roundtable, trainee2, co_trainer, staff
):
    for user in (trainee2, co_trainer, staff):
        response = client_for(user).post(
            url(cohort_roundtable, "advance/"), {"phase": "scheduled"}
        )
        assert response.status_code == HTTPStatus.FORBIDDEN

    assert MockRoundtable.objects.get().state == Phase.SCHEDULED


def test_the_scribe_records_ideas_but_other_seats_only_watch(
    client_for, cohort_roundtable, play, trainee2, user_factory, cohort
):
    roundtable = play(cohort_roundtable, Phase.BRAINSTORM)
    idea = {"question_number": 2, "text": "Ask Dana directly", "offered_by": ""}

    assert client_for(trainee2).post(url(roundtable, "ideas/"), idea).status_code == 302
    member = user_factory(role="Trainee")
    cohort.memberships.create(user=member)
    roundtable.participants.create(role=Role.SUPERVISOR, user=member)
    assert client_for(member).post(url(roundtable, "ideas/"), idea).status_code == 403

    assert BrainstormIdea.objects.filter(text="Ask Dana directly").count() == 1


# --- Moving through the phases -------------------------------------------------------


def test_the_facilitator_begins_and_advances_by_naming_the_current_phase(
    client_for, trainee, start
):
    roundtable = start()
    client = client_for(trainee)

    client.post(url(roundtable, "advance/"), {"phase": "scheduled"})
    response = client.post(url(roundtable, "advance/"), {"phase": "welcome"})

    assert response.url == url(roundtable)
    assert MockRoundtable.objects.get().state == Phase.PRESENT


def test_skipping_a_phase_by_post_or_url_is_refused(client_for, trainee, start, play):
    roundtable = play(start(), Phase.PRESENT)
    client = client_for(trainee)

    skip = client.post(url(roundtable, "advance/"), {"phase": "brainstorm"})
    ahead = client.get(url(roundtable, "phase/plan/"))
    unknown = client.post(url(roundtable, "advance/"), {"phase": "nirvana"})

    assert skip.status_code == HTTPStatus.CONFLICT
    assert "already in Present the Case" in skip.text
    assert ahead.status_code == HTTPStatus.CONFLICT
    assert "has not started yet" in ahead.text
    assert unknown.status_code == HTTPStatus.BAD_REQUEST
    assert client.get(url(roundtable, "phase/nirvana/")).status_code == 404
    assert MockRoundtable.objects.get().state == Phase.PRESENT


def test_a_played_phase_can_be_looked_back_at_read_only(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.CLARIFY)

    response = client_for(trainee).get(url(roundtable, "phase/welcome/"))

    assert response.status_code == HTTPStatus.OK
    assert "You are looking back at Welcome and Overview" in response.text
    assert 'name="items"' not in response.text  # no checklist form on a past phase


def test_clarify_will_not_close_without_the_exit_criteria(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.CLARIFY)

    response = client_for(trainee).post(
        url(roundtable, "advance/"), {"phase": "clarify"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Record the exit criteria" in response.text
    assert MockRoundtable.objects.get().state == Phase.CLARIFY


def test_asking_a_question_reveals_its_answer(client_for, trainee, start, play, jordan):
    roundtable = play(start(), Phase.CLARIFY)
    question = jordan.question_bank[1]
    client = client_for(trainee)

    before = client.get(url(roundtable)).text
    client.post(url(roundtable, "ask/"), {"question": question.id})
    after = client.get(url(roundtable)).text

    assert question.value["answer"][:40] not in before
    assert question.value["answer"][:40] in after
    tampered = client.post(url(roundtable, "ask/"), {"question": "not-a-question"})
    assert tampered.status_code == HTTPStatus.BAD_REQUEST


def test_bad_exit_criteria_are_explained_on_the_form(client_for, trainee, start, play):
    roundtable = play(start(), Phase.CLARIFY)

    response = client_for(trainee).post(
        url(roundtable, "exit-criteria/"),
        {
            "rating": "fair",
            "rating_no_consultation": "on",
            "goal_of_record": "adoption",
            "concurrent_goal_of_record": "none",
            "youth_last_asked": "Last month",
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "no consultation required" in response.text
    assert "Give the date of the last full disclosure" in response.text
    roundtable.plan.refresh_from_db()
    assert not roundtable.plan.rating


@pytest.mark.parametrize("number", ["6", "0", "x"])
def test_an_idea_for_a_sixth_question_is_refused_over_http(
    client_for, trainee, start, play, number
):
    roundtable = play(start(), Phase.BRAINSTORM)

    response = client_for(trainee).post(
        url(roundtable, "ideas/"), {"question_number": number, "text": "More"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "five key questions" in response.text
    assert not BrainstormIdea.objects.exists()


def test_a_step_due_after_six_months_is_refused_with_the_last_allowed_date(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.PLAN)
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=trainee,
    )
    latest = rules.latest_target_date(roundtable.roundtable_date)

    response = client_for(trainee).post(
        url(roundtable, "steps/"),
        {
            "description": "Ask Dana",
            "responsible": seat(roundtable, Role.CASE_WORKER).pk,
            "target_date": (latest + timedelta(days=1)).isoformat(),
            "goal_type": "primary",
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "six months after the roundtable" in response.text
    assert not ActionStep.objects.exists()


def with_a_step(roundtable):
    plans.plan_goals_set(
        roundtable=roundtable,
        recommended_goal=Goal.GUARDIANSHIP,
        recommended_concurrent_goal=Goal.ADOPTION,
        by=roundtable.facilitator,
    )
    add_step(roundtable)
    return roundtable


def test_steps_are_edited_and_deleted_only_within_their_own_session(
    client_for, trainee, trainee2, start, play, jordan
):
    roundtable = with_a_step(play(start(), Phase.PLAN))
    step = roundtable.plan.steps.first()
    theirs = with_a_step(play(start(facilitator=trainee2), Phase.PLAN))
    client = client_for(trainee)

    edit = client.get(url(roundtable, f"steps/{step.pk}/"))
    saved = client.post(
        url(roundtable, f"steps/{step.pk}/"),
        {
            "description": "Meet Dana this week",
            "responsible": step.responsible_id,
            "target_date": step.target_date.isoformat(),
            "goal_type": "primary",
        },
    )
    foreign = theirs.plan.steps.first()
    across = client.post(url(roundtable, f"steps/{foreign.pk}/delete/"))

    assert edit.status_code == HTTPStatus.OK
    assert saved.status_code == HTTPStatus.FOUND
    assert ActionStep.objects.get(pk=step.pk).description == "Meet Dana this week"
    assert across.status_code == HTTPStatus.NOT_FOUND
    assert ActionStep.objects.filter(pk=foreign.pk).exists()
    client.post(url(roundtable, f"steps/{step.pk}/delete/"))
    assert not ActionStep.objects.filter(pk=step.pk).exists()


def test_a_finished_roundtable_is_read_only(client_for, trainee, start, play):
    roundtable = play(start(), Phase.COMPLETED)
    step = roundtable.plan.steps.first()
    client = client_for(trainee)

    posts = {
        "debrief/": {"reflections": "Rewritten"},
        f"steps/{step.pk}/delete/": {},
        "advance/": {"phase": "completed"},
    }
    for path, data in posts.items():
        response = client.post(url(roundtable, path), data)
        assert response.status_code in (400, 409), path
        assert "finished" in response.text

    roundtable.refresh_from_db()
    assert roundtable.debrief_reflections == "Dana is the case."
    assert ActionStep.objects.filter(pk=step.pk).exists()


def test_the_report_waits_for_the_end_and_then_compares_with_the_answer_key(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.FOLLOW_UP)
    client = client_for(trainee)

    early = client.get(url(roundtable, "report/"))
    play(roundtable, Phase.COMPLETED)
    report = client.get(url(roundtable, "report/"))

    assert early.status_code == HTTPStatus.CONFLICT
    assert "Teaching notes" not in early.text
    assert report.status_code == HTTPStatus.OK
    assert "Status rating matches the answer key" in report.text
    assert "Teaching notes" in report.text


def test_the_printable_plan_opens_from_phase_five(client_for, trainee, start, play):
    roundtable = play(start(), Phase.BRAINSTORM)
    client = client_for(trainee)

    assert client.get(url(roundtable, "plan/")).status_code == HTTPStatus.CONFLICT
    play(roundtable, Phase.PLAN)
    response = client.get(url(roundtable, "plan/"))
    assert response.status_code == HTTPStatus.OK
    assert "Permanency Action Plan" in response.text


def test_the_checklist_saves_for_the_script_and_for_a_plain_form(
    client_for, trainee, start, play
):
    roundtable = play(start(), Phase.WELCOME)
    client = client_for(trainee)

    fetched = client.post(
        url(roundtable, "checklist/"),
        {"phase": "welcome", "items": ["0", "3"]},
        headers={"X-Requested-With": "fetch"},
    )
    plain = client.post(
        url(roundtable, "checklist/"), {"phase": "welcome", "items": "1"}
    )
    other_phase = client.post(
        url(roundtable, "checklist/"), {"phase": "plan", "items": "1"}
    )

    assert fetched.json() == {"saved": True}
    assert plain.status_code == HTTPStatus.FOUND
    assert other_phase.status_code == HTTPStatus.BAD_REQUEST
    assert set(roundtable.ticks.values_list("item", flat=True)) == {1}


def test_the_state_endpoint_tells_pages_when_to_refresh(
    client_for, trainee2, cohort_roundtable, play
):
    roundtable = play(cohort_roundtable, Phase.BRAINSTORM)
    client = client_for(trainee2)

    before = client.get(url(roundtable, "state/")).json()
    plans.idea_add(
        roundtable=roundtable, question_number=1, text="Call Dana", by=trainee2
    )
    after = client.get(url(roundtable, "state/")).json()
    fragment = client.get(url(roundtable, "live/")).text

    assert before["state"] == after["state"] == "brainstorm"
    assert after["version"] == before["version"] + 1
    assert 'data-live="board"' in fragment and "Call Dana" in fragment


def test_participants_are_seated_from_the_cohort_only(
    client_for, cohort_roundtable, co_trainer, user_factory
):
    stranger = user_factory(role="Trainee")
    data = {
        "seats-TOTAL_FORMS": "1",
        "seats-INITIAL_FORMS": "0",
        "seats-0-role": "scribe",
        "seats-0-member": str(stranger.pk),
        "seats-0-name": "",
    }

    response = client_for(co_trainer).post(url(cohort_roundtable, "seats/"), data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert cohort_roundtable.participants.filter(user=stranger).count() == 0
    assert cohort_roundtable.participants.filter(role=Role.SCRIBE).exists()


def test_a_plan_step_needs_the_goals_first(client_for, trainee, start, play):
    roundtable = play(start(), Phase.PLAN)

    response = client_for(trainee).post(
        url(roundtable, "steps/"),
        {
            "description": "x",
            "responsible": seat(roundtable, Role.CASE_WORKER).pk,
            "target_date": roundtable.roundtable_date.isoformat(),
            "goal_type": "primary",
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "before adding steps" in response.text
    assert not ActionStep.objects.exists()
