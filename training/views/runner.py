"""The session runner: the co-trainer pair run a cohort session segment by segment
from one page, and put the room view on the projector."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import show_refusal
from training.forms.cohorts import AttendanceForm
from training.models import CohortSession
from training.permissions import cohort_viewer_required, get_cohort_for_user
from training.selectors import cohorts as cohort_selectors
from training.selectors import delivery as selectors
from training.services import cohorts as cohort_services
from training.services import delivery as services


def _session(request, pk, session_pk):
    """The session of a cohort the user runs: 404 for other co-trainers."""
    cohort = get_cohort_for_user(request.user, pk)
    session = get_object_or_404(
        CohortSession.objects.select_related("cohort__course"),
        pk=session_pk,
        cohort=cohort,
    )
    return cohort, session


@cohort_viewer_required
def session_run(request, pk, session_pk):
    cohort, session = _session(request, pk, session_pk)
    rows = cohort_selectors.session_attendance(session=session)
    context = {
        "cohort": cohort,
        "session": session,
        "state": selectors.runner_state(session=session),
        "form": AttendanceForm(rows=rows),
        "rows": rows,
    }
    return render(request, "training/cohorts/runner.html", context)


@cohort_viewer_required
@require_POST
def session_advance(request, pk, session_pk):
    cohort, session = _session(request, pk, session_pk)
    try:
        expected = int(request.POST.get("position", ""))
        services.segment_advance(
            session=session, actor=request.user, expected_position=expected
        )
    except ValueError:
        messages.error(request, _("That request was incomplete; nothing changed."))
    except ValidationError as error:
        show_refusal(request, error)
    return redirect("training:session_run", cohort.pk, session.pk)


@cohort_viewer_required
@require_POST
def session_run_attendance(request, pk, session_pk):
    cohort, session = _session(request, pk, session_pk)
    form = AttendanceForm(
        request.POST, rows=cohort_selectors.session_attendance(session=session)
    )
    if form.is_valid():
        try:
            cohort_services.attendance_record(
                session=session, statuses=form.statuses(), recorded_by=request.user
            )
        except ValidationError as error:
            show_refusal(request, error)
        else:
            messages.success(request, _("Attendance saved."))
    else:
        messages.error(request, _("Choose present, absent or excused."))
    return redirect("training:session_run", cohort.pk, session.pk)


@cohort_viewer_required
def session_room(request, pk, session_pk):
    """For the projector: only the participants' prompt of the running segment."""
    cohort, session = _session(request, pk, session_pk)
    state = selectors.runner_state(session=session)
    context = {
        "cohort": cohort,
        "session": session,
        "room": selectors.room_payload(state),
    }
    return render(request, "training/cohorts/room.html", context)


@cohort_viewer_required
def session_room_state(request, pk, session_pk):
    _cohort, session = _session(request, pk, session_pk)
    state = selectors.runner_state(session=session)
    return JsonResponse(selectors.room_payload(state))
