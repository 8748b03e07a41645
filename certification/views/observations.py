"""Pages of the Facilitator Trainee Tool around an observation: the lists, opening
one, where it stands, the trainee's results, the rater report, the program's agreement
and the export. Score sheets and reconciling are in ``sheets``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from certification import permissions
from certification.forms.observations import (
    GoalForm,
    ObservationFilterForm,
    ObservationOpenForm,
)
from certification.models import Observation
from certification.selectors import observations as selectors
from certification.services import observations as services
from core.csv import write_rows
from core.forms import show_refusal
from core.services import submission_once
from training.permissions import role_required, staff_required
from training.roles import Role


@permissions.observer_required
def observation_list(request):
    """Co-trainers: what to score and reconcile, and the observations they see.
    Staff: every observation, filtered, with the export and program agreement."""
    user = request.user
    filters = ObservationFilterForm(request.GET or None, user=user)
    query = request.GET.copy()
    query.pop("page", None)
    observations = selectors.observation_list_for_user(
        user=user, filters=filters.filters()
    )
    context = {
        "filters": filters,
        "page": Paginator(observations, 50).get_page(request.GET.get("page")),
        "staff": permissions.user_can_manage_observations(user),
        "to_score": list(selectors.observations_to_score(user=user)),
        "waiting": list(selectors.observations_waiting_for_partner(user=user)),
        "to_reconcile": list(selectors.observations_to_reconcile(user=user)),
        "query": query.urlencode(),
    }
    return render(request, "certification/observations/list.html", context)


@permissions.observer_required
def observation_open(request):
    form = ObservationOpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with submission_once(request) as first:
                observation = first and services.observation_open(
                    opened_by=request.user, **form.values()
                )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            if not observation:  # a second click on "Open"
                return redirect("certification:observation_list")
            messages.success(request, _("Observation opened."))
            if observation.is_rater(request.user):
                return redirect("certification:observation_score", observation.pk)
            return redirect("certification:observation_detail", observation.pk)
    status = 400 if form.errors else 200
    return render(
        request, "certification/observations/open.html", {"form": form}, status=status
    )


@permissions.observation_viewer_required
def observation_detail(request, pk):
    """Where an observation stands; once released, its result by phase, the
    development plan and (for staff and the raters) the audit history."""
    user = request.user
    observation = permissions.get_observation_for_user(user, pk)
    if observation.trainee_id == user.pk:
        mine = reverse("certification:observations_mine")
        return redirect(f"{mine}#observation-{observation.pk}")
    context = _detail_context(user, observation)
    return render(request, "certification/observations/detail.html", context)


def _detail_context(user, observation) -> dict:
    released = observation.status == Observation.Status.RELEASED
    sheets = {s.rater_id: s for s in observation.sheets.all()}
    return {
        "observation": observation,
        "own_sheet": sheets.get(user.pk) if observation.is_rater(user) else None,
        "submitted": sum(1 for s in sheets.values() if s.rater_id and s.submitted_at),
        "can_see_sheets": permissions.user_can_see_rater_sheets(user, observation),
        "can_reconcile": permissions.user_can_reconcile(user, observation),
        "can_amend": permissions.user_can_amend(user, observation),
        "result": (
            selectors.released_results(observations=[observation])[0]
            if released
            else None
        ),
        "audit": (
            list(selectors.audit_history(observation=observation))
            if permissions.user_can_see_audit(user, observation)
            else None
        ),
        "goal_form": (
            GoalForm() if permissions.user_can_write_goals(user, observation) else None
        ),
    }


@role_required(Role.TRAINEE)
def observations_mine(request):
    """The trainee's released results by phase, their development plans and a chart
    of mean scores across observations."""
    rules = selectors.observation_rules()
    results = selectors.trainee_results(user=request.user, rules=rules)
    context = {
        "results": results,
        "rules": rules,
        "chart": selectors.score_chart(results=results, pass_mean=rules.pass_mean),
    }
    return render(request, "certification/observations/mine.html", context)


@role_required(Role.CO_TRAINER)
def rater_report(request):
    reports = selectors.rater_report(user=request.user)
    return render(
        request, "certification/observations/rater_report.html", {"reports": reports}
    )


@staff_required
def program_agreement(request):
    context = {"report": selectors.program_agreement()}
    return render(request, "certification/observations/program_agreement.html", context)


@staff_required
def observation_export(request):
    filters = ObservationFilterForm(request.GET or None, user=request.user)
    observations = selectors.observation_list_for_user(
        user=request.user, filters=filters.filters()
    )
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="observations.csv"'},
    )
    write_rows(response, selectors.export_rows(observations=observations))
    return response
