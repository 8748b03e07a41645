import secrets

from django import template
from django.template import Context
from django.template.loader import get_template
from django.utils.html import format_html

from core import fragments
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


@register.simple_tag(takes_context=True)
def cached_fragment(context, template_name, *key_parts):
    """``template_name`` rendered with this context, kept for a few minutes under
    the given parts (every value the fragment shows must be among them); the CSRF
    token is this request's (core/fragments.py). Without a request (an error page
    rendered bare) it is rendered each time."""
    request = context.get("request")
    values = context.flatten()
    if request is None:
        return get_template(template_name).template.render(Context(values))
    key = fragments.fragment_key([], "include", template_name, *key_parts)
    html = fragments.cached_get(key)
    if html is None:
        html = fragments.render_fragment(request, template_name, values)
        fragments.cached_set(key, html)
    return fragments.with_token(request, html)
