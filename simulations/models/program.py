from functools import cache
from pathlib import Path

import yaml
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting

from simulations.models.enums import Phase

CASES_DIR = Path(__file__).resolve().parent.parent / "cases"


@cache
def default_questions() -> list[str]:
    """The five key brainstorming questions as shipped (cases/brainstorm_questions)."""
    rows = yaml.safe_load((CASES_DIR / "brainstorm_questions.yaml").read_text())
    return [row["text"] for row in sorted(rows, key=lambda row: row["number"])]


@cache
def facilitator_functions() -> dict[str, list[str]]:
    """Ordered facilitator functions per phase (cases/facilitator_functions.yaml)."""
    return yaml.safe_load((CASES_DIR / "facilitator_functions.yaml").read_text())


def _minutes(label, default):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )


def _question(number):
    return models.CharField(
        _("key question %(number)s") % {"number": number},
        max_length=300,
        default=default_questions()[number - 1],
    )


class RoundtableSettings(BaseSiteSetting):
    """How this program runs roundtables: phase times, the five key questions, the
    follow-up cadence, and how the feedback report judges a session. Program staff
    edit it in the Wagtail admin under Settings → "Roundtable settings"; a mock
    roundtable keeps the values it started with."""

    welcome_minutes = _minutes(_("Welcome and Overview (minutes)"), 5)
    present_minutes = _minutes(_("Present the Case (minutes)"), 20)
    clarify_minutes = _minutes(_("Clarify and Explore (minutes)"), 15)
    brainstorm_minutes = _minutes(_("Brainstorm (minutes)"), 25)
    plan_minutes = _minutes(_("Create the Permanency Action Plan (minutes)"), 35)
    debrief_minutes = _minutes(_("Debrief (minutes)"), 20)
    question_1 = _question(1)
    question_2 = _question(2)
    question_3 = _question(3)
    question_4 = _question(4)
    question_5 = _question(5)
    follow_up_cadence_days = models.PositiveSmallIntegerField(
        _("follow-up cadence (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Days between the roundtable and its follow-up."),
    )
    under_run_percent = models.PositiveSmallIntegerField(
        _("rushed below (% of a phase's target)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The feedback report flags a phase that took less than this share of its "
            "target minutes, as it flags one that ran over. 0 turns the check off."
        ),
    )
    checklist_percent = models.PositiveSmallIntegerField(
        _("facilitator functions to tick (% of each phase)"),
        default=100,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The share of each phase's facilitator checklist the trainee must tick "
            "for the checklist check of the feedback report to be met."
        ),
    )
    facilitator_may_own_steps = models.BooleanField(
        _("the facilitator may own action steps"),
        default=False,
        help_text=_(
            "Off: every action step is owned by someone at the table other than the "
            "facilitator, who guides the plan but does not carry it out."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel(f"{phase.value}_minutes") for phase in Phase.in_room()],
            heading=_("Target minutes per phase (for one child)"),
            help_text=_(
                "Each extra sibling lengthens the roundtable by an hour; the phase "
                "targets grow in proportion."
            ),
        ),
        MultiFieldPanel(
            [FieldPanel(f"question_{n}") for n in range(1, 6)],
            heading=_("The five key brainstorming questions"),
        ),
        FieldPanel("follow_up_cadence_days"),
        MultiFieldPanel(
            [
                FieldPanel("under_run_percent"),
                FieldPanel("checklist_percent"),
                FieldPanel("facilitator_may_own_steps"),
            ],
            heading=_("How mock roundtables are judged"),
        ),
    ]

    class Meta:
        verbose_name = _("roundtable settings")

    def phase_targets(self, *, scheduled_minutes: int = 120) -> dict[str, int]:
        """Target minutes per in-room phase, scaled to the roundtable's length."""
        targets = {
            p.value: getattr(self, f"{p.value}_minutes") for p in Phase.in_room()
        }
        scale = max(scheduled_minutes / 120, 1)
        return {phase: round(minutes * scale) for phase, minutes in targets.items()}

    def brainstorm_questions(self) -> list[str]:
        return [getattr(self, f"question_{n}").strip() for n in range(1, 6)]
