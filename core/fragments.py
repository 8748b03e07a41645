"""Rendered HTML fragments kept in the shared cache, for pages whose markup costs
far more than the data behind it (the lesson body, the staff dashboard).

A fragment is rendered once with a placeholder where the CSRF token goes and stored
under a key the caller builds from version tokens (core/versioned_cache.py), so a
change is seen at once. Every response gets this request's own token put back in;
no token or other per-request value is ever stored. If the cache cannot be reached
the fragment is rendered each time.

A whole page can be kept the same way (``kept_page``/``keep_page``) when its key
names everything the page shows: ``page_key`` adds what base.html shows around the
main part except the navigation's roles, which the caller names. A page with a
message waiting is always rendered.
"""

import hashlib
import logging

from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


def request_token(request) -> str:
    """This request's masked CSRF token, made once per request and CSRF secret
    (``get_token`` masks anew on every call, which costs dozens of random draws;
    one page may show the token in several fragments and its own forms)."""
    secret = request.META.get("CSRF_COOKIE")
    kept = getattr(request, "_masked_csrf_token", None)
    if secret is None or kept is None or kept[0] != secret:
        token = get_token(request)
        request._masked_csrf_token = (request.META["CSRF_COOKIE"], token)
        return token
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token does
    return kept[1]


def with_token(request, html: str):
    """The stored fragment with this request's CSRF token (which also makes sure
    the CSRF cookie is set, as rendering the token would)."""
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, request_token(request))
    return mark_safe(html)  # noqa: S308 - our own rendered template output


def page_key(request, key: str | None, *parts) -> str | None:
    """The key of a whole page whose main part is kept under ``key``: adds the
    person, address and language base.html shows, and the static files' version
    (a new deployment names new file addresses); ``parts`` are the rest."""
    if key is None:
        return None
    user = request.user
    return fragment_key(
        [],
        "page",
        key,
        get_language(),
        request.get_full_path(),
        user.pk,
        user.get_full_name(),
        getattr(staticfiles_storage, "manifest_hash", ""),
        *parts,
    )


def kept_page(request, key):
    """The page kept under ``key`` with this request's CSRF token, or None (also
    when a message waits to be shown: messages are this request's own)."""
    if key is None or len(get_messages(request)):
        return None
    html = cached_get(key)
    return None if html is None else HttpResponse(with_token(request, html))


def keep_page(request, key, response) -> None:
    """Keep a rendered page (200, no message shown) for ``kept_page``, with the
    placeholder where this request's CSRF token was."""
    if key is None or response.status_code != 200 or len(get_messages(request)):
        return
    html = response.content.decode()
    token = getattr(request, "_masked_csrf_token", (None, None))[1]
    if token:
        html = html.replace(token, CSRF_PLACEHOLDER)
    cached_set(key, html)


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
