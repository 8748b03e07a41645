"""What each course is made of, as plain values every learner page can read without
touching the page tree: the course's own fields, its live modules and live lessons in
editors' order, with titles, minutes and question counts.

Content changes only when editors save, publish, unpublish, move or delete a page, and
learner pages read it on every request. So each process keeps the whole catalogue in
memory per *content version*, a token in the shared cache (Redis or the file cache)
that content/signals.py replaces on every such change. The next request in every
process sees the new token and rebuilds the catalogue (three queries): a publish is
seen at once everywhere. If the cache cannot be reached, pages read the tree as before
and entries older than ``MAX_AGE`` seconds are rebuilt anyway.
"""

import time
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q
from wagtail.models import Page

from content.models import CoursePage, LessonPage, ModulePage
from core import versioned_cache

NAMESPACE = "content"
MAX_AGE = 300  # seconds; a bound on staleness if a version change was ever missed


@dataclass(frozen=True)
class LessonInfo:
    id: int
    title: str
    minutes: int
    question_count: int
    module_id: int

    @property
    def has_check(self) -> bool:
        return self.question_count > 0


@dataclass(frozen=True)
class ModuleInfo:
    id: int
    title: str
    lead: str
    lead_label: str
    lessons: list[LessonInfo] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass(frozen=True)
class CourseInfo:
    """A course's own fields (enough to build a CoursePage without a query)."""

    id: int
    title: str
    slug: str
    path: str
    depth: int
    url_path: str
    live: bool
    code: str
    pass_mark: int
    self_enrol: bool
    modules: list[ModuleInfo] = field(default_factory=list)

    def as_page(self):
        """An unsaved-looking but complete CoursePage for services and templates."""
        page = CoursePage(
            id=self.id,
            page_ptr_id=self.id,
            title=self.title,
            slug=self.slug,
            path=self.path,
            depth=self.depth,
            url_path=self.url_path,
            live=self.live,
            code=self.code,
            pass_mark=self.pass_mark,
            self_enrol=self.self_enrol,
        )
        page._state.adding = False
        page._state.db = "default"
        return page


@dataclass(frozen=True)
class LessonPlace:
    """Where a live lesson sits: its course and module, and its plain fields."""

    course_id: int
    module: ModuleInfo
    info: LessonInfo


@dataclass
class Catalogue:
    courses: dict[int, CourseInfo]
    lessons: dict[int, LessonPlace]  # live lessons of live modules of live courses
    built_at: float = 0.0
    extras: dict = field(default_factory=dict)

    def memo(self, name, build):
        """``build()`` kept beside the catalogue until the content changes: for
        readers above this layer that derive something from content alone (a
        lesson's rendered body, its questions)."""
        if name not in self.extras:
            self.extras[name] = build()
        return self.extras[name]


# --- Building it (three queries) ------------------------------------------------------


def build_structures(courses) -> dict[int, list[ModuleInfo]]:
    """Live modules and lessons under the given course pages, by course id (two
    queries whatever the number of courses, modules or lessons)."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    under_any = reduce(or_, (Q(path__startswith=path) for path in by_path))
    modules: dict[str, ModuleInfo] = {}
    structures: dict[int, list[ModuleInfo]] = {course.pk: [] for course in courses}
    lead_labels = dict(ModulePage.Lead.choices)
    for m in (
        ModulePage.objects.live()
        .filter(under_any)
        .order_by("path")
        .only("id", "title", "lead", "path")
    ):
        course_id = by_path.get(m.path[: -Page.steplen])
        if course_id is None:
            continue
        modules[m.path] = ModuleInfo(
            id=m.pk,
            title=m.title,
            lead=m.lead,
            # Lazy, so each reader sees it in their own language.
            lead_label=lead_labels.get(m.lead, m.lead),
        )
        structures[course_id].append(modules[m.path])
    for lesson in (
        LessonPage.objects.live()
        .filter(under_any)
        .order_by("path")
        .only("id", "title", "minutes", "questions", "path")
    ):
        module = modules.get(lesson.path[: -Page.steplen])
        if module is not None:
            module.lessons.append(
                LessonInfo(
                    id=lesson.pk,
                    title=lesson.title,
                    minutes=lesson.minutes,
                    question_count=len(lesson.questions.raw_data),
                    module_id=module.id,
                )
            )
    return structures


def build_catalogue() -> Catalogue:
    pages = list(
        CoursePage.objects.order_by("path").only(
            "id",
            "title",
            "slug",
            "path",
            "depth",
            "url_path",
            "live",
            "code",
            "pass_mark",
            "self_enrol",
        )
    )
    structures = build_structures(pages)
    courses, lessons = {}, {}
    for page in pages:
        course = CourseInfo(
            id=page.pk,
            title=page.title,
            slug=page.slug,
            path=page.path,
            depth=page.depth,
            url_path=page.url_path,
            live=page.live,
            code=page.code,
            pass_mark=page.pass_mark,
            self_enrol=page.self_enrol,
            modules=structures[page.pk],
        )
        courses[page.pk] = course
        if course.live:
            for module in course.modules:
                for info in module.lessons:
                    lessons[info.id] = LessonPlace(course.id, module, info)
    return Catalogue(courses=courses, lessons=lessons, built_at=time.monotonic())


# --- The version and this process's copy ---------------------------------------------

_memo: dict[str, Catalogue] = {}


def catalogue() -> Catalogue:
    """Every course's structure for the current content version, built at most once
    per version and process (a cache read when it is already built)."""
    version = versioned_cache.version(NAMESPACE)
    if version is None:
        return build_catalogue()
    found = _memo.get(version)
    if found is None or time.monotonic() - found.built_at > MAX_AGE:
        found = build_catalogue()
        _memo.clear()
        _memo[version] = found
    return found


def content_changed() -> None:
    """A course, module or lesson changed: every process rebuilds on next read."""
    versioned_cache.bump(NAMESPACE)
