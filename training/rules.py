"""The training layer's rules as pure functions over loaded data (no queries):
services apply them to refuse a change, pages to explain it. People (supervisors,
roles, deactivation), knowledge-check scoring, and where a co-trained session
stands given the timings kept so far."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from training.roles import Role


def supervisor_loops(
    current: dict[int, int], proposed: dict[int, int | None]
) -> set[int]:
    """The people whose chain of supervisors would come back to them once
    ``proposed`` (person id → supervisor id, None to clear) is applied over
    ``current`` (person id → supervisor id, for everyone who has one)."""
    chain = {**current, **proposed}
    looped = set()
    for start in proposed:
        seen, person = set(), start
        while person is not None and person not in seen:
            seen.add(person)
            person = chain.get(person)
        if person == start:
            looped.add(start)
    return looped


def supervisor_problem(person_id: int, supervisor_id: int | None, looped: set) -> str:
    """Why ``supervisor_id`` cannot supervise ``person_id`` ("" when it can)."""
    if supervisor_id is not None and supervisor_id == person_id:
        return _("A person cannot be their own supervisor.")
    if person_id in looped:
        return _(
            "This would make a loop of supervisors: the chosen supervisor is, "
            "directly or through others, supervised by this person."
        )
    return ""


def role_change_problem(*, actor_id: int, person_id: int, before, after) -> str:
    """Staff may change anyone's roles except take away their own staff role."""
    if (
        actor_id == person_id
        and Role.PROGRAM_STAFF in before
        and Role.PROGRAM_STAFF not in after
    ):
        return _(
            "You cannot remove your own program staff role; ask another member of "
            "staff."
        )
    return ""


def deactivate_problem(*, actor_id: int, person_id: int) -> str:
    if actor_id == person_id:
        return _("You cannot deactivate yourself; ask another member of staff.")
    return ""


# --- Knowledge checks and the session runner ----------------------------------------

NOT_STARTED = -1


def runner_position(timings, segment_count: int) -> int:
    """-1 before the first segment, the running segment's position, or
    ``segment_count`` once the last segment has ended."""
    if not timings:
        return NOT_STARTED
    running = [t for t in timings if t.ended_at is None]
    if running:
        return running[0].position
    return min(max(t.position for t in timings) + 1, segment_count)


# --- Knowledge checks ---------------------------------------------------------------


def score_percent(correct: int, total: int) -> int:
    """The share right, rounded to the nearest percent (halves up): 2 of 3 is 67."""
    return (200 * correct + total) // (2 * total) if total else 0


def questions_needed(total: int, pass_mark: int) -> int:
    """Right answers needed to pass: the pass mark applied to the number of
    questions, rounded to the nearest whole question (halves up). At the default
    80%, 3 of 4 passes; a program that wants every answer right sets 100%."""
    return min(total, max(1, (2 * total * pass_mark + 100) // 200))


def check_passed(correct: int, total: int, pass_mark: int) -> bool:
    return total > 0 and correct >= questions_needed(total, pass_mark)


# A lesson's knowledge check as plain data, read once from its StreamField and
# graded here: the lesson page explains with it, the attempt service scores with it.


@dataclass(frozen=True)
class CheckChoice:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class CheckQuestion:
    id: str
    prompt: str
    multiple: bool
    explanation: str
    choices: tuple[CheckChoice, ...]

    @property
    def choice_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices)

    @property
    def correct_ids(self) -> frozenset[str]:
        return frozenset(choice.id for choice in self.choices if choice.correct)


@dataclass(frozen=True)
class QuestionResult:
    question: CheckQuestion
    chosen: tuple[CheckChoice, ...]
    right: bool


def check_questions(lesson) -> list[CheckQuestion]:
    """The lesson's knowledge check with its stable block ids (no queries)."""
    questions = []
    for child in lesson.questions:
        value = child.value
        questions.append(
            CheckQuestion(
                id=child.id,
                prompt=value["prompt"],
                multiple=value["kind"] == "multiple",
                explanation=value["explanation"],
                choices=tuple(
                    CheckChoice(
                        id=bound.id,
                        text=bound.value["text"],
                        correct=bool(bound.value["correct"]),
                    )
                    for bound in value["choices"].bound_blocks
                ),
            )
        )
    return questions


def grade(questions, answers: dict[str, set[str]]) -> list[QuestionResult]:
    """Right only when the chosen set equals the correct set; an unanswered
    question is wrong."""
    results = []
    for question in questions:
        chosen_ids = answers.get(question.id, set())
        results.append(
            QuestionResult(
                question=question,
                chosen=tuple(c for c in question.choices if c.id in chosen_ids),
                right=bool(chosen_ids) and chosen_ids == question.correct_ids,
            )
        )
    return results
