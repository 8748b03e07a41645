"""What a person has done towards a program, and the checklist it makes, for the
pages: the loader lives in ``certification.evidence`` and the pure checklist in
``certification.checklists`` (the services judge with the same two), and are
named here so pages keep reading them from their selectors."""

from certification.checklists import (
    ISSUED,
    KIND_FIELDS,
    VALID,
    WINDOWED_KINDS,
    Checklist,
    Item,
    checklist_for,
    evidence_summary,
    initial_checklist,
    recert_checklist,
    recert_period,
)
from certification.evidence import (
    Evidence,
    PassedObservation,
    load_evidence,
    program_queryset,
)

__all__ = [
    "ISSUED",
    "KIND_FIELDS",
    "VALID",
    "WINDOWED_KINDS",
    "Checklist",
    "Evidence",
    "Item",
    "PassedObservation",
    "checklist_for",
    "evidence_summary",
    "initial_checklist",
    "load_evidence",
    "program_queryset",
    "recert_checklist",
    "recert_period",
]
