from training.models.accounts import Invitation, User, UserManager
from training.models.cohorts import Attendance, Cohort, CohortMembership, CohortSession
from training.models.delivery import SegmentTiming
from training.models.learning import Enrolment, KnowledgeCheckAttempt, LessonProgress

__all__ = [
    "Attendance",
    "Cohort",
    "CohortMembership",
    "CohortSession",
    "Enrolment",
    "Invitation",
    "KnowledgeCheckAttempt",
    "LessonProgress",
    "SegmentTiming",
    "User",
    "UserManager",
]
