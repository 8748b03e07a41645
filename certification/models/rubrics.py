from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable


class Rubric(ClusterableModel):
    """One version of the Facilitator Trainee Tool. Program staff edit drafts in the
    Wagtail admin; a published version is frozen, so observations scored against it
    never change. A new version starts as a copy of the last."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    name = models.CharField(_("name"), max_length=150)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    level_1_label = models.CharField(max_length=100, default=_("Did not demonstrate"))
    level_2_label = models.CharField(
        max_length=100, default=_("Demonstrated minimally; below the standard")
    )
    level_3_label = models.CharField(max_length=100, default=_("Met the standard"))
    level_4_label = models.CharField(max_length=100, default=_("Exceeded the standard"))

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("version"), FieldPanel("status")],
            heading=_("Rubric"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("level_1_label"),
                FieldPanel("level_2_label"),
                FieldPanel("level_3_label"),
                FieldPanel("level_4_label"),
            ],
            heading=_("Scale"),
        ),
        InlinePanel("items", label=_("Items")),
    ]

    class Meta:
        verbose_name = _("rubric")
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="rubric_version")
        ]

    def __str__(self):
        return f"{self.name} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.DRAFT

    def level_labels(self) -> dict[int, str]:
        return {n: getattr(self, f"level_{n}_label") for n in range(1, 5)}

    def clean(self):
        if self.pk and self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()


class RubricItemQuerySet(models.QuerySet):
    def applicable_to(self, observation):
        """The items of the observation's rubric version that apply to its
        roundtable: YCPRT items only when youth-centered, subsequent-only items only
        when it is a subsequent roundtable. Scoring and every page read this one."""
        items = self.filter(rubric_id=observation.rubric_id)
        if not observation.youth_centered:
            items = items.exclude(group=RubricItem.Group.YCPRT)
        if not observation.subsequent:
            items = items.exclude(subsequent_only=True)
        return items.order_by("sort_order", "pk")


class RubricItem(Orderable):
    """A behaviour the raters score 1–4 (or N/A where allowed), grouped by phase."""

    class Group(models.TextChoices):
        WELCOME = "welcome", _("Phase I: Welcome and Overview")
        PRESENT = "present", _("Phase II: Present the Case")
        CLARIFY = "clarify", _("Phase III: Clarify and Explore")
        BRAINSTORM = "brainstorm", _("Phase IV: Brainstorm")
        PLAN = "plan", _("Phase V: Create the Permanency Action Plan")
        DEBRIEF = "debrief", _("Phase VI: Debrief")
        WHOLE = "whole", _("Whole roundtable")
        YCPRT = "ycprt", _("YCPRT only")

    rubric = ParentalKey(Rubric, on_delete=models.CASCADE, related_name="items")
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    code = models.SlugField(_("code"), max_length=60)
    text = models.CharField(_("behaviour"), max_length=300)
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("Must score 3 or more to pass.")
    )
    na_allowed = models.BooleanField(_("N/A allowed"), default=False)
    subsequent_only = models.BooleanField(
        _("subsequent roundtables only"), default=False
    )
    descriptor_1 = models.TextField(_("level 1 looks like"))
    descriptor_2 = models.TextField(_("level 2 looks like"))
    descriptor_3 = models.TextField(_("level 3 looks like"))
    descriptor_4 = models.TextField(_("level 4 looks like"))

    panels = [
        FieldPanel("group"),
        FieldPanel("code"),
        FieldPanel("text"),
        FieldPanel("critical"),
        FieldPanel("na_allowed"),
        FieldPanel("subsequent_only"),
        FieldPanel("descriptor_1"),
        FieldPanel("descriptor_2"),
        FieldPanel("descriptor_3"),
        FieldPanel("descriptor_4"),
    ]

    objects = RubricItemQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("rubric item")
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="rubric_item_code")
        ]

    def __str__(self):
        return self.text

    def descriptors(self) -> dict[int, str]:
        return {n: getattr(self, f"descriptor_{n}") for n in range(1, 5)}

    def clean(self):
        if self.rubric_id and self.rubric.is_frozen:
            raise ValidationError(
                _("This rubric version is published; start a new version to change it.")
            )
