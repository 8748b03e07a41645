"""A lesson teaches the five brainstorm questions from the program's roundtable
settings, the same set the simulator and the workbook use: a new wording in the
settings is what the very next lesson page shows."""

from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup

from simulations.program import program_settings
from tests.content.builders import make_course, make_lesson
from training.services.learning import enrolment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(site_root):
    course = make_course(site_root, modules=1, lessons=1, title="YCPRT Skills")
    module = course.get_children().first().specific
    return make_lesson(
        module,
        title="The five questions",
        body=[
            {"type": "text", "value": "<p>Brainstorm asks five questions.</p>"},
            {
                "type": "brainstorm_questions",
                "value": {"note": "Other jurisdictions word them differently."},
            },
        ],
    )


@pytest.fixture
def learner(client_for, trainee, lesson):
    enrolment_create(user=trainee, course=lesson.get_parent().get_parent().specific)
    return client_for(trainee)


def questions_on(client, lesson) -> list[str]:
    response = client.get(f"/learn/lessons/{lesson.pk}/")
    assert response.status_code == HTTPStatus.OK
    page = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(strip=True) for li in page.select(".learn-questions__list li")]


def test_the_lesson_lists_the_programs_five_questions(learner, lesson):
    assert questions_on(learner, lesson) == program_settings().brainstorm_questions()
    assert questions_on(learner, lesson)[0] == "What will it take?"


def test_a_new_wording_in_the_settings_is_taught_on_the_next_request(learner, lesson):
    questions_on(learner, lesson)  # the lesson body is now rendered and kept
    settings = program_settings()
    settings.question_2 = "What has worked before that we could do again?"
    settings.save()

    assert questions_on(learner, lesson)[1] == (
        "What has worked before that we could do again?"
    )
