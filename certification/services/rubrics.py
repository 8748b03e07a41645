"""Rubric versions: load one from YAML, publish a draft, start the next version.

A published version is frozen: observations point at the exact version they were
scored on, so publishing version 2 never changes a score given on version 1."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import Rubric, RubricItem

ITEM_FIELDS = (
    "group",
    "code",
    "text",
    "critical",
    "na_allowed",
    "subsequent_only",
    "descriptor_1",
    "descriptor_2",
    "descriptor_3",
    "descriptor_4",
)


def _lock(rubric: Rubric) -> Rubric:
    return Rubric.objects.select_for_update().get(pk=rubric.pk)


@transaction.atomic
def rubric_load(*, data: dict, publish: bool = True) -> tuple[Rubric, bool]:
    """Create the rubric version described by ``data`` (the shape of
    certification/rubrics/*.yaml) unless that name and version exist. Returns the
    rubric and whether it was created."""
    existing = Rubric.objects.filter(
        name=data["name"], version=data.get("version", 1)
    ).first()
    if existing:
        return existing, False
    scale = data.get("scale", {})
    rubric = Rubric(name=data["name"], version=data.get("version", 1))
    for level in range(1, 5):
        if scale.get(level):
            setattr(rubric, f"level_{level}_label", scale[level])
    rubric.save()
    groups = {value for value, _label in RubricItem.Group.choices}
    items, order = [], 0
    for group in data["groups"]:
        if group["code"] not in groups:
            raise ValidationError(
                _("Unknown rubric group “%(code)s”.") % {"code": group["code"]}
            )
        for row in group["items"]:
            item = RubricItem(
                rubric=rubric,
                sort_order=order,
                group=group["code"],
                code=row["code"],
                text=row["text"],
                critical=row.get("critical", False),
                na_allowed=row.get("na_allowed", False),
                subsequent_only=row.get("subsequent_only", False),
                **{f"descriptor_{n}": row["descriptors"][n] for n in range(1, 5)},
            )
            item.full_clean(exclude=["rubric"])
            items.append(item)
            order += 1
    RubricItem.objects.bulk_create(items)
    if publish:
        rubric = rubric_publish(rubric=rubric)
    return rubric, True


@transaction.atomic
def rubric_publish(*, rubric: Rubric) -> Rubric:
    """Freeze a draft so observations can be scored on it; earlier published
    versions of the same rubric are retired (observations keep pointing at them)."""
    rubric = _lock(rubric)
    if rubric.status != Rubric.Status.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    if not rubric.items.exists():
        raise ValidationError(_("Add at least one item before publishing."))
    newer = Rubric.objects.filter(
        name=rubric.name,
        version__gt=rubric.version,
        status__in=[Rubric.Status.PUBLISHED, Rubric.Status.RETIRED],
    )
    if newer.exists():
        raise ValidationError(_("A later version of this rubric is already published."))
    Rubric.objects.filter(name=rubric.name, status=Rubric.Status.PUBLISHED).update(
        status=Rubric.Status.RETIRED
    )
    rubric.status = Rubric.Status.PUBLISHED
    rubric.published_at = timezone.now()
    rubric.save(update_fields=["status", "published_at"])
    return rubric


@transaction.atomic
def rubric_new_version(*, rubric: Rubric) -> Rubric:
    """A new draft copied from the latest version of ``rubric``'s name, numbered one
    higher. Refused while a draft of that rubric is open, so there is one to edit."""
    versions = Rubric.objects.select_for_update().filter(name=rubric.name)
    draft = versions.filter(status=Rubric.Status.DRAFT).first()
    if draft:
        raise ValidationError(
            _("Version %(version)s is already a draft: edit that one.")
            % {"version": draft.version}
        )
    latest = versions.order_by("-version").first()
    number = versions.aggregate(top=Max("version"))["top"] + 1
    copy = Rubric.objects.create(
        name=latest.name,
        version=number,
        **{
            f"level_{n}_label": getattr(latest, f"level_{n}_label") for n in range(1, 5)
        },
    )
    RubricItem.objects.bulk_create(
        RubricItem(
            rubric=copy,
            sort_order=item.sort_order,
            **{field: getattr(item, field) for field in ITEM_FIELDS},
        )
        for item in latest.items.order_by("sort_order", "pk")
    )
    return copy
