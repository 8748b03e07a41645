"""Wagtail admin registrations of the certification layer (certification/admin/:
importing it registers its viewsets). Also gives the home page its role sections."""

from wagtail import hooks

from certification import admin
from certification.selectors.courses import completion_notes
from certification.views.home import home_context

__all__ = ["admin"]

hooks.register("home_page_context", home_context)
hooks.register("course_completion_notes", completion_notes)
