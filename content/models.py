from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content import rules
from content.blocks import LessonBodyBlock, QuestionBlock
from content.delivery import DeliveryPlanBlock


class HomePage(Page):
    """The site root. Editors change its welcome text in the Wagtail admin; signed-in
    people also see a section for each of their roles below it."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        """Layers above content add each role's sections through the
        ``home_page_context`` hook (a function of the request returning context), so
        this page never imports them."""
        context = super().get_context(request, *args, **kwargs)
        for hook in hooks.get_hooks("home_page_context"):
            context.update(hook(request))
        return context


class CoursePage(Page):
    """A course (YCPRT Skills, Permanency Values, ...). Editors add modules under it;
    its classroom length is the sum of its modules' delivery plans."""

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Short code, e.g. YCPRT.")
    )
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    summary = RichTextField(_("summary"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of a knowledge check a trainee must get right."),
    )
    self_enrol = models.BooleanField(
        _("trainees may enrol themselves"),
        default=True,
        help_text=_("Off: only through a cohort."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("audience"),
                FieldPanel("pass_mark"),
                FieldPanel("self_enrol"),
            ],
            heading=_("Course"),
        ),
        FieldPanel("summary"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.FilterField("code"),
    ]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ModulePage"]

    class Meta:
        verbose_name = _("course")

    @property
    def minutes(self) -> int:
        """Classroom minutes of instruction: the live modules' segments, breaks
        not counted. Never typed in."""
        return rules.instruction_minutes(self.segments())

    @property
    def reading_minutes(self) -> int:
        """Self-paced pre-reading: the live lessons' reading times."""
        total = (
            LessonPage.objects.live()
            .descendant_of(self)
            .aggregate(total=Sum("minutes"))["total"]
        )
        return total or 0

    def live_modules(self):
        return ModulePage.objects.live().child_of(self).order_by("path")

    def plan(self) -> list[tuple[str, list]]:
        """[(module title, [segment, ...])] in course order (one query)."""
        return [(m.title, m.segments) for m in self.live_modules()]

    def segments(self) -> list:
        return [segment for _, segments in self.plan() for segment in segments]


class ModulePage(Page):
    """A module of a course, in the order editors arrange it, with its lead trainer."""

    class Lead(models.TextChoices):
        CHILD_WELFARE = "child_welfare", _("Child-welfare trainer")
        LIVED_EXPERIENCE = "lived_experience", _("Trainer with lived experience")
        BOTH = "both", _("Both trainers")

    lead = models.CharField(
        _("led by"), max_length=20, choices=Lead.choices, default=Lead.BOTH
    )
    objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Learning objective")))],
        blank=True,
        verbose_name=_("learning objectives"),
    )

    delivery_plan = StreamField(
        DeliveryPlanBlock(),
        blank=True,
        verbose_name=_("delivery plan"),
        help_text=_(
            "The timed segments of the classroom day for this module. Breaks are "
            "listed on the agenda but not counted as instruction."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("objectives"),
        FieldPanel("delivery_plan"),
    ]

    parent_page_types = ["content.CoursePage"]
    subpage_types = ["content.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @property
    def segments(self) -> list:
        """The plan's segments as block values, each with its block ``id``."""
        out = []
        for block in self.delivery_plan:
            value = block.value
            value.block_id = block.id
            out.append(value)
        return out

    @property
    def minutes(self) -> int:
        """Classroom minutes of this module (breaks not counted)."""
        return rules.instruction_minutes(self.segments)


class LessonPage(Page):
    """A lesson of self-paced pre-reading: a body of blocks and an optional knowledge
    check. Trainees reach it through their course, not by its Wagtail URL."""

    minutes = models.PositiveSmallIntegerField(
        _("reading minutes"),
        default=1,
        editable=False,
        help_text=_("Worked out from the words and questions whenever it is saved."),
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    questions = StreamField(
        [("question", QuestionBlock())],
        blank=True,
        verbose_name=_("knowledge check"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        FieldPanel("questions"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    parent_page_types = ["content.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    def save(self, *args, **kwargs):
        # Derived from this row's own fields; nothing else is written.
        self.minutes = rules.reading_minutes(
            self.body.raw_data, self.questions.raw_data
        )
        return super().save(*args, **kwargs)

    @property
    def has_check(self) -> bool:
        return len(self.questions) > 0
