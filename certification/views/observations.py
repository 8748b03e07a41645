"""Pages of the Facilitator Trainee Tool: the lists, opening an observation, a rater's
score sheet (and its autosave), agreement, reconciliation and release, the trainee's
results, the rater report and the program's agreement."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification import permissions
from certification.forms.observations import (
    GoalForm,
    ObservationFilterForm,
    ObservationOpenForm,
    ReleaseForm,
    SheetForm,
)
from certification.models import Observation
from certification.selectors import observations as selectors
from certification.selectors.release import release_readiness
from certification.selectors.scoring import sheet_progress
from certification.services import observations as services
from core.csv import write_rows
from core.forms import refusal_messages, show_refusal
from core.services import submission_once
from training.permissions import role_required, staff_required
from training.roles import Role


def _page(request, template, context, *, invalid=False):
    return render(request, template, context, status=400 if invalid else 200)


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
    context = {"form": form}
    return _page(
        request, "certification/observations/open.html", context, invalid=form.errors
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
    released = observation.status == Observation.Status.RELEASED
    sheets = {s.rater_id: s for s in observation.sheets.all()}
    context = {
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
    return render(request, "certification/observations/detail.html", context)


def _sheet_form(request, observation, groups, *, sheet, **kwargs):
    item_ids = [row.item.pk for group in groups for row in group.rows]
    initial = {"strengths": sheet.strengths, "growth_areas": sheet.growth_areas}
    return SheetForm(request.POST or None, item_ids=item_ids, initial=initial, **kwargs)


@permissions.observer_required
def sheet_score(request, pk):
    """A rater's own sheet: levels with their descriptors, comments, strengths and
    growth areas. Saves as a whole without JavaScript; scoresheet.js autosaves."""
    observation = permissions.get_observation_for_user(request.user, pk)
    sheet = permissions.get_own_sheet(request.user, observation)
    if sheet.submitted_at:
        messages.info(request, _("You have submitted your sheet."))
        return redirect("certification:observation_detail", pk)
    groups = selectors.scoring_page(observation=observation, sheet=sheet)
    form = _sheet_form(request, observation, groups, sheet=sheet)
    conflicts, version = [], sheet.version
    if request.method == "POST" and form.is_valid():
        try:
            version = services.sheet_save(
                sheet=sheet, by=request.user, **form.sheet_values()
            )
            if request.POST.get("action") == "submit":
                services.sheet_submit(sheet=sheet, by=request.user, version=version)
                messages.success(request, _("Your sheet is submitted."))
                return redirect("certification:observation_detail", pk)
        except services.StaleSheet as error:
            conflicts, version = error.conflicts, error.current_version
            show_refusal(request, error, form)
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("certification:observation_score", pk)
    form.overlay(groups)
    context = {
        "observation": observation,
        "sheet": sheet,
        "groups": groups,
        "progress": sheet_progress(groups),
        "form": form,
        "version": version,
        "conflicts": conflicts,
        "record": selectors.mock_record(observation=observation),
    }
    return _page(
        request,
        "certification/observations/score.html",
        context,
        invalid=bool(form.errors),
    )


@require_POST
@permissions.observer_required
def sheet_autosave(request, pk):
    """Save the fields that changed (scoresheet.js). 200 with the new version, 409
    with both values when the sheet moved on, 400 for anything refused."""
    observation = permissions.get_observation_for_user(request.user, pk)
    sheet = permissions.get_own_sheet(request.user, observation)
    item_ids = selectors.applicable_items(observation=observation).values_list(
        "pk", flat=True
    )
    form = SheetForm(request.POST, item_ids=list(item_ids), partial=True)
    if not form.is_valid():
        return JsonResponse({"error": " ".join(_messages(form))}, status=400)
    try:
        version = services.sheet_save(
            sheet=sheet, by=request.user, **form.sheet_values()
        )
    except services.StaleSheet as error:
        return JsonResponse(
            {
                "error": error.messages[0],
                "version": error.current_version,
                "conflicts": error.conflicts,
            },
            status=409,
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    saved = time_format(timezone.localtime(), "TIME_FORMAT")
    return JsonResponse({"version": version, "saved_at": saved})


def _messages(form) -> list[str]:
    return [str(m) for errors in form.errors.values() for m in errors]


def _rater_waits(request, observation) -> bool:
    return observation.status == Observation.Status.SCORING and observation.is_rater(
        request.user
    )


@permissions.observer_required
def observation_agreement(request, pk):
    """Both sheets side by side with exact and adjacent agreement and kappa; items
    that differ by the set number of levels or more are highlighted."""
    observation = permissions.get_observation_for_user(request.user, pk)
    if _rater_waits(request, observation):
        messages.info(request, _("Agreement shows once both raters have submitted."))
        return redirect("certification:observation_detail", pk)
    if not permissions.user_can_see_rater_sheets(request.user, observation):
        raise PermissionDenied
    context = {
        "observation": observation,
        "pair": selectors.pair_page(observation=observation),
        "can_reconcile": permissions.user_can_reconcile(request.user, observation),
    }
    return render(request, "certification/observations/agreement.html", context)


@permissions.observer_required
def observation_reconcile(request, pk):
    """The final sheet: pre-filled where the raters agree; a level that differs from
    either rater's needs a reason. After release, the same page amends it."""
    user = request.user
    observation = permissions.get_observation_for_user(user, pk)
    if _rater_waits(request, observation):
        messages.info(request, _("Reconciling starts once both raters submit."))
        return redirect("certification:observation_detail", pk)
    amending = permissions.user_can_amend(user, observation)
    if not (amending or permissions.user_can_reconcile(user, observation)):
        raise PermissionDenied
    pair = selectors.pair_page(observation=observation)
    form = _sheet_form(
        request, observation, pair.groups, sheet=pair.final, reasons=True
    )
    version = pair.final.version
    if request.method == "POST" and form.is_valid():
        try:
            services.final_sheet_save(
                observation=observation, by=user, **form.sheet_values()
            )
        except services.StaleSheet as error:
            version = error.current_version
            show_refusal(request, error, form)
            form.conflicts = error.conflicts
        except ValidationError as error:
            _add_reason_errors(request, form, error)
        else:
            messages.success(request, _("Final sheet saved."))
            return redirect("certification:observation_reconcile", pk)
    form.overlay(pair.groups)
    reason_errors = getattr(form, "reason_errors", {})
    for row in pair.rows:
        row.reason_error = reason_errors.get(row.item.pk, "")
    preview = services.observation_result(
        [(row.item, row.final_value) for row in pair.rows], pair.rules
    )
    context = {
        "observation": observation,
        "pair": pair,
        "preview": preview,
        "release_form": ReleaseForm(initial={"version": version}),
        "goal_form": GoalForm() if preview.failed_critical else None,
        **release_readiness(observation=observation, final=pair.final, preview=preview),
        "form": form,
        "version": version,
        "amending": amending,
        "conflicts": getattr(form, "conflicts", []),
    }
    return _page(
        request,
        "certification/observations/reconcile.html",
        context,
        invalid=bool(form.errors),
    )


