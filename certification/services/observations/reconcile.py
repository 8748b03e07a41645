"""The pair's final sheet: reconcile it (every change kept in ``ScoreChange``: who,
when, old, new, reason), release the result to the trainee, and amend it after
release with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    ItemScore,
    Notification,
    Observation,
    ScoreChange,
    ScoreSheet,
)
from certification.rules import Result, display_value, release_blockers, score_value
from certification.services.lifecycle import certifications_evaluate_for_user
from certification.services.observations.sheets import (
    StaleSheet,
    check_changes,
    claim,
    current_scores,
    final_result,
    incomplete,
    items_of,
    missing_items,
    sheet_texts,
    write_scores,
    write_texts,
)
from core.i18n import speaking
from training.permissions import is_program_staff


def _check_final_editor(observation, by) -> None:
    if observation.status == Observation.Status.SCORING:
        raise ValidationError(_("Both raters must submit before reconciling."))
    allowed = observation.is_rater(by) or (
        observation.status == Observation.Status.RELEASED and is_program_staff(by)
    )
    if not allowed:
        raise PermissionDenied


def _reason_for(item_id, reasons, reason) -> str:
    return (reasons.get(item_id) or reason or "").strip()


def _audit(final, by, changed, texts_changed, *, reasons, reason, released, raters):
    """Check every change has the reason it needs, then record it."""
    errors, records = {}, []
    for item_id, old, new, old_comment, new_comment in changed:
        why = _reason_for(item_id, reasons, reason)
        if old != new:
            own = raters.get(item_id, (None, None))
            if released and new is None:
                errors[f"reason_{item_id}"] = _(
                    "A released sheet keeps a level or N/A on every item."
                )
            elif released and not why:
                errors[f"reason_{item_id}"] = _(
                    "Give a reason for changing a released score."
                )
            elif not released and new is not None and (new, new) != own and not why:
                errors[f"reason_{item_id}"] = _(
                    "Give a reason: this differs from a rater's own score."
                )
            before = display_value(old)
            if not released:
                before = _("%(final)s (raters: %(a)s / %(b)s)") % {
                    "final": before,
                    "a": display_value(own[0]),
                    "b": display_value(own[1]),
                }
            records.append(("level", item_id, before, display_value(new), why))
        if released and old_comment != new_comment:
            if not why:
                errors[f"reason_{item_id}"] = _(
                    "Give a reason for changing a released comment."
                )
            records.append(("comment", item_id, old_comment, new_comment, why))
    for name, old, new in texts_changed if released else []:
        if not new:
            errors[name] = _("A released result keeps its written feedback.")
        if not reason.strip():
            errors["reason"] = _("Give a reason for changing a released result.")
        records.append((name, None, old, new, reason.strip()))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    ScoreChange.objects.bulk_create(
        ScoreChange(
            sheet=final,
            item_id=item_id,
            field=name,
            old_value=old,
            new_value=new,
            reason=why,
            changed_by=by,
            changed_at=now,
        )
        for name, item_id, old, new, why in records
    )


def _rater_values(observation, item_ids) -> dict[int, tuple]:
    """Each item's (rater A value, rater B value)."""
    values = {item_id: [None, None] for item_id in item_ids}
    scores = ItemScore.objects.filter(
        sheet__observation=observation,
        sheet__kind=ScoreSheet.Kind.RATER,
        item_id__in=item_ids,
    ).select_related("sheet")
    for score in scores:
        side = 0 if score.sheet.rater_id == observation.rater_a_id else 1
        values[score.item_id][side] = score_value(score)
    return {item_id: tuple(pair) for item_id, pair in values.items()}


@transaction.atomic
def final_sheet_save(
    *,
    observation: Observation,
    by,
    version: int,
    scores: dict,
    strengths: str | None = None,
    growth_areas: str | None = None,
    reasons: dict | None = None,
    reason: str = "",
) -> int:
    """Save the pair's final sheet; returns its new version. While reconciling, a
    level that differs from either rater's own score needs a reason (per item in
    ``reasons``). After release every change needs one (``reason`` covers them all)
    and the result is worked out again."""
    observation = Observation.objects.get(pk=observation.pk)  # its status now
    _check_final_editor(observation, by)
    final = observation.sheets.get(kind=ScoreSheet.Kind.FINAL)
    items, texts = items_of(observation), sheet_texts(strengths, growth_areas)
    check_changes(items, scores)
    final = claim(final, version, items, scores, texts)
    released = final.observation.status == Observation.Status.RELEASED
    changed = write_scores(final, scores, current_scores(final, scores))
    texts_changed = write_texts(final, texts)
    _audit(
        final,
        by,
        changed,
        texts_changed,
        reasons=reasons or {},
        reason=reason,
        released=released,
        raters=_rater_values(observation, [c[0] for c in changed]),
    )
    if released and (changed or texts_changed):
        _apply_result(final.observation, final, items)
        _reevaluate_certifications_on_commit(final.observation.trainee)
    return final.version


def _apply_result(observation, final, items, result=None) -> Result:
    result = result or final_result(final, items)
    observation.mean_score = result.mean
    observation.passed = result.passed
    observation.reobservation_required = bool(result.failed_critical)
    observation.save(update_fields=["mean_score", "passed", "reobservation_required"])
    if result.failed_critical:
        DevelopmentPlan.objects.get_or_create(observation=observation)
    return result


@transaction.atomic
def observation_release(*, observation: Observation, by, version: int) -> Result:
    """Release the final sheet to the trainee with its result. ``version`` is the
    final sheet's version the releaser looked at."""
    observation = Observation.objects.select_for_update().get(pk=observation.pk)
    if observation.status == Observation.Status.RELEASED:
        raise ValidationError(_("This result is already released."))
    _check_final_editor(observation, by)
    items = items_of(observation)
    final = observation.sheets.get(kind=ScoreSheet.Kind.FINAL)
    try:
        # Raising the version also turns away a reconciling save still in flight.
        final = claim(final, version, items, {}, {}, merge=False)
    except StaleSheet as error:
        raise ValidationError(
            _(
                "The final sheet changed since you opened this page. Check it, "
                "then release again."
            )
        ) from error
    missing = missing_items(final, items)
    if missing:
        raise incomplete(missing)
    result = final_result(final, items)
    if result.mean is None:
        raise ValidationError(_("Score at least one item with a level."))
    blockers = release_blockers(
        strengths=final.strengths,
        growth_areas=final.growth_areas,
        failed_critical=bool(result.failed_critical),
        plan_goals=DevelopmentGoal.objects.filter(
            plan__observation=observation
        ).count(),
    )
    if blockers:
        raise ValidationError(blockers)
    _apply_result(observation, final, items, result)
    observation.status = Observation.Status.RELEASED
    observation.released_at = timezone.now()
    observation.save(update_fields=["status", "released_at"])
    with speaking(observation.trainee):
        message = _("Your %(kind)s observation result is ready.") % {
            "kind": observation.get_kind_display().lower()
        }
    Notification.objects.create(
        user=observation.trainee,
        message=message,
        url=reverse("certification:observations_mine"),
    )
    _reevaluate_certifications_on_commit(observation.trainee)
    return result


def _reevaluate_certifications_on_commit(trainee) -> None:
    """A released result may complete a requirement: re-check at once, not at the
    next daily sweep."""
    transaction.on_commit(lambda: certifications_evaluate_for_user(user=trainee))
