"""Course structure and learners' progress through it, read in a fixed number of
queries whatever the size of the course or the cohort.

Both the trainee's pages (outline, My learning) and the co-trainer's grid read
progress through here, so the rule for "complete" lives in one place; the learning
services judge completion with it too, which is why it sits beside the models
rather than among the selectors.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from content import structure
from content.structure import LessonInfo, ModuleInfo
from training.models import KnowledgeCheckAttempt, LessonProgress


@dataclass
class LessonState:
    completed: bool = False
    active_seconds: int = 0
    attempts: int = 0
    best_score: int | None = None
    passed: bool = False
    # A progress row was recorded (the lesson was opened); not part of equality.
    exists: bool = field(default=False, compare=False)


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
    """The live modules and lessons of a course, in editors' order (no query once
    the content version's structures are built)."""
    return course_structures([course])[course.pk]


def course_structures(courses) -> dict[int, list[ModuleInfo]]:
    """The structure of several courses at once, by course id, from the cached
    catalogue; a course it does not know yet is read from the tree."""
    courses = list(courses)
    known = structure.catalogue().courses
    found = {c.pk: known[c.pk].modules for c in courses if c.pk in known}
    missing = [c for c in courses if c.pk not in found]
    if missing:
        found.update(structure.build_structures(missing))
    return found


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
            exists=True,
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


# Read, never changed: the state of every lesson without a row (a grid of fifty
# learners by two dozen lessons would otherwise make a new one for most).
_NOT_OPENED = LessonState()


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
            state = states.get(lesson.id, _NOT_OPENED)
            done += state.completed
            has_check = lesson.question_count > 0  # LessonInfo.has_check, inlined
            if has_check:
                checks += 1
                passed += state.passed
                attempted = attempted or state.attempts > 0
                if state.best_score is not None:
                    best = (
                        state.best_score
                        if best is None
                        else min(best, state.best_score)
                    )
            unfinished = not state.completed or (has_check and not state.passed)
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