def _add_reason_errors(request, form, error: ValidationError) -> None:
    """Errors on ``reason_<item>`` keep their item, so the page shows each beside its
    item (they are not form fields); the rest go on the form as usual."""
    rest = {}
    form.reason_errors = {}
    for key, errors in refusal_messages(error).items():
        if key.startswith("reason_"):
            form.reason_errors[int(key.removeprefix("reason_"))] = errors[0]
        else:
            rest[key] = errors
    show_refusal(request, ValidationError(rest), form)
    if form.reason_errors:
        form.add_error(
            None,
            _("%(count)s item(s) need a reason; nothing was saved.")
            % {"count": len(form.reason_errors)},
        )


@require_POST
@permissions.observer_required
def observation_release(request, pk):
    observation = permissions.get_observation_for_user(request.user, pk)
    if not permissions.user_can_reconcile(request.user, observation):
        raise PermissionDenied
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
        return redirect("certification:observation_reconcile", pk)
    try:
        result = services.observation_release(
            observation=observation, by=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        show_refusal(request, error)
        return redirect("certification:observation_reconcile", pk)
    if result.passed:
        messages.success(request, _("Released: the trainee passed."))
    else:
        messages.warning(request, _("Released: the trainee did not pass."))
    return redirect("certification:observation_detail", pk)


@require_POST
@permissions.observer_required
def goal_add(request, pk):
    observation = permissions.get_observation_for_user(request.user, pk)
    if not permissions.user_can_write_goals(request.user, observation):
        raise PermissionDenied
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            with submission_once(request) as first:
                if first:
                    services.development_goal_add(
                        observation=observation, by=request.user, **form.cleaned_data
                    )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Goal added to the development plan."))
            return redirect(f"{_plan_page(observation)}#plan-{pk}")
    messages.error(request, " ".join(_messages(form)))
    return redirect(_plan_page(observation))


def _plan_page(observation) -> str:
    """Goals are written on the reconcile page before release, on the observation's
    page after."""
    name = (
        "observation_reconcile"
        if observation.status == Observation.Status.RECONCILING
        else "observation_detail"
    )
    return reverse(f"certification:{name}", args=[observation.pk])


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
