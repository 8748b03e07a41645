from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail import blocks, hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from content.blocks import LessonBodyBlock, QuestionBlock


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
    its length is the sum of its lessons' minutes."""

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
        """Minutes of instruction: the sum of the live lessons, never typed in."""
        total = (
            LessonPage.objects.live()
            .descendant_of(self)
            .aggregate(total=Sum("minutes"))["total"]
        )
        return total or 0


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

    content_panels = Page.content_panels + [
        FieldPanel("lead"),
        FieldPanel("objectives"),
    ]

    parent_page_types = ["content.CoursePage"]
    subpage_types = ["content.LessonPage"]

    class Meta:
        verbose_name = _("module")


class LessonPage(Page):
    """A lesson: minutes of instruction, a body of blocks and an optional knowledge
    check. Trainees reach it through their course, not by its Wagtail URL."""

    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(480)]
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"))
    questions = StreamField(
        [("question", QuestionBlock())],
        blank=True,
        verbose_name=_("knowledge check"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("minutes"),
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

    @property
    def has_check(self) -> bool:
        return len(self.questions) > 0
