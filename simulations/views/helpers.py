"""What the console views share: building the page's context and forms, and the guard
decorators."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

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
    roundtable, plan = console.roundtable, console.plan
    forms = {}
    if can_seat:
        forms["seats"] = _seat_formset(console)
    if not can_record:
        return forms
    step_form = lambda: rt_forms.step_form_for(console)  # noqa: E731
    if phase == Phase.CLARIFY:
        fields = rt_forms.ExitCriteriaForm.base_fields
        forms["exit"] = rt_forms.ExitCriteriaForm(
            initial={name: getattr(plan, name) for name in fields}
        )
    elif phase == Phase.BRAINSTORM:
        forms["idea"] = rt_forms.IdeaForm(
            questions=roundtable.brainstorm_questions,
            participants=console.participants,
        )
    elif phase == Phase.PLAN:
        forms["goals"] = rt_forms.GoalsForm(
            initial={
                "recommended_goal": plan.recommended_goal,
                "recommended_concurrent_goal": plan.recommended_concurrent_goal,
            }
        )
        forms["step"] = step_form()
    elif phase == Phase.DEBRIEF:
        forms["debrief"] = rt_forms.DebriefForm(
            initial={
                "reflections": roundtable.debrief_reflections,
                "process_feedback": roundtable.debrief_process_feedback,
            }
        )
    elif phase == Phase.FOLLOW_UP:
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
        forms["follow_up"] = rt_forms.FollowUpForm(steps=console.steps, initial=initial)
        forms["step"] = step_form()
    return forms


def console_context(request, console, *, viewing=None, bound=None) -> dict:
    roundtable, user = console.roundtable, request.user
    viewing = Phase(viewing or roundtable.state)
    current = viewing == roundtable.state
    finished = roundtable.is_completed
    can_facilitate = user_can_facilitate(user, roundtable) and not finished
    can_record = user_can_record(user, roundtable) and current and not finished
    can_seat = (
        current
        and roundtable.state in (Phase.SCHEDULED, Phase.WELCOME)
        and user_can_seat_participants(user, roundtable)
    )
    forms = phase_forms(console, viewing, can_record=can_record, can_seat=can_seat)
    forms.update(bound or {})
    return {
        "console": console,
        "roundtable": roundtable,
        "case": console.case,
        "plan": console.plan,
        "viewing": viewing,
        "viewing_timing": console.timing(viewing),
        "is_current": current,
        "can_facilitate": can_facilitate,
        "can_tick": can_facilitate and current,
        "can_record": can_record,
        "can_seat": can_seat,
        "my_seat": console.seat_of(user),
        "forms": forms,
        "phases": Phase,
        "checklist": console.checklist(viewing) if viewing in Phase.played() else [],
    }


def render_console(
    request, roundtable, *, console=None, viewing=None, bound=None, status=200
):
    """The console page; after a refused POST, with the bound form and status 4xx."""
    console = console or roundtable_console(roundtable=roundtable)
    context = console_context(request, console, viewing=viewing, bound=bound)
    return render(request, "simulations/console.html", context, status=status)
