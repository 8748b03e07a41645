"""Observations of a trainee: open one, let each co-trainer score on their own sheet,
submit, reconcile into the final sheet, release the result, amend it with a reason,
and write the development plan a failed critical item opens.

Every save names the version of the sheet it was made on; a save on an older version
is refused (``StaleSheet``) unless it changes nothing, so a second tab or a phone that
reconnects never overwrites newer work. A submitted rater's sheet is frozen; every
change on the final sheet is kept in ``ScoreChange`` (who, when, old, new, reason)."""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import rules as tool_rules
from certification.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    ItemScore,
    Notification,
    Observation,
    ObservationKind,
    ObservationRules,
    Rubric,
    ScoreChange,
    ScoreSheet,
)
from certification.selectors.observations import (
    NA,
    applicable_items,
    display_value,
    score_value,
)
from certification.services.calibration import require_calibrated, sheet_hook
from simulations.models import Phase
from training.models import CohortMembership
from training.permissions import is_co_trainer, is_program_staff, is_trainee

MAX_COMMENT = 2000
LEVEL_VALUES = (1, 2, 3, 4)


class StaleSheet(ValidationError):
    """A save was made on an older version of the sheet than the one stored.
    ``conflicts`` lists each field where the refused value and the saved one differ."""

    def __init__(self, *, current_version: int, conflicts: list[dict]):
        super().__init__(
            _(
                "This sheet was saved from another tab or device after you opened "
                "it, so your change was not saved. Compare the values below, then "
                "reload to keep the saved ones or save again to replace them."
            )
        )
        self.current_version = current_version
        self.conflicts = conflicts


# --- Opening an observation -----------------------------------------------------

# Initials ("J.D."), case numbers ("2024-0117") and these words pass; anything that
# reads like a name does not.
_REFERENCE_WORDS = {"case", "file", "ref", "no", "number", "id"}
_REFERENCE = re.compile(r"^[A-Za-z0-9 .#/\-]+$")


def case_reference_problem(reference: str) -> str:
    """Why ``reference`` is not initials or a case number, or "" when it is."""
    if not reference:
        return _("Give the case's initials or case number.")
    if len(reference) > 40 or not _REFERENCE.match(reference):
        return _("Use initials or a case number only (letters, digits, - . # /).")
    words = re.findall(r"[A-Za-z]{3,}", reference)
    if any(
        word.lower() not in _REFERENCE_WORDS
        and not (word.isupper() and len(word) <= 4)  # initials such as "JDM"
        for word in words
    ):
        return _(
            "That looks like a name. Use initials or a case number: no child's "
            "name belongs here."
        )
    return ""


def _raters_for(*, opened_by, cohort, rater_a, rater_b):
    """The pair who score: a co-trainer always gets their cohort's pair; program
    staff may choose any two co-trainers (the cohort's pair by default)."""
    if not is_program_staff(opened_by):
        if cohort is None or not cohort.is_led_by(opened_by):
            raise ValidationError(
                {"cohort": _("Choose a cohort you co-train.")}, code="cohort"
            )
        return cohort.child_welfare_trainer, cohort.lived_experience_trainer
    if rater_a is None and rater_b is None and cohort is not None:
        return cohort.child_welfare_trainer, cohort.lived_experience_trainer
    if rater_a is None or rater_b is None:
        raise ValidationError(
            {"rater_b": _("Choose two co-trainers, or a cohort whose pair scores.")}
        )
    return rater_a, rater_b


def _check_people(*, trainee, cohort, rater_a, rater_b) -> None:
    errors = {}
    if not is_trainee(trainee):
        errors["trainee"] = _("Choose someone with the Trainee role.")
    elif cohort is not None and not (
        CohortMembership.objects.filter(cohort=cohort, user=trainee).exists()
    ):
        errors["trainee"] = _("The trainee is not a member of that cohort.")
    if rater_a.pk == rater_b.pk:
        errors["rater_b"] = _("The two raters must be different people.")
    elif trainee.pk in (rater_a.pk, rater_b.pk):
        errors["rater_b"] = _("A trainee cannot rate their own roundtable.")
    elif not (is_co_trainer(rater_a) and is_co_trainer(rater_b)):
        errors["rater_b"] = _("Both raters must have the Co-trainer role.")
    if errors:
        raise ValidationError(errors)


