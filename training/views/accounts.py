from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import show_refusal
from core.services import submission_once
from training.forms.accounts import (
    InvitationAcceptForm,
    InvitationForm,
    PeopleFilterForm,
)
from training.models import Invitation
from training.permissions import staff_required
from training.selectors import accounts as selectors
from training.services import accounts as services


@staff_required
def people(request):
    """Staff: everyone on the platform, open invitations, and the invite form."""
    filters, page = _people_filtered(request)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with submission_once(request) as first:
                invitation = first and services.invitation_create(
                    invited_by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            if invitation:  # not on a second click on "Invite"
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": invitation.email},
                )
            return redirect("training:people")
    return render(
        request,
        "training/people.html",
        {
            "filters": filters,
            "page": page,
            "form": form,
            "invitations": list(selectors.invitation_open_list()),
        },
        status=400 if form.errors else 200,
    )


def _people_filtered(request):
    """The filter form and the page of people it selects."""
    filters = PeopleFilterForm(request.GET or None, auto_id="filter-%s")
    cleaned = filters.cleaned_data if filters.is_valid() else {}
    page = Paginator(
        selectors.people_list(query=cleaned.get("q", ""), role=cleaned.get("role", "")),
        50,
    ).get_page(request.GET.get("page"))
    return filters, page


@require_POST
@staff_required
def invitation_resend(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_resend(invitation=invitation)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s.") % {"email": invitation.email},
        )
    return redirect("training:people")


@require_POST
@staff_required
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("The invitation to %(email)s was withdrawn.")
            % {"email": invitation.email},
        )
    return redirect("training:people")


def invitation_accept(request, token):
    """Anyone holding a valid link sets their name and password here, once."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "training/invitation_invalid.html", status=410)
    form = InvitationAcceptForm(
        request.POST or None, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            show_refusal(request, error, form, rename={"password": "password1"})
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Roundtable Academy."))
            return redirect("/")
    return render(
        request,
        "training/invitation_accept.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )
