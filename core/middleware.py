"""Refuse input no page can use before it reaches a view or the database."""

import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, HttpResponseNotFound

# NUL and the other C0 control characters (tab, line feed and carriage return are
# fine in form fields). PostgreSQL cannot store NUL in text, and no address,
# query or form field of ours ever needs a control character.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _hostile(pairs) -> bool:
    return any(
        _CONTROL.search(key) or any(_CONTROL.search(v) for v in values)
        for key, values in pairs
    )


class HostileInputMiddleware:
    """A control character in the path answers 404 (no page has one); in the query
    string or a form field, 400; a cookie holding one is dropped, so a forged
    session cookie only signs the visitor out. It sits before the session
    middleware, and its answers are plain text: rendering a page would read the
    session. Bytes that are not UTF-8 never arrive as such: Django re-percent-
    encodes them in the path and replaces them in queries and forms. Uploaded files
    are left to the view that reads them (``core.csv`` refuses control characters
    per cell)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL.search(request.path_info):
            return HttpResponseNotFound("Not found.", content_type="text/plain")
        for name, value in list(request.COOKIES.items()):
            if _CONTROL.search(name) or _CONTROL.search(value):
                del request.COOKIES[name]
        pairs = list(request.GET.lists())
        if request.method == "POST" and request.content_type in _FORM_TYPES:
            pairs += request.POST.lists()
        if _hostile(pairs):
            return HttpResponseBadRequest(
                "The request contains a control character.", content_type="text/plain"
            )
        return self.get_response(request)

    def process_exception(self, request, exception):
        """An id that is not a number names no object. Some third-party views
        (Wagtail's "chosen" choosers) pass a URL segment straight to a lookup on an
        integer key, and Django raises ValueError; answer 404 as for any unknown
        id, not 500."""
        if isinstance(exception, ValueError) and "expected a number but got" in str(
            exception
        ):
            raise Http404("No such object.") from exception
        return None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY) everywhere, relaxed
    on the admin sites by ``CSP_ADMIN_REPLACE``: Wagtail's editor needs inline
    scripts and styles. The admins are for staff who signed in with MFA."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.CSP_ADMIN_PATHS):
            parts.replace = {**settings.CSP_ADMIN_REPLACE, **(parts.replace or {})}
        return parts
