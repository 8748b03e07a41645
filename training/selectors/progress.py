"""Course structure and learners' progress through it, read in a fixed number of
queries whatever the size of the course or the cohort.

Both the trainee's pages (outline, My learning) and the co-trainer's grid read
progress through here, so the rule for "complete" lives in one place.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Max, Q
from wagtail.models import Page

from content.models import LessonPage, ModulePage
from training.models import KnowledgeCheckAttempt, LessonProgress


@dataclass
class LessonInfo:
    id: int
    title: str
    minutes: int
    question_count: int
    module_id: int

    @property
    def has_check(self) -> bool:
        return self.question_count > 0


@dataclass
class ModuleInfo:
    id: int
    title: str
    lead: str
    lead_label: str
    lessons: list[LessonInfo] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)


@dataclass
class LessonState:
    completed: bool = False
    active_seconds: int = 0
    attempts: int = 0
    best_score: int | None = None
    passed: bool = False


@dataclass
class ModuleSummary:
    module: ModuleInfo
    lessons_done: int
    lessons_total: int
    checks_total: int
    checks_passed: int
    best_score: int | None
    attempted: bool

    @property
    def complete(self) -> bool:
        return (
            self.lessons_done == self.lessons_total
            and self.checks_passed == self.checks_total
        )

    @property
    def percent(self) -> int:
        steps = self.lessons_total + self.checks_total
        done = self.lessons_done + self.checks_passed
        return round(100 * done / steps) if steps else 100

    @property
    def check_status(self) -> str | None:
        """'passed', 'failed' (tried, not yet passed), 'not_started', or None."""
        if not self.checks_total:
            return None
        if self.checks_passed == self.checks_total:
            return "passed"
        return "failed" if self.attempted else "not_started"


@dataclass
class CourseSummary:
    modules: list[ModuleSummary]
    next_lesson: LessonInfo | None

    @property
    def complete(self) -> bool:
        return bool(self.modules) and all(m.complete for m in self.modules)

    @property
    def percent(self) -> int:
        steps = sum(m.lessons_total + m.checks_total for m in self.modules)
        done = sum(m.lessons_done + m.checks_passed for m in self.modules)
        return round(100 * done / steps) if steps else 0


def course_structure(course) -> list[ModuleInfo]:
    """The live modules and lessons of a course, in editors' order (two queries)."""
    return course_structures([course])[course.pk]


def course_structures(courses) -> dict[int, list[ModuleInfo]]:
    """The structure of several courses at once, by course id (two queries whatever
    the number of courses, modules or lessons)."""
    courses = list(courses)
    if not courses:
        return {}
    by_path = {course.path: course.pk for course in courses}
    under_any = reduce(or_, (Q(path__startswith=path) for path in by_path))
    modules: dict[str, ModuleInfo] = {}
    structures: dict[int, list[ModuleInfo]] = {course.pk: [] for course in courses}
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
            id=m.pk, title=m.title, lead=m.lead, lead_label=m.get_lead_display()
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


def lesson_states(*, enrolment_ids) -> dict[int, dict[int, LessonState]]:
    """Per enrolment, per lesson: completion, active time and best check (two
    queries for any number of enrolments)."""
    states: dict[int, dict[int, LessonState]] = {pk: {} for pk in enrolment_ids}
    for row in LessonProgress.objects.filter(enrolment_id__in=enrolment_ids).values(
        "enrolment_id", "lesson_id", "completed_at", "active_seconds"
    ):
        states[row["enrolment_id"]][row["lesson_id"]] = LessonState(
            completed=row["completed_at"] is not None,
            active_seconds=row["active_seconds"],
        )
    for row in (
        KnowledgeCheckAttempt.objects.filter(enrolment_id__in=enrolment_ids)
        .values("enrolment_id", "lesson_id")
        .annotate(
            attempts=Count("pk"),
            best=Max("score"),
            passes=Count("pk", filter=Q(passed=True)),
        )
    ):
        state = states[row["enrolment_id"]].setdefault(row["lesson_id"], LessonState())
        state.attempts = row["attempts"]
        state.best_score = row["best"]
        state.passed = row["passes"] > 0
    return states


def summarise(
    structure: list[ModuleInfo], states: dict[int, LessonState]
) -> CourseSummary:
    """Fold one learner's lesson states into module and course progress."""
    summaries = []
    next_lesson = None
    for module in structure:
        done = checks = passed = 0
        best = None
        attempted = False
        for lesson in module.lessons:
            state = states.get(lesson.id, LessonState())
            done += state.completed
            if lesson.has_check:
                checks += 1
                passed += state.passed
                attempted = attempted or state.attempts > 0
                if state.best_score is not None:
                    best = (
                        state.best_score
                        if best is None
                        else min(best, state.best_score)
                    )
            unfinished = not state.completed or (lesson.has_check and not state.passed)
            if next_lesson is None and unfinished:
                next_lesson = lesson
        summaries.append(
            ModuleSummary(
                module=module,
                lessons_done=done,
                lessons_total=len(module.lessons),
                checks_total=checks,
                checks_passed=passed,
                best_score=best,
                attempted=attempted,
            )
        )
    return CourseSummary(modules=summaries, next_lesson=next_lesson)
