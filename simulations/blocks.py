"""StreamField blocks of a sample case: the repeating parts of its case file, its
question bank and its answer key. Each block keeps a stable id, which sessions use to
remember which questions were asked."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from simulations.models.enums import (
    BarrierCategory,
    GoalType,
    Restrictiveness,
    Role,
    StepStatus,
)


class ChildBlock(blocks.StructBlock):
    """One child of the case; a sibling group has several."""

    name = blocks.CharBlock(label=_("First name (fictional)"), max_length=60)
    age = blocks.IntegerBlock(label=_("Age"), min_value=0, max_value=21)
    pronouns = blocks.CharBlock(label=_("Pronouns"), max_length=30, required=False)

    class Meta:
        icon = "user"
        label = _("Child")


class PlacementBlock(blocks.StructBlock):
    """One placement in the history, oldest first, with how restrictive it was."""

    setting = blocks.CharBlock(label=_("Setting"), max_length=300)
    restrictiveness = blocks.ChoiceBlock(
        label=_("Restrictiveness"), choices=Restrictiveness.choices
    )
    months = blocks.IntegerBlock(label=_("Months"), min_value=0, max_value=240)
    reason_for_move = blocks.TextBlock(
        label=_("Reason for the move"),
        required=False,
        help_text=_("Leave empty for the current placement."),
    )

    class Meta:
        icon = "home"
        label = _("Placement")


class ConnectionBlock(blocks.StructBlock):
    """A person in the youth's life. Professionals are never connections."""

    name = blocks.CharBlock(label=_("Name"), max_length=100)
    relationship = blocks.CharBlock(label=_("Relationship"), max_length=300)
    contact = blocks.TextBlock(label=_("Type and frequency of contact"))
    lifelong = blocks.BooleanBlock(
        label=_("Youth and adult both see it as lifelong"), required=False
    )

    class Meta:
        icon = "group"
        label = _("Connection")


class BarrierBlock(blocks.StructBlock):
    description = blocks.TextBlock(label=_("Barrier"))
    category = blocks.ChoiceBlock(label=_("Category"), choices=BarrierCategory.choices)

    class Meta:
        icon = "warning"
        label = _("Barrier")


class QuestionBlock(blocks.StructBlock):
    """A clarify-and-explore question and the answer the person asked would give."""

    question = blocks.TextBlock(label=_("Question"))
    asked_of = blocks.ChoiceBlock(label=_("Answered by"), choices=Role.choices)
    answer = blocks.TextBlock(label=_("Answer"))

    class Meta:
        icon = "help"
        label = _("Question and answer")


class KeyStepBlock(blocks.StructBlock):
    """A step a strong plan would contain (shown only in the feedback report)."""

    description = blocks.TextBlock(label=_("Action step"))
    responsible_role = blocks.ChoiceBlock(
        label=_("Person responsible"), choices=Role.choices
    )
    goal = blocks.ChoiceBlock(label=_("Serves"), choices=GoalType.choices)
    due_in_months = blocks.IntegerBlock(
        label=_("Due within (months)"), min_value=1, max_value=6
    )
    barrier = blocks.IntegerBlock(
        label=_("Barrier addressed"),
        min_value=1,
        required=False,
        help_text=_(
            "Its number in the case's list of barriers (1 is the first). Every "
            "barrier of the case should be named by at least one step."
        ),
    )
    engages_youth = blocks.BooleanBlock(
        label=_("Engages the youth in the plan"), required=False
    )

    class Meta:
        icon = "tick"
        label = _("Action step")


class PreviousStepBlock(blocks.StructBlock):
    """A step of the earlier plan, as the worker reports it at a subsequent PRT."""

    description = blocks.TextBlock(label=_("Action step"))
    responsible_role = blocks.ChoiceBlock(
        label=_("Person responsible"), choices=Role.choices
    )
    status = blocks.ChoiceBlock(label=_("Status"), choices=StepStatus.choices)
    note = blocks.TextBlock(label=_("What happened"), required=False)

    class Meta:
        icon = "history"
        label = _("Earlier step")
