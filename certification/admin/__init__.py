"""Wagtail admin of the certification layer, one module per sub-domain: ``programs``
(certification programs) and ``rubrics`` (the Facilitator Trainee Tool's versions).
Importing this package registers their viewsets; wagtail_hooks imports it."""

from certification.admin import programs, rubrics

__all__ = ["programs", "rubrics"]
