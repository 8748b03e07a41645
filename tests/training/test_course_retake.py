"""A completed course taken again (a refresher in a later certification cycle):
every completion is kept, and finishing again records a new one."""

from datetime import datetime
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from content.models import LessonPage
from tests.content.builders import make_course
from training.models import CourseCompletion, Enrolment, LessonProgress
from training.services import learning

pytestmark = pytest.mark.django_db


def _at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def refresher(site_root):
    return make_course(
        site_root, modules=1, lessons=2, with_checks=False, title="Refresher",
        self_enrol=True,
    )  # fmt: skip


def _finish(enrolment, course):
    for lesson in LessonPage.objects.live().descendant_of(course):
        learning.lesson_complete(enrolment=enrolment, lesson=lesson)


def test_retaking_keeps_the_first_completion_and_records_the_second(
    trainee, refresher, time_machine
):
    time_machine.move_to(_at(2026, 5, 4), tick=False)
    enrolment = learning.enrolment_create(user=trainee, course=refresher)
    _finish(enrolment, refresher)

    time_machine.move_to(_at(2028, 4, 10), tick=False)
    learning.enrolment_retake(enrolment=enrolment, user=trainee)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
    _finish(enrolment, refresher)

    days = [
        timezone.localtime(c.completed_at).date().isoformat()
        for c in CourseCompletion.objects.filter(enrolment=enrolment)
    ]
    assert days == ["2028-04-10", "2026-05-04"]  # newest first; nothing lost
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == _at(2028, 4, 10)


def test_only_the_learner_retakes_and_only_a_finished_course(
    trainee, trainee2, refresher
):
    enrolment = learning.enrolment_create(user=trainee, course=refresher)
    with pytest.raises(ValidationError, match="Finish this course first"):
        learning.enrolment_retake(enrolment=enrolment, user=trainee)
    _finish(enrolment, refresher)
    with pytest.raises(ValidationError, match="Only the learner"):
        learning.enrolment_retake(enrolment=enrolment, user=trainee2)
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


def test_the_retake_button_works_for_the_learner_only(
    client, client_for, trainee, trainee2, refresher
):
    enrolment = learning.enrolment_create(user=trainee, course=refresher)
    _finish(enrolment, refresher)
    url = reverse("training:course_retake", args=[refresher.pk])

    assert client.post(url).status_code == HTTPStatus.FOUND  # to log in
    assert client_for(trainee2).post(url).status_code == HTTPStatus.NOT_FOUND
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None

    response = client_for(trainee).post(url, follow=True)
    assert "You are taking Refresher again" in response.content.decode()
    assert "Times you completed it" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None
