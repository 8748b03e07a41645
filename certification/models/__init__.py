from certification.models.calibration import (
    CalibrationReminder,
    CalibrationScore,
    CalibrationSheet,
    GoldItem,
    GoldStandard,
)
from certification.models.certifications import (
    Certification,
    CertificationEvent,
    RequirementExemption,
)
from certification.models.live_roundtables import LiveRoundtableLog
from certification.models.notifications import CalendarFeed, Notification, Reminder
from certification.models.observations import (
    DevelopmentGoal,
    DevelopmentPlan,
    ItemScore,
    Observation,
    ObservationKind,
    ScoreChange,
    ScoreSheet,
)
from certification.models.programs import CertificationProgram
from certification.models.rubrics import Rubric, RubricItem
from certification.models.settings import CertificateSettings, ObservationRules

__all__ = [
    "CalibrationReminder",
    "CalibrationScore",
    "CalibrationSheet",
    "GoldItem",
    "GoldStandard",
    "CalendarFeed",
    "CertificateSettings",
    "Certification",
    "CertificationEvent",
    "CertificationProgram",
    "DevelopmentGoal",
    "DevelopmentPlan",
    "ItemScore",
    "LiveRoundtableLog",
    "Notification",
    "Observation",
    "ObservationKind",
    "ObservationRules",
    "Reminder",
    "RequirementExemption",
    "Rubric",
    "RubricItem",
    "ScoreChange",
    "ScoreSheet",
]
