"""Cohort pages: staff run cohorts; each co-trainer pair sees its own cohorts' grid
and takes attendance."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.csv import CsvImportError, write_rows
from core.forms import show_refusal
from core.services import submission_once
from training.forms.cohorts import (
    AttendanceForm,
    CohortForm,
    CohortImportForm,
    SessionForm,
)
from training.models import CohortSession
from training.permissions import (
    cohort_viewer_required,
    get_cohort_for_user,
    staff_required,
    user_can_manage_cohorts,
)
from training.selectors import cohorts as selectors
from training.selectors import delivery as delivery_selectors
from training.services import cohort_import as import_services
from training.services import cohorts as services


def _posted(request):
    """The POST data, or None on GET: an empty POST must still be validated."""
    return request.POST if request.method == "POST" else None


def _form_page(request, template, context, form):
    return render(request, template, context, status=400 if form.errors else 200)


@cohort_viewer_required
def cohort_list(request):
    """Staff see every cohort; a co-trainer sees the cohorts they lead."""
    return render(
        request,
        "training/cohorts/list.html",
        {
            "cohorts": selectors.cohort_list_for_user(user=request.user),
            "can_manage": user_can_manage_cohorts(request.user),
        },
    )


@staff_required
def cohort_create(request):
    form = CohortForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            with submission_once(request) as first:
                cohort = first and services.cohort_create(
                    created_by=request.user, **form.cleaned_data
                )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            if not cohort:  # a second click on "Create"
                return redirect("training:cohort_list")
            messages.success(request, _("Cohort created."))
            return redirect("training:cohort_detail", cohort.pk)
    return _form_page(request, "training/cohorts/form.html", {"form": form}, form)


@staff_required
def cohort_edit(request, pk):
    cohort = get_cohort_for_user(request.user, pk, manage=True)
    form = CohortForm(_posted(request), initial=CohortForm.initial_for(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Cohort saved."))
            return redirect("training:cohort_detail", cohort.pk)
    context = {"form": form, "cohort": cohort}
    return _form_page(request, "training/cohorts/form.html", context, form)


@cohort_viewer_required
def cohort_detail(request, pk):
    """Members, sessions and the ways into the grid, attendance, import and export."""
    cohort = get_cohort_for_user(request.user, pk)
    can_manage = user_can_manage_cohorts(request.user)
    context = {
        "cohort": cohort,
        "can_manage": can_manage,
        "members": selectors.cohort_members(cohort=cohort),
        "sessions": delivery_selectors.sessions_with_timings(
            selectors.cohort_sessions(cohort=cohort)
        ),
        "invitations": (
            selectors.cohort_pending_invitations(cohort=cohort) if can_manage else []
        ),
    }
    return render(request, "training/cohorts/detail.html", context)


@staff_required
def session_edit(request, pk, session_pk=None):
    """Add a session (no ``session_pk``) or change one."""
    cohort = get_cohort_for_user(request.user, pk, manage=True)
    session = None
    if session_pk is not None:
        session = get_object_or_404(CohortSession, pk=session_pk, cohort=cohort)
    initial = SessionForm.initial_for(session) if session else {}
    form = SessionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if session:
                services.session_update(session=session, **form.session_values())
            else:
                with submission_once(request) as first:
                    if first:
                        services.session_create(
                            cohort=cohort, **form.session_values()
                        )
        except ValidationError as error:
            show_refusal(
                request, error, form, rename={"ends_at": "ends", "starts_at": "starts"}
            )
        else:
            messages.success(request, _("Session saved."))
            return redirect("training:cohort_detail", cohort.pk)
    context = {"form": form, "cohort": cohort, "session": session}
    return _form_page(request, "training/cohorts/session_form.html", context, form)


@staff_required
def cohort_import(request, pk):
    """Bulk-enrol from a CSV file: all rows or none, with a per-row report."""
    cohort = get_cohort_for_user(request.user, pk, manage=True)
    form = CohortImportForm(_posted(request), request.FILES or None)
    row_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            summary = import_services.cohort_import(
                cohort=cohort, data=form.cleaned_data["file"], invited_by=request.user
            )
        except CsvImportError as error:
            show_refusal(request, error, form, rename={NON_FIELD_ERRORS: "file"})
            row_errors = error.row_errors
        else:
            return render(
                request,
                "training/cohorts/import_summary.html",
                {"cohort": cohort, "summary": summary},
            )
    context = {"form": form, "cohort": cohort, "row_errors": row_errors}
    return _form_page(request, "training/cohorts/import.html", context, form)


@staff_required
def cohort_export(request, pk):
    """Progress of every member as CSV, one row per member."""
    cohort = get_cohort_for_user(request.user, pk, manage=True)
    filename = f"{slugify(cohort.name) or 'cohort'}-progress.csv"
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    write_rows(response, selectors.cohort_export_rows(cohort=cohort))
    return response


GRID_PAGE_SIZE = 50


@cohort_viewer_required
def cohort_grid(request, pk):
    """Members × modules: lessons done and knowledge-check results, fifty members
    a page (the totals cover everyone; the CSV export has the whole grid)."""
    cohort = get_cohort_for_user(request.user, pk)
    grid = selectors.cohort_grid_page(
        cohort=cohort, number=request.GET.get("page"), per_page=GRID_PAGE_SIZE
    )
    return render(
        request,
        "training/cohorts/grid.html",
        {
            "cohort": cohort,
            "grid": grid,
            "page": grid.page,
            "can_manage": user_can_manage_cohorts(request.user),
        },
    )


@cohort_viewer_required
def session_attendance(request, pk, session_pk):
    """Who came to a session; saving again changes only what changed."""
    cohort = get_cohort_for_user(request.user, pk)
    session = get_object_or_404(CohortSession, pk=session_pk, cohort=cohort)
    rows = selectors.session_attendance(session=session)
    form = AttendanceForm(_posted(request), rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                session=session, statuses=form.statuses(), recorded_by=request.user
            )
        except ValidationError as error:
            show_refusal(request, error, form)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("training:session_attendance", cohort.pk, session.pk)
    context = {"form": form, "cohort": cohort, "session": session, "rows": rows}
    return _form_page(request, "training/cohorts/attendance.html", context, form)
