"""Gold-standard sessions and calibration: staff mark a released mock-roundtable
observation as gold with an expert level and rationale per item; a co-trainer
scores it blind and alone; on submit, agreement with gold against the program's
threshold decides whether they are calibrated and until when. ``require_calibrated``
is the check the observation services make before a rater may score."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certification import agreement
from certification import calibration as rules
from certification.models import (
    CalibrationScore,
    CalibrationSheet,
    CertificationProgram,
    GoldItem,
    GoldStandard,
    Observation,
    ObservationKind,
    RubricItem,
    ScoreSheet,
)
from certification.rules import NA
from training.permissions import is_co_trainer, is_program_staff

MAX_TEXT = 2000
LEVELS = (1, 2, 3, 4)


def _value(row) -> object:
    if row is None:
        return None
    return NA if row.not_applicable else row.level


def _check_value(item, value) -> str:
    if value not in (NA, *LEVELS):
        return _("Choose a level or N/A for “%(item)s”.") % {"item": item.text}
    if value == NA and not item.na_allowed:
        return _("“%(item)s” cannot be N/A: choose a level.") % {"item": item.text}
    return ""


# --- Marking a gold standard ---------------------------------------------------


@transaction.atomic
def gold_mark(*, by, observation: Observation, program, items: dict) -> GoldStandard:
    """Mark (or correct) ``observation`` as a gold standard for ``program``.
    ``items`` maps item id to {"level": 1–4 | NA, "rationale": str}; every applicable
    item needs both. Levels are frozen once a rater has submitted against them."""
    if not is_program_staff(by):
        raise PermissionDenied
    if observation.kind != ObservationKind.MOCK or not observation.mock_roundtable_id:
        raise ValidationError(
            _("Only an observation of a mock roundtable can be gold.")
        )
    if observation.status != Observation.Status.RELEASED:
        raise ValidationError(_("Only a reconciled, released observation can be gold."))
    if not isinstance(program, CertificationProgram):
        raise ValidationError({"program": _("Choose a program.")})
    applicable = {
        item.pk: item for item in RubricItem.objects.applicable_to(observation)
    }
    if set(items) - set(applicable):
        raise ValidationError(_("An item is not part of this observation's rubric."))
    errors = {}
    for pk, item in applicable.items():
        given = items.get(pk) or {}
        problem = _check_value(item, given.get("level"))
        rationale = (given.get("rationale") or "").strip()
        if problem:
            errors[f"level_{pk}"] = problem
        if not rationale:
            errors[f"rationale_{pk}"] = _("Say why this is the expert level.")
        elif len(rationale) > MAX_TEXT:
            errors[f"rationale_{pk}"] = _("At most 2000 characters.")
    if errors:
        raise ValidationError(errors)
    gold, created = GoldStandard.objects.select_for_update().get_or_create(
        observation=observation, defaults={"program": program, "marked_by": by}
    )
    stored = {row.item_id: row for row in gold.items.all()}
    used = gold.sheets.filter(submitted_at__isnull=False).exists()
    if used and (
        program.pk != gold.program_id
        or any(_value(stored.get(pk)) != items[pk]["level"] for pk in applicable)
    ):
        raise ValidationError(
            _("Raters have already calibrated on these levels; only rationales change.")
        )
    gold.program, gold.marked_by, gold.retired = program, by, False
    gold.save()
    gold.items.all().delete()
    GoldItem.objects.bulk_create(
        GoldItem(
            gold=gold,
            item_id=pk,
            level=None if items[pk]["level"] == NA else items[pk]["level"],
            not_applicable=items[pk]["level"] == NA,
            rationale=items[pk]["rationale"].strip(),
        )
        for pk in applicable
    )
    return gold


def gold_retire(*, by, gold: GoldStandard, retired: bool) -> GoldStandard:
    """Stop offering a gold session to raters (or offer it again); calibrations
    already earned on it keep their dates."""
    if not is_program_staff(by):
        raise PermissionDenied
    GoldStandard.objects.filter(pk=gold.pk).update(retired=retired)
    gold.retired = retired
    return gold


# --- A rater's blind sheet -------------------------------------------------------


def may_calibrate(user, gold: GoldStandard) -> bool:
    """Co-trainers who did not rate, facilitate or co-train the session itself
    (they have seen its reconciled result, so they cannot score it blind)."""
    observation = gold.observation
    cohort = observation.cohort
    insiders = {observation.rater_a_id, observation.rater_b_id, observation.trainee_id}
    if cohort is not None:
        insiders |= {
            cohort.child_welfare_trainer_id,
            cohort.lived_experience_trainer_id,
        }
    return is_co_trainer(user) and not gold.retired and user.pk not in insiders


def calibration_start(*, gold: GoldStandard, by) -> CalibrationSheet:
    if not may_calibrate(by, gold):
        raise PermissionDenied
    sheet, _created = CalibrationSheet.objects.get_or_create(gold=gold, rater=by)
    return sheet


def _own_draft(sheet, by, version) -> CalibrationSheet:
    if sheet.rater_id != by.pk:
        raise PermissionDenied
    claimed = CalibrationSheet.objects.filter(
        pk=sheet.pk, version=version, submitted_at__isnull=True
    ).update(version=F("version") + 1)
    fresh = CalibrationSheet.objects.select_related("gold__observation").get(
        pk=sheet.pk
    )
    if fresh.submitted_at:
        raise ValidationError(_("You have submitted this sheet; it cannot change."))
    if not claimed:
        raise ValidationError(
            _("This sheet was saved from another tab after you opened it; reload it.")
        )
    return fresh


@transaction.atomic
def calibration_save(
    *, sheet, by, version, scores: dict, strengths=None, growth_areas=None
) -> int:
    """Save the rater's draft (the score sheet's form: ``scores`` maps item id to
    {"level", "comment"}); returns the new version."""
    sheet = _own_draft(sheet, by, version)
    items = {i.pk: i for i in RubricItem.objects.applicable_to(sheet.gold.observation)}
    if set(scores) - set(items):
        raise ValidationError(_("An item is not part of this rubric; nothing saved."))
    for pk, change in scores.items():
        level = change.get("level")
        if level is not None and _check_value(items[pk], level):
            raise ValidationError(_check_value(items[pk], level))
        if len(change.get("comment") or "") > MAX_TEXT:
            raise ValidationError(_("Comments are at most 2000 characters."))
    stored = {row.item_id: row for row in sheet.scores.filter(item_id__in=scores)}
    new, old = [], []
    for pk, change in scores.items():
        row = stored.get(pk) or CalibrationScore(sheet=sheet, item_id=pk)
        if "level" in change:
            row.not_applicable = change["level"] == NA
            row.level = change["level"] if change["level"] in LEVELS else None
        if "comment" in change:
            row.comment = (change["comment"] or "").strip()
        (old if row.pk else new).append(row)
    CalibrationScore.objects.bulk_update(old, ["level", "not_applicable", "comment"])
    CalibrationScore.objects.bulk_create(new)
    for name, value in (("strengths", strengths), ("growth_areas", growth_areas)):
        if value is not None:
            setattr(sheet, name, value.strip())
    sheet.save(update_fields=["strengths", "growth_areas"])
    return sheet.version


def _fraction(value) -> Decimal | None:
    if value is None:
        return None
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


@transaction.atomic
def calibration_submit(*, sheet, by, version) -> CalibrationSheet:
    """Hand in a complete sheet; agreement with gold decides the calibration."""
    sheet = _own_draft(sheet, by, version)
    gold = GoldStandard.objects.select_related("program").get(pk=sheet.gold_id)
    items = list(RubricItem.objects.applicable_to(sheet.gold.observation))
    mine = {row.item_id: _value(row) for row in sheet.scores.all()}
    missing = [item.text for item in items if mine.get(item.pk) is None]
    if missing:
        raise ValidationError(
            _("%(count)s item(s) still need a level or N/A, for example: %(names)s.")
            % {"count": len(missing), "names": "; ".join(missing[:3])}
        )
    expert = {row.item_id: _value(row) for row in gold.items.all()}
    stats = agreement.agreement(
        (_level(mine.get(item.pk)), _level(expert.get(item.pk))) for item in items
    )
    today = timezone.localdate()
    sheet.submitted_at = timezone.now()
    sheet.scored_items = stats.n
    sheet.exact, sheet.adjacent = _fraction(stats.exact), _fraction(stats.adjacent)
    sheet.kappa = _fraction(stats.kappa)
    sheet.passed = rules.calibration_passed(stats, gold.program.calibration_min_kappa)
    sheet.valid_until = (
        rules.valid_until(today, gold.program.calibration_validity_months)
        if sheet.passed
        else None
    )
    sheet.save()
    return sheet


def _level(value):
    return value if value in LEVELS else None


# --- The rule the observation services apply --------------------------------------


def require_calibrated(raters, *, day=None) -> None:
    """Refuse a rater who lacks a current calibration for any program that requires
    one (two queries)."""
    programs = list(
        CertificationProgram.objects.filter(require_calibration=True).values_list(
            "pk", "name"
        )
    )
    if not programs:
        return
    day = day or timezone.localdate()
    spans = {}
    for rater_id, program_id, submitted_at, until in CalibrationSheet.objects.filter(
        rater__in=raters, passed=True, gold__program_id__in=[p for p, _n in programs]
    ).values_list("rater_id", "gold__program_id", "submitted_at", "valid_until"):
        earned = timezone.localdate(submitted_at)
        spans.setdefault((rater_id, program_id), []).append((earned, until))
    for rater in raters:
        lacking = [
            name
            for pk, name in programs
            if not rules.calibrated_on(spans.get((rater.pk, pk), []), day)
        ]
        if lacking:
            raise ValidationError(rules.refusal(rater.get_full_name(), lacking))


def sheet_hook(sheet: ScoreSheet) -> None:
    """The check before a rater's own sheet is saved or submitted."""
    if sheet.kind == ScoreSheet.Kind.RATER and sheet.rater_id:
        require_calibrated([sheet.rater])
