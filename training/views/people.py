"""Staff manage one person: details, roles, supervisor, deactivation, and the
history of every change. Staff only (403 for every other role)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import show_refusal
from training.forms.people import PersonForm
from training.permissions import staff_required
from training.selectors import people as selectors
from training.services import people as services


@staff_required
def person_detail(request, pk):
    """The person page: edit form, activation, team and change history."""
    page = selectors.person_page(pk)
    form = PersonForm.for_person(page.person, page.roles, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            changes = _person_update(request, page.person, form.cleaned_data)
        except ValidationError as error:
            show_refusal(
                request, error, form, rename={"supervisor": "supervisor_email"}
            )
        else:
            messages.success(
                request, _("Changes saved.") if changes else _("Nothing changed.")
            )
            return redirect("training:person", pk)
    return render(
        request,
        "training/person.html",
        {"page": page, "person": page.person, "form": form},
        status=400 if form.errors else 200,
    )


def _person_update(request, person, data):
    return services.person_update(
        actor=request.user,
        person=person,
        full_name=data["full_name"],
        agency=data["agency"],
        region=data["region"],
        supervisor=data["supervisor_email"],
        roles=data["roles"],
        language=data["language"],
    )


def _set_active(request, pk, *, active: bool):
    person = selectors.person_get(pk)
    try:
        services.person_set_active(actor=request.user, person=person, active=active)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        name = person.get_full_name()
        messages.success(
            request,
            (
                _("%(name)s can sign in again.")
                if active
                else _(
                    "%(name)s is deactivated: they cannot sign in and get no reminders."
                )
            )
            % {"name": name},
        )
    return redirect("training:person", pk)


@require_POST
@staff_required
def person_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@require_POST
@staff_required
def person_reactivate(request, pk):
    return _set_active(request, pk, active=True)
