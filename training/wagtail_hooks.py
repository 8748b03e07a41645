"""Wagtail hooks of the training layer."""

from django.shortcuts import redirect
from wagtail import hooks

from content.models import CoursePage, LessonPage, ModulePage


@hooks.register("before_serve_page")
def send_learners_to_the_learning_pages(page, request, serve_args, serve_kwargs):
    """Course, module and lesson pages are read through /learn/, where enrolment and
    progress are checked; their Wagtail URLs lead there. Editors' preview does not
    pass through this hook, so it still renders the page templates."""
    if isinstance(page, CoursePage):
        return redirect("training:course_outline", course_pk=page.pk)
    if isinstance(page, ModulePage):
        return redirect("training:course_outline", course_pk=page.get_parent().pk)
    if isinstance(page, LessonPage):
        return redirect("training:lesson", lesson_pk=page.pk)
    return None
