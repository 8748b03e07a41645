"""The facilitator console: the current phase, its timer, checklist and material;
moving on; and the small endpoints the page polls to stay live."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.forms import show_refusal
from simulations import forms as rt_forms
from simulations.models import Phase
from simulations.permissions import (
    user_can_facilitate,
    user_can_record,
    user_can_seat_participants,
)
from simulations.selectors.console import roundtable_console
from simulations.services import roundtables as services
from simulations.views.helpers import (
    console_context,
    console_form_post,
    console_url,
    render_console,
    require,
    with_roundtable,
)


@never_cache
@require_GET
@with_roundtable
def console(request, roundtable):
    return render_console(request, roundtable)


@never_cache
@require_GET
@with_roundtable
def phase(request, roundtable, phase):
    """A phase already played (read-only) or the current one; a phase not reached
    yet is refused, so no one skips ahead by URL."""
    if phase not in Phase.played():
        raise Http404("No such phase.")
    if Phase(phase).order > roundtable.phase.order:
        messages.error(
            request,
            _("%(phase)s has not started yet; the roundtable is in %(current)s.")
            % {"phase": Phase(phase).label, "current": roundtable.phase.label},
        )
        return render_console(request, roundtable, status=409)
    return render_console(request, roundtable, viewing=phase)


@require_POST
@with_roundtable
def advance(request, roundtable):
    """Close the phase the facilitator's page showed and open the next one."""
    require(user_can_facilitate(request.user, roundtable))
    form = rt_forms.AdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown phase."))
        return render_console(request, roundtable, status=400)
    try:
        roundtable = services.phase_advance(
            roundtable=roundtable, expected=form.cleaned_data["phase"], by=request.user
        )
    except ValidationError as error:
        show_refusal(request, error)
        stale = roundtable.state != form.cleaned_data["phase"]
        return render_console(request, roundtable, status=409 if stale else 400)
    if roundtable.is_completed:
        messages.success(
            request, _("The roundtable is complete. Here is your feedback.")
        )
        return redirect("simulations:report", roundtable.pk)
    messages.success(
        request, _("Now in %(phase)s.") % {"phase": roundtable.phase.label}
    )
    return redirect(console_url(roundtable))


@require_POST
@with_roundtable
def seats(request, roundtable):
    require(user_can_seat_participants(request.user, roundtable))
    console = roundtable_console(roundtable=roundtable)
    members = list(roundtable.cohort.members.all()) if roundtable.cohort_id else []
    formset = rt_forms.SeatFormSet(
        request.POST, form_kwargs={"members": members}, prefix="seats"
    )
    if formset.is_valid():
        try:
            services.participants_set(
                roundtable=roundtable, seats=formset.seats(), by=request.user
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("The seats are saved."))
            return redirect(console_url(roundtable, "seats"))
    return render_console(
        request, roundtable, console=console, bound={"seats": formset}, status=400
    )


@require_POST
@with_roundtable
def checklist(request, roundtable):
    """Save which facilitator functions of the current phase are done. Answers 204
    to the page's script, a redirect to a plain form post."""
    require(user_can_facilitate(request.user, roundtable))
    form = rt_forms.ChecklistForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That function is not on this phase's checklist."))
        return render_console(request, roundtable, status=400)
    try:
        services.checklist_set(
            roundtable=roundtable,
            phase=form.cleaned_data["phase"],
            items=set(form.cleaned_data["items"]),
            by=request.user,
        )
    except ValidationError as error:
        show_refusal(request, error)
        return render_console(request, roundtable, status=400)
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse({"saved": True})
    messages.success(request, _("Checklist saved."))
    return redirect(console_url(roundtable, "checklist"))


@require_POST
@with_roundtable
def ask(request, roundtable):
    """Put a bank question to the team; its answer is revealed to everyone."""
    require(user_can_record(request.user, roundtable))
    form = rt_forms.AskForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("That question is not in this case's bank."))
        services.question_ask(
            roundtable=roundtable,
            question_id=form.cleaned_data["question"],
            by=request.user,
        )
    except ValidationError as error:
        show_refusal(request, error)
        return render_console(request, roundtable, status=400)
    return redirect(console_url(roundtable, f"q-{form.cleaned_data['question']}"))


@require_POST
@with_roundtable
def exit_criteria(request, roundtable):
    require(user_can_record(request.user, roundtable))
    form = rt_forms.ExitCriteriaForm(request.POST)
    return console_form_post(
        request,
        roundtable,
        form,
        "exit",
        save=lambda: services.exit_criteria_record(
            roundtable=roundtable, by=request.user, **form.cleaned_data
        ),
        done=_("The exit criteria are recorded."),
        anchor="exit-criteria",
    )


@require_POST
@with_roundtable
def debrief(request, roundtable):
    require(user_can_record(request.user, roundtable))
    form = rt_forms.DebriefForm(request.POST)
    return console_form_post(
        request,
        roundtable,
        form,
        "debrief",
        save=lambda: services.debrief_record(
            roundtable=roundtable, by=request.user, **form.cleaned_data
        ),
        done=_("The debrief is saved."),
        anchor="debrief",
    )


@never_cache
@require_GET
@with_roundtable
def state(request, roundtable):
    """What the page polls every few seconds: the version, the phase and the server
    clock. Cheap: the session was loaded with its seats to check access."""
    timing = roundtable.phase_logs.filter(phase=roundtable.state).first()
    return JsonResponse(
        {
            "version": roundtable.version,
            "state": roundtable.state,
            "phase_label": str(roundtable.phase.label),
            "phase_started_at": timing.started_at.isoformat() if timing else None,
            "server_now": timezone.now().isoformat(),
        }
    )


@never_cache
@require_GET
@with_roundtable
def live(request, roundtable):
    """The live parts of the current phase (board, questions, plan, checklist,
    seats) as an HTML fragment; the page swaps them in when the version changes."""
    console = roundtable_console(roundtable=roundtable)
    context = console_context(request, console)
    return render(request, "simulations/live.html", context)
