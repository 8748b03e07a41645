"""Wagtail admin: the sample-case library (a snippet with drafts and revisions) and
the program's roundtable settings."""

from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.structure import content_changed
from simulations.models import RoundtableSettings, SampleCase
from simulations.program import program_settings


class SampleCaseViewSet(SnippetViewSet):
    model = SampleCase
    icon = "clipboard-list"
    menu_label = _("Sample cases")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "case_type", "youth_centered", "live"]
    list_filter = ["case_type", "youth_centered", "live"]
    search_fields = ["title", "summary"]
    ordering = ["title"]
    copy_view_enabled = True
    inspect_view_enabled = True

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldRowPanel(
                        [FieldPanel("case_type"), FieldPanel("youth_centered")]
                    ),
                    FieldPanel("roles_needed"),
                ],
                heading=_("Case"),
            ),
            ObjectList(
                [
                    FieldPanel("children"),
                    FieldPanel("time_in_care_months"),
                    FieldPanel("placements"),
                    FieldPanel("legal_status"),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [
                                    FieldPanel("goal_of_record"),
                                    FieldPanel("concurrent_goal_of_record"),
                                ]
                            ),
                            FieldPanel("last_full_disclosure_months_ago"),
                            FieldPanel("last_asked_about_permanency"),
                        ],
                        heading=_("Exit criteria of Clarify and Explore"),
                    ),
                    FieldPanel("connections"),
                    FieldPanel("strengths"),
                    FieldPanel("needs"),
                    FieldPanel("barriers"),
                ],
                heading=_("Case file"),
            ),
            ObjectList(
                [
                    FieldPanel("presentation"),
                    FieldPanel("question_bank"),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [
                                    FieldPanel("previous_plan_months_ago"),
                                    FieldPanel("previous_rating"),
                                ]
                            ),
                            FieldPanel("previous_steps"),
                        ],
                        heading=_("Earlier plan (subsequent roundtables)"),
                    ),
                ],
                heading=_("Presentation and questions"),
            ),
            ObjectList(
                [
                    FieldPanel("answer_rating"),
                    FieldPanel("rating_rationale"),
                    FieldRowPanel(
                        [
                            FieldPanel("recommended_goal"),
                            FieldPanel("recommended_concurrent_goal"),
                        ]
                    ),
                    FieldPanel("goal_rationale"),
                    FieldPanel("answer_steps"),
                    FieldPanel("teaching_notes"),
                ],
                heading=_("Answer key"),
            ),
        ]
    )


register_snippet(SampleCaseViewSet)
register_setting(RoundtableSettings, icon="time")


@hooks.register("brainstorm_questions")
def brainstorm_questions():
    """Lessons teach the five questions this program's simulator runs on."""
    return program_settings().brainstorm_questions()


def _lessons_follow_the_questions(sender, instance, **kwargs):
    # Lesson bodies are rendered once per content version; new wording is a new one.
    content_changed()


post_save.connect(
    _lessons_follow_the_questions,
    sender=RoundtableSettings,
    dispatch_uid="roundtable-settings-lessons",
)
