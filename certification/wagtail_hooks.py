"""Wagtail admin registrations of the certification layer, one module per sub-domain;
importing each module registers its viewsets."""

from certification import admin_programs, admin_rubrics

__all__ = ["admin_programs", "admin_rubrics"]
