from simulations.models.cases import SampleCase
from simulations.models.enums import (
    BarrierCategory,
    CaseType,
    Goal,
    GoalType,
    Phase,
    Rating,
    Restrictiveness,
    Role,
    StepStatus,
)
from simulations.models.plans import (
    ActionPlan,
    ActionStep,
    BrainstormIdea,
    FollowUp,
    StepReview,
)
from simulations.models.program import RoundtableSettings
from simulations.models.roundtables import (
    AskedQuestion,
    ChecklistTick,
    MockRoundtable,
    Participant,
    PhaseLog,
)

__all__ = [
    "ActionPlan",
    "ActionStep",
    "AskedQuestion",
    "BarrierCategory",
    "BrainstormIdea",
    "CaseType",
    "ChecklistTick",
    "FollowUp",
    "Goal",
    "GoalType",
    "MockRoundtable",
    "Participant",
    "Phase",
    "PhaseLog",
    "Rating",
    "Restrictiveness",
    "Role",
    "RoundtableSettings",
    "SampleCase",
    "StepReview",
    "StepStatus",
]
