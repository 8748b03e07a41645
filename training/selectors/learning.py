"""Reads for a trainee's learning pages (My learning, course outline, lesson, lesson
search), each in a fixed number of queries whatever the size of the course.

Progress itself is folded by training.progress, the rule the co-trainers'
grid uses too; this module shapes it for one learner's pages.
"""

import html
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from wagtail.models import Page

from content import structure
from content.models import CoursePage, LessonPage
from core import fragments, versioned_cache
from training.models import Enrolment, KnowledgeCheckAttempt
from training.progress import (
    CourseSummary,
    LessonInfo,
    LessonState,
    ModuleInfo,
    ModuleSummary,
    course_structures,
    lesson_states,
    summarise,
)
from training.rules import CheckQuestion, QuestionResult, grade
from training.selectors.lessons import LessonContent, lesson_content
from training.signals import namespace as learning_namespace

# --- My learning ------------------------------------------------------------------


@dataclass
class CourseCard:
    """One course on My learning: enrolled (with progress) or open to enrol."""

    course: CoursePage
    structure: list[ModuleInfo]
    enrolment: Enrolment | None = None
    summary: CourseSummary | None = None
    resume: LessonInfo | None = None
    completion_note: str = ""  # from the layers above: the cycle it counted for

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.structure)

    @property
    def lesson_count(self) -> int:
        return sum(len(module.lessons) for module in self.structure)

    @property
    def started(self) -> bool:
        return _started(self.enrolment, self.summary)


@dataclass
class MyLearning:
    enrolled: list[CourseCard]
    open_courses: list[CourseCard]


def _started(enrolment, summary) -> bool:
    """Opened a lesson or made progress: the button says Continue, not Start."""
    return enrolment is not None and (
        enrolment.last_lesson_id is not None or summary.percent > 0
    )


def _unfinished(lesson: LessonInfo, state: LessonState) -> bool:
    return not state.completed or (lesson.has_check and not state.passed)


def resume_lesson(
    structure: list[ModuleInfo],
    summary: CourseSummary,
    states: dict[int, LessonState],
    last_lesson_id: int | None,
) -> LessonInfo | None:
    """Where to pick up: the lesson last opened if still unfinished, else the first
    unfinished one; None once everything is done."""
    for module in structure:
        for lesson in module.lessons:
            if lesson.id == last_lesson_id and _unfinished(
                lesson, states.get(lesson.id, LessonState())
            ):
                return lesson
    return summary.next_lesson


def my_learning(*, user, include_open: bool) -> MyLearning:
    """The learner's enrolled courses with progress, and (for people who may enrol
    themselves) the live courses open to self-enrolment (six queries)."""
    enrolments = list(
        Enrolment.objects.filter(user=user, course__live=True)
        .select_related("course", "cohort")
        .order_by("completed_at", "-enrolled_at")
    )
    open_courses = []
    if include_open:
        open_courses = list(
            CoursePage.objects.live()
            .filter(self_enrol=True)
            .exclude(pk__in=[e.course_id for e in enrolments])
            .order_by("path")
        )
    structures = course_structures([e.course for e in enrolments] + open_courses)
    states = lesson_states(enrolment_ids=[e.pk for e in enrolments])
    enrolled = []
    for enrolment in enrolments:
        structure = structures[enrolment.course_id]
        summary = summarise(structure, states[enrolment.pk])
        enrolled.append(
            CourseCard(
                course=enrolment.course,
                structure=structure,
                enrolment=enrolment,
                summary=summary,
                resume=resume_lesson(
                    structure, summary, states[enrolment.pk], enrolment.last_lesson_id
                ),
            )
        )
    return MyLearning(
        enrolled=enrolled,
        open_courses=[
            CourseCard(course=course, structure=structures[course.pk])
            for course in open_courses
        ],
    )


# --- Course outline ---------------------------------------------------------------


@dataclass
class OutlineLesson:
    info: LessonInfo
    state: LessonState