def _check_roundtable(*, kind, trainee, mock_roundtable, live) -> dict:
    """The roundtable's fields: a mock roundtable for the kind "mock", otherwise a
    live one described by date, agency and case reference."""
    if kind not in ObservationKind.values:
        raise ValidationError({"kind": _("Choose a kind of observation.")})
    if kind == ObservationKind.MOCK:
        if mock_roundtable is None:
            raise ValidationError(
                {"mock_roundtable": _("Choose the mock roundtable you observed.")}
            )
        if mock_roundtable.facilitator_id != trainee.pk:
            raise ValidationError(
                {"mock_roundtable": _("The trainee did not facilitate that session.")}
            )
        if mock_roundtable.state == Phase.SCHEDULED:
            raise ValidationError(
                {"mock_roundtable": _("That mock roundtable has not begun yet.")}
            )
        if Observation.objects.filter(mock_roundtable=mock_roundtable).exists():
            raise ValidationError(
                {"mock_roundtable": _("That mock roundtable is already observed.")}
            )
        case = mock_roundtable.case
        return {
            "mock_roundtable": mock_roundtable,
            "youth_centered": case.youth_centered,
            "subsequent": case.is_subsequent,
        }
    errors = {}
    reference = (live.get("live_case_reference") or "").strip()
    if mock_roundtable is not None:
        errors["mock_roundtable"] = _("Only a mock observation links a mock session.")
    if not live.get("live_date"):
        errors["live_date"] = _("Give the date of the roundtable.")
    elif live["live_date"] > timezone.localdate():
        errors["live_date"] = _("The roundtable cannot be in the future.")
    if not (live.get("live_agency") or "").strip():
        errors["live_agency"] = _("Give the agency that held the roundtable.")
    problem = case_reference_problem(reference)
    if problem:
        errors["live_case_reference"] = problem
    if errors:
        raise ValidationError(errors)
    return {
        "live_date": live["live_date"],
        "live_agency": live["live_agency"].strip(),
        "live_case_reference": reference,
        "youth_centered": bool(live.get("youth_centered")),
        "subsequent": bool(live.get("subsequent")),
    }


@transaction.atomic
def observation_open(
    *,
    opened_by,
    trainee,
    kind: str,
    rubric: Rubric,
    cohort=None,
    rater_a=None,
    rater_b=None,
    mock_roundtable=None,
    **live,
) -> Observation:
    """Open an observation with an empty sheet for each rater. ``live`` holds
    live_date, live_agency, live_case_reference, youth_centered and subsequent."""
    if not (is_program_staff(opened_by) or is_co_trainer(opened_by)):
        raise PermissionDenied
    if rubric.status != Rubric.Status.PUBLISHED:
        raise ValidationError({"rubric": _("Choose a published rubric.")})
    rater_a, rater_b = _raters_for(
        opened_by=opened_by, cohort=cohort, rater_a=rater_a, rater_b=rater_b
    )
    _check_people(trainee=trainee, cohort=cohort, rater_a=rater_a, rater_b=rater_b)
    require_calibrated([rater_a, rater_b])
    where = _check_roundtable(
        kind=kind, trainee=trainee, mock_roundtable=mock_roundtable, live=live
    )
    if (
        kind != ObservationKind.MOCK
        and Observation.objects.filter(
            trainee=trainee,
            kind=kind,
            live_date=where["live_date"],
            live_case_reference__iexact=where["live_case_reference"],
        ).exists()
    ):
        raise ValidationError(_("This roundtable is already being observed."))
    observation = Observation.objects.create(
        trainee=trainee,
        kind=kind,
        rubric=rubric,
        cohort=cohort,
        rater_a=rater_a,
        rater_b=rater_b,
        opened_by=opened_by,
        **where,
    )
    ScoreSheet.objects.bulk_create(
        ScoreSheet(observation=observation, kind=ScoreSheet.Kind.RATER, rater=rater)
        for rater in (rater_a, rater_b)
    )
    return observation


# --- Saving scores ----------------------------------------------------------------


def _check_changes(items: dict, scores: dict) -> None:
    """Refuse the whole save if any change is out of bounds."""
    errors = []
    for item_id, change in scores.items():
        item = items.get(item_id)
        if item is None:
            raise ValidationError(
                _(
                    "A score was sent for an item that is not part of this "
                    "observation's rubric; nothing was saved."
                )
            )
        level = change.get("level")
        if "level" in change and level not in (None, NA, *LEVEL_VALUES):
            errors.append(_("Levels go from 1 to 4."))
        elif level == NA and not item.na_allowed:
            errors.append(
                _("“%(item)s” cannot be marked N/A: choose a level.")
                % {"item": item.text}
            )
        if len(change.get("comment") or "") > MAX_COMMENT:
            errors.append(
                _("Comments are at most %(max)s characters.") % {"max": MAX_COMMENT}
            )
    if errors:
        raise ValidationError(errors)


