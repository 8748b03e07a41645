"""Builders for the training tests: a live course whose modules end in a checked
lesson (``build_course``), a cohort made through the real service
(``build_cohort``), recorded progress for the cohort grid (``record_progress``), and
the co-trained day: a course with a delivery plan, its cohort and a 09:00 session."""

import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from content.models import CoursePage, LessonPage, ModulePage
from tests.content.builders import make_course, segment
from training.models import Cohort, KnowledgeCheckAttempt, LessonProgress
from training.services import cohorts as services
from training.services.learning import enrolment_create


def _id() -> str:
    return str(uuid.uuid4())


def question(correct="Right", wrong="Wrong") -> dict:
    return {
        "type": "question",
        "id": _id(),
        "value": {
            "prompt": "Which is right?",
            "kind": "single",
            "explanation": "Because.",
            "choices": [
                {"type": "item", "id": _id(), "value": {"text": t, "correct": c}}
                for t, c in ((correct, True), (wrong, False))
            ],
        },
    }


def build_course(home, *, code="TST", modules=2, lessons=2, title=None):
    """A live course whose every module ends with a lesson that has a check."""
    course = CoursePage(title=title or f"Course {code}", code=code, slug=code.lower())
    home.add_child(instance=course)
    for m in range(1, modules + 1):
        module = ModulePage(title=f"Module {m} of {code}", slug=f"m{m}")
        course.add_child(instance=module)
        for n in range(1, lessons + 1):
            module.add_child(
                instance=LessonPage(
                    title=f"Lesson {m}.{n}",
                    slug=f"l{n}",
                    minutes=30,
                    body=[{"type": "reflection", "value": "Think.", "id": _id()}],
                    questions=[question()] if n == lessons else [],
                )
            )
    return CoursePage.objects.get(pk=course.pk)


def build_cohort(course, *, co_trainer, lived_trainer, staff, **extra):
    extra.setdefault("name", "North cohort")
    extra.setdefault("kind", Cohort.Kind.COURSE)
    return services.cohort_create(
        course=course,
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
        created_by=staff,
        **extra,
    )


def record_progress(enrolment, structure, *, modules_done=1, failed_scores=(50,)):
    """Complete the first ``modules_done`` modules (checks passed at 100%) and fail
    the next module's check with ``failed_scores``."""
    progress, attempts = [], []
    for index, module in enumerate(structure):
        if index < modules_done:
            progress += [
                LessonProgress(
                    enrolment=enrolment,
                    lesson_id=lesson.id,
                    completed_at=timezone.now(),
                )
                for lesson in module.lessons
            ]
            scores, passed = (100,), True
        elif index == modules_done:
            scores, passed = failed_scores, False
        else:
            continue
        check = next(lesson for lesson in module.lessons if lesson.has_check)
        attempts += [
            KnowledgeCheckAttempt(
                enrolment=enrolment,
                lesson_id=check.id,
                submission_key=uuid.uuid4(),
                answers={},
                correct_count=0,
                question_count=1,
                score=score,
                passed=passed,
            )
            for score in scores
        ]
    LessonProgress.objects.bulk_create(progress)
    KnowledgeCheckAttempt.objects.bulk_create(attempts)


# --- The co-trained day -------------------------------------------------------------


def plan_course(site_root, **fields):
    """A live course of two modules whose plans are four segments and a break:
    90 minutes of instruction."""
    course = make_course(site_root, modules=2, lessons=2, **fields)
    first, second = ModulePage.objects.child_of(course).order_by("path")
    first.delivery_plan = [
        segment("Welcome", kind="activity", minutes=15, lead="both"),
        segment(
            "Story",
            kind="story",
            minutes=20,
            lead="lived_experience",
            participants_do="Listen to the story.",
            notes="Secret trainer note.",
        ),
        segment("Break", kind="break", minutes=10),
    ]
    first.save()
    second.delivery_plan = [
        segment("Phases", minutes=25, lead="child_welfare"),
        segment(
            "Role-play",
            kind="role_play",
            minutes=30,
            role_plays=[
                {
                    "type": "item",
                    "id": "rp-1",
                    "value": {
                        "case": "jordan-initial",
                        "scene": "Play the welcome.",
                        "seats": [
                            {
                                "type": "item",
                                "id": f"seat-{n}",
                                "value": {"seat": seat, "brief": f"Brief for {seat}."},
                            }
                            for n, seat in enumerate(("facilitator", "youth"))
                        ],
                        "youth_coaching": "Agree a break signal.",
                        "debrief": "When was Jordan talked to?",
                    },
                }
            ],
        ),
    ]
    second.save()
    return course


@pytest.fixture
def day_course(site_root):
    return plan_course(site_root)


@pytest.fixture
def day_cohort(day_course, co_trainer, lived_trainer, staff, trainee):
    cohort = services.cohort_create(
        course=day_course,
        name="Day cohort",
        kind="course",
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
        created_by=staff,
    )
    services.cohort_member_add(cohort=cohort, user=trainee)
    return cohort


@pytest.fixture
def day_session(day_cohort):
    start = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
    return services.session_create(
        cohort=day_cohort,
        title="The YCPRT day",
        starts_at=start,
        ends_at=start + timedelta(hours=7),
        place="Room 4",
    )


# Fixtures over a module's own ``course``: its lessons in order, a trainee enrolled
# in it (signed in), and a cohort on it led by both co-trainers.


@pytest.fixture
def lessons(course):
    return list(LessonPage.objects.descendant_of(course).order_by("path"))


@pytest.fixture
def learner(client_for, trainee, course):
    enrolment_create(user=trainee, course=course)
    return client_for(trainee)


@pytest.fixture
def cohort(course, co_trainer, lived_trainer, staff):
    return build_cohort(
        course, co_trainer=co_trainer, lived_trainer=lived_trainer, staff=staff
    )
