"""The feedback report at the end of a session and the printable action plan."""

from django.contrib import messages
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from simulations.feedback import feedback_report
from simulations.models import Phase
from simulations.selectors.console import roundtable_console
from simulations.views.helpers import render_console, with_roundtable


@require_GET
@with_roundtable
def report(request, roundtable):
    """The session held against the rules and the answer key; only once finished,
    so the answer key never leaks into a session in progress."""
    if not roundtable.is_completed:
        messages.error(
            request, _("The feedback report opens when the roundtable is complete.")
        )
        return render_console(request, roundtable, status=409)
    console = roundtable_console(roundtable=roundtable)
    return render(
        request,
        "simulations/report.html",
        {
            "report": feedback_report(console),
            "console": console,
            "roundtable": roundtable,
            "case": console.case,
        },
    )


@require_GET
@with_roundtable
def plan(request, roundtable):
    """The Permanency Action Plan as a page that prints cleanly."""
    if roundtable.phase.order < Phase.PLAN.order:
        messages.error(
            request, _("The action plan exists once the team reaches Phase V.")
        )
        return render_console(request, roundtable, status=409)
    console = roundtable_console(roundtable=roundtable)
    return render(
        request,
        "simulations/plan_print.html",
        {
            "console": console,
            "roundtable": roundtable,
            "case": console.case,
            "plan": console.plan,
        },
    )