def _current(sheet: ScoreSheet, item_ids) -> dict[int, ItemScore]:
    return {
        s.item_id: s
        for s in ItemScore.objects.filter(sheet=sheet, item_id__in=item_ids)
    }


def _differences(sheet, items, scores, texts) -> list[dict]:
    """What a refused save would have changed, beside what is stored now."""
    stored = _current(sheet, scores)
    fresh = ScoreSheet.objects.get(pk=sheet.pk)
    conflicts = []
    for item_id, change in scores.items():
        row = stored.get(item_id)
        if "level" in change and change["level"] != score_value(row):
            conflicts.append(
                {
                    "field": f"level_{item_id}",
                    "label": items[item_id].text,
                    "yours": display_value(change["level"]),
                    "saved": display_value(score_value(row)),
                }
            )
        saved_comment = row.comment if row else ""
        if "comment" in change and change["comment"].strip() != saved_comment:
            conflicts.append(
                {
                    "field": f"comment_{item_id}",
                    "label": _("Comment on “%(item)s”") % {"item": items[item_id].text},
                    "yours": change["comment"].strip() or "—",
                    "saved": saved_comment or "—",
                }
            )
    for name, value in texts.items():
        if value is not None and value.strip() != getattr(fresh, name):
            conflicts.append(
                {
                    "field": name,
                    "label": str(ScoreSheet._meta.get_field(name).verbose_name),
                    "yours": value.strip() or "—",
                    "saved": getattr(fresh, name) or "—",
                }
            )
    return conflicts


def _claim(sheet, version, items, scores, texts, *, merge=True) -> ScoreSheet:
    """Raise the sheet's version if it is still ``version``, and return it reloaded
    (locked on PostgreSQL until the transaction ends). With ``merge``, a stale save
    that would change nothing is let through; any other is refused with both
    values."""
    claimed = ScoreSheet.objects.filter(pk=sheet.pk, version=version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        conflicts = _differences(sheet, items, scores, texts)
        current = ScoreSheet.objects.values_list("version", flat=True).get(pk=sheet.pk)
        if conflicts or not merge:
            raise StaleSheet(current_version=current, conflicts=conflicts)
        return _claim(sheet, current, items, scores, texts)
    return ScoreSheet.objects.select_related("observation").get(pk=sheet.pk)


def _write(sheet, scores: dict, stored: dict) -> list[tuple]:
    """Apply the changes; returns (item_id, old value, new value, old comment, new
    comment) for each item that changed."""
    changed, new_rows, old_rows = [], [], []
    for item_id, change in scores.items():
        row = stored.get(item_id) or ItemScore(sheet=sheet, item_id=item_id)
        before = (score_value(row) if row.pk else None, row.comment)
        if "level" in change:
            row.not_applicable = change["level"] == NA
            row.level = change["level"] if change["level"] in LEVEL_VALUES else None
        if "comment" in change:
            row.comment = change["comment"].strip()
        after = (score_value(row), row.comment)
        if before != after:
            changed.append((item_id, before[0], after[0], before[1], after[1]))
            (old_rows if row.pk else new_rows).append(row)
    fields = ["level", "not_applicable", "comment"]
    ItemScore.objects.bulk_update(old_rows, fields)
    ItemScore.objects.bulk_create(new_rows)
    return changed


def _write_texts(sheet, texts: dict) -> list[tuple]:
    changed = []
    for name, value in texts.items():
        if value is not None and value.strip() != getattr(sheet, name):
            changed.append((name, getattr(sheet, name), value.strip()))
            setattr(sheet, name, value.strip())
    if changed:
        sheet.save(update_fields=[name for name, *_ in changed])
    return changed


def _texts(strengths, growth_areas) -> dict:
    return {"strengths": strengths, "growth_areas": growth_areas}


def _items(observation) -> dict:
    return {item.pk: item for item in applicable_items(observation=observation)}


@transaction.atomic
def sheet_save(
    *,
    sheet: ScoreSheet,
    by,
    version: int,
    scores: dict,
    strengths: str | None = None,
    growth_areas: str | None = None,
) -> int:
    """Save a rater's changes to their own draft sheet; returns the new version.
    ``scores`` maps item id to {"level": 1–4 | NA | None, "comment": str}, each key
    optional; ``None`` for strengths or growth areas leaves them as they are."""
    if sheet.kind != ScoreSheet.Kind.RATER or sheet.rater_id != by.pk:
        raise PermissionDenied
    if sheet.submitted_at:
        raise ValidationError(_("You have submitted this sheet; it cannot change."))
    sheet_hook(sheet)
    items, texts = _items(sheet.observation), _texts(strengths, growth_areas)
    _check_changes(items, scores)
    sheet = _claim(sheet, version, items, scores, texts)
    if sheet.submitted_at or sheet.observation.status != Observation.Status.SCORING:
        raise ValidationError(_("You have submitted this sheet; it cannot change."))
    _write(sheet, scores, _current(sheet, scores))
    _write_texts(sheet, texts)
    return sheet.version


def _missing(sheet, items: dict) -> list:
    scored = {
        s.item_id
        for s in ItemScore.objects.filter(sheet=sheet, item_id__in=items)
        if score_value(s) is not None
    }
    return [item for pk, item in items.items() if pk not in scored]


def _incomplete(missing: list) -> ValidationError:
    names = "; ".join(item.text for item in missing[:3])
    return ValidationError(
        _("%(count)s item(s) still need a level or N/A, for example: %(names)s.")
        % {"count": len(missing), "names": names}
    )


@transaction.atomic
def sheet_submit(*, sheet: ScoreSheet, by, version: int) -> ScoreSheet:
    """Hand in a complete sheet. When both raters have, the pair move on to
    reconciling, with a final sheet pre-filled where they agree."""
    if sheet.kind != ScoreSheet.Kind.RATER or sheet.rater_id != by.pk:
        raise PermissionDenied
    if sheet.submitted_at:
        raise ValidationError(_("You have already submitted this sheet."))
    sheet_hook(sheet)
    items = _items(sheet.observation)
    sheet = _claim(sheet, version, items, {}, {}, merge=False)
    if sheet.submitted_at:
        raise ValidationError(_("You have already submitted this sheet."))
    missing = _missing(sheet, items)
    if missing:
        raise _incomplete(missing)
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["submitted_at"])
    observation = Observation.objects.select_for_update().get(pk=sheet.observation_id)
    sheets = list(
        observation.sheets.filter(kind=ScoreSheet.Kind.RATER).select_related("rater")
    )
    if observation.status == Observation.Status.SCORING and all(
        s.submitted_at for s in sheets
    ):
        _open_final(observation, sheets, items)
    return sheet


