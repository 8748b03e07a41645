"""A facilitator's own certification pages: My certification (checklists with live
progress, notifications), starting and restarting a pathway, the certificate PDF,
the live roundtable log and the calendar feed page. Nobody can name another
person's certification here except program staff (404 otherwise)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.certificates import certificate_filename, certificate_pdf
from certification.checklists import ISSUED
from certification.forms.programs import LiveRoundtableForm
from certification.models import CertificationProgram
from certification.permissions import (
    get_certification_for_user,
    get_own_certification,
    user_can_log_roundtables,
    user_can_start_pathway,
)
from certification.selectors import programs as selectors
from certification.services import lifecycle
from certification.services import programs as services
from core.forms import show_refusal
from core.i18n import supported
from core.services import submission_once

Status = lifecycle.Status


@login_required
def my_certification(request):
    """Every program with the person's standing and checklist, and their unread
    notifications."""
    today = timezone.localdate()
    return render(
        request,
        "certification/programs/my_certification.html",
        {
            "data": selectors.my_certification(user=request.user, today=today),
            "can_start": user_can_start_pathway(request.user),
            "can_log": user_can_log_roundtables(request.user),
            "today": today,
        },
    )


@require_POST
@login_required
def pathway_start(request, program_pk):
    if not user_can_start_pathway(request.user):
        raise PermissionDenied
    program = get_object_or_404(CertificationProgram, pk=program_pk)
    try:
        lifecycle.pathway_start(user=request.user, program=program)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("You started %(program)s. Your checklist is below.")
            % {"program": program.name},
        )
    return redirect("certification:my_certification")


@require_POST
@login_required
def certification_check(request, pk):
    """The holder asks for their requirements to be checked now: an in-progress
    pathway goes for approval, an open window ends in recertification."""
    cert = get_own_certification(request.user, pk)
    after = lifecycle.certification_evaluate(certification=cert)
    if (after.status, after.cycle) == (cert.status, cert.cycle):
        messages.warning(request, _("Some requirements are not met yet."))
    elif cert.status in (Status.IN_WINDOW, Status.GRACE):
        messages.success(request, _("You are recertified."))
    elif after.status == Status.ELIGIBLE:
        messages.success(
            request,
            _(
                "Every requirement is met. Program staff will review and approve "
                "your certification."
            ),
        )
    else:
        messages.success(
            request, _("You are certified. Your certificate is ready to download.")
        )
    return redirect("certification:my_certification")


@require_POST
@login_required
def pathway_restart(request, pk):
    """After a lapse the holder walks the full original path again."""
    cert = get_own_certification(request.user, pk)
    try:
        lifecycle.pathway_restart(certification=cert, by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("Your pathway starts again today."))
    return redirect("certification:my_certification")


@login_required
def certificate_download(request, pk):
    """The PDF certificate, for its holder and program staff, while it is issued."""
    cert = get_certification_for_user(request.user, pk)
    if cert.status not in ISSUED:
        raise Http404
    # Printed in the page's language, or in the one asked for (?language=es).
    language = supported(request.GET.get("language")) or get_language()
    with translation.override(language):
        pdf = certificate_pdf(cert, selectors.certificate_signing(cert))
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{certificate_filename(cert)}"'
            ),
            "Cache-Control": "private, no-store",
        },
    )


@login_required
def live_roundtables(request):
    """The facilitator's log of live roundtables, and the form to add one."""
    if not user_can_log_roundtables(request.user):
        raise PermissionDenied
    form = LiveRoundtableForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with submission_once(request) as first:
                if first:
                    services.live_roundtable_log(
                        user=request.user, **form.cleaned_data
                    )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Roundtable added to your log."))
            return redirect("certification:live_roundtables")
    return render(
        request,
        "certification/programs/live_roundtables.html",
        {"form": form, "logs": selectors.live_roundtables_for(user=request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def live_roundtable_delete(request, pk):
    log = selectors.get_own_live_roundtable(user=request.user, pk=pk)
    if log is None:
        raise Http404
    services.live_roundtable_delete(log=log)
    messages.success(request, _("Roundtable removed from your log."))
    return redirect("certification:live_roundtables")


@require_POST
@login_required
def notifications_read(request):
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("Notifications marked as read."))
    return redirect("certification:my_certification")


# The session key that carries a new feed token to the one page that shows it.
_NEW_FEED_KEY = "certification.new_calendar_token"


@login_required
def calendar_page(request):
    """The person's secret feed address: shown once, right after it was made (only
    its hash is stored), then replaced or switched off."""
    feed = selectors.calendar_feed_for(user=request.user)
    token = request.session.pop(_NEW_FEED_KEY, None)
    url = (
        settings.SITE_URL + reverse("certification:calendar_feed", args=[token])
        if feed and token
        else ""
    )
    return render(
        request, "certification/programs/calendar.html", {"feed": feed, "url": url}
    )


@require_POST
@login_required
def calendar_renew(request):
    feed, replaced = services.calendar_feed_renew(user=request.user)
    request.session[_NEW_FEED_KEY] = feed.token  # for the next page view only
    messages.success(
        request,
        _("Your calendar has a new address; the old one no longer works.")
        if replaced
        else _("Your calendar feed is ready. Copy its address into your calendar."),
    )
    return redirect("certification:calendar")


@require_POST
@login_required
def calendar_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar feed is switched off."))
    return redirect("certification:calendar")
