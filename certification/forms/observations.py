"""Input of the observation pages: opening one, a score sheet (whole or just the
fields that changed), the final sheet with reasons, goals and the staff filters."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from certification.models import Observation, ObservationKind, Rubric
from certification.rules import MAX_FEEDBACK, NA
from certification.selectors import observations as selectors
from training.permissions import is_program_staff
from training.roles import Role

_ITEM_KEY = re.compile(r"^(level|comment|reason)_(\d+)$")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_full_name()} ({obj.email})"


class MockChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        day = obj.roundtable_date or obj.created_at.date()
        day = date_format(day, "DATE_FORMAT")
        return f"{obj.case} · {obj.facilitator.get_full_name()} · {day}"


class ObservationOpenForm(forms.Form):
    """Who is observed, in what kind of roundtable, and on which one. Co-trainers
    observe with their cohort's pair; program staff may choose the two raters."""

    trainee = PersonChoiceField(
        label=_("Trainee"), queryset=None, empty_label=_("Choose a trainee")
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=None, empty_label=_("Choose a cohort")
    )
    kind = forms.ChoiceField(
        label=_("Kind of observation"),
        choices=ObservationKind.choices,
        widget=forms.RadioSelect,
    )
    rubric = forms.ModelChoiceField(
        label=_("Rubric"),
        queryset=Rubric.objects.filter(status=Rubric.Status.PUBLISHED).order_by(
            "name", "-version"
        ),
        empty_label=None,
    )
    mock_roundtable = MockChoiceField(
        label=_("Session"),
        queryset=None,
        required=False,
        empty_label=_("Choose a mock roundtable"),
        help_text=_(
            "For a mock observation: the session the trainee facilitated. Its phase "
            "times and plan are shown beside the score sheet."
        ),
    )
    live_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    live_agency = forms.CharField(label=_("Agency"), max_length=150, required=False)
    live_case_reference = forms.CharField(
        label=_("Case reference"),
        max_length=40,
        required=False,
        help_text=_(
            "Initials or a case number only, such as “J.D.” or “2024-0117”. No "
            "child's name belongs here."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    youth_centered = forms.BooleanField(
        label=_("Youth-centered roundtable (YCPRT)"),
        required=False,
        help_text=_("Adds the YCPRT item. A mock roundtable takes this from its case."),
    )
    subsequent = forms.BooleanField(
        label=_("Subsequent roundtable"),
        required=False,
        help_text=_(
            "Adds the review of the previous plan's steps. A mock roundtable takes "
            "this from its case."
        ),
    )
    rater_a = PersonChoiceField(
        label=_("First rater"),
        queryset=None,
        required=False,
        empty_label=_("From the cohort"),
    )
    rater_b = PersonChoiceField(
        label=_("Second rater"),
        queryset=None,
        required=False,
        empty_label=_("From the cohort"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = is_program_staff(user)
        self.fields["trainee"].queryset = selectors.trainee_choices(user=user)
        self.fields["cohort"].queryset = selectors.cohorts_led(user=user)
        self.fields["mock_roundtable"].queryset = selectors.mock_roundtable_choices(
            user=user
        )
        latest = self.fields["rubric"].queryset.first()
        self.fields["rubric"].initial = latest.pk if latest else None
        if self.staff:
            self.fields["cohort"].required = False
            self.fields["cohort"].empty_label = _("No cohort")
            co_trainers = (
                get_user_model()
                .objects.filter(groups__name=Role.CO_TRAINER, is_active=True)
                .order_by("full_name", "email")
            )
            self.fields["rater_a"].queryset = co_trainers
            self.fields["rater_b"].queryset = co_trainers
        else:
            del self.fields["rater_a"]
            del self.fields["rater_b"]

    def values(self) -> dict:
        """Keyword arguments for ``services.observation_open``."""
        data = dict(self.cleaned_data)
        if not self.staff:
            data.update(rater_a=None, rater_b=None)
        return data


def _level(raw: str):
    raw = (raw or "").strip().lower()
    if raw == "":
        return None
    if raw == NA:
        return NA
    if raw.isdigit():
        return int(raw)
    raise forms.ValidationError(_("Choose a level from 1 to 4 or N/A."))


class SheetForm(forms.Form):
    """A score sheet as posted: ``level_<item>`` (1–4, "na" or empty),
    ``comment_<item>``, strengths and growth areas, and the version it was made on.

    ``partial`` (autosave) takes only the fields present; a whole form (the Save
    button) also clears the levels of items left unchosen. With ``reasons``, the
    final sheet's ``reason_<item>`` and ``reason`` are read too."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    strengths = forms.CharField(
        label=_("Strengths"),
        required=False,
        max_length=MAX_FEEDBACK,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the trainee did well, in behavioural terms."),
    )
    growth_areas = forms.CharField(
        label=_("Growth areas"),
        required=False,
        max_length=MAX_FEEDBACK,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What to work on next, in behavioural terms."),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=1000,
        help_text=_("Needed for any change once the result is released."),
    )

    def __init__(self, *args, item_ids, partial=False, reasons=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids, self.partial, self.with_reasons = set(item_ids), partial, reasons
        if not reasons:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        scores, reasons = {}, {}
        for key in self.data:
            match = _ITEM_KEY.match(key)
            if not match:
                continue
            kind, item_id = match.group(1), int(match.group(2))
            if item_id not in self.item_ids:
                raise forms.ValidationError(
                    _(
                        "A score was sent for an item that is not part of this "
                        "observation's rubric; nothing was saved."
                    )
                )
            value = self.data.get(key, "")
            if kind == "level":
                try:
                    scores.setdefault(item_id, {})["level"] = _level(value)
                except forms.ValidationError as error:
                    self.add_error(None, error)
            elif kind == "comment":
                # Its length is checked by the service (rules.MAX_COMMENT).
                scores.setdefault(item_id, {})["comment"] = value
            elif self.with_reasons:
                reasons[item_id] = value[:1000]
        if not self.partial:
            for item_id in self.item_ids:
                scores.setdefault(item_id, {}).setdefault("level", None)
        data["scores"], data["reasons"] = scores, reasons
        for name in ("strengths", "growth_areas"):
            if self.partial and name not in self.data:
                data[name] = None
        return data

    def sheet_values(self) -> dict:
        """Keyword arguments for the save services."""
        data = self.cleaned_data
        values = {
            "version": data["version"],
            "scores": data["scores"],
            "strengths": data["strengths"],
            "growth_areas": data["growth_areas"],
        }
        if self.with_reasons:
            values.update(reasons=data["reasons"], reason=data.get("reason", ""))
        return values

    def overlay(self, groups) -> None:
        """Show what was posted (not what is stored) when a page comes back with
        errors, so nothing typed is lost."""
        if not self.is_bound:
            return
        for group in groups:
            for row in group.rows:
                key = row.item.pk
                if f"level_{key}" in self.data or not self.partial:
                    try:
                        row.posted_value = _level(self.data.get(f"level_{key}", ""))
                    except forms.ValidationError:
                        row.posted_value = None
                row.posted_comment = self.data.get(f"comment_{key}")
                row.posted_reason = self.data.get(f"reason_{key}", "")


class ReleaseForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class GoalForm(forms.Form):
    goal = forms.CharField(
        label=_("SMART goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Specific, measurable, achievable, relevant and time-bound, e.g. “In "
            "the next mock roundtable, keep brainstorming to new ideas and redirect "
            "every clarifying question within a minute.”"
        ),
    )
    due_on = forms.DateField(
        label=_("Due"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ObservationFilterForm(forms.Form):
    q = forms.CharField(label=_("Trainee"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *ObservationKind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Observation.Status.choices],
    )
    cohort = forms.ModelChoiceField(
        label=_("Cohort"),
        required=False,
        queryset=None,
        empty_label=_("Any cohort"),
    )
    date_from = forms.DateField(
        label=_("Opened from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Opened until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = selectors.cohorts_led(user=user)

    def filters(self) -> dict:
        return self.cleaned_data if self.is_valid() else {}