@dataclass
class OutlineModule:
    number: int
    summary: ModuleSummary
    lessons: list[OutlineLesson]

    @property
    def module(self) -> ModuleInfo:
        return self.summary.module


@dataclass
class Outline:
    course: CoursePage
    enrolment: Enrolment | None
    modules: list[OutlineModule]
    summary: CourseSummary
    resume: LessonInfo | None
    completions: list = field(default_factory=list)  # every completion, newest first

    @property
    def minutes(self) -> int:
        return sum(m.module.minutes for m in self.modules)

    @property
    def lesson_count(self) -> int:
        return sum(len(m.lessons) for m in self.modules)

    @property
    def started(self) -> bool:
        return _started(self.enrolment, self.summary)


def _states_for(enrolment) -> dict[int, LessonState]:
    if enrolment is None:
        return {}
    return lesson_states(enrolment_ids=[enrolment.pk])[enrolment.pk]


def course_outline(*, course, enrolment) -> Outline:
    """Modules in order with per-module progress and every completion (five
    queries; two when the person is not enrolled)."""
    structure = course_structures([course])[course.pk]
    states = _states_for(enrolment)
    summary = summarise(structure, states)
    modules = [
        OutlineModule(
            number=number,
            summary=module_summary,
            lessons=[
                OutlineLesson(info=info, state=states.get(info.id, LessonState()))
                for info in module_summary.module.lessons
            ],
        )
        for number, module_summary in enumerate(summary.modules, start=1)
    ]
    resume, completions = None, []
    if enrolment is not None:
        resume = resume_lesson(structure, summary, states, enrolment.last_lesson_id)
        completions = [c.completed_at for c in enrolment.completions.all()]
    return Outline(
        course=course,
        enrolment=enrolment,
        modules=modules,
        summary=summary,
        resume=resume,
        completions=completions,
    )


# --- Lesson -----------------------------------------------------------------------


@dataclass
class LessonView:
    lesson: LessonContent
    outline: Outline
    module: OutlineModule
    position: int
    previous: LessonInfo | None
    next: LessonInfo | None
    state: LessonState
    questions: list[CheckQuestion]
    last_attempt: KnowledgeCheckAttempt | None = None
    results: list[QuestionResult] = field(default_factory=list)

    @property
    def visit_is_news(self) -> bool:
        """Opening the lesson changes something: its progress row does not exist
        yet, or the learner resumes elsewhere. Otherwise the visit writes nothing."""
        enrolment = self.outline.enrolment
        return enrolment is not None and (
            not self.state.exists or enrolment.last_lesson_id != self.lesson.id
        )


def lesson_view(*, lesson_pk, course, enrolment) -> LessonView | None:
    """Everything the lesson page shows: the lesson, its module's progress, previous
    and next lessons across modules, and the latest check result. None when the
    lesson is not part of the live course. Three queries for an enrolled learner
    (four with a check) once the content is in memory."""
    outline = course_outline(course=course, enrolment=enrolment)
    flat = [(m, entry) for m in outline.modules for entry in m.lessons]
    index = next((i for i, (_, e) in enumerate(flat) if e.info.id == lesson_pk), None)
    if index is None:
        return None
    module, entry = flat[index]
    content = lesson_content(lesson_pk=lesson_pk)
    questions = list(content.questions)
    view = LessonView(
        lesson=content,
        outline=outline,
        module=module,
        position=module.lessons.index(entry) + 1,
        previous=flat[index - 1][1].info if index > 0 else None,
        next=flat[index + 1][1].info if index + 1 < len(flat) else None,
        state=entry.state,
        questions=questions,
    )
    if enrolment is not None and questions:
        view.last_attempt = (
            KnowledgeCheckAttempt.objects.filter(
                enrolment=enrolment, lesson_id=lesson_pk
            )
            .order_by("-submitted_at", "-pk")
            .first()
        )
        if view.last_attempt is not None:
            view.results = grade(
                questions,
                {q: set(ids) for q, ids in view.last_attempt.answers.items()},
            )
    return view


