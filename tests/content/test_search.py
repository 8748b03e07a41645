"""Lessons are found by the words in their body, on the site and in the admin."""

from http import HTTPStatus

import pytest

from content.models import LessonPage, ModulePage
from tests.content.builders import make_course, make_lesson

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index")]


@pytest.fixture
def lesson(site_root):
    course = make_course(site_root, lessons=2)
    module = ModulePage.objects.child_of(course).get()
    return make_lesson(
        module,
        title="Youth at the head of the table",
        body=[
            {
                "type": "text",
                "value": "<p>Unpacking the no: ambivalence is part of change.</p>",
            },
            {"type": "reflection", "value": "When did a youth's no hide a yes?"},
        ],
    )


def test_lesson_search_covers_the_body(lesson):
    assert list(LessonPage.objects.live().search("ambivalence")) == [lesson]
    assert list(LessonPage.objects.live().search("head of the table")) == [lesson]


def test_a_draft_edit_is_not_found_on_the_site_until_published(lesson):
    lesson.body = [{"type": "text", "value": "<p>Relational permanence.</p>"}]
    lesson.save_revision()

    assert not list(LessonPage.objects.live().search("relational"))


def test_the_admin_search_box_finds_lessons_by_title(client_for, editor, lesson):
    response = client_for(editor).get("/admin/pages/search/", {"q": "head of the"})

    assert response.status_code == HTTPStatus.OK
    assert "Youth at the head of the table" in response.content.decode()


def test_the_admin_search_box_finds_lessons_by_their_body(client_for, editor, lesson):
    response = client_for(editor).get("/admin/pages/search/", {"q": "ambivalence"})

    assert response.status_code == HTTPStatus.OK
    assert "Youth at the head of the table" in response.content.decode()
