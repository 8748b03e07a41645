"""The lesson page reads the course structure, the lesson and its course from the
content kept in memory (content/structure.py): once warm it reads no page from the
database and writes nothing when nothing changed, and any publish, unpublish, move
or delete is seen on the very next request."""

from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.models import LessonPage
from core import versioned_cache
from tests.content.builders import make_course
from training.models import Enrolment, LessonProgress
from training.services.learning import enrolment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=2, lessons=4, title="YCPRT Skills")


def get(client, lesson):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/learn/lessons/{lesson.pk}/")
    return response, [q["sql"] for q in queries.captured_queries]


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_warm_lesson_page_reads_no_page_and_writes_nothing(learner, lessons):
    first, cold = get(learner, lessons[0])  # first visit: records progress
    again, warm = get(learner, lessons[0])

    assert first.status_code == again.status_code == HTTPStatus.OK
    assert any("wagtailcore_page" in sql for sql in cold)
    assert not [sql for sql in warm if "wagtailcore_page" in sql]
    assert not [
        sql for sql in warm if sql.lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert len(warm) < len(cold)
    assert text(again) == text(first)


def test_a_visit_that_changes_something_is_still_recorded(learner, trainee, lessons):
    get(learner, lessons[0])
    get(learner, lessons[2])  # warm content, new progress row, new resume point

    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.last_lesson_id == lessons[2].pk
    assert LessonProgress.objects.filter(lesson=lessons[2]).count() == 1

    get(learner, lessons[0])  # back to a lesson already opened: only the resume point
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == lessons[0].pk
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 2


def test_a_publish_is_seen_at_once(learner, lessons):
    get(learner, lessons[0])
    lesson = lessons[0]
    lesson.title = "Renamed by an editor"
    lesson.body = [{"type": "text", "value": "<p>Fresh words.</p>"}]
    lesson.save_revision().publish()

    response, _queries = get(learner, lessons[0])
    page = text(response)
    assert "Renamed by an editor" in page
    assert "Fresh words." in page
    # The neighbour's pager and aside name it by its new title too.
    assert "Renamed by an editor" in text(get(learner, lessons[1])[0])


def test_an_unpublish_is_seen_at_once(learner, lessons):
    assert get(learner, lessons[1])[0].status_code == HTTPStatus.OK
    lessons[0].unpublish()

    assert get(learner, lessons[0])[0].status_code == HTTPStatus.NOT_FOUND
    assert lessons[0].title not in text(get(learner, lessons[1])[0])


def test_a_move_is_seen_at_once(learner, lessons):
    get(learner, lessons[0])
    first_module = lessons[0].get_parent()
    lessons[3].move(first_module, pos="last-child")

    page = BeautifulSoup(get(learner, lessons[0])[0].content, "html.parser")
    aside = page.select_one(".learn-aside").get_text(" ", strip=True)
    assert LessonPage.objects.get(pk=lessons[3].pk).title in aside


def test_a_delete_is_seen_at_once(learner, lessons):
    get(learner, lessons[0])
    lessons[0].delete()

    assert get(learner, lessons[0])[0].status_code == HTTPStatus.NOT_FOUND
    response = learner.get(f"/learn/courses/{lessons[1].get_parent().get_parent().pk}/")
    assert lessons[0].title not in text(response)


def test_a_new_course_is_seen_at_once(client_for, trainee, site_root, lessons):
    client = client_for(trainee)
    assert client.get("/learn/").status_code == HTTPStatus.OK
    make_course(site_root, title="Permanency Values")

    assert "Permanency Values" in text(client.get("/learn/"))


def test_the_page_works_when_the_cache_is_down(learner, lessons, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(versioned_cache.cache, "get", broken)

    response, _queries = get(learner, lessons[0])
    assert response.status_code == HTTPStatus.OK
    assert lessons[0].title in text(response)


def test_the_warm_page_stays_flat_as_the_course_grows(
    client_for, user_factory, site_root, django_assert_max_num_queries
):
    def warm_queries(lesson_count):
        user = user_factory(role="Trainee")
        course = make_course(site_root, modules=3, lessons=lesson_count)
        enrolment_create(user=user, course=course)
        lesson = LessonPage.objects.descendant_of(course).order_by("path").last()
        client = client_for(user)
        get(client, lesson)
        return client, lesson

    client, lesson = warm_queries(3)
    small = len(get(client, lesson)[1])
    client, lesson = warm_queries(60)
    get(client, lesson)  # the new course is a new content version
    with django_assert_max_num_queries(small):
        client.get(f"/learn/lessons/{lesson.pk}/")


def test_the_mfa_check_costs_a_trainee_no_query_beyond_the_navigation(
    learner, lessons, settings
):
    _response, queries = get(learner, lessons[0])
    _response, queries = get(learner, lessons[0])

    assert not [sql for sql in queries if "mfa_authenticator" in sql]
    # The roles the navigation reads are kept in the shared cache as well.
    assert not [sql for sql in queries if "auth_group" in sql]


@pytest.mark.parametrize("required", [False, True])
def test_the_mfa_check_costs_no_query_for_people_it_does_not_concern(
    rf, staff, trainee, settings, django_assert_num_queries, required
):
    """Off (or demo staff under DEBUG): nobody costs a query. On: a trainee costs
    only the roles query the navigation reads anyway."""
    from training.middleware import StaffMFARequiredMiddleware

    settings.STAFF_MFA_REQUIRED = required
    middleware = StaffMFARequiredMiddleware(lambda request: "page")
    for user in (staff, trainee):
        request = rf.get("/learn/")
        request.user = type(user).objects.get(pk=user.pk)
        expected = 0 if not required else (2 if user == staff else 1)
        with django_assert_num_queries(expected):
            assert middleware(request) == "page"