def lesson_page_key(*, lesson_pk, enrolment) -> str | None:
    """Where the lesson page's rendered main part is kept: it changes only with the
    content (any publish) and with the enrolment's own row, progress, attempts and
    completions (training/signals.py starts a new version of the enrolment on each,
    also when it is deleted). Notes which enrolment is the person's in this course,
    so the next request finds the page without a query (``known_lesson_page_key``)."""
    fragments.cached_set(
        _enrolment_key(enrolment.user_id, enrolment.course_id), enrolment.pk
    )
    return _page_key(lesson_pk, enrolment.user_id, enrolment.course_id, enrolment.pk)


def known_lesson_page_key(*, lesson_pk, user) -> str | None:
    """The key ``lesson_page_key`` gave for ``user``'s enrolment in the course of a
    lesson in the live structure, found without a query; None when the lesson is
    not in it or the enrolment has not been seen lately."""
    place = structure.catalogue().lessons.get(lesson_pk)
    if place is None:
        return None
    enrolment_pk = fragments.cached_get(_enrolment_key(user.pk, place.course_id))
    if enrolment_pk is None:
        return None
    return _page_key(lesson_pk, user.pk, place.course_id, enrolment_pk)


def _enrolment_key(user_pk, course_pk) -> str:
    return f"enrolment-of:{user_pk}:{course_pk}"


def _page_key(lesson_pk, user_pk, course_pk, enrolment_pk) -> str | None:
    return fragments.fragment_key(
        [
            versioned_cache.version(structure.NAMESPACE),
            versioned_cache.version(learning_namespace(enrolment_pk)),
        ],
        "lesson",
        lesson_pk,
        get_language(),
        enrolment_pk,
        user_pk,
        course_pk,
    )


# --- Search -----------------------------------------------------------------------


@dataclass
class LessonHit:
    lesson: object
    course: Page | None
    module: Page | None
    excerpt: str
    enrolled: bool


def lesson_search(*, query: str):
    """Live lessons matching the words in their title or body, best first."""
    return LessonPage.objects.live().search(query)


def _excerpt(lesson, query: str, words: int = 30) -> str:
    """Plain text of the lesson's body from a little before the first query word
    (or from the start), cut to a few dozen words."""
    text = " ".join(
        html.unescape(strip_tags(child.value.source))
        for child in lesson.body
        if child.block_type == "text"
    )
    lowered = text.lower()
    found = [i for i in (lowered.find(w) for w in query.lower().split()) if i >= 0]
    start = 0
    if found and min(found) > 120:
        start = text.rfind(". ", 0, min(found)) + 2
        start = start if start > 1 else min(found)
    excerpt = Truncator(text[start:]).words(words)
    return f"…{excerpt}" if start else excerpt


def lesson_hits(*, lessons, user, query: str = "") -> list[LessonHit]:
    """Name each hit's course and module (two queries for any number of hits)."""
    lessons = list(lessons)
    steplen = Page.steplen

    def module_path(lesson):
        return lesson.path[:-steplen]

    def course_path(lesson):
        return lesson.path[: -2 * steplen]

    pages = {
        page.path: page
        for page in Page.objects.filter(
            path__in={module_path(x) for x in lessons}
            | {course_path(x) for x in lessons}
        ).only("id", "title", "path")
    }
    courses = [pages[p] for p in {course_path(x) for x in lessons} if p in pages]
    enrolled = set(
        Enrolment.objects.filter(
            user=user, course_id__in=[c.pk for c in courses]
        ).values_list("course_id", flat=True)
    )
    hits = []
    for lesson in lessons:
        course = pages.get(course_path(lesson))
        hits.append(
            LessonHit(
                lesson=lesson,
                course=course,
                module=pages.get(module_path(lesson)),
                excerpt=_excerpt(lesson, query),
                enrolled=course is not None and course.pk in enrolled,
            )
        )
    return hits
