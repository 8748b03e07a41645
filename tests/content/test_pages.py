"""The page tree editors can build, and course minutes computed from lessons."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from content.models import CoursePage, HomePage, LessonPage, ModulePage
from tests.content.builders import make_course


class PageTreeTests(WagtailPageTestCase):
    """Editors can only build home → course → module → lesson."""

    def test_home_holds_only_courses(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {CoursePage})

    def test_a_course_sits_under_home_and_holds_modules(self):
        self.assertAllowedParentPageTypes(CoursePage, {HomePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_a_module_sits_under_a_course_and_holds_lessons(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})

    def test_a_lesson_sits_under_a_module_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_no_lesson_directly_under_a_course(self):
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(HomePage, ModulePage)


@pytest.mark.django_db
def test_course_reading_minutes_are_the_sum_of_its_live_lessons(site_root):
    course = make_course(site_root, modules=2, lessons=5, minutes=12)
    assert course.reading_minutes == 60

    lesson = LessonPage.objects.descendant_of(course).first()
    lesson.unpublish()
    assert course.reading_minutes == 48


@pytest.mark.django_db
def test_a_lessons_minutes_are_its_reading_time_not_typed_in(site_root):
    course = make_course(site_root, lessons=1, with_checks=False)
    lesson = LessonPage.objects.descendant_of(course).get()
    words = " ".join(["word"] * 1000)
    lesson.minutes = 99
    lesson.body = [{"type": "text", "value": f"<p>{words}</p>"}]
    lesson.save_revision().publish()

    lesson.refresh_from_db()
    assert lesson.minutes == 5  # 1,000 words at 200 a minute
    assert "minutes" not in [
        getattr(panel, "field_name", None) for panel in LessonPage.content_panels
    ]
