"""The enumerations of the practice (DOMAIN.md §10.3), shared by cases and sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """Where a mock roundtable is: not begun, one of the six in-room phases, the
    simulated follow-up, or finished. The order of the members is the order of play."""

    SCHEDULED = "scheduled", _("Not started")
    WELCOME = "welcome", _("Welcome and Overview")
    PRESENT = "present", _("Present the Case")
    CLARIFY = "clarify", _("Clarify and Explore")
    BRAINSTORM = "brainstorm", _("Brainstorm")
    PLAN = "plan", _("Create the Permanency Action Plan")
    DEBRIEF = "debrief", _("Debrief")
    FOLLOW_UP = "follow_up", _("Follow-up")
    COMPLETED = "completed", _("Completed")

    @classmethod
    def played(cls) -> list["Phase"]:
        """The phases a facilitator works through, each with a timestamp."""
        return [p for p in cls if p not in (cls.SCHEDULED, cls.COMPLETED)]

    @classmethod
    def in_room(cls) -> list["Phase"]:
        """The six phases of the two-hour roundtable (follow-up comes later)."""
        return [p for p in cls.played() if p != cls.FOLLOW_UP]

    @property
    def order(self) -> int:
        return list(type(self)).index(self)

    @property
    def next(self) -> "Phase | None":
        members = list(type(self))
        return members[self.order + 1] if self.order + 1 < len(members) else None

    @property
    def numeral(self) -> str:
        """Roman numeral of an in-room phase (I–VI), as the practice numbers them."""
        numerals = ["", "I", "II", "III", "IV", "V", "VI", "VII", ""]
        return numerals[self.order]


class Role(models.TextChoices):
    """Seats at the table (DOMAIN.md §6): core, youth-centered and supplemental."""

    CASE_WORKER = "case_worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    FACILITATOR = "facilitator", _("Facilitator")
    MASTER_PRACTITIONER = "master_practitioner", _("Master practitioner")
    EXTERNAL_CONSULTANT = "external_consultant", _("External permanency consultant")
    SCRIBE = "scribe", _("Scribe")
    YOUTH = "youth", _("Youth")
    YOUTH_SUPPORT = "youth_support", _("Youth's support person")
    PROBATION_OFFICER = "probation_officer", _("Probation officer")
    SECOND_LINE_SUPERVISOR = "second_line_supervisor", _("Second-line supervisor")
    LEGAL_EXPERT = "legal_expert", _("Legal expert")
    POLICY_EXPERT = "policy_expert", _("Policy expert")
    MENTAL_HEALTH = "mental_health", _("Mental health professional")
    CULTURAL_GUIDE = "cultural_guide", _("Cultural guide")
    VETERAN_PARENT = "veteran_parent", _("Veteran parent")


YOUTH_ROLES = (Role.YOUTH, Role.YOUTH_SUPPORT)


class Rating(models.TextChoices):
    """Legal permanency status, best first (Wisconsin DCF scale, DOMAIN.md §4). The
    "no consultation required" variants are a separate flag on the recorded rating."""

    ACHIEVED = "achieved", _("Permanency achieved")
    VERY_GOOD = "very_good", _("Very good")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    MARGINAL = "marginal", _("Marginal")
    POOR = "poor", _("Poor")

    @property
    def rank(self) -> int:
        """Higher is better: poor 1 … achieved 6."""
        return len(type(self)) - list(type(self)).index(self)


# Only these levels have a "no consultation required" variant.
NCR_RATINGS = (Rating.VERY_GOOD, Rating.GOOD)


class Goal(models.TextChoices):
    """Permanency goals (ASFA options; DOMAIN.md §5.1)."""

    REUNIFICATION = "reunification", _("Reunification")
    ADOPTION = "adoption", _("Adoption")
    GUARDIANSHIP = "guardianship", _("Guardianship")
    FIT_WILLING_RELATIVE = (
        "fit_willing_relative",
        _("Permanent placement with a fit and willing relative"),
    )
    APPLA_OPPLA = "appla_oppla", _("APPLA / OPPLA")


# A goal of record may be "none" (no concurrent goal); recorded explicitly so that
# "not known yet" and "there is none" are told apart.
NO_GOAL = "none"
GOAL_OF_RECORD_CHOICES = [*Goal.choices, (NO_GOAL, _("None"))]


class GoalType(models.TextChoices):
    PRIMARY = "primary", _("Primary goal")
    CONCURRENT = "concurrent", _("Concurrent goal")


class BarrierCategory(models.TextChoices):
    POLICY = "policy", _("Policy")
    LEGAL = "legal", _("Legal")
    FINANCIAL = "financial", _("Financial")
    RESOURCE = "resource", _("Resource")
    PRACTICE = "practice", _("Practice")
    COURT = "court", _("Court")
    OTHER = "other", _("Other")


class StepStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")


class CaseType(models.TextChoices):
    """Oral case presentation variants (Wisconsin, DOMAIN.md §3.3)."""

    INITIAL = "initial", _("Initial")
    SUBSEQUENT = "subsequent", _("Subsequent")
    JUVENILE_JUSTICE = "juvenile_justice", _("Juvenile justice")
    ICWA = "icwa", _("ICWA")
    GUARDIANSHIP = "guardianship", _("Guardianship / custody")


class Restrictiveness(models.TextChoices):
    """Living settings from least to most restrictive (DOMAIN.md §4.2)."""

    OWN_HOME = "own_home", _("Own home")
    KIN = "kin", _("Relative or kin home")
    FOSTER_FAMILY = "foster_family", _("Foster family")
    TREATMENT_FOSTER = "treatment_foster", _("Treatment foster home")
    GROUP_HOME = "group_home", _("Group home")
    RESIDENTIAL = "residential", _("Residential treatment")
    SECURE = "secure", _("Secure facility")
