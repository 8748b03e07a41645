"""What services/sweep.py and services/reminders.py still import from here; the
requirements and their evidence live in ``certification.requirements``, which
services and selectors both read."""

from certification.requirements import (
    ISSUED,
    load_evidence,
    program_queryset,
    recert_checklist,
)

__all__ = ["ISSUED", "load_evidence", "program_queryset", "recert_checklist"]
