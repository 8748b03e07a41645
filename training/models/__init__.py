from training.models.accounts import Invitation, User, UserManager
from training.models.cohorts import Attendance, Cohort, CohortMembership, CohortSession
from training.models.learning import (
    CourseCompletion,
    Enrolment,
    KnowledgeCheckAttempt,
    LessonProgress,
)

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
    "User",
    "UserManager",
]
