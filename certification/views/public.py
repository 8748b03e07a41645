"""Pages without a login: the public verification of a certificate (rate limited)
and a person's calendar feed, reached by its secret address."""

import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited

from certification.calendar import feed_ics
from certification.selectors import programs as selectors
from certification.selectors.verification import verification_for
from core.i18n import speaking

# Lookups per minute per address; a code is 12 hex digits, so guessing is hopeless
# and the limit only spares the database. Override with VERIFY_RATE_LIMIT.
VERIFY_RATE_LIMIT = "30/m"


@never_cache
@require_GET
def verify(request, code):
    """Whether a certificate is active, in its window, in grace, expired or revoked:
    the holder's name and the program, nothing more. Unknown codes are a plain
    404."""
    rate = getattr(settings, "VERIFY_RATE_LIMIT", VERIFY_RATE_LIMIT)
    if is_ratelimited(
        request, group="certification.verify", key="ip", rate=rate, increment=True
    ):
        return render(request, "certification/programs/verify_limited.html", status=429)
    result = verification_for(code=code)
    if result is None:
        raise Http404
    response = render(request, "certification/programs/verify.html", {"result": result})
    response["X-Robots-Tag"] = "noindex"
    return response


CODE_SHAPE = re.compile(r"^[A-Za-z0-9-]{4,32}$")


@require_GET
def verify_lookup(request):
    """The home page's "check a certificate" form: on to the code's page, or back
    with a message when what was typed cannot be a code."""
    code = request.GET.get("code", "").strip().replace(" ", "")
    if not CODE_SHAPE.match(code):
        messages.error(
            request, _("Enter the verification code printed on the certificate.")
        )
        return redirect("/#verify-title")
    return redirect("certification:verify", code=code.upper())


@require_GET
def calendar_feed(request, token):
    """The iCalendar feed of whoever owns ``token``, and only theirs."""
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404
    with speaking(feed.user):  # the calendar app asks; the owner reads it
        events = selectors.calendar_events(user=feed.user)
        body = feed_ics(
            events, name=f"Roundtable Academy – {feed.user.get_full_name()}"
        )
    return HttpResponse(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="roundtable-academy.ics"',
            "Cache-Control": "private, max-age=900",
            "X-Robots-Tag": "noindex",
        },
    )
