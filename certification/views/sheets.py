"""Pages of the Facilitator Trainee Tool around the score sheets: a rater's sheet (and
its autosave), agreement, reconciliation and release, and goals for the development
plan."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification import permissions
from certification.forms.observations import GoalForm, ReleaseForm, SheetForm
from certification.models import Observation
from certification.selectors import observations as selectors
from certification.selectors.release import release_readiness
from certification.selectors.scoring import sheet_progress
from certification.services import observations as services
from core.forms import refusal_messages, show_refusal
from core.services import submission_once


def _page(request, template, context, *, invalid=False):
    return render(request, template, context, status=400 if invalid else 200)


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
        done, conflicts, version = _sheet_post(request, form, sheet, pk)
        if done:
            return done
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
    template = "certification/observations/score.html"
    return _page(request, template, context, invalid=bool(form.errors))


def _sheet_post(request, form, sheet, pk):
    """Save the sheet, and submit it when asked. Returns the redirect when that went
    in (else None), with the conflicts and version the page shows."""
    version = sheet.version
    try:
        version = services.sheet_save(
            sheet=sheet, by=request.user, **form.sheet_values()
        )
        if request.POST.get("action") == "submit":
            services.sheet_submit(sheet=sheet, by=request.user, version=version)
            messages.success(request, _("Your sheet is submitted."))
            return redirect("certification:observation_detail", pk), [], version
    except services.StaleSheet as error:
        show_refusal(request, error, form)
        return None, error.conflicts, error.current_version
    except ValidationError as error:
        show_refusal(request, error, form)
        return None, [], version
    messages.success(request, _("Draft saved."))
    return redirect("certification:observation_score", pk), [], version


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
        done, version = _final_sheet_post(request, form, observation, version)
        if done:
            return done
    context = _reconcile_context(observation, pair, form, version, amending=amending)
    template = "certification/observations/reconcile.html"
    return _page(request, template, context, invalid=bool(form.errors))


def _final_sheet_post(request, form, observation, version):
    """Save the final sheet. Returns the redirect when it went in (else None), with
    the version the page carries on from."""
    try:
        services.final_sheet_save(
            observation=observation, by=request.user, **form.sheet_values()
        )
    except services.StaleSheet as error:
        show_refusal(request, error, form)
        form.conflicts = error.conflicts
        return None, error.current_version
    except ValidationError as error:
        _add_reason_errors(request, form, error)
        return None, version
    messages.success(request, _("Final sheet saved."))
    return redirect("certification:observation_reconcile", observation.pk), version


def _reconcile_context(observation, pair, form, version, *, amending) -> dict:
    """The reconcile page: each row with its reason error, the result the final
    sheet would give, and whether it is ready to release."""
    form.overlay(pair.groups)
    reason_errors = getattr(form, "reason_errors", {})
    for row in pair.rows:
        row.reason_error = reason_errors.get(row.item.pk, "")
    preview = services.observation_result(
        [(row.item, row.final_value) for row in pair.rows], pair.rules
    )
    return {
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
