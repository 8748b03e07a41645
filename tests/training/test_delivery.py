"""The co-trained day: printable material for the right people, and a session run
segment by segment with its timings kept."""

import csv
import io
from datetime import datetime, timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.training.conftest import plan_course
from training.models import Attendance, SegmentTiming
from training.services import cohorts as cohort_services
from training.services.delivery import segment_advance

pytestmark = pytest.mark.django_db

NINE = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def _url(cohort, session, tail):
    return f"/cohorts/{cohort.pk}/sessions/{session.pk}/{tail}"


# --- Printable material -------------------------------------------------------------


def test_the_pair_and_staff_download_the_trainers_guide(
    client_for, day_cohort, co_trainer, lived_trainer, staff
):
    for person in (co_trainer, lived_trainer, staff):
        response = client_for(person).get(
            f"/learn/courses/{day_cohort.course_id}/trainer-guide.pdf?start=09:00"
        )
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response.content.count(b"/Type /Page\n") >= 4


def test_participants_and_other_trainers_may_not_have_the_trainers_guide(
    client, client_for, day_cohort, site_root, trainee, user_factory, staff
):
    other_pair = [
        user_factory(role="Co-trainer"),
        user_factory(role="Co-trainer", has_lived_experience=True),
    ]
    other_course = plan_course(site_root)
    cohort_services.cohort_create(
        course=other_course,
        name="Elsewhere",
        kind="course",
        child_welfare_trainer=other_pair[0],
        lived_experience_trainer=other_pair[1],
        created_by=staff,
    )
    url = f"/learn/courses/{day_cohort.course_id}/trainer-guide.pdf"

    assert client_for(trainee).get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(other_pair[0]).get(url).status_code == HTTPStatus.FORBIDDEN
    assert (
        client_for(trainee)
        .get(f"/learn/courses/{day_cohort.course_id}/run-sheet.csv")
        .status_code
        == HTTPStatus.FORBIDDEN
    )
    client.logout()
    assert client.get(url).status_code == HTTPStatus.FOUND


