"""The roundtables home: the sessions a person may open, the case library to start
from, and the co-trainer's form to assign a session."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import show_refusal
from core.services import submission_once
from simulations.forms import AssignForm, StartForm
from simulations.permissions import (
    cohorts_led_by,
    user_can_assign_roundtable,
    user_can_start_roundtable,
    user_can_use_roundtables,
)
from simulations.selectors.roundtables import case_list_live, roundtable_list_for_user
from simulations.services import roundtables as services
from simulations.views.helpers import console_url, require
from training.permissions import is_program_staff, role_required
from training.roles import Role

USERS = (Role.TRAINEE, Role.CO_TRAINER, Role.PROGRAM_STAFF)


@role_required(*USERS)
def index(request):
    """Sessions the person may open, newest first, and (for trainees) the cases."""
    page = Paginator(roundtable_list_for_user(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    can_start = user_can_start_roundtable(request.user)
    return render(
        request,
        "simulations/index.html",
        {
            "page": page,
            "cases": list(case_list_live()) if can_start else [],
            "can_start": can_start,
            "can_assign": user_can_assign_roundtable(request.user),
        },
    )


@require_POST
@role_required(Role.TRAINEE)
def start(request):
    """A trainee starts a session on a live case, as its facilitator."""
    form = StartForm(request.POST)
    case = None
    if form.is_valid():
        case = case_list_live().filter(pk=form.cleaned_data["case"]).first()
    if case is None:
        messages.error(request, _("Choose one of the cases offered."))
        return redirect("simulations:index")
    with submission_once(request) as first:
        roundtable = first and services.roundtable_start(
            case=case, facilitator=request.user, created_by=request.user
        )
    if not roundtable:  # a second click on "Start"
        return redirect("simulations:index")
    messages.success(
        request, _("Your mock roundtable is ready. Check the seats, then begin.")
    )
    return redirect(console_url(roundtable))


def _members_of(cohorts):
    """Members of the co-trainer's cohorts, to choose a facilitator from."""
    return (
        get_user_model()
        .objects.filter(memberships__cohort__in=cohorts)
        .distinct()
        .order_by("full_name", "email")
    )


def _find_trainee(email: str):
    return (
        get_user_model()
        .objects.filter(email__iexact=email, groups__name=Role.TRAINEE)
        .first()
    )


@role_required(Role.CO_TRAINER, Role.PROGRAM_STAFF)
def assign(request):
    """A co-trainer gives a member of a cohort they lead a mock roundtable (program
    staff: anyone with the trainee role, in a cohort or not)."""
    require(user_can_use_roundtables(request.user))
    form, cohorts = _assign_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            with submission_once(request) as first:
                roundtable = first and services.roundtable_start(
                    case=form.cleaned_data["case"],
                    facilitator=form.cleaned_data["facilitator"],
                    cohort=form.cleaned_data["cohort"],
                    created_by=request.user,
                )
        except ValidationError as error:
            show_refusal(request, error, form, others_to_page=True)
        else:
            if not roundtable:  # a second click on "Assign"
                return redirect("simulations:index")
            return _assigned(request, roundtable)
    return render(
        request,
        "simulations/assign.html",
        {"form": form, "has_cohorts": bool(cohorts)},
        status=400 if form.errors else 200,
    )


def _assign_form(request):
    """Co-trainers pick from the members of the cohorts they lead; program staff
    find any trainee. Returns the form and those cohorts."""
    staff = is_program_staff(request.user)
    cohorts = list(cohorts_led_by(request.user).order_by("name"))
    form = AssignForm(
        request.POST or None,
        cases=list(case_list_live()),
        cohorts=cohorts,
        cohort_required=not staff,
        trainees=None if staff else list(_members_of(cohorts)),
        find_trainee=_find_trainee if staff else None,
    )
    return form, cohorts


def _assigned(request, roundtable):
    messages.success(
        request,
        _(
            "Mock roundtable assigned to %(name)s. Seat the members, then the "
            "facilitator begins."
        )
        % {"name": roundtable.facilitator},
    )
    return redirect(console_url(roundtable, "seats"))
