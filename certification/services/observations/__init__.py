"""Observations of a trainee: open one, let each co-trainer score on their own sheet,
submit, reconcile into the final sheet, release the result, amend it with a reason,
and write the development plan a failed critical item opens.

One module per concern; this package exposes the services the views and tests call:
``opening`` (an observation and its development goals), ``sheets`` (a rater's own
sheet) and ``reconcile`` (the final sheet, its release and audit)."""

# The pass rule is pure (rules.py); the reconcile page previews it through here.
from certification.rules import observation_result
from certification.services.observations.opening import (
    development_goal_add,
    observation_open,
)
from certification.services.observations.reconcile import (
    final_sheet_save,
    observation_release,
)
from certification.services.observations.sheets import (
    StaleSheet,
    final_result,
    sheet_save,
    sheet_submit,
)

__all__ = [
    "StaleSheet",
    "development_goal_add",
    "final_result",
    "final_sheet_save",
    "observation_open",
    "observation_release",
    "observation_result",
    "sheet_save",
    "sheet_submit",
]
