"""Calibration pages: a co-trainer's gold sessions and calibrations, scoring a gold
session blind on the score sheet, the result beside gold, staff marking a gold
standard, and the drift report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification import permissions
from certification.forms.calibration import GoldForm
from certification.forms.observations import SheetForm
from certification.models import CalibrationSheet, GoldStandard, Observation
from certification.selectors import calibration as selectors
from certification.selectors import calibration_drift as drift
from certification.selectors.observations import mock_record
from certification.selectors.scoring import sheet_progress
from certification.services import calibration as services
from core.forms import show_refusal
from training.permissions import is_program_staff, staff_required


@permissions.observer_required
def calibration_home(request):
    """Co-trainers: gold sessions to score and their calibrations. Staff: the gold
    sessions, observations that could become gold, and the drift report."""
    if is_program_staff(request.user):
        context = {
            "golds": selectors.staff_gold_list(),
            "markable": selectors.markable_observations(),
        }
        return render(request, "certification/calibration/staff.html", context)
    context = {"mine": selectors.rater_calibrations(user=request.user)}
    return render(request, "certification/calibration/home.html", context)


@staff_required
def gold_mark(request, pk):
    """Mark a released mock-roundtable observation as gold: an expert level
    (prefilled from the reconciled sheet) and a rationale per item."""
    observation = get_object_or_404(
        Observation.objects.select_related("trainee", "rubric", "mock_roundtable"),
        pk=pk,
    )
    groups = selectors.gold_rows(observation=observation)
    gold = GoldStandard.objects.filter(observation=observation).first()
    form = _gold_form(request, groups, gold)
    item_errors = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.gold_mark(
                by=request.user, observation=observation, **form.cleaned_data
            )
        except ValidationError as error:
            item_errors = getattr(error, "message_dict", {})
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Gold standard saved."))
            return redirect("certification:calibration_home")
    context = {"observation": observation, "groups": groups, "form": form}
    context.update(item_errors=item_errors, gold=gold, posted=request.POST)
    status = 400 if form.errors else 200
    return render(
        request, "certification/calibration/gold.html", context, status=status
    )


def _gold_form(request, groups, gold):
    item_ids = [row.item.pk for group in groups for row in group.rows]
    initial = {"program": gold.program_id} if gold else {}
    return GoldForm(request.POST or None, item_ids=item_ids, initial=initial)


@require_POST
@staff_required
def gold_retire(request, pk):
    """Stop offering a gold session to raters, or offer it again."""
    gold = get_object_or_404(GoldStandard, pk=pk)
    retired = request.POST.get("retired") == "1"
    services.gold_retire(by=request.user, gold=gold, retired=retired)
    messages.success(
        request, _("Gold session retired.") if retired else _("Gold session offered.")
    )
    return redirect("certification:calibration_home")


@permissions.observer_required
def calibration_score(request, pk):
    """Score a gold session blind and alone, on the same sheet as an observation."""
    gold = get_object_or_404(
        GoldStandard.objects.select_related("observation__cohort"), pk=pk
    )
    sheet = services.calibration_start(gold=gold, by=request.user)
    if sheet.submitted_at:
        return redirect("certification:calibration_result", pk)
    groups = selectors.calibration_scoring_page(sheet=sheet)
    item_ids = [row.item.pk for group in groups for row in group.rows]
    initial = {"strengths": sheet.strengths, "growth_areas": sheet.growth_areas}
    form = SheetForm(request.POST or None, item_ids=item_ids, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _calibration_post(request, form, sheet, pk)
        if done:
            return done
    form.overlay(groups)
    context = {
        "gold": gold,
        "observation": gold.observation,
        "sheet": sheet,
        "groups": groups,
        "form": form,
        "progress": sheet_progress(groups),
        "record": mock_record(observation=gold.observation),
    }
    status = 400 if form.errors else 200
    return render(
        request, "certification/calibration/score.html", context, status=status
    )


def _calibration_post(request, form, sheet, pk):
    """Save the calibration sheet, and submit it when asked. Returns the redirect
    when that went in; None after a refusal (shown on the form)."""
    try:
        version = services.calibration_save(
            sheet=sheet, by=request.user, **form.sheet_values()
        )
        if request.POST.get("action") == "submit":
            services.calibration_submit(sheet=sheet, by=request.user, version=version)
            return redirect("certification:calibration_result", pk)
    except ValidationError as error:
        show_refusal(request, error, form)
    else:
        messages.success(request, _("Draft saved."))
        return redirect("certification:calibration_score", pk)
    sheet.refresh_from_db(fields=["version"])  # a draft save may have gone in
    return None


@permissions.observer_required
def calibration_result(request, pk):
    """The rater's own submitted sheet beside gold's levels and rationales; before
    submitting (and for anyone else) gold stays hidden."""
    sheet = (
        CalibrationSheet.objects.filter(
            gold_id=pk, rater=request.user, submitted_at__isnull=False
        )
        .select_related("gold__program", "gold__observation__rubric")
        .first()
    )
    if sheet is None:
        raise PermissionDenied
    context = {
        "sheet": sheet,
        "gold": sheet.gold,
        "groups": selectors.calibration_result(sheet=sheet),
    }
    return render(request, "certification/calibration/result.html", context)


@staff_required
def calibration_drift(request):
    """Per rater and pair, agreement with gold and with the partner over time, and
    the items raters most often score differently from gold."""
    context = {"report": drift.drift_report()}
    return render(request, "certification/calibration/drift.html", context)
