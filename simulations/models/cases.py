from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks as wagtail_blocks
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from simulations import blocks
from simulations.models.enums import (
    GOAL_OF_RECORD_CHOICES,
    CaseType,
    Goal,
    Rating,
    Role,
)

NO_PROFESSIONALS = _(
    "People who matter to the youth: family, kin, friends, mentors. Never list "
    "professionals (workers, therapists, group-home staff) here."
)


class SampleCase(DraftStateMixin, RevisionMixin, index.Indexed, models.Model):
    """A fictional youth or sibling group to rehearse a roundtable on.

    Registered as a snippet (simulations/wagtail_hooks.py): program staff edit cases in
    the Wagtail admin under "Sample cases", with drafts and revisions. Trainees only
    ever see live cases, and the answer key only in their feedback report.
    """

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("Stable id, e.g. jordan.")
    )
    summary = models.TextField(_("summary"), help_text=_("Shown when choosing a case."))
    case_type = models.CharField(
        _("case type"), max_length=20, choices=CaseType.choices
    )
    youth_centered = models.BooleanField(
        _("youth-centered roundtable (YCPRT)"),
        default=False,
        help_text=_("The youth and a support person of their choice sit at the table."),
    )

    # The case file.
    children = StreamField(
        [("child", blocks.ChildBlock())],
        verbose_name=_("children"),
        help_text=_(
            "One child, or every sibling of a sibling group: each extra sibling adds "
            "an hour to the roundtable."
        ),
    )
    time_in_care_months = models.PositiveSmallIntegerField(
        _("time in care (months)"), validators=[MaxValueValidator(240)]
    )
    placements = StreamField(
        [("placement", blocks.PlacementBlock())],
        verbose_name=_("placement history"),
        help_text=_("Oldest first; the last one is the current placement."),
    )
    legal_status = models.TextField(_("legal status"))
    goal_of_record = models.CharField(
        _("permanency goal of record"), max_length=30, choices=Goal.choices
    )
    concurrent_goal_of_record = models.CharField(
        _("concurrent goal of record"),
        max_length=30,
        choices=GOAL_OF_RECORD_CHOICES,
        default="none",
    )
    last_full_disclosure_months_ago = models.PositiveSmallIntegerField(
        _("last full disclosure (months before the roundtable)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(240)],
        help_text=_("Empty if the options were never fully disclosed."),
    )
    last_asked_about_permanency = models.TextField(
        _("when the youth was last asked about permanency")
    )
    connections = StreamField(
        [("connection", blocks.ConnectionBlock())],
        blank=True,
        verbose_name=_("connections"),
        help_text=NO_PROFESSIONALS,
    )
    strengths = StreamField(
        [("strength", wagtail_blocks.CharBlock(label=_("Strength"), max_length=300))],
        blank=True,
        verbose_name=_("strengths"),
    )
    needs = StreamField(
        [("need", wagtail_blocks.CharBlock(label=_("Need"), max_length=300))],
        blank=True,
        verbose_name=_("needs"),
    )
    barriers = StreamField(
        [("barrier", blocks.BarrierBlock())],
        blank=True,
        verbose_name=_("barriers"),
    )
    roles_needed = StreamField(
        [("role", wagtail_blocks.ChoiceBlock(label=_("Role"), choices=Role.choices))],
        blank=True,
        verbose_name=_("roles at the table"),
        help_text=_("Seats a mock roundtable on this case starts with."),
    )

    # What the trainee hears and can ask.
    presentation = models.TextField(
        _("oral case presentation"),
        help_text=_(
            "What the presenter says in Phase II. Blank lines start paragraphs."
        ),
    )
    question_bank = StreamField(
        [("question", blocks.QuestionBlock())],
        blank=True,
        verbose_name=_("question bank"),
        help_text=_(
            "Clarify-and-explore questions with the answer the case worker, "
            "supervisor, youth or another member would give."
        ),
    )
    previous_plan_months_ago = models.PositiveSmallIntegerField(
        _("earlier roundtable (months ago)"), null=True, blank=True
    )
    previous_rating = models.CharField(
        _("rating at the earlier roundtable"),
        max_length=20,
        choices=Rating.choices,
        blank=True,
    )
    previous_steps = StreamField(
        [("step", blocks.PreviousStepBlock())],
        blank=True,
        verbose_name=_("earlier plan's steps"),
        help_text=_("Subsequent roundtables only: reported on in Phase II."),
    )

    # The answer key.
    answer_rating = models.CharField(
        _("status rating an experienced team would give"),
        max_length=20,
        choices=Rating.choices,
    )
    rating_rationale = models.TextField(_("why that rating"), blank=True)
    recommended_goal = models.CharField(
        _("recommended permanency goal"), max_length=30, choices=Goal.choices
    )
    recommended_concurrent_goal = models.CharField(
        _("recommended concurrent goal"),
        max_length=30,
        choices=GOAL_OF_RECORD_CHOICES,
        default="none",
    )
    goal_rationale = models.TextField(_("why those goals"), blank=True)
    answer_steps = StreamField(
        [("step", blocks.KeyStepBlock())],
        verbose_name=_("action steps of a strong plan"),
    )
    teaching_notes = models.TextField(_("teaching notes"), blank=True)

    _revisions = GenericRelation(
        "wagtailcore.Revision", related_query_name="samplecase"
    )

    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.FilterField("case_type"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("sample case")
        verbose_name_plural = _("sample cases")
        ordering = ["title"]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    @property
    def child_count(self) -> int:
        return max(len(self.children), 1)

    @property
    def scheduled_minutes(self) -> int:
        """Two hours per child plus one for each extra sibling (DOMAIN.md §3.5)."""
        return 120 + 60 * (self.child_count - 1)

    @property
    def is_subsequent(self) -> bool:
        return self.case_type == CaseType.SUBSEQUENT

    @property
    def presentation_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.presentation.split("\n\n") if p.strip()]
