"""The trainer's guide (PDF) and the day's run-sheet (CSV) of a course, for its
co-trainers and program staff. ``?start=HH:MM`` sets the clock (default 09:00)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from content.printables import run_sheet_rows, trainer_guide_pdf
from content.rules import parse_start
from core.csv import write_rows
from training.permissions import get_live_course, user_can_download_trainer_guide


def _course_for_trainers(request, course_pk):
    course = get_live_course(course_pk)
    if not user_can_download_trainer_guide(request.user, course):
        raise PermissionDenied
    return course


@login_required
def trainer_guide(request, course_pk):
    course = _course_for_trainers(request, course_pk)
    start = parse_start(request.GET.get("start"))
    pdf = trainer_guide_pdf(course=course, plan=course.plan(), start=start)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{course.slug}-trainer-guide.pdf"'
        },
    )


@login_required
def run_sheet(request, course_pk):
    course = _course_for_trainers(request, course_pk)
    rows = run_sheet_rows(
        plan=course.plan(), start=parse_start(request.GET.get("start"))
    )
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{course.slug}-run-sheet.csv"'
        },
    )
    write_rows(response, rows)
    return response
