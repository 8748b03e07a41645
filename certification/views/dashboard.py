"""The program staff dashboard: counts, the expiry chart, the list of facilitators
with its CSV export, the import of earlier certifications, each facilitator's
history, and the staff actions (approve, revoke, start again). Staff only."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from certification.forms.programs import (
    CertificationImportForm,
    DashboardFilterForm,
    ExemptForm,
    ExtendForm,
    RevokeForm,
)
from certification.permissions import get_certification_for_user
from certification.selectors import dashboard as selectors
from certification.selectors.programs import program_cards
from certification.services import imports, lifecycle
from core import fragments
from core.csv import CsvImportError, stream_rows
from core.forms import show_refusal
from training.permissions import staff_required

PAGE_SIZE = 50


def _filter_form(request, *, regions, agencies):
    return DashboardFilterForm(
        request.GET or None,
        programs=selectors.programs(),
        regions=regions,
        agencies=agencies,
    )


@staff_required
def dashboard(request):
    """Counts by state, expiring soon, by region and agency, the expiry chart, the
    approval queue and the filtered, sorted, paginated list. The rendered page is
    kept per certifications version, day and filters (selectors.dashboard_page_key),
    so a certification change shows at once."""
    today = timezone.localdate()
    key = selectors.dashboard_page_key(today=today, query=sorted(request.GET.lists()))
    body = fragments.cached_get(key)
    if body is None:
        body = fragments.render_fragment(
            request,
            "certification/programs/_dashboard_main.html",
            _dashboard_context(request, today),
        )
        fragments.cached_set(key, body, selectors.AGGREGATES_SECONDS)
    return render(
        request,
        "certification/programs/dashboard.html",
        {"body": fragments.with_token(request, body)},
    )


def _dashboard_context(request, today) -> dict:
    regions, agencies = (
        selectors.cached_breakdown("user__region"),
        selectors.cached_breakdown("user__agency"),
    )
    form = _filter_form(request, regions=regions.names, agencies=agencies.names)
    filters = form.filters()
    rows = selectors.facilitator_list(filters=filters, today=today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    approvals = selectors.awaiting_approval()
    _prepare_rows(page.object_list + approvals)
    counts = selectors.cached_counts(today=today)
    return {
        "today": today,
        "counts": counts,
        "approvals_total": counts.of(lifecycle.Status.ELIGIBLE),
        "regions": regions,
        "agencies": agencies,
        "chart": selectors.cached_expiry_chart(today=today),
        "approvals": approvals,
        "form": form,
        "page": page,
        "sort": filters.sort,
        "breakdown_states": selectors.BREAKDOWN_STATES,
    }


def _prepare_rows(certs) -> None:
    """Links and status labels of the listed rows, made with one reverse() per
    kind of link and one label lookup, instead of per row in the template."""
    marker = "999999999"
    history = reverse("certification:facilitator_history", args=[marker])
    approve = reverse("certification:certification_approve", args=[marker])
    labels = dict(lifecycle.Status.choices)
    for cert in certs:
        cert.history_url = history.replace(marker, str(cert.user_id))
        cert.approve_url = approve.replace(marker, str(cert.pk))
        cert.status_label = labels.get(cert.status, cert.status)


@staff_required
def dashboard_export(request):
    """The filtered list as CSV (the same filters as the page), streamed."""
    regions, agencies = (
        selectors.cached_breakdown("user__region"),
        selectors.cached_breakdown("user__agency"),
    )
    form = _filter_form(request, regions=regions.names, agencies=agencies.names)
    rows = selectors.facilitator_list(
        filters=form.filters(), today=timezone.localdate()
    )
    filename = f"certifications-{timezone.localdate().isoformat()}.csv"
    return StreamingHttpResponse(
        stream_rows(selectors.export_rows(rows)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@staff_required
def dashboard_import(request):
    """Certifications earned before the platform, from CSV: all rows or none."""
    posted = request.method == "POST"
    form = CertificationImportForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    row_errors, created = [], None
    if posted and form.is_valid():
        try:
            created = imports.certifications_import(
                data=form.cleaned_data["file"], imported_by=request.user
            )
        except CsvImportError as error:
            show_refusal(request, error, form, rename={NON_FIELD_ERRORS: "file"})
            row_errors = error.row_errors
    return render(
        request,
        "certification/programs/import.html",
        {
            "form": form,
            "row_errors": row_errors,
            "created": [
                (label, created[status])
                for status, label in lifecycle.Status.choices
                if created and created[status]
            ],
            "created_total": sum(created.values()) if created else 0,
        },
        status=400 if form.errors else 200,
    )


@staff_required
def facilitator_history(request, user_pk):
    """One person: every certification with its history, reminders, trainers and
    checklist; their live roundtables; whom they trained."""
    person = selectors.get_person(user_pk)
    today = timezone.localdate()
    cards = {
        card.program.pk: card
        for card in program_cards(user=person, today=today)
        if card.started
    }
    history = selectors.facilitator_history(person=person)
    return render(
        request,
        "certification/programs/history.html",
        {
            "history": history,
            "entries": [
                (cert, cards.get(cert.program_id)) for cert in history.certifications
            ],
            "revoke_form": RevokeForm(),
            "extend_form": ExtendForm(),
            "exempt_form": ExemptForm(),
            "today": today,
        },
    )


def _back(cert):
    return redirect("certification:facilitator_history", cert.user_id)


@require_POST
@staff_required
def certification_approve(request, pk):
    cert = get_certification_for_user(request.user, pk, manage=True)
    try:
        lifecycle.certification_approve(certification=cert, approved_by=request.user)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is certified in %(program)s.")
            % {"name": cert.user.get_full_name(), "program": cert.program.name},
        )
    if request.POST.get("next") == "dashboard":
        return redirect("certification:certification_dashboard")
    return _back(cert)


@require_POST
@staff_required
def certification_revoke(request, pk):
    cert = get_certification_for_user(request.user, pk, manage=True)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revoking."))
        return _back(cert)
    try:
        lifecycle.certification_revoke(
            certification=cert,
            revoked_by=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The certification is revoked."))
    return _back(cert)


@require_POST
@staff_required
def certification_restart(request, pk):
    """Staff start a pathway again: after a lapse or revocation, or to reopen a
    completion window that closed."""
    cert = get_certification_for_user(request.user, pk, manage=True)
    try:
        lifecycle.pathway_restart(certification=cert, by=request.user, staff=True)
    except ValidationError as error:
        show_refusal(request, error)
    else:
        messages.success(request, _("The pathway starts again today."))
    return _back(cert)
