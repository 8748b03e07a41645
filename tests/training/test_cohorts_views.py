"""Cohort pages: who may open each one, what staff and co-trainers do there, and that
every page costs the same number of queries with 3 or 300 members."""

import csv
import io
import uuid
from datetime import datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.training.conftest import build_cohort, build_course, record_progress
from training.models import (
    Attendance,
    Cohort,
    CohortMembership,
    CohortSession,
    Enrolment,
    Invitation,
    KnowledgeCheckAttempt,
    LessonProgress,
)
from training.progress import course_structure
from training.roles import Role
from training.selectors.cohorts import cohort_grid
from training.services import cohorts as services
from training.services.cohort_import import cohort_import

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def course(site_root):
    return build_course(site_root, code="YCPRT", title="YCPRT Skills")


@pytest.fixture
def session(cohort):
    start = timezone.now() + timedelta(days=7)
    return services.session_create(
        cohort=cohort,
        title="Day 1",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Room B",
    )


@pytest.fixture
def members(cohort, trainee, trainee2):
    for person in (trainee, trainee2):
        services.cohort_member_add(cohort=cohort, user=person)
    return [trainee, trainee2]


# --- Who may open what ----------------------------------------------------------------

VIEWERS = {
    "staff": 200,
    "leader": 200,
    "other_co_trainer": 404,
    "trainee": 403,
    "outsider": 403,
    "anonymous": 302,
}
STAFF_ONLY = {**VIEWERS, "leader": 403, "other_co_trainer": 403}
PAGES = {
    "list": ("/cohorts/", {**VIEWERS, "other_co_trainer": 200}),
    "create": ("/cohorts/new/", STAFF_ONLY),
    "detail": ("/cohorts/{c}/", VIEWERS),
    "edit": ("/cohorts/{c}/edit/", STAFF_ONLY),
    "grid": ("/cohorts/{c}/grid/", VIEWERS),
    "import": ("/cohorts/{c}/import/", STAFF_ONLY),
    "export": ("/cohorts/{c}/export.csv", STAFF_ONLY),
    "session-new": ("/cohorts/{c}/sessions/new/", STAFF_ONLY),
    "session-edit": ("/cohorts/{c}/sessions/{s}/edit/", STAFF_ONLY),
    "attendance": ("/cohorts/{c}/sessions/{s}/attendance/", VIEWERS),
}


@pytest.fixture
def persona(request, client, staff, co_trainer, trainee, outsider, user_factory):
    people = {
        "staff": staff,
        "leader": co_trainer,
        "other_co_trainer": user_factory(role=Role.CO_TRAINER),
        "trainee": trainee,
        "outsider": outsider,
    }
    who = request.param
    if who != "anonymous":
        client.force_login(people[who])
    return who


@pytest.mark.parametrize("persona", list(VIEWERS), indirect=True)
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_admits_only_its_people(
    client, persona, page, cohort, session, members
):
    """A trainee member, an outsider and a co-trainer of another cohort are all
    turned away; the anonymous go to log in. POST is held to the same rules."""
    path, expected = PAGES[page]
    url = path.format(c=cohort.pk, s=session.pk)

    response = client.get(url)

    assert response.status_code == expected[persona]
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/")
    if expected[persona] != 200:
        assert client.post(url, {}).status_code == expected[persona]
    assert Cohort.objects.count() == 1
    assert not Attendance.objects.exists()


def test_an_unknown_cohort_or_a_session_of_another_cohort_is_not_found(
    client_for, staff, cohort, session, course, co_trainer, lived_trainer
):
    other = build_cohort(
        course,
        co_trainer=co_trainer,
        lived_trainer=lived_trainer,
        staff=staff,
        name="Other",
    )
    client = client_for(staff)

    assert client.get(f"/cohorts/{cohort.pk + 999}/").status_code == 404
    for suffix in ("attendance/", "edit/"):
        url = f"/cohorts/{other.pk}/sessions/{session.pk}/{suffix}"
        assert client.get(url).status_code == 404


