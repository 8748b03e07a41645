"""What the console views share: building the page's context and forms, saving a
console form, and the guard decorators."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from core.forms import show_refusal
from core.services import submission_once
from simulations import forms as rt_forms
from simulations.models import Phase
from simulations.permissions import (
    get_roundtable_for_user,
    user_can_facilitate,
    user_can_record,
    user_can_seat_participants,
)
from simulations.selectors.console import roundtable_console


def with_roundtable(view):
    """Login required; loads the session the user may open (404 otherwise) and hands
    it to the view as ``roundtable``."""

    @wraps(view)
    def wrapped(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        roundtable = get_roundtable_for_user(request.user, pk)
        return view(request, roundtable, *args, **kwargs)

    return wrapped


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def console_url(roundtable, anchor: str = "") -> str:
    url = reverse("simulations:console", args=[roundtable.pk])
    return f"{url}#{anchor}" if anchor else url


def _seat_formset(console):
    roundtable = console.roundtable
    members = (
        list(roundtable.cohort.members.order_by("full_name", "email"))
        if roundtable.cohort_id
        else []
    )
    seats = [p for p in console.participants if p.user_id != roundtable.facilitator_id]
    return rt_forms.SeatFormSet(
        initial=[
            {"role": p.role, "member": str(p.user_id or ""), "name": p.name}
            for p in seats
        ],
        form_kwargs={"members": members},
        prefix="seats",
    )


def phase_forms(console, phase: str, *, can_record: bool, can_seat: bool) -> dict:
    """The unbound forms a phase shows to someone who may fill them."""
    forms = {}
    if can_seat:
        forms["seats"] = _seat_formset(console)
    if can_record and phase in _PHASE_FORMS:
        forms.update(_PHASE_FORMS[phase](console))
    return forms


def _clarify_forms(console) -> dict:
    fields = rt_forms.ExitCriteriaForm.base_fields
    initial = {name: getattr(console.plan, name) for name in fields}
    return {"exit": rt_forms.ExitCriteriaForm(initial=initial)}


def _brainstorm_forms(console) -> dict:
    idea = rt_forms.IdeaForm(
        questions=console.roundtable.brainstorm_questions,
        participants=console.participants,
    )
    return {"idea": idea}


def _plan_forms(console) -> dict:
    plan = console.plan
    goals = rt_forms.GoalsForm(
        initial={
            "recommended_goal": plan.recommended_goal,
            "recommended_concurrent_goal": plan.recommended_concurrent_goal,
        }
    )
    return {"goals": goals, "step": rt_forms.step_form_for(console)}


def _debrief_forms(console) -> dict:
    roundtable = console.roundtable
    debrief = rt_forms.DebriefForm(
        initial={
            "reflections": roundtable.debrief_reflections,
            "process_feedback": roundtable.debrief_process_feedback,
        }
    )
    return {"debrief": debrief}


def _follow_up_forms(console) -> dict:
    follow_up = console.follow_up
    initial = {
        "rating": follow_up.rating,
        "rating_no_consultation": follow_up.rating_no_consultation,
        "restrictiveness": follow_up.restrictiveness,
        "notes": follow_up.notes,
    }
    for step in console.steps:
        review = console.reviews.get(step.pk)
        initial[f"status_{step.pk}"] = review.status if review else ""
        initial[f"note_{step.pk}"] = review.note if review else ""
    return {
        "follow_up": rt_forms.FollowUpForm(steps=console.steps, initial=initial),
        "step": rt_forms.step_form_for(console),
    }


_PHASE_FORMS = {
    Phase.CLARIFY: _clarify_forms,
    Phase.BRAINSTORM: _brainstorm_forms,
    Phase.PLAN: _plan_forms,
    Phase.DEBRIEF: _debrief_forms,
    Phase.FOLLOW_UP: _follow_up_forms,
}


def console_context(request, console, *, viewing=None, bound=None) -> dict:
    roundtable, user = console.roundtable, request.user
    viewing = Phase(viewing or roundtable.state)
    rights = _console_rights(user, roundtable, viewing)
    forms = phase_forms(
        console,
        viewing,
        can_record=rights["can_record"],
        can_seat=rights["can_seat"],
    )
    forms.update(bound or {})
    return {
        "console": console,
        "roundtable": roundtable,
        "case": console.case,
        "plan": console.plan,
        "viewing": viewing,
        "viewing_timing": console.timing(viewing),
        **rights,
        "my_seat": console.seat_of(user),
        "forms": forms,
        "phases": Phase,
        "checklist": console.checklist(viewing) if viewing in Phase.played() else [],
    }


def _console_rights(user, roundtable, viewing) -> dict:
    """What the person may do on the phase they are viewing: only the current phase
    takes entries, and nothing once the session is completed."""
    current = viewing == roundtable.state
    finished = roundtable.is_completed
    can_facilitate = user_can_facilitate(user, roundtable) and not finished
    can_record = user_can_record(user, roundtable) and current and not finished
    can_seat = (
        current
        and roundtable.state in (Phase.SCHEDULED, Phase.WELCOME)
        and user_can_seat_participants(user, roundtable)
    )
    return {
        "is_current": current,
        "can_facilitate": can_facilitate,
        "can_tick": can_facilitate and current,
        "can_record": can_record,
        "can_seat": can_seat,
    }


def render_console(
    request, roundtable, *, console=None, viewing=None, bound=None, status=200
):
    """The console page; after a refused POST, with the bound form and status 4xx."""
    console = console or roundtable_console(roundtable=roundtable)
    context = console_context(request, console, viewing=viewing, bound=bound)
    return render(request, "simulations/console.html", context, status=status)


def console_form_post(
    request, roundtable, form, key, *, save, done, anchor, console=None, once=False
):
    """A form posted from the console: when it is valid, ``save()`` (only the first
    of a double click when ``once``), say ``done`` and go back to ``anchor``. A
    refusal shows the console again (400) with the bound form under ``key``."""
    if form.is_valid():
        try:
            if once:
                with submission_once(request) as first:
                    if first:
                        save()
            else:
                save()
        except ValidationError as error:
            show_refusal(request, error, form, others_to_page=True)
        else:
            messages.success(request, done)
            return redirect(console_url(roundtable, anchor))
    return render_console(
        request, roundtable, console=console, bound={key: form}, status=400
    )