def _joined(sheets, texts) -> str:
    """Both raters' texts to start the final one from; a text only one rater wrote
    is taken as it is, two are labelled with their writers' names."""
    written = [(s, t) for s, t in zip(sheets, texts, strict=True) if t]
    if len(written) == 1:
        return written[0][1]
    return "\n\n".join(f"{s.rater.get_full_name()}: {t}" for s, t in written)


def _open_final(observation, sheets, items) -> ScoreSheet:
    """The final sheet, pre-filled with the level where both raters agree and with
    both raters' comments and summaries to edit."""
    sheets.sort(key=lambda s: s.rater_id != observation.rater_a_id)
    final = ScoreSheet.objects.create(
        observation=observation,
        kind=ScoreSheet.Kind.FINAL,
        strengths=_joined(sheets, [s.strengths for s in sheets]),
        growth_areas=_joined(sheets, [s.growth_areas for s in sheets]),
    )
    by_sheet = {s.pk: {} for s in sheets}
    for score in ItemScore.objects.filter(sheet__in=sheets, item_id__in=items):
        by_sheet[score.sheet_id][score.item_id] = score
    a, b = (by_sheet[s.pk] for s in sheets)
    rows = []
    for item_id in items:
        value_a, value_b = score_value(a.get(item_id)), score_value(b.get(item_id))
        agreed = value_a if value_a == value_b else None
        comments = [getattr(x.get(item_id), "comment", "") for x in (a, b)]
        comment = _joined(sheets, comments)
        if agreed is not None or comment:
            rows.append(
                ItemScore(
                    sheet=final,
                    item_id=item_id,
                    level=agreed if agreed in LEVEL_VALUES else None,
                    not_applicable=agreed == NA,
                    comment=comment,
                )
            )
    ItemScore.objects.bulk_create(rows)
    observation.status = Observation.Status.RECONCILING
    observation.save(update_fields=["status"])
    return final


