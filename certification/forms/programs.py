"""Forms of the certification pages: the live roundtable log, revoking, the staff
dashboard's filters and the import of earlier certifications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import (
    Certification,
    LiveRoundtableLog,
    RequirementExemption,
)
from certification.rules import EXPIRING_DAYS, Filters
from core.forms import CsvUploadForm
from core.widgets import PlainSelect


class LiveRoundtableForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the roundtable"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    agency = forms.CharField(
        label=_("Agency"),
        max_length=150,
        help_text=_("The agency the roundtable was held for."),
    )
    role = forms.ChoiceField(
        label=_("Your role"),
        choices=LiveRoundtableLog.Role.choices,
        widget=forms.RadioSelect,
    )
    case_reference = forms.CharField(
        label=_("Case reference"),
        max_length=40,
        help_text=_(
            "Initials or a case number only, e.g. “J.M.” or “2026-0417”. Never a "
            "child's name."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The holder is told this reason."),
    )


class ExtendForm(forms.Form):
    new_date = forms.DateField(
        label=_("New date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The new expiry (issued) or completion deadline (in progress); later than "
            "the current one and not in the past."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history."),
    )


class ExemptForm(forms.Form):
    requirement = forms.ChoiceField(
        label=_("Requirement to waive for this cycle"),
        choices=RequirementExemption.Requirement.choices,
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the history and shown on the checklist."),
    )


SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("program", _("Program")),
    ("status", _("Status")),
    ("expires", _("Expires (soonest first)")),
    ("-expires", _("Expires (latest first)")),
    ("region", _("Region")),
    ("agency", _("Agency")),
]


class DashboardFilterForm(forms.Form):
    """Filters of the list of facilitators; the choices come from the data."""

    q = forms.CharField(label=_("Name or email"), max_length=100, required=False)
    program = forms.TypedChoiceField(
        label=_("Program"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=PlainSelect,
    )
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)
    region = forms.ChoiceField(label=_("Region"), required=False, widget=PlainSelect)
    agency = forms.ChoiceField(label=_("Agency"), required=False, widget=PlainSelect)
    expiring = forms.TypedChoiceField(
        label=_("Expiring within"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[("", _("Any time"))]
        + [(days, _("%(days)s days") % {"days": days}) for days in EXPIRING_DAYS],
        widget=PlainSelect,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SORT_CHOICES, widget=PlainSelect
    )

    def __init__(self, *args, programs, regions, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["program"].choices = everything + [(p.pk, p.name) for p in programs]
        self.fields["status"].choices = everything + list(Certification.Status.choices)
        self.fields["region"].choices = everything + [(r, r) for r in regions]
        self.fields["agency"].choices = everything + [(a, a) for a in agencies]

    def filters(self) -> Filters:
        """The valid filters; a tampered value is reported on the form and
        ignored, never an error page."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }
        return Filters(**data)


class CertificationImportForm(CsvUploadForm):
    help_text = _(
        "First row: email, program, issued_on and optionally expires_on. Dates "
        "as YYYY-MM-DD. Up to 5,000 rows and 1 MB."
    )
