from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from training.roles import Role


class PersonForm(forms.Form):
    """Staff edit of a person. The supervisor is named by email address, so the
    form stays one field however many people there are."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    agency = forms.CharField(label=_("Agency"), max_length=150, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    supervisor_email = forms.EmailField(
        label=_("Supervisor's email address"),
        required=False,
        help_text=_(
            "The supervisor sees this person's certification deadlines. Leave empty "
            "for none."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The site, emails and reminders reach this person in it."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    @classmethod
    def for_person(cls, person, roles, data=None):
        return cls(
            data,
            initial={
                "full_name": person.full_name,
                "agency": person.agency,
                "region": person.region,
                "supervisor_email": person.supervisor.email
                if person.supervisor
                else "",
                "roles": roles,
                "language": person.language,
            },
        )

    def clean_supervisor_email(self):
        email = self.cleaned_data["supervisor_email"].strip().lower()
        if not email:
            return None
        supervisor = get_user_model().objects.filter(email__iexact=email).first()
        if supervisor is None:
            raise forms.ValidationError(
                _("Nobody has the address %(email)s; invite them first."),
                params={"email": email},
            )
        return supervisor
