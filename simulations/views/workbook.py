"""The participants' workbook of a course: handouts with the program's own five
brainstorm questions and phase minutes, the same settings the simulator runs on."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from content.printables import workbook_pdf
from simulations.models import Phase
from simulations.program import program_settings
from training.permissions import get_live_course, user_can_download_workbook


@login_required
def workbook(request, course_pk):
    course = get_live_course(course_pk)
    if not user_can_download_workbook(request.user, course):
        raise PermissionDenied
    settings = program_settings()
    targets = settings.phase_targets()
    phases = [(str(p.label), targets[p.value]) for p in Phase.in_room()]
    pdf = workbook_pdf(
        course=course, questions=settings.brainstorm_questions(), phases=phases
    )
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{course.slug}-workbook.pdf"'
        },
    )
