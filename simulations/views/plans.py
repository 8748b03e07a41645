"""The board and the plan: ideas, recommended goals, action steps, the follow-up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import show_refusal
from simulations import forms as rt_forms
from simulations.models import ActionStep, BrainstormIdea
from simulations.permissions import user_can_record
from simulations.selectors.console import roundtable_console
from simulations.services import plans as services
from simulations.views.helpers import (
    console_form_post,
    console_url,
    render_console,
    require,
    with_roundtable,
)


@require_POST
@with_roundtable
def idea_add(request, roundtable):
    require(user_can_record(request.user, roundtable))
    console = roundtable_console(roundtable=roundtable)
    form = rt_forms.IdeaForm(
        request.POST,
        questions=roundtable.brainstorm_questions,
        participants=console.participants,
    )
    return console_form_post(
        request,
        roundtable,
        form,
        "idea",
        save=lambda: services.idea_add(
            roundtable=roundtable, by=request.user, **form.cleaned_data
        ),
        done=_("Idea added to the board."),
        anchor="board",
        console=console,
        once=True,
    )


@require_POST
@with_roundtable
def idea_delete(request, roundtable, idea_pk):
    require(user_can_record(request.user, roundtable))
    idea = get_object_or_404(BrainstormIdea, pk=idea_pk, roundtable=roundtable)
    try:
        services.idea_delete(idea=idea, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
        return render_console(request, roundtable, status=400)
    messages.success(request, _("Idea removed."))
    return redirect(console_url(roundtable, "board"))


@require_POST
@with_roundtable
def goals(request, roundtable):
    require(user_can_record(request.user, roundtable))
    form = rt_forms.GoalsForm(request.POST)
    return console_form_post(
        request,
        roundtable,
        form,
        "goals",
        save=lambda: services.plan_goals_set(
            roundtable=roundtable, by=request.user, **form.cleaned_data
        ),
        done=_("The recommended goals are recorded."),
        anchor="goals",
    )


@require_POST
@with_roundtable
def step_add(request, roundtable):
    require(user_can_record(request.user, roundtable))
    console = roundtable_console(roundtable=roundtable)
    form = rt_forms.step_form_for(console, request.POST)
    return console_form_post(
        request,
        roundtable,
        form,
        "step",
        save=lambda: services.step_add(
            roundtable=roundtable, by=request.user, **form.cleaned_data
        ),
        done=_("Action step added."),
        anchor="steps",
        console=console,
        once=True,
    )


@with_roundtable
def step_edit(request, roundtable, step_pk):
    """Edit one step on its own page (the plan's table links here)."""
    require(user_can_record(request.user, roundtable))
    step = get_object_or_404(ActionStep, pk=step_pk, plan__roundtable=roundtable)
    console = roundtable_console(roundtable=roundtable)
    form = rt_forms.step_form_for(
        console, request.POST or None, initial=_step_initial(step)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(step=step, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form, others_to_page=True)
        else:
            messages.success(request, _("Action step saved."))
            return redirect(console_url(roundtable, "steps"))
    return render(
        request,
        "simulations/step_edit.html",
        {"roundtable": roundtable, "step": step, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _step_initial(step) -> dict:
    return {
        "description": step.description,
        "responsible": str(step.responsible_id),
        "target_date": step.target_date,
        "goal_type": step.goal_type,
        "case_barrier": step.case_barrier,
        "barrier": "" if step.case_barrier else step.barrier,
        "barrier_category": "" if step.case_barrier else step.barrier_category,
        "source_idea": str(step.source_idea_id or ""),
        "engages_youth": step.engages_youth,
    }


@require_POST
@with_roundtable
def step_delete(request, roundtable, step_pk):
    require(user_can_record(request.user, roundtable))
    step = get_object_or_404(ActionStep, pk=step_pk, plan__roundtable=roundtable)
    try:
        services.step_delete(step=step, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
        return render_console(request, roundtable, status=400)
    messages.success(request, _("Action step deleted."))
    return redirect(console_url(roundtable, "steps"))


@require_POST
@with_roundtable
def follow_up(request, roundtable):
    require(user_can_record(request.user, roundtable))
    console = roundtable_console(roundtable=roundtable)
    form = rt_forms.FollowUpForm(request.POST, steps=console.steps)
    return console_form_post(
        request,
        roundtable,
        form,
        "follow_up",
        save=lambda: _follow_up_record(request, roundtable, form),
        done=_("The follow-up is recorded."),
        anchor="follow-up",
        console=console,
    )


def _follow_up_record(request, roundtable, form):
    data = form.cleaned_data
    services.follow_up_record(
        roundtable=roundtable,
        rating=data["rating"],
        rating_no_consultation=data["rating_no_consultation"],
        restrictiveness=data["restrictiveness"],
        notes=data["notes"],
        statuses=form.statuses(),
        by=request.user,
    )
