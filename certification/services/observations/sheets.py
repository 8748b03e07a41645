"""A rater's own score sheet: save, submit, and open the final sheet once both
raters have submitted; and the helpers the final sheet's services share.

Every save names the version of the sheet it was made on; a save on an older version
is refused (``StaleSheet``) unless it changes nothing, so a second tab or a phone that
reconnects never overwrites newer work. A submitted rater's sheet is frozen."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    ItemScore,
    Observation,
    ObservationRules,
    RubricItem,
    ScoreSheet,
)
from certification.rules import (
    LEVEL_VALUES,
    NA,
    Result,
    comment_problem,
    display_value,
    observation_result,
    score_value,
)
from certification.services.calibration import sheet_hook


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


def check_changes(items: dict, scores: dict) -> None:
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
        problem = comment_problem(change.get("comment"))
        if problem:
            errors.append(problem)
    if errors:
        raise ValidationError(errors)


def current_scores(sheet: ScoreSheet, item_ids) -> dict[int, ItemScore]:
    """The sheet's stored scores of ``item_ids``, by item id."""
    return {
        s.item_id: s
        for s in ItemScore.objects.filter(sheet=sheet, item_id__in=item_ids)
    }


def _differences(sheet, items, scores, texts) -> list[dict]:
    """What a refused save would have changed, beside what is stored now."""
    stored = current_scores(sheet, scores)
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


def claim(sheet, version, items, scores, texts, *, merge=True) -> ScoreSheet:
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
        return claim(sheet, current, items, scores, texts)
    return ScoreSheet.objects.select_related("observation").get(pk=sheet.pk)


def write_scores(sheet, scores: dict, stored: dict) -> list[tuple]:
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


def write_texts(sheet, texts: dict) -> list[tuple]:
    """Save the changed feedback texts; returns (name, old, new) of each."""
    changed = []
    for name, value in texts.items():
        if value is not None and value.strip() != getattr(sheet, name):
            changed.append((name, getattr(sheet, name), value.strip()))
            setattr(sheet, name, value.strip())
    if changed:
        sheet.save(update_fields=[name for name, *_ in changed])
    return changed


def sheet_texts(strengths, growth_areas) -> dict:
    """The written feedback of a save, by field name (None: left as it is)."""
    return {"strengths": strengths, "growth_areas": growth_areas}


def items_of(observation) -> dict:
    """The observation's applicable rubric items, by id."""
    return {item.pk: item for item in RubricItem.objects.applicable_to(observation)}


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
    items, texts = items_of(sheet.observation), sheet_texts(strengths, growth_areas)
    check_changes(items, scores)
    sheet = claim(sheet, version, items, scores, texts)
    if sheet.submitted_at or sheet.observation.status != Observation.Status.SCORING:
        raise ValidationError(_("You have submitted this sheet; it cannot change."))
    write_scores(sheet, scores, current_scores(sheet, scores))
    write_texts(sheet, texts)
    return sheet.version


def missing_items(sheet, items: dict) -> list:
    """The items still without a level or N/A on the sheet."""
    scored = {
        s.item_id
        for s in ItemScore.objects.filter(sheet=sheet, item_id__in=items)
        if score_value(s) is not None
    }
    return [item for pk, item in items.items() if pk not in scored]


def incomplete(missing: list) -> ValidationError:
    """The refusal of a sheet handed in with ``missing`` items."""
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
    items = items_of(sheet.observation)
    sheet = claim(sheet, version, items, {}, {}, merge=False)
    if sheet.submitted_at:
        raise ValidationError(_("You have already submitted this sheet."))
    missing = missing_items(sheet, items)
    if missing:
        raise incomplete(missing)
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


def final_result(final, items) -> Result:
    """The result the saved final sheet gives now (nothing is written)."""
    scores = {s.item_id: s for s in ItemScore.objects.filter(sheet=final)}
    return observation_result(
        [(item, score_value(scores.get(pk))) for pk, item in items.items()],
        ObservationRules.load(),
    )
