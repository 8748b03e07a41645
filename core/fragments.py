"""Rendered HTML fragments kept in the shared cache, for pages whose markup costs
far more than the data behind it (the lesson body, the staff dashboard).

A fragment is rendered once with a placeholder where the CSRF token goes and stored
under a key the caller builds from version tokens (core/versioned_cache.py), so a
change is seen at once. Every response gets this request's own token put back in;
no token or other per-request value is ever stored. If the cache cannot be reached
the fragment is rendered each time.
"""

import hashlib
import logging

from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)

# Stands in for the CSRF token while rendering; never sent to a browser.
CSRF_PLACEHOLDER = "csrf-token-placeholder-4f1d8a0c"
# A bound on how long a fragment lives if a version change was ever missed.
TIMEOUT = 300


def render_fragment(request, template_name: str, context: dict) -> str:
    """Render ``template_name`` without context processors (the fragment must not
    depend on who asks beyond what its key says), with the placeholder as its CSRF
    token (``{% csrf_token %}`` and ``{{ csrf_token }}`` both work) and the request
    for tags such as ``{% querystring %}``."""
    plain = Context({**context, "request": request, "csrf_token": CSRF_PLACEHOLDER})
    plain.request = request
    return get_template(template_name).template.render(plain)


def with_token(request, html: str):
    """The stored fragment with this request's CSRF token (which also makes sure
    the CSRF cookie is set, as rendering the token would)."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - our own rendered template output


def fragment_key(versions, *parts) -> str | None:
    """A cache key from version tokens and other parts; None when a token is
    missing (the cache is down, so nothing is kept)."""
    if any(token is None for token in versions):
        return None
    text = "\x1f".join(map(str, [*versions, *parts]))
    return f"fragment:{hashlib.sha256(text.encode()).hexdigest()}"


def cached_get(key):
    """The value stored under ``key``, or None (also when the cache is down)."""
    if key is None:
        return None
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unreachable reading a fragment")
        return None


def cached_set(key, value, timeout: int = TIMEOUT) -> None:
    if key is None:
        return
    try:
        cache.set(key, value, timeout)
    except Exception:
        logger.warning("cache unreachable storing a fragment")
