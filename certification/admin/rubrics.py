"""Wagtail admin for rubrics (registered when certification.admin is imported).

Program staff edit a rubric while it is a draft (items grouped by phase, a descriptor
for each level, N/A and critical flags), then publish it. A published version is
frozen: its edit and delete views refuse with a message, and "New version" copies
the latest version into a new draft to work on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    IndexView,
    InspectView,
    SnippetViewSet,
)

from certification.models import Rubric
from certification.services import rubrics as services

ACTION_TEMPLATE = "certification/observations/admin/rubric_action.html"


class FrozenRefusedMixin:
    """Refuse to open a published or retired version: send the person to its
    inspect page with a message instead."""

    refused_message = gettext_lazy(
        "%(rubric)s is %(status)s and cannot be changed. Use “New version” to "
        "start a draft copy."
    )

    def dispatch(self, request, *args, **kwargs):
        rubric = self.get_object()
        if rubric.is_frozen and self.user_has_permission(self.permission_required):
            messages.error(
                request,
                self.refused_message
                % {"rubric": rubric, "status": rubric.get_status_display().lower()},
            )
            if getattr(self, "inspect_url_name", None):
                return redirect(self.inspect_url_name, rubric.pk)
            return redirect(self.index_url_name)
        return super().dispatch(request, *args, **kwargs)


class RubricEditView(FrozenRefusedMixin, EditView):
    pass


class RubricDeleteView(FrozenRefusedMixin, DeleteView):
    refused_message = gettext_lazy(
        "%(rubric)s is %(status)s; observations may point at it, so it is kept."
    )


class RubricInspectView(InspectView):
    """Any version read only, with its items by phase group: each level's
    descriptor and the N/A and critical flags. Where a frozen version's edit view
    sends people."""

    template_name = "certification/observations/admin/rubric_inspect.html"

    def get_context_data(self, **kwargs):
        items = list(self.object.items.order_by("sort_order", "pk"))
        labels = self.object.level_labels()
        groups = {}
        for item in items:
            groups.setdefault(item.get_group_display(), []).append(item)
        return super().get_context_data(
            item_groups=list(groups.items()),
            item_count=len(items),
            level_labels=[(n, labels[n]) for n in sorted(labels)],
            **kwargs,
        )


class RubricIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = [
            button
            for button in super().get_list_more_buttons(instance)
            if not (instance.is_frozen and button.label in (_("Edit"), _("Delete")))
        ]
        namespace = self.index_url_name.rsplit(":", 1)[0]
        if instance.status == Rubric.Status.DRAFT and self.user_has_permission(
            "change"
        ):
            buttons.append(
                Button(
                    _("Publish"),
                    url=reverse(f"{namespace}:publish", args=[instance.pk]),
                    icon_name="upload",
                    priority=15,
                )
            )
        if self.user_has_permission("add"):
            buttons.append(
                Button(
                    _("New version"),
                    url=reverse(f"{namespace}:new_version", args=[instance.pk]),
                    icon_name="copy",
                    priority=16,
                )
            )
        return buttons


class RubricActionView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A confirmation page (GET) and the action itself (POST) for one version."""

    template_name = ACTION_TEMPLATE
    index_url_name = None
    edit_url_name = None
    inspect_url_name = None
    question = ""
    button_label = ""

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": gettext_lazy("Rubrics")},
            {"url": "", "label": self.get_header_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rubric=self.object,
            question=self.question,
            button_label=self.button_label,
            cancel_url=reverse(self.index_url_name),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            target = self.perform()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(self.index_url_name)
        return self.done(target)


class RubricPublishView(RubricActionView):
    permission_required = "change"
    page_title = gettext_lazy("Publish")
    question = gettext_lazy(
        "Publish this version? It is then frozen: new observations are scored on "
        "it and the previously published version is retired."
    )
    button_label = gettext_lazy("Yes, publish")

    def perform(self):
        return services.rubric_publish(rubric=self.object)

    def done(self, rubric):
        messages.success(self.request, _("%(rubric)s published.") % {"rubric": rubric})
        return redirect(self.index_url_name)


class RubricNewVersionView(RubricActionView):
    permission_required = "add"
    page_title = gettext_lazy("New version")
    question = gettext_lazy(
        "Start a new draft version copied from the latest version of this rubric? "
        "Observations already scored keep their version."
    )
    button_label = gettext_lazy("Yes, start a new version")

    def perform(self):
        return services.rubric_new_version(rubric=self.object)

    def done(self, rubric):
        messages.success(
            self.request, _("%(rubric)s is a new draft.") % {"rubric": rubric}
        )
        return redirect(self.edit_url_name, rubric.pk)


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "tasks"
    menu_label = gettext_lazy("Rubrics")
    menu_order = 260
    add_to_admin_menu = True
    index_view_class = RubricIndexView
    edit_view_class = RubricEditView
    delete_view_class = RubricDeleteView
    inspect_view_class = RubricInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        Column("version", label=gettext_lazy("Version")),
        Column("get_status_display", label=gettext_lazy("Status")),
        "published_at",
    ]
    list_filter = ["status"]
    ordering = ["name", "-version"]
    # Status and version are set by "Publish" and "New version", never typed.
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            MultiFieldPanel(
                [FieldPanel(f"level_{n}_label") for n in range(1, 5)],
                heading=gettext_lazy("Scale"),
            ),
            InlinePanel("items", label=gettext_lazy("Items")),
        ]
    )

    def _action_view(self, view_class):
        return self.construct_view(
            view_class,
            index_url_name=self.get_url_name("list"),
            edit_url_name=self.get_url_name("edit"),
            inspect_url_name=self.get_url_name("inspect"),
        )

    @property
    def publish_view(self):
        return self._action_view(RubricPublishView)

    @property
    def new_version_view(self):
        return self._action_view(RubricNewVersionView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("publish/<id:pk>/", self.publish_view, name="publish"),
            path("new-version/<id:pk>/", self.new_version_view, name="new_version"),
        ]


register_snippet(RubricViewSet)