def test_a_co_trainer_lists_only_the_cohorts_they_lead(
    client_for, cohort, course, staff, user_factory, lived_trainer
):
    stranger = user_factory(role=Role.CO_TRAINER, full_name="Stran Ger")
    build_cohort(
        course,
        co_trainer=stranger,
        lived_trainer=lived_trainer,
        staff=staff,
        name="South cohort",
    )

    mine = client_for(stranger).get("/cohorts/").content.decode()
    everyone = client_for(staff).get("/cohorts/").content.decode()

    assert "South cohort" in mine and "North cohort" not in mine
    assert "South cohort" in everyone and "North cohort" in everyone
    assert "New cohort" in everyone and "New cohort" not in mine


# --- Staff create and run cohorts -----------------------------------------------------


def test_staff_create_a_cohort_from_the_form(
    client_for, staff, course, co_trainer, lived_trainer
):
    form = client_for(staff).get("/cohorts/new/").content.decode()
    assert lived_trainer.email in form

    response = client_for(staff).post(
        "/cohorts/new/",
        {
            "name": "East cohort",
            "kind": Cohort.Kind.COURSE,
            "course": course.pk,
            "child_welfare_trainer": co_trainer.pk,
            "lived_experience_trainer": lived_trainer.pk,
            "region": "East",
        },
    )

    cohort = Cohort.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/cohorts/{cohort.pk}/"
    assert (cohort.created_by, cohort.region) == (staff, "East")


