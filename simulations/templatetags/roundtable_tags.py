"""Small filters for the roundtable pages: durations and enumeration labels."""

from django import template
from django.utils.translation import gettext as _

from simulations.models import (
    BarrierCategory,
    CaseType,
    Goal,
    GoalType,
    Rating,
    Restrictiveness,
    Role,
    StepStatus,
)
from simulations.models.enums import NO_GOAL

register = template.Library()

ENUMS = {
    "barrier": BarrierCategory,
    "case_type": CaseType,
    "goal": Goal,
    "goal_type": GoalType,
    "rating": Rating,
    "restrictiveness": Restrictiveness,
    "role": Role,
    "status": StepStatus,
}


@register.filter
def clock(seconds) -> str:
    """Seconds as m:ss, or h:mm:ss past an hour."""
    seconds = max(0, int(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@register.filter
def minutes(seconds) -> int:
    return round(int(seconds or 0) / 60)


@register.filter
def label(value, enum: str) -> str:
    """An enumeration label: ``{{ row.value.category|label:"barrier" }}``."""
    if enum == "goal" and value == NO_GOAL:
        return _("None")
    choices = ENUMS[enum]
    return choices(value).label if value in choices.values else "—"