# --- Reconciling, releasing, amending ------------------------------------------


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
    items, texts = _items(observation), _texts(strengths, growth_areas)
    _check_changes(items, scores)
    final = _claim(final, version, items, scores, texts)
    released = final.observation.status == Observation.Status.RELEASED
    changed = _write(final, scores, _current(final, scores))
    texts_changed = _write_texts(final, texts)
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


@dataclass
class Result:
    mean: Decimal | None
    passed: bool
    failed_critical: list = field(default_factory=list)


def observation_result(values: list[tuple], rules: ObservationRules) -> Result:
    """Pass when every critical item scored with a level reaches the critical
    minimum and the mean of the levels (N/A left out) reaches the bar."""
    levels = [value for _item, value in values if value in LEVEL_VALUES]
    if not levels:
        return Result(mean=None, passed=False)
    exact = Fraction(sum(levels), len(levels))
    failed = [
        item
        for item, value in values
        if item.critical and value in LEVEL_VALUES and value < rules.critical_minimum
    ]
    mean = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.01")
    )
    passed = not failed and exact >= Fraction(rules.pass_mean)
    return Result(mean=mean, passed=passed, failed_critical=failed)


def final_result(final, items) -> Result:
    """The result the saved final sheet gives now (nothing is written)."""
    scores = {s.item_id: s for s in ItemScore.objects.filter(sheet=final)}
    return observation_result(
        [(item, score_value(scores.get(pk))) for pk, item in items.items()],
        ObservationRules.load(),
    )


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
    items = _items(observation)
    final = observation.sheets.get(kind=ScoreSheet.Kind.FINAL)
    try:
        # Raising the version also turns away a reconciling save still in flight.
        final = _claim(final, version, items, {}, {}, merge=False)
    except StaleSheet as error:
        raise ValidationError(
            _(
                "The final sheet changed since you opened this page. Check it, "
                "then release again."
            )
        ) from error
    missing = _missing(final, items)
    if missing:
        raise _incomplete(missing)
    result = final_result(final, items)
    if result.mean is None:
        raise ValidationError(_("Score at least one item with a level."))
    blockers = tool_rules.release_blockers(
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
    Notification.objects.create(
        user=observation.trainee,
        message=_("Your %(kind)s observation result is ready.")
        % {"kind": observation.get_kind_display().lower()},
        url=reverse("certification:observations_mine"),
    )
    _reevaluate_certifications_on_commit(observation.trainee)
    return result


def _reevaluate_certifications_on_commit(trainee) -> None:
    """A released result may complete a requirement: re-check at once, not at the
    next daily sweep."""
    from certification.services.lifecycle import certifications_evaluate_for_user

    transaction.on_commit(lambda: certifications_evaluate_for_user(user=trainee))


# --- Development plan -------------------------------------------------------------


@transaction.atomic
def development_goal_add(
    *, observation: Observation, by, goal: str, due_on
) -> DevelopmentGoal:
    """A SMART goal with the date it is due, on the plan a failed critical item
    opens. The raters write the first ones while reconciling (a result with a failed
    critical item is released only with its plan); after release, the raters and
    program staff add more."""
    observation = Observation.objects.get(pk=observation.pk)  # its status now
    reconciling = observation.status == Observation.Status.RECONCILING
    if not (
        (reconciling and observation.is_rater(by))
        or (
            observation.status == Observation.Status.RELEASED
            and (observation.is_rater(by) or is_program_staff(by))
        )
    ):
        raise PermissionDenied
    plan = DevelopmentPlan.objects.filter(observation=observation).first()
    if plan is None and reconciling:
        final = observation.sheets.get(kind=ScoreSheet.Kind.FINAL)
        if final_result(final, _items(observation)).failed_critical:
            plan = DevelopmentPlan.objects.create(observation=observation)
    if plan is None:
        raise ValidationError(_("This observation has no development plan."))
    errors = {}
    if len(goal.strip()) < 15:
        errors["goal"] = _(
            "Describe the goal so it is specific and measurable (at least 15 "
            "characters)."
        )
    today = timezone.localdate()
    if due_on < today:
        errors["due_on"] = _("A goal is due today or later.")
    elif due_on > today + timedelta(days=366):
        errors["due_on"] = _("A goal is due within a year.")
    if errors:
        raise ValidationError(errors)
    return DevelopmentGoal.objects.create(plan=plan, goal=goal.strip(), due_on=due_on)
