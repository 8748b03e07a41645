"""The learning services: enrolment, visits, completion, activity time and graded
knowledge checks. Bad input changes nothing."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from content.models import LessonPage
from tests.content.builders import (
    correct_answers,
    make_course,
    make_lesson,
    question,
    wrong_answers,
)
from training.models import Cohort, Enrolment, KnowledgeCheckAttempt, LessonProgress
from training.progress import course_structure, lesson_states, summarise
from training.services.learning import (
    enrolment_create,
    knowledge_check_submit,
    lesson_activity_record,
    lesson_complete,
    lesson_visit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=2, lessons=4)


@pytest.fixture
def checked(lessons):
    return lessons[1]


@pytest.fixture
def enrolment(trainee, course):
    return enrolment_create(user=trainee, course=course)


def submit(enrolment, lesson, answers, key=None):
    return knowledge_check_submit(
        enrolment=enrolment,
        lesson=lesson,
        answers=answers,
        submission_key=key or uuid.uuid4(),
    )


def module_summary(enrolment, number):
    structure = course_structure(enrolment.course)
    states = lesson_states(enrolment_ids=[enrolment.pk])[enrolment.pk]
    return summarise(structure, states).modules[number - 1]


# --- Enrolment --------------------------------------------------------------------


def test_enrolment_is_idempotent(trainee, course):
    first = enrolment_create(user=trainee, course=course)
    again = enrolment_create(user=trainee, course=course)

    assert again.pk == first.pk
    assert Enrolment.objects.count() == 1


def test_a_cohort_only_course_needs_a_cohort(
    trainee, site_root, co_trainer, lived_trainer
):
    course = make_course(site_root, self_enrol=False)

    with pytest.raises(ValidationError, match="through a cohort"):
        enrolment_create(user=trainee, course=course)
    assert not Enrolment.objects.exists()

    cohort = Cohort.objects.create(
        name="Spring",
        course=course,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
    )
    enrolment = enrolment_create(user=trainee, course=course, cohort=cohort)
    assert enrolment.cohort == cohort


def test_an_existing_self_enrolment_joins_the_cohort(
    trainee, course, co_trainer, lived_trainer
):
    enrolment = enrolment_create(user=trainee, course=course)
    cohort = Cohort.objects.create(
        name="Spring",
        course=course,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
    )

    again = enrolment_create(user=trainee, course=course, cohort=cohort)

    assert again.pk == enrolment.pk
    assert Enrolment.objects.get().cohort == cohort


def test_a_cohort_of_another_course_is_refused(
    trainee, course, site_root, co_trainer, lived_trainer
):
    other = make_course(site_root)
    cohort = Cohort.objects.create(
        name="Other",
        course=other,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
    )

    with pytest.raises(ValidationError, match="different course"):
        enrolment_create(user=trainee, course=course, cohort=cohort)
    assert not Enrolment.objects.exists()


def test_an_unpublished_course_takes_no_enrolments(trainee, course):
    course.unpublish()
    course.refresh_from_db()

    with pytest.raises(ValidationError, match="not open"):
        enrolment_create(user=trainee, course=course)
    assert not Enrolment.objects.exists()


# --- Visits and completion --------------------------------------------------------


def test_a_visit_records_progress_once_and_the_place_to_resume(enrolment, lessons):
    lesson_visit(enrolment=enrolment, lesson=lessons[2])
    lesson_visit(enrolment=enrolment, lesson=lessons[2])

    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == lessons[2].pk


def test_completion_is_dated_once(enrolment, lessons):
    first = lesson_complete(enrolment=enrolment, lesson=lessons[0])
    LessonProgress.objects.filter(pk=first.pk).update(
        completed_at=first.completed_at - timedelta(days=3)
    )

    again = lesson_complete(enrolment=enrolment, lesson=lessons[0])

    assert again.completed_at == first.completed_at - timedelta(days=3)
    assert LessonProgress.objects.count() == 1
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == lessons[0].pk


def test_a_lesson_of_another_course_is_refused(enrolment, site_root):
    elsewhere = LessonPage.objects.descendant_of(make_course(site_root)).first()

    with pytest.raises(ValidationError, match="not part of your course"):
        lesson_complete(enrolment=enrolment, lesson=elsewhere)
    with pytest.raises(ValidationError, match="not part of your course"):
        lesson_visit(enrolment=enrolment, lesson=elsewhere)
    with pytest.raises(ValidationError, match="not part of your course"):
        submit(enrolment, elsewhere, correct_answers(elsewhere))
    assert not LessonProgress.objects.exists()
    assert not KnowledgeCheckAttempt.objects.exists()


def test_an_unpublished_lesson_is_refused(enrolment, lessons):
    lessons[0].unpublish()
    lessons[0].refresh_from_db()

    with pytest.raises(ValidationError):
        lesson_complete(enrolment=enrolment, lesson=lessons[0])
    assert not LessonProgress.objects.exists()


def test_a_module_is_complete_when_its_lessons_are_done_and_its_check_passed(
    enrolment, lessons, checked
):
    lesson_complete(enrolment=enrolment, lesson=lessons[0])
    lesson_complete(enrolment=enrolment, lesson=checked)
    assert not module_summary(enrolment, 1).complete

    submit(enrolment, checked, correct_answers(checked))

    assert module_summary(enrolment, 1).complete
    assert not module_summary(enrolment, 2).complete


def test_the_course_completion_date_is_recorded_when_everything_is_done(
    enrolment, lessons
):
    for lesson in lessons:
        lesson_complete(enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # checks not passed yet

    for lesson in lessons:
        if lesson.questions:
            submit(enrolment, lesson, correct_answers(lesson))

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    first_date = enrolment.completed_at
    submit(enrolment, lessons[-1], correct_answers(lessons[-1]))  # a later retry
    enrolment.refresh_from_db()
    assert enrolment.completed_at == first_date


# --- Activity ---------------------------------------------------------------------


def test_activity_from_two_tabs_adds_up(enrolment, lessons):
    lesson_activity_record(enrolment=enrolment, lesson=lessons[0], seconds=30)
    other_tab = lesson_activity_record(
        enrolment=enrolment, lesson=lessons[0], seconds=20
    )

    assert other_tab.active_seconds == 50
    assert LessonProgress.objects.get().active_seconds == 50


def test_each_ping_is_capped(enrolment, lessons):
    progress = lesson_activity_record(
        enrolment=enrolment, lesson=lessons[0], seconds=10_000
    )

    assert progress.active_seconds == 60
    assert progress.last_activity_at <= timezone.now()


@pytest.mark.parametrize("seconds", [-1, "x", None])
def test_bad_activity_is_refused(enrolment, lessons, seconds):
    with pytest.raises(ValidationError):
        lesson_activity_record(enrolment=enrolment, lesson=lessons[0], seconds=seconds)
    assert not LessonProgress.objects.exists()


# --- Knowledge checks -------------------------------------------------------------


def test_all_right_passes_with_100(enrolment, checked):
    attempt = submit(enrolment, checked, correct_answers(checked))

    assert (attempt.score, attempt.passed) == (100, True)
    assert (attempt.correct_count, attempt.question_count) == (2, 2)
    assert set(attempt.answers) == {q.id for q in checked.questions}


def test_a_multiple_question_is_right_only_with_exactly_the_correct_set(
    enrolment, checked
):
    single, multiple = checked.questions
    answers = correct_answers(checked)
    right_choices = answers[multiple.id]

    partial = submit(enrolment, checked, {**answers, multiple.id: right_choices[:1]})
    every = [c.id for c in multiple.value["choices"].bound_blocks]
    too_many = submit(enrolment, checked, {**answers, multiple.id: every})

    assert (partial.score, partial.passed) == (50, False)
    assert (too_many.score, too_many.passed) == (50, False)


def test_the_pass_mark_is_the_courses(enrolment, course, checked):
    course.pass_mark = 50
    course.save_revision().publish()
    enrolment.refresh_from_db()
    single, _multiple = checked.questions

    answers = {**wrong_answers(checked), single.id: correct_answers(checked)[single.id]}
    attempt = submit(enrolment, checked, answers)

    assert (attempt.score, attempt.passed) == (50, True)


def test_scores_round_to_the_nearest_percent(trainee, site_root):
    course = make_course(site_root, with_checks=False, pass_mark=67)
    module = course.get_children().first()
    lesson = make_lesson(module, questions=[question() for _ in range(3)])
    enrolment = enrolment_create(user=trainee, course=course)
    answers = correct_answers(lesson)
    answers[next(iter(answers))] = wrong_answers(lesson)[next(iter(answers))]

    attempt = submit(enrolment, lesson, answers)

    assert (attempt.score, attempt.passed) == (67, True)


@pytest.mark.parametrize(("pass_mark", "passed"), [(80, True), (100, False)])
def test_a_four_question_check_needs_every_answer_only_if_the_program_says_so(
    trainee, site_root, pass_mark, passed
):
    course = make_course(site_root, with_checks=False, pass_mark=pass_mark)
    module = course.get_children().first()
    lesson = make_lesson(module, questions=[question() for _ in range(4)])
    enrolment = enrolment_create(user=trainee, course=course)
    answers = correct_answers(lesson)
    answers[next(iter(answers))] = wrong_answers(lesson)[next(iter(answers))]

    attempt = submit(enrolment, lesson, answers)

    assert (attempt.score, attempt.passed) == (75, passed)


def test_every_question_must_be_answered(enrolment, checked):
    answers = correct_answers(checked)
    answers[next(iter(answers))] = []

    with pytest.raises(ValidationError, match="Answer every question"):
        submit(enrolment, checked, answers)
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_single_question_takes_one_answer(enrolment, checked):
    single, _ = checked.questions
    both = [c.id for c in single.value["choices"].bound_blocks]

    with pytest.raises(ValidationError, match="Choose one answer"):
        submit(enrolment, checked, {**correct_answers(checked), single.id: both})
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_question_id_from_elsewhere_is_tampering(enrolment, checked):
    answers = {**correct_answers(checked), str(uuid.uuid4()): ["x"]}

    with pytest.raises(ValidationError) as error:
        submit(enrolment, checked, answers)
    assert error.value.code == "tampered"
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_choice_of_another_question_is_tampering(enrolment, checked):
    single, multiple = checked.questions
    answers = correct_answers(checked)
    answers[single.id] = [answers[multiple.id][0]]

    with pytest.raises(ValidationError) as error:
        submit(enrolment, checked, answers)
    assert error.value.code == "tampered"
    assert not KnowledgeCheckAttempt.objects.exists()


def test_answers_that_are_not_a_mapping_are_refused(enrolment, checked):
    with pytest.raises(ValidationError):
        submit(enrolment, checked, ["not", "a", "dict"])
    assert not KnowledgeCheckAttempt.objects.exists()


def test_the_same_submission_key_records_once(enrolment, checked):
    key = uuid.uuid4()
    first = submit(enrolment, checked, wrong_answers(checked), key)

    again = submit(enrolment, checked, correct_answers(checked), key)

    assert again.pk == first.pk
    assert again.passed is False  # the first submission stands
    assert KnowledgeCheckAttempt.objects.count() == 1


def test_retries_are_new_attempts(enrolment, checked):
    failed = submit(enrolment, checked, wrong_answers(checked))
    passed = submit(enrolment, checked, correct_answers(checked))

    assert (failed.passed, passed.passed) == (False, True)
    assert KnowledgeCheckAttempt.objects.filter(enrolment=enrolment).count() == 2


def test_a_lesson_without_a_check_takes_no_answers(enrolment, lessons):
    with pytest.raises(ValidationError, match="no knowledge check"):
        submit(enrolment, lessons[0], {})
    assert not KnowledgeCheckAttempt.objects.exists()


def test_a_malformed_submission_key_is_refused(enrolment, checked):
    with pytest.raises(ValidationError, match="expired"):
        submit(enrolment, checked, correct_answers(checked), key="nope")
    assert not KnowledgeCheckAttempt.objects.exists()


def test_grading_follows_the_live_lesson_not_the_browser(enrolment, checked):
    """An editor re-keys a question: the server grades against the new key."""
    old_answers = correct_answers(checked)
    data = checked.questions.get_prep_value()
    for choice in data[0]["value"]["choices"]:
        choice["value"]["correct"] = not choice["value"]["correct"]
    checked.questions = data
    checked.save_revision().publish()
    checked = LessonPage.objects.get(pk=checked.pk)

    attempt = submit(enrolment, checked, old_answers)

    assert attempt.correct_count == 1 and not attempt.passed
