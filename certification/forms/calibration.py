"""Input of the calibration pages: the gold form (a program and, per item, the
expert level and rationale). A rater's blind sheet is the score sheet's SheetForm."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import CertificationProgram
from certification.rules import NA

_GOLD_KEY = re.compile(r"^(level|rationale)_(\d+)$")
MAX_RATIONALE = 2000


class GoldForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program whose raters calibrate on it"),
        queryset=CertificationProgram.objects.order_by("name"),
        empty_label=_("Choose a program"),
    )

    def __init__(self, *args, item_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_ids = set(item_ids)

    def clean(self):
        data = super().clean()
        items = {}
        for key, value in self.data.items():
            match = _GOLD_KEY.match(key)
            if not match:
                continue
            name, item_id = match.group(1), int(match.group(2))
            if item_id not in self.item_ids:
                raise forms.ValidationError(
                    _("A level was sent for an item not on this rubric; nothing saved.")
                )
            if name == "level":
                value = value.strip().lower()
                if value == NA:
                    level = NA
                elif value in ("1", "2", "3", "4"):
                    level = int(value)
                else:
                    raise forms.ValidationError(_("Levels go from 1 to 4, or N/A."))
                items.setdefault(item_id, {})["level"] = level
            else:
                items.setdefault(item_id, {})["rationale"] = value[:MAX_RATIONALE]
        data["items"] = items
        return data
