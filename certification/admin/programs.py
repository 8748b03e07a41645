"""Wagtail admin for certification programs (registered when certification.admin
is imported).

Program staff set every number of a program here: requirements, completion window,
validity, how the next expiry is counted, window, grace, recertification evidence and
reminder offsets. Saving a program moves the window and grace dates of its issued
certifications to match (their expiry dates keep until the next cycle)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certification.models import CertificationProgram
from certification.services.programs import program_dates_refresh

OFFSET_RANGE = (-365, 730)
MAX_OFFSETS = 12


class OffsetsField(forms.CharField):
    """Days as a comma-separated list ("90, 60, 30, 7, 0, -7"), stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return []
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            try:
                days.append(int(part))
            except ValueError as exc:
                raise ValidationError(
                    _("“%(part)s” is not a whole number of days.") % {"part": part[:20]}
                ) from exc
        low, high = OFFSET_RANGE
        if any(not low <= day <= high for day in days):
            raise ValidationError(
                _("Each offset is between %(low)s and %(high)s days.")
                % {"low": low, "high": high}
            )
        days = sorted(set(days), reverse=True)
        if len(days) > MAX_OFFSETS:
            raise ValidationError(_("At most %(max)s offsets.") % {"max": MAX_OFFSETS})
        return days


class CertificationProgramForm(WagtailAdminModelForm):
    reminder_offsets = OffsetsField(
        label=gettext_lazy("Reminder days before expiry"),
        required=False,
        help_text=gettext_lazy(
            "Comma-separated; negative numbers are days after expiry, 0 is the day "
            "itself. E.g. 90, 60, 30, 7, 0, -7."
        ),
    )
    staff_copy_offsets = OffsetsField(
        label=gettext_lazy("Reminders copied to program staff"),
        required=False,
        help_text=gettext_lazy("Some of the days above, e.g. 0, -7."),
    )
    supervisor_copy_offsets = OffsetsField(
        label=gettext_lazy("Reminders copied to the person's supervisor"),
        required=False,
        help_text=gettext_lazy(
            "Some of the days above, e.g. 30, 0. Only people who have a supervisor "
            "(set on the People page) are copied."
        ),
    )

    def clean(self):
        data = super().clean()
        offsets = data.get("reminder_offsets")
        for name in ("staff_copy_offsets", "supervisor_copy_offsets"):
            copies = data.get(name)
            if offsets is not None and copies and set(copies) - set(offsets):
                self.add_error(
                    name,
                    _("Copy only reminders that are sent: choose from the days above."),
                )
        validity, window = data.get("validity_months"), data.get("window_days")
        if validity and window is not None and window >= validity * 28:
            self.add_error(
                "window_days",
                _(
                    "The window must open after the certification is issued: make it "
                    "shorter than the validity."
                ),
            )
        rater_program = data.get("rater_program")
        if rater_program is not None and rater_program.pk == self.instance.pk:
            self.add_error(
                "rater_program",
                _("Raters cannot be required to hold the program they rate for."),
            )
        prerequisites = data.get("prerequisites")
        if (
            prerequisites is not None
            and self.instance.pk
            and self._leads_back(list(prerequisites))
        ):
            self.add_error(
                "prerequisites",
                _("A program cannot require itself, directly or through others."),
            )
        return data

    def _leads_back(self, prerequisites) -> bool:
        """Whether requiring ``prerequisites`` makes a loop back to this program."""
        edges = {}
        Through = CertificationProgram.prerequisites.through
        for source, target in Through.objects.values_list(
            "from_certificationprogram_id", "to_certificationprogram_id"
        ):
            edges.setdefault(source, set()).add(target)
        seen, stack = set(), [p.pk for p in prerequisites]
        while stack:
            pk = stack.pop()
            if pk == self.instance.pk:
                return True
            if pk not in seen:
                seen.add(pk)
                stack.extend(edges.get(pk, ()))
        return False


class CertificationProgramViewSet(SnippetViewSet):
    model = CertificationProgram
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certification programs")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "code", "validity_months", "window_days", "auto_issue"]
    search_fields = ["name", "code"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("code"),
                    FieldPanel("description"),
                    FieldPanel("auto_issue"),
                    FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Program"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("required_courses", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("required_mock"),
                    FieldPanel("required_observed"),
                    FieldPanel("required_co_facilitated"),
                    FieldPanel("required_lead_facilitated"),
                    FieldPanel("completion_window_months"),
                ],
                heading=gettext_lazy("First certification"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("validity_months"),
                    FieldPanel("expiry_anchor"),
                    FieldPanel("grace_expiry_anchor"),
                    FieldPanel("fixed_expiry_month"),
                    FieldPanel("fixed_expiry_day"),
                    FieldPanel("minimum_active_months"),
                    FieldPanel("window_days"),
                    FieldPanel("grace_days"),
                ],
                heading=gettext_lazy("Validity and next expiry"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("counting_from"),
                    FieldPanel("recert_course"),
                    FieldPanel("recert_live_roundtables"),
                    FieldPanel("recert_observations"),
                    FieldPanel("rater_program"),
                    FieldPanel("require_calibration"),
                    FieldPanel("calibration_min_kappa"),
                    FieldPanel("calibration_validity_months"),
                ],
                heading=gettext_lazy("Recertification evidence"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("reminder_offsets"),
                    FieldPanel("staff_copy_offsets"),
                    FieldPanel("supervisor_copy_offsets"),
                ],
                heading=gettext_lazy("Reminders"),
            ),
        ],
        base_form_class=CertificationProgramForm,
    )


register_snippet(CertificationProgramViewSet)


@hooks.register("after_edit_snippet")
def move_dates_of_issued_certifications(request, instance):
    """Window and grace dates follow the program's new numbers at once."""
    if isinstance(instance, CertificationProgram):
        changed = program_dates_refresh(program=instance)
        if changed:
            messages.info(
                request,
                _("The window and grace dates of %(count)s certification(s) moved.")
                % {"count": changed},
            )
