"""Blocks of a module's delivery plan: the timed segments two co-trainers run in the
room, with role-plays whose seats each carry a brief."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from content.rules import LEADS, SEGMENT_KINDS


class SeatBriefBlock(blocks.StructBlock):
    """One seat at a role-play table and what its player needs to know."""

    seat = blocks.CharBlock(
        label=_("Seat"),
        max_length=40,
        help_text=_("The seat's code as the sample case names it, e.g. case_worker."),
    )
    brief = blocks.TextBlock(label=_("Brief for the player"))

    class Meta:
        icon = "user"
        label = _("Seat brief")


class RolePlayBlock(blocks.StructBlock):
    """A role-play on one sample case: the scene, a brief per seat, how the
    lived-experience trainer coaches the youth's player, and the debrief."""

    case = blocks.CharBlock(
        label=_("Sample case"),
        max_length=80,
        help_text=_("The sample case's slug, e.g. jordan-initial."),
    )
    scene = blocks.TextBlock(label=_("The scene to play"))
    seats = blocks.ListBlock(SeatBriefBlock(), label=_("Seat briefs"), min_num=2)
    youth_coaching = blocks.TextBlock(
        label=_("Coaching the youth's player"),
        required=False,
        help_text=_(
            "How the trainer with lived experience prepares and supports them."
        ),
    )
    debrief = blocks.TextBlock(label=_("Debrief questions"))

    class Meta:
        icon = "group"
        label = _("Role-play")


class SegmentBlock(blocks.StructBlock):
    """A timed part of the classroom day. Breaks are listed but not counted."""

    title = blocks.CharBlock(label=_("Title"), max_length=150)
    kind = blocks.ChoiceBlock(label=_("Kind"), choices=SEGMENT_KINDS)
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=240)
    lead = blocks.ChoiceBlock(label=_("Led by"), choices=LEADS)
    purpose = blocks.TextBlock(label=_("Purpose"))
    participants_do = blocks.TextBlock(
        label=_("What participants do"),
        help_text=_("Shown on the projector's room view while the segment runs."),
    )
    materials = blocks.ListBlock(
        blocks.CharBlock(label=_("Item")), label=_("Materials"), default=[]
    )
    notes = blocks.TextBlock(
        label=_("Facilitator notes"),
        required=False,
        help_text=_(
            "What to say, questions to ask, what to watch for, how to debrief."
        ),
    )
    trauma_response = blocks.TextBlock(
        label=_("If it touches someone's own trauma"), required=False
    )
    role_plays = blocks.ListBlock(RolePlayBlock(), label=_("Role-plays"), default=[])

    class Meta:
        icon = "time"
        label = _("Segment")


class DeliveryPlanBlock(blocks.StreamBlock):
    segment = SegmentBlock()
