"""The lesson page's main part is kept rendered per content version and per the
learner's enrolment and progress (training/views/learning.py): a warm page reads
neither progress nor attempts, and completing a lesson, a check attempt, a retake or
a publish is seen on the very next request. Its forms carry this request's CSRF
token, never one stored with the page."""

from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.fragments import CSRF_PLACEHOLDER
from tests.content.builders import make_course
from training.models import Enrolment, LessonProgress
from training.services.learning import enrolment_create, enrolment_retake

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=2, lessons=2, title="YCPRT Skills")


@pytest.fixture
def learner(trainee, course):
    enrolment_create(user=trainee, course=course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    return client


def get(client, lesson):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/learn/lessons/{lesson.pk}/")
    assert response.status_code == HTTPStatus.OK
    return response, [q["sql"] for q in queries.captured_queries]


def text(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_a_warm_page_reads_no_progress_and_shows_the_same(learner, lessons):
    get(learner, lessons[0])  # the first visit records progress
    built, _ = get(learner, lessons[0])
    kept, queries = get(learner, lessons[0])

    assert not [sql for sql in queries if "training_lessonprogress" in sql]
    assert not [sql for sql in queries if "training_knowledgecheckattempt" in sql]
    assert text(kept) == text(built)


def test_the_kept_page_carries_this_requests_csrf_token(learner, lessons):
    get(learner, lessons[0])
    get(learner, lessons[0])
    kept, _ = get(learner, lessons[0])
    html = kept.content.decode()
    token = learner.cookies["csrftoken"].value

    assert CSRF_PLACEHOLDER not in html
    form = BeautifulSoup(html, "html.parser").find(
        "input", {"name": "csrfmiddlewaretoken"}
    )
    response = learner.post(
        f"/learn/lessons/{lessons[0].pk}/complete/",
        {"csrfmiddlewaretoken": form["value"]},
    )
    assert token
    assert response.status_code == HTTPStatus.FOUND  # not 403


def test_completing_a_lesson_is_seen_at_once(learner, trainee, lessons):
    get(learner, lessons[0])
    before, _ = get(learner, lessons[0])
    assert "You have completed this lesson." not in text(before)

    token = learner.cookies["csrftoken"].value
    learner.post(
        f"/learn/lessons/{lessons[0].pk}/complete/", {"csrfmiddlewaretoken": token}
    )
    after, _ = get(learner, lessons[0])

    assert "You have completed this lesson." in text(after)


def test_a_retake_is_seen_at_once(learner, trainee, lessons):
    enrolment = Enrolment.objects.get(user=trainee)
    for lesson in lessons:
        LessonProgress.objects.create(
            enrolment=enrolment, lesson=lesson, completed_at="2026-01-05T10:00Z"
        )
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lessons[0])
    done, _ = get(learner, lessons[0])
    get(learner, lessons[0])
    assert "You have completed this lesson." in text(done)

    enrolment.refresh_from_db()
    enrolment.completed_at = "2026-01-05T10:00Z"
    enrolment_retake(enrolment=enrolment, user=trainee)
    again, _ = get(learner, lessons[0])

    assert "You have completed this lesson." not in text(again)


def test_a_publish_is_seen_at_once_on_a_kept_page(learner, lessons):
    get(learner, lessons[0])
    get(learner, lessons[0])
    lesson = lessons[0]
    lesson.title = "Why roundtables, revised"
    lesson.save_revision().publish()

    after, _ = get(learner, lessons[0])

    assert "Why roundtables, revised" in text(after)


def test_another_learner_never_gets_someone_elses_page(
    learner, trainee2, course, lessons
):
    get(learner, lessons[0])
    get(learner, lessons[0])
    enrolment_create(user=trainee2, course=course)
    other = Client()
    other.force_login(trainee2)

    response, _ = get(other, lessons[0])

    assert "Theo Trainee" in text(response)
    assert "Tess Trainee" not in text(response)
