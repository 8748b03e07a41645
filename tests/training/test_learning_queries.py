"""The learner's pages cost the same number of queries with 3 lessons as with 300.

Each test measures a page on a small course, then asserts the same page on a large
course costs no more. Both courses are built once for the class: building 300
lessons takes far longer than measuring a page."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import LessonPage
from tests.conftest import make_site_root, make_user, shared_by_the_class
from tests.content.builders import make_course
from training.models import KnowledgeCheckAttempt, LessonProgress
from training.roles import sync_roles
from training.services.learning import enrolment_create

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 300
# Search answers 20 hits a page: a few hits against more than a page of them.
SEARCH_LARGE = 30


def enrol(site_root, lesson_count):
    """A new trainee enrolled in a new three-module course of that many lessons,
    with half the lessons done and every check attempted."""
    user = make_user(role="Trainee")
    course = make_course(site_root, modules=3, lessons=lesson_count)
    enrolment = enrolment_create(user=user, course=course)
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    now = timezone.now()
    LessonProgress.objects.bulk_create(
        LessonProgress(
            enrolment=enrolment,
            lesson=lesson,
            completed_at=now if i % 2 == 0 else None,
            active_seconds=120,
        )
        for i, lesson in enumerate(lessons)
    )
    KnowledgeCheckAttempt.objects.bulk_create(
        KnowledgeCheckAttempt(
            enrolment=enrolment,
            lesson=lesson,
            submission_key=uuid.uuid4(),
            answers={},
            correct_count=1,
            question_count=2,
            score=50,
            passed=False,
        )
        for lesson in lessons
        if lesson.questions
    )
    enrolment.last_lesson = lessons[len(lessons) // 2]
    enrolment.save()
    return user, course, lessons


@pytest.fixture
def enrolled(site_root, roles):
    """``enrolled(lessons)``: see ``enrol``."""
    return lambda lesson_count: enrol(site_root, lesson_count)


@pytest.fixture(scope="class")
def small_and_large(django_db_setup, django_db_blocker):
    """``enrol`` on SMALL and on LARGE lessons, once for the class."""
    with shared_by_the_class(django_db_blocker):
        sync_roles()
        site_root = make_site_root()
        yield enrol(site_root, SMALL), enrol(site_root, LARGE)


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.xdist_group("small_and_large")  # one worker builds it once
@pytest.mark.usefixtures("small_and_large")
class TestLearnerPages:
    @pytest.mark.parametrize(
        "page",
        [
            lambda course, lessons: "/learn/",
            lambda course, lessons: f"/learn/courses/{course.pk}/",
            lambda course, lessons: f"/learn/lessons/{lessons[len(lessons) // 2].pk}/",
            lambda course, lessons: f"/learn/lessons/{lessons[-1].pk}/",  # a check
        ],
        ids=["my-learning", "outline", "lesson", "lesson-with-check"],
    )
    def test_page_queries_do_not_grow_with_the_course(
        self, client, small_and_large, django_assert_max_num_queries, page
    ):
        (user, course, lessons), large = small_and_large
        client.force_login(user)
        small = measure(client, page(course, lessons))

        user, course, lessons = large
        client.force_login(user)
        with django_assert_max_num_queries(small):
            response = client.get(page(course, lessons))

        assert response.status_code == 200
        assert len(lessons) == LARGE


@pytest.mark.usefixtures("search_index")
def test_search_queries_do_not_grow_with_the_hits(
    client, enrolled, django_assert_max_num_queries
):
    user, _course, _lessons = enrolled(SMALL)
    client.force_login(user)
    small = measure(client, "/learn/search/?q=lesson")

    enrolled(SEARCH_LARGE)
    with django_assert_max_num_queries(small):
        response = client.get("/learn/search/?q=lesson")

    assert response.status_code == 200
    assert response.context["page"].paginator.count > 20
