"""Form widgets that render in Python rather than through a template per option."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class PlainSelect(forms.Select):
    """A single-choice ``<select>`` written out directly: the same markup as
    Django's, without a template render per option, for filters that list every
    region or agency in the data."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        final = self.build_attrs(self.attrs, attrs)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option,
                    mark_safe(" selected") if str(option) in chosen else "",  # noqa: S308
                    label,
                )
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(final), options
        )
