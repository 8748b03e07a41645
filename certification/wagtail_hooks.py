"""Wagtail admin registrations of the certification layer, one module per sub-domain;
importing each module registers its viewsets. Also gives the home page its role
sections, and the training pages the certification cycle each course completion
counted for."""

from wagtail import hooks

from certification import admin_programs, admin_rubrics
from certification.selectors.courses import completion_notes
from certification.views.home import home_context

__all__ = ["admin_programs", "admin_rubrics"]

hooks.register("home_page_context", home_context)
hooks.register("course_completion_notes", completion_notes)
