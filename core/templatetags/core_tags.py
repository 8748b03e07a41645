import secrets

from django import template
from django.utils.html import format_html

from core.services import SUBMISSION_KEY_FIELD

register = template.Library()


@register.simple_tag
def submission_key():
    """A hidden one-time key for an "add" form; the view claims it with
    ``core.services.submission_once`` so a double click adds one thing, not two."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        SUBMISSION_KEY_FIELD,
        secrets.token_urlsafe(24),
    )