def test_the_run_sheet_gives_clock_times_from_the_chosen_start(
    client_for, day_cohort, co_trainer
):
    response = client_for(co_trainer).get(
        f"/learn/courses/{day_cohort.course_id}/run-sheet.csv?start=08:30"
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["Start", "End", "Module", "Segment"]
    assert [r[0] for r in rows[1:]] == ["08:30", "08:45", "09:05", "09:15", "09:40"]
    assert rows[3][7] == "no"  # the break is listed, not counted


def test_a_bad_start_time_falls_back_to_nine(client_for, day_cohort, co_trainer):
    response = client_for(co_trainer).get(
        f"/learn/courses/{day_cohort.course_id}/run-sheet.csv?start=%3Dcmd"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][0] == "09:00"


def test_the_workbook_teaches_the_programs_own_five_questions(
    client_for, day_cohort, trainee, outsider, monkeypatch
):
    from simulations.program import program_settings

    settings = program_settings()
    settings.question_2 = "What have we never tried?"
    settings.save()
    seen = {}

    def spy(**kwargs):
        seen.update(kwargs)
        return b"%PDF-1.4 stub"

    monkeypatch.setattr("simulations.views.workbook.workbook_pdf", spy)
    url = f"/roundtables/courses/{day_cohort.course_id}/workbook.pdf"

    assert client_for(trainee).get(url).status_code == HTTPStatus.OK
    assert seen["questions"][1] == "What have we never tried?"
    assert seen["questions"] == settings.brainstorm_questions()
    assert [m for _name, m in seen["phases"]] == [5, 20, 15, 25, 35, 20]
    assert client_for(outsider).get(url).status_code == HTTPStatus.FORBIDDEN


def test_the_real_workbook_is_a_pdf_of_handouts(client_for, day_cohort, trainee):
    response = client_for(trainee).get(
        f"/roundtables/courses/{day_cohort.course_id}/workbook.pdf"
    )
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") >= 5


# --- Session runner -----------------------------------------------------------------


def test_the_pair_run_a_session_and_each_segment_is_timed(
    day_session, co_trainer, lived_trainer, time_machine
):
    time_machine.move_to(NINE, tick=False)
    assert (
        segment_advance(session=day_session, actor=co_trainer, expected_position=-1)
        == 0
    )
    time_machine.move_to(NINE + timedelta(minutes=17), tick=False)
    segment_advance(session=day_session, actor=lived_trainer, expected_position=0)

    first, second = SegmentTiming.objects.filter(session=day_session)
    assert (first.title, first.actual_seconds) == ("Welcome", 17 * 60)
    assert (second.title, second.lead, second.ended_at) == (
        "Story",
        "lived_experience",
        None,
    )


def test_a_stale_page_cannot_advance_twice(day_session, co_trainer, lived_trainer):
    segment_advance(session=day_session, actor=co_trainer, expected_position=-1)

    with pytest.raises(ValidationError):
        segment_advance(session=day_session, actor=lived_trainer, expected_position=-1)
    assert SegmentTiming.objects.filter(session=day_session).count() == 1


def test_only_the_pair_or_staff_may_advance(day_session, trainee, user_factory):
    for person in (trainee, user_factory(role="Co-trainer")):
        with pytest.raises(PermissionDenied):
            segment_advance(session=day_session, actor=person, expected_position=-1)
    assert not SegmentTiming.objects.exists()


def test_the_session_ends_after_the_last_segment(day_session, co_trainer):
    for position in range(-1, 5):
        segment_advance(
            session=day_session, actor=co_trainer, expected_position=position
        )

    assert not SegmentTiming.objects.filter(ended_at__isnull=True).exists()
    with pytest.raises(ValidationError):
        segment_advance(session=day_session, actor=co_trainer, expected_position=5)


def test_runner_page_shows_current_lead_time_left_overrun_and_next(
    client_for, day_cohort, day_session, co_trainer, time_machine
):
    time_machine.move_to(NINE, tick=False)
    client = client_for(co_trainer)
    client.post(_url(day_cohort, day_session, "run/advance/"), {"position": "-1"})
    client.post(_url(day_cohort, day_session, "run/advance/"), {"position": "0"})
    time_machine.move_to(NINE + timedelta(minutes=23), tick=False)

    page = client.get(_url(day_cohort, day_session, "run/")).content.decode()

    assert "Story" in page and "Trainer with lived experience" in page
    assert "Over by 3:00" in page
    assert "Next: Break" in page
    assert "Secret trainer note." in page


def test_bad_advance_input_changes_nothing(
    client_for, day_cohort, day_session, co_trainer
):
    response = client_for(co_trainer).post(
        _url(day_cohort, day_session, "run/advance/"), {"position": "soon"}, follow=True
    )
    assert "nothing changed" in response.content.decode()
    assert not SegmentTiming.objects.exists()


def test_the_room_sees_only_the_participants_prompt(
    client_for, day_cohort, day_session, co_trainer
):
    client = client_for(co_trainer)
    for position in ("-1", "0"):
        client.post(
            _url(day_cohort, day_session, "run/advance/"), {"position": position}
        )

    state = client.get(_url(day_cohort, day_session, "room/state/")).json()
    room = client.get(_url(day_cohort, day_session, "room/")).content.decode()

    assert state["prompt"] == "Listen to the story."
    assert set(state) == {
        "position",
        "started",
        "finished",
        "title",
        "kind",
        "prompt",
        "seconds_left",
    }
    assert "Listen to the story." in room
    assert "Secret trainer note." not in room
    assert 'http-equiv="refresh"' in room  # works without JavaScript


def test_other_cohorts_co_trainers_get_404_and_trainees_403(
    client_for, day_cohort, day_session, trainee, user_factory
):
    stranger = user_factory(role="Co-trainer")
    for tail in ("run/", "room/", "room/state/"):
        url = _url(day_cohort, day_session, tail)
        assert client_for(stranger).get(url).status_code == HTTPStatus.NOT_FOUND
        assert client_for(trainee).get(url).status_code == HTTPStatus.FORBIDDEN


def test_attendance_is_taken_from_the_runner(
    client_for, day_cohort, day_session, co_trainer, trainee
):
    client_for(co_trainer).post(
        _url(day_cohort, day_session, "run/attendance/"),
        {f"member_{trainee.pk}": "present"},
    )
    assert Attendance.objects.get(session=day_session).status == "present"


def test_cohort_page_shows_how_long_each_segment_took(
    client_for, day_cohort, day_session, co_trainer, time_machine
):
    time_machine.move_to(NINE, tick=False)
    segment_advance(session=day_session, actor=co_trainer, expected_position=-1)
    time_machine.move_to(NINE + timedelta(minutes=12, seconds=30), tick=False)
    segment_advance(session=day_session, actor=co_trainer, expected_position=0)

    page = client_for(co_trainer).get(f"/cohorts/{day_cohort.pk}/").content.decode()

    assert "How long 2 segments took" in page
    assert f"/learn/courses/{day_cohort.course_id}/trainer-guide.pdf" in page
    assert "12:30" in page and "running" in page


def test_runner_and_cohort_pages_cost_the_same_queries_as_data_grows(
    client_for,
    day_cohort,
    day_session,
    co_trainer,
    user_factory,
    django_assert_max_num_queries,
):
    client = client_for(co_trainer)
    run_url = _url(day_cohort, day_session, "run/")
    segment_advance(session=day_session, actor=co_trainer, expected_position=-1)
    client.get(run_url)
    with django_assert_max_num_queries(60) as small_run:
        client.get(run_url)
    with django_assert_max_num_queries(60) as small_detail:
        client.get(f"/cohorts/{day_cohort.pk}/")

    for position in range(0, 3):
        segment_advance(
            session=day_session, actor=co_trainer, expected_position=position
        )
    for _ in range(5):
        cohort_services.cohort_member_add(
            cohort=day_cohort, user=user_factory(role="Trainee")
        )

    with django_assert_max_num_queries(len(small_run.captured_queries)):
        client.get(run_url)
    with django_assert_max_num_queries(len(small_detail.captured_queries)):
        client.get(f"/cohorts/{day_cohort.pk}/")


@pytest.mark.parametrize(
    ("correct", "total", "mark", "needed", "score"),
    [
        (3, 4, 80, 3, 75),
        (4, 5, 80, 4, 80),
        (2, 3, 67, 2, 67),
        (1, 2, 80, 2, 50),
        (9, 10, 100, 10, 90),
        (0, 1, 1, 1, 0),
    ],
)
def test_check_rules_round_scores_and_questions_to_the_nearest(
    correct, total, mark, needed, score
):
    from training.rules import questions_needed, score_percent

    assert questions_needed(total, mark) == needed
    assert score_percent(correct, total) == score


def test_the_room_state_costs_the_same_queries_as_the_day_goes_on(
    client_for, day_cohort, day_session, co_trainer, django_assert_max_num_queries
):
    client = client_for(co_trainer)
    url = _url(day_cohort, day_session, "room/state/")
    segment_advance(session=day_session, actor=co_trainer, expected_position=-1)
    client.get(url)
    with django_assert_max_num_queries(30) as early:
        client.get(url)
    for position in range(0, 4):
        segment_advance(
            session=day_session, actor=co_trainer, expected_position=position
        )

    with django_assert_max_num_queries(len(early.captured_queries)):
        assert client.get(url).json()["finished"] is False


def test_a_role_play_segment_shows_every_seat_brief_to_the_trainers(
    client_for, day_cohort, day_session, co_trainer
):
    for position in range(-1, 4):
        segment_advance(
            session=day_session, actor=co_trainer, expected_position=position
        )

    page = client_for(co_trainer).get(_url(day_cohort, day_session, "run/"))
    room = client_for(co_trainer).get(_url(day_cohort, day_session, "room/"))

    assert "Role-play briefs: Jordan initial" in page.content.decode()
    assert "Brief for youth." in page.content.decode()
    assert "Agree a break signal." in page.content.decode()
    assert "End the session" in page.content.decode()
    assert "Brief for youth." not in room.content.decode()
