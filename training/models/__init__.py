from training.models.accounts import Invitation, User, UserManager
from training.models.cohorts import Attendance, Cohort, CohortMembership, CohortSession
from training.models.delivery import SegmentTiming
from training.models.learning import (
    CourseCompletion,
    Enrolment,
    KnowledgeCheckAttempt,
    LessonProgress,
)
from training.models.people import PersonChange

__all__ = [
    "Attendance",
    "Cohort",
    "CohortMembership",
    "CohortSession",
    "CourseCompletion",
    "Enrolment",
    "Invitation",
    "KnowledgeCheckAttempt",
    "LessonProgress",
    "PersonChange",
    "SegmentTiming",
    "User",
    "UserManager",
]
