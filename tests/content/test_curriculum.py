"""The seeded curriculum: loaded from content/curriculum/*.yaml by seed_demo, exact
where the domain is exact (YCPRT is 360 minutes), and never overwriting editors."""

from django.test import TestCase, override_settings
from wagtail.models import Locale, Page

from content.curriculum import load_curriculum
from content.initial import ensure_home_page
from content.models import CoursePage, HomePage, LessonPage, ModulePage
from tests.wagtail_tasks import INDEXING


@override_settings(TASKS=INDEXING)  # one test searches the seeded lessons
class SeededCurriculumTests(TestCase):
    """The four courses, loaded once for the class (loading takes seconds)."""

    @classmethod
    def setUpTestData(cls):
        Locale.objects.get_or_create(language_code="en")
        if not Page.objects.filter(depth=1).exists():
            Page.add_root(title="Root", slug="root", locale=Locale.objects.first())
        cls.created = load_curriculum(ensure_home_page())

    def test_it_seeds_the_four_courses(self):
        self.assertEqual(
            list(CoursePage.objects.order_by("path").values_list("code", flat=True)),
            ["YCPRT", "VALUES", "REFRESHER", "T3"],
        )
        self.assertEqual(
            self.created, Page.objects.type(CoursePage, ModulePage, LessonPage).count()
        )

    def test_ycprt_is_exactly_six_hours_of_instruction(self):
        self.assertEqual(CoursePage.objects.get(code="YCPRT").minutes, 360)

    def test_course_minutes_follow_an_edited_segment(self):
        course = CoursePage.objects.get(code="YCPRT")
        module = ModulePage.objects.child_of(course).first()
        module.delivery_plan[0].value["minutes"] += 5
        module.save_revision().publish()

        self.assertEqual(course.minutes, 365)

    def test_loading_again_creates_nothing_and_keeps_editors_changes(self):
        lesson = LessonPage.objects.first()
        lesson.title = "Edited by an editor"
        lesson.body = [{"type": "text", "value": "<p>Rewritten.</p>"}]
        lesson.save_revision().publish()
        pages = Page.objects.count()

        created = load_curriculum(HomePage.objects.get())

        self.assertEqual(created, 0)
        self.assertEqual(Page.objects.count(), pages)
        lesson.refresh_from_db()
        self.assertEqual(lesson.title, "Edited by an editor")
        self.assertEqual(str(lesson.body[0].value), "<p>Rewritten.</p>")

    def test_a_deleted_page_comes_back_but_its_siblings_are_untouched(self):
        lesson = LessonPage.objects.first()
        sibling = lesson.get_next_sibling().specific
        sibling.title = "Kept"
        sibling.save_revision().publish()
        slug = lesson.slug
        lesson.delete()

        created = load_curriculum(HomePage.objects.get())

        self.assertEqual(created, 1)
        self.assertTrue(LessonPage.objects.filter(slug=slug).exists())
        self.assertEqual(LessonPage.objects.get(pk=sibling.pk).title, "Kept")

    def test_every_module_ends_with_a_knowledge_check(self):
        for module in ModulePage.objects.all():
            lessons = LessonPage.objects.child_of(module).order_by("path")
            with self.subTest(module=module.title):
                self.assertTrue(lessons.exists())
                self.assertTrue(lessons.last().questions, "no check at the end")

    def test_every_lesson_teaches_several_paragraphs_and_asks_for_reflection(self):
        for lesson in LessonPage.objects.all():
            kinds = [block.block_type for block in lesson.body]
            paragraphs = sum(
                str(block.value).count("<p>")
                for block in lesson.body
                if block.block_type == "text"
            )
            with self.subTest(lesson=lesson.title):
                self.assertGreaterEqual(paragraphs, 3)
                self.assertIn("reflection", kinds)

    def test_every_question_is_keyed_and_explained(self):
        for lesson in LessonPage.objects.all():
            for question in lesson.questions:
                value = question.value
                correct = sum(1 for c in value["choices"] if c["correct"])
                with self.subTest(prompt=value["prompt"][:40]):
                    self.assertTrue(question.id)
                    self.assertTrue(all(c.id for c in value["choices"].bound_blocks))
                    self.assertTrue(value["explanation"])
                    if value["kind"] == "single":
                        self.assertEqual(correct, 1)
                    else:
                        self.assertGreaterEqual(correct, 1)

    def test_seeded_lessons_are_searchable_without_update_index(self):
        hits = LessonPage.objects.live().search("ambivalence")

        self.assertGreater(len(hits), 0)

    def test_the_train_the_trainer_course_is_by_cohort_only(self):
        self.assertFalse(CoursePage.objects.get(code="T3").self_enrol)