@pytest.mark.parametrize("problem", ["same-person", "no-lived-experience", "tampered"])
def test_a_bad_pair_is_explained_and_creates_nothing(
    client_for, staff, course, co_trainer, lived_trainer, trainee, problem
):
    pair = {
        "same-person": (lived_trainer.pk, lived_trainer.pk),
        "no-lived-experience": (lived_trainer.pk, co_trainer.pk),
        "tampered": (trainee.pk, lived_trainer.pk),
    }[problem]
    response = client_for(staff).post(
        "/cohorts/new/",
        {
            "name": "East cohort",
            "kind": Cohort.Kind.COURSE,
            "course": course.pk,
            "child_welfare_trainer": pair[0],
            "lived_experience_trainer": pair[1],
        },
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors
    assert not Cohort.objects.exists()


def test_the_detail_page_shows_members_sessions_and_pending_invitations(
    client_for, staff, co_trainer, cohort, session, members
):
    cohort_import(
        cohort=cohort,
        data=b"email,name,agency,region\nnew@example.org,Nia New,,\n",
        invited_by=staff,
    )

    for_staff = client_for(staff).get(f"/cohorts/{cohort.pk}/").content.decode()
    for_leader = client_for(co_trainer).get(f"/cohorts/{cohort.pk}/").content.decode()

    for page in (for_staff, for_leader):
        assert "Tess Trainee" in page and "Theo Trainee" in page
        assert "Day 1" in page and "Room B" in page
        assert f"/cohorts/{cohort.pk}/grid/" in page
        assert f"/sessions/{session.pk}/attendance/" in page
    assert "new@example.org" in for_staff and "new@example.org" not in for_leader
    assert "/import/" in for_staff and "/import/" not in for_leader


def test_staff_add_a_session_in_the_program_time_zone(client_for, staff, cohort):
    response = client_for(staff).post(
        f"/cohorts/{cohort.pk}/sessions/new/",
        {
            "title": "Day 1",
            "date": "2030-01-15",
            "starts": "09:00",
            "ends": "12:30",
            "online_url": "https://meet.example.org/day-1",
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    session = CohortSession.objects.get()
    zone = ZoneInfo(settings.TIME_ZONE)
    assert session.starts_at == datetime(2030, 1, 15, 9, 0, tzinfo=zone)
    assert session.ends_at == datetime(2030, 1, 15, 12, 30, tzinfo=zone)


def test_staff_edit_a_session_from_a_prefilled_form(client_for, staff, session):
    client = client_for(staff)
    url = f"/cohorts/{session.cohort_id}/sessions/{session.pk}/edit/"
    form = client.get(url).context["form"]
    assert form["place"].value() == "Room B"

    data = {name: form[name].value() for name in form.fields}
    client.post(url, {**data, "place": "Room C", "ends": "23:59"})

    session.refresh_from_db()
    assert session.place == "Room C"
    assert timezone.localtime(session.ends_at).strftime("%H:%M") == "23:59"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ends": "08:00"}, "ends"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "not a link", "place": ""}, "online_url"),
        ({"date": "2030-02-31"}, "date"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_session_is_explained_and_saves_nothing(
    client_for, staff, cohort, change, field
):
    data = {
        "title": "Day 1",
        "date": "2030-01-15",
        "starts": "09:00",
        "ends": "12:00",
        "place": "Room B",
    }
    response = client_for(staff).post(
        f"/cohorts/{cohort.pk}/sessions/new/", {**data, **change}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.context["form"].errors
    assert not CohortSession.objects.exists()


# --- CSV import through the page ------------------------------------------------------


def upload(content: bytes, name="people.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_staff_import_a_file_and_see_a_summary(
    client_for, staff, cohort, trainee, django_capture_on_commit_callbacks
):
    content = (
        "email,name,agency,region\n"
        f"{trainee.email},Tess Trainee,Cedar,North\n"
        "ana@example.org,Ana Ruiz,Maple,South\n"
    ).encode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(staff).post(
            f"/cohorts/{cohort.pk}/import/", {"file": upload(content)}
        )

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "1 enrolled now, 1 invited by email" in page
    assert "Ana Ruiz" in page and "Tess Trainee" in page
    assert list(cohort.members.all()) == [trainee]
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_a_bad_file_shows_every_problem_by_row_and_imports_nobody(
    client_for, staff, cohort
):
    content = (
        b"email,name,agency,region\n"
        b"ok@example.org,Ok Person,,\n"
        b"broken-address,Bad Email,,\n"
        b"ok@example.org,Twice,,\n"
    )

    response = client_for(staff).post(
        f"/cohorts/{cohort.pk}/import/", {"file": upload(content)}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "Nobody was imported" in page
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (3, "email"),
        (4, "email"),
    ]
    assert "is not a valid email address" in page
    assert "already on row 2" in page
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_a_nul_in_a_cell_is_reported_by_row_and_column_and_stores_nothing(
    client_for, staff, cohort
):
    content = b"email,name,agency,region\nok@example.org,N\x00ul,,\nb\x00@x.org,B,,\n"

    response = client_for(staff).post(
        f"/cohorts/{cohort.pk}/import/", {"file": upload(content)}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [(e.row, e.column) for e in response.context["row_errors"]] == [
        (2, "name"),
        (3, "email"),
    ]
    assert "control character" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"file": upload("email,name\nzoë@x.org,Zoë\n".encode("cp1252"))}, "UTF-8"),
        ({"file": upload(b"a" * 1_000_001)}, "larger than 1 MB"),
        ({"file": upload(b"")}, "empty"),
        ({}, "This field is required"),
    ],
    ids=["not-utf-8", "huge", "empty", "no-file"],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(
    client_for, staff, cohort, data, message
):
    response = client_for(staff).post(f"/cohorts/{cohort.pk}/import/", data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Invitation.objects.exists()


# --- Progress: grid and export --------------------------------------------------------


def add_members(cohort, count, *, start=0):
    """``count`` enrolled trainees with some progress each, made in bulk."""
    users = User.objects.bulk_create(
        User(
            email=f"member{n}@example.org",
            full_name=f"Member {n:04d}",
            agency="Cedar County",
            region="North",
        )
        for n in range(start, start + count)
    )
    CohortMembership.objects.bulk_create(
        CohortMembership(cohort=cohort, user=user) for user in users
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=user, course_id=cohort.course_id, cohort=cohort)
        for user in users
    )
    structure = course_structure(cohort.course)
    for enrolment in enrolments:
        record_progress(enrolment, structure)
    return users


def test_the_grid_shows_each_members_progress_and_check_results(
    client_for, co_trainer, cohort, members
):
    trainee, trainee2 = members
    structure = course_structure(cohort.course)
    record_progress(
        Enrolment.objects.get(user=trainee), structure, failed_scores=(40, 60)
    )

    response = client_for(co_trainer).get(f"/cohorts/{cohort.pk}/grid/")

    assert response.status_code == HTTPStatus.OK
    rows = {row.member: row for row in response.context["grid"].rows}
    tess = rows[trainee].summary.modules
    assert (tess[0].lessons_done, tess[0].check_status) == (2, "passed")
    assert (tess[1].check_status, tess[1].best_score) == ("failed", 60)
    assert rows[trainee2].summary.modules[0].check_status == "not_started"
    page = response.content.decode()
    assert "2 of 2 lessons" in page and "best 60%" in page
    assert "Not started" in page
    assert 'role="region"' in page and "<caption" in page
    assert 'scope="row"' in page and 'scope="col"' in page


def read_export(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_export_has_one_row_per_member_with_module_progress(
    client_for, staff, cohort, members
):
    trainee, _ = members
    record_progress(
        Enrolment.objects.get(user=trainee), course_structure(cohort.course)
    )

    rows = read_export(client_for(staff).get(f"/cohorts/{cohort.pk}/export.csv"))

    header, *people = rows
    assert header == [
        "Name",
        "Email",
        "Agency",
        "Region",
        "Module 1 of YCPRT: lessons done",
        "Module 1 of YCPRT: knowledge check",
        "Module 2 of YCPRT: lessons done",
        "Module 2 of YCPRT: knowledge check",
        "Course percent",
        "Course completed",
    ]
    by_email = {row[1]: row for row in people}
    assert len(people) == 2
    assert by_email[trainee.email][4:] == [
        "2 of 2",
        "passed (best 100%)",
        "0 of 2",
        "not yet passed (best 50%)",
        "50",
        "",
    ]
    assert by_email[members[1].email][4:8] == [
        "0 of 2",
        "not started",
        "0 of 2",
        "not started",
    ]


def test_the_export_completion_date_is_in_the_program_time_zone(
    client_for, staff, cohort, members
):
    enrolment = Enrolment.objects.get(user=members[0])
    # 03:00 UTC on 2 March is still 1 March in Chicago.
    enrolment.completed_at = datetime(2030, 3, 2, 3, 0, tzinfo=ZoneInfo("UTC"))
    enrolment.save()

    rows = read_export(client_for(staff).get(f"/cohorts/{cohort.pk}/export.csv"))

    expected = timezone.localtime(enrolment.completed_at).date().isoformat()
    assert {row[-1] for row in rows[1:]} == {expected, ""}


@pytest.mark.parametrize(
    "name, agency, region",
    [
        ('=HYPERLINK("http://evil.example","x")', "+1+1", "@SUM(A1)"),
        ("-2+3", "\t=1", "\r=1"),
    ],
)
def test_the_export_cannot_run_formulas_in_a_spreadsheet(
    client_for, staff, cohort, trainee, name, agency, region
):
    trainee.full_name, trainee.agency, trainee.region = name, agency, region
    trainee.save()
    services.cohort_member_add(cohort=cohort, user=trainee)

    rows = read_export(client_for(staff).get(f"/cohorts/{cohort.pk}/export.csv"))

    assert rows[1][0] == "'" + name
    assert rows[1][2] == "'" + agency
    assert rows[1][3] == "'" + region
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]


# --- Attendance -----------------------------------------------------------------------


def test_a_co_trainer_takes_attendance_and_sees_it_prefilled(
    client_for, co_trainer, session, members
):
    trainee, trainee2 = members
    url = f"/cohorts/{session.cohort_id}/sessions/{session.pk}/attendance/"
    client = client_for(co_trainer)

    response = client.post(
        url, {f"member_{trainee.pk}": "present", f"member_{trainee2.pk}": "excused"}
    )
    assert response.status_code == HTTPStatus.FOUND

    form = client.get(url).context["form"]
    assert form[f"member_{trainee.pk}"].value() == "present"
    assert form[f"member_{trainee2.pk}"].value() == "excused"
    marks = Attendance.objects.filter(session=session)
    assert {m.recorded_by for m in marks} == {co_trainer}

    client.post(url, {f"member_{trainee.pk}": "absent"})
    assert dict(marks.values_list("user_id", "status")) == {
        trainee.pk: "absent",
        trainee2.pk: "excused",
    }


def test_tampered_attendance_is_refused_or_ignored(
    client_for, co_trainer, session, members, outsider
):
    trainee, _ = members
    url = f"/cohorts/{session.cohort_id}/sessions/{session.pk}/attendance/"
    client = client_for(co_trainer)

    bad = client.post(url, {f"member_{trainee.pk}": "asleep"})
    stranger = client.post(url, {f"member_{outsider.pk}": "present"})

    assert bad.status_code == HTTPStatus.BAD_REQUEST
    assert stranger.status_code == HTTPStatus.FOUND  # not a member: not a field
    assert not Attendance.objects.exists()


# --- Query counts ---------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(queries)


@pytest.mark.parametrize(
    "who, path",
    [
        ("leader", "/cohorts/{c}/grid/"),
        ("staff", "/cohorts/{c}/grid/"),
        ("staff", "/cohorts/{c}/"),
        ("staff", "/cohorts/"),
        ("staff", "/cohorts/{c}/export.csv"),
        ("leader", "/cohorts/{c}/sessions/{s}/attendance/"),
    ],
)
def test_cohort_pages_cost_the_same_queries_with_3_or_300_members(
    client_for,
    staff,
    co_trainer,
    cohort,
    session,
    who,
    path,
    django_assert_max_num_queries,
):
    client = client_for(staff if who == "staff" else co_trainer)
    url = path.format(c=cohort.pk, s=session.pk)
    add_members(cohort, 3)
    small = _count(client, url)

    add_members(cohort, 297, start=3)
    with django_assert_max_num_queries(small):
        response = client.get(url)

    assert response.status_code == HTTPStatus.OK
    assert cohort.memberships.count() == 300
    if "grid" in path:  # fifty a page; the totals count everyone
        assert response.context["grid"].member_count == 300
        assert len(response.context["grid"].rows) == 50


def test_the_grid_of_300_members_shows_fifty_a_page_with_totals_for_all(
    client_for, co_trainer, staff, cohort
):
    add_members(cohort, 300)
    client = client_for(co_trainer)

    first = client.get(f"/cohorts/{cohort.pk}/grid/")
    last = client.get(f"/cohorts/{cohort.pk}/grid/", {"page": 6})
    beyond = client.get(f"/cohorts/{cohort.pk}/grid/", {"page": "x"})

    body = first.content.decode()
    assert body.count('<th scope="row" class="cohort-grid__member">') == 50
    assert "Member 0000" in body and "Member 0050" not in body
    assert "Members 1–50 of 300" in body
    assert "<strong>300</strong> members" in body
    assert len(first.content) < 150_000
    assert "Member 0299" in last.content.decode()
    assert beyond.status_code == HTTPStatus.OK  # a bad page number shows page one
    assert "Member 0000" in beyond.content.decode()
    staff_page = client_for(staff).get(f"/cohorts/{cohort.pk}/grid/").content.decode()
    assert f"/cohorts/{cohort.pk}/export.csv" in staff_page


def test_the_grid_totals_match_the_full_grid(client_for, staff, cohort, members):
    """The page's totals come from grouped counts; they must agree with folding
    every member's progress, as the export does."""
    add_members(cohort, 120)
    structure = course_structure(cohort.course)
    for enrolment in Enrolment.objects.filter(cohort=cohort).order_by("pk")[:7]:
        for module in structure[1:]:  # finish what add_members left undone
            LessonProgress.objects.bulk_create(
                LessonProgress(
                    enrolment=enrolment, lesson_id=info.id, completed_at=timezone.now()
                )
                for info in module.lessons
            )
            KnowledgeCheckAttempt.objects.bulk_create(
                KnowledgeCheckAttempt(
                    enrolment=enrolment,
                    lesson_id=info.id,
                    submission_key=uuid.uuid4(),
                    answers={},
                    correct_count=2,
                    question_count=2,
                    score=100,
                    passed=True,
                )
                for info in module.lessons
                if info.has_check
            )
    full = cohort_grid(cohort=cohort)
    assert full.completed_count > 0  # some finished, most did not

    grid = client_for(staff).get(f"/cohorts/{cohort.pk}/grid/").context["grid"]

    assert grid.member_count == len(full.rows) == 122
    assert grid.completed_count == full.completed_count
    assert grid.average_percent == full.average_percent
