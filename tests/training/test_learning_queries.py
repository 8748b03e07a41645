"""The learner's pages cost the same number of queries with 3 lessons as with 300.

Each test measures a page on a small course, then asserts the same page on a large
course costs no more."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content.models import LessonPage
from tests.content.builders import make_course
from training.models import KnowledgeCheckAttempt, LessonProgress
from training.services.learning import enrolment_create

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 300


@pytest.fixture
def enrolled(site_root, user_factory):
    """``enrolled(lessons)``: a new trainee enrolled in a new three-module course of
    that many lessons, with half the lessons done and every check attempted."""

    def build(lesson_count):
        user = user_factory(role="Trainee")
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

    return build


def measure(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "page",
    [
        lambda course, lessons: "/learn/",
        lambda course, lessons: f"/learn/courses/{course.pk}/",
        lambda course, lessons: f"/learn/lessons/{lessons[len(lessons) // 2].pk}/",
        lambda course, lessons: f"/learn/lessons/{lessons[-1].pk}/",  # with a check
    ],
    ids=["my-learning", "outline", "lesson", "lesson-with-check"],
)
def test_page_queries_do_not_grow_with_the_course(
    client, enrolled, django_assert_max_num_queries, page
):
    user, course, lessons = enrolled(SMALL)
    client.force_login(user)
    small = measure(client, page(course, lessons))

    user, course, lessons = enrolled(LARGE)
    client.force_login(user)
    with django_assert_max_num_queries(small):
        response = client.get(page(course, lessons))

    assert response.status_code == 200
    print(f"{page(course, lessons)}: {small} queries")  # noqa: T201 (shown with -s)


def test_search_queries_do_not_grow_with_the_hits(
    client, enrolled, django_assert_max_num_queries
):
    user, _course, _lessons = enrolled(SMALL)
    client.force_login(user)
    small = measure(client, "/learn/search/?q=lesson")

    enrolled(LARGE)
    with django_assert_max_num_queries(small):
        response = client.get("/learn/search/?q=lesson")

    assert response.status_code == 200
    assert response.context["page"].paginator.count > 20
