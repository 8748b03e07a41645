"""Reads for the observation pages, one module per concern: ``lists`` (who sees
which observations, the choices that open one), ``sheets`` (one observation's sheets
and a trainee's results) and ``reports`` (agreement over time and the export).
This package exposes what the views, forms and tests read."""

from certification.selectors.observations.lists import (
    applicable_items,
    cohorts_led,
    mock_roundtable_choices,
    observation_list_for_user,
    observation_rules,
    observations_to_reconcile,
    observations_to_score,
    observations_waiting_for_partner,
    trainee_choices,
)
from certification.selectors.observations.reports import (
    export_rows,
    program_agreement,
    rater_report,
)
from certification.selectors.observations.sheets import (
    Group,
    ItemRow,
    Released,
    audit_history,
    mock_record,
    pair_page,
    released_results,
    score_chart,
    scoring_page,
    trainee_results,
)

__all__ = [
    "Group",
    "ItemRow",
    "Released",
    "applicable_items",
    "audit_history",
    "cohorts_led",
    "export_rows",
    "mock_record",
    "mock_roundtable_choices",
    "observation_list_for_user",
    "observation_rules",
    "observations_to_reconcile",
    "observations_to_score",
    "observations_waiting_for_partner",
    "pair_page",
    "program_agreement",
    "rater_report",
    "released_results",
    "score_chart",
    "scoring_page",
    "trainee_choices",
    "trainee_results",
]
