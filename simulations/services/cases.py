"""The sample-case library: loading the shipped cases (simulations/cases/*.yaml)."""

import uuid
from pathlib import Path

import yaml
from django.db import transaction

from simulations.models import SampleCase
from simulations.models.program import CASES_DIR

# Files in the cases folder that are configuration, not cases.
NOT_CASES = {"brainstorm_questions.yaml", "facilitator_functions.yaml"}


def _stream(block_type: str, items) -> list[dict]:
    return [
        {"type": block_type, "value": value, "id": str(uuid.uuid4())}
        for value in items or []
    ]


def _fields(data: dict) -> dict:
    """Model fields of a case from its YAML mapping (schema: the shipped files)."""
    key = data["answer_key"]
    previous = data.get("previous_plan") or {}
    return {
        "title": data["title"],
        "summary": data["summary"],
        "case_type": data["case_type"],
        "youth_centered": bool(data.get("youth_centered")),
        "children": _stream("child", data["children"]),
        "time_in_care_months": data["time_in_care_months"],
        "placements": _stream(
            "placement",
            [{"reason_for_move": "", **p} for p in data.get("placements", [])],
        ),
        "legal_status": data["legal_status"],
        "goal_of_record": data["goal_of_record"],
        "concurrent_goal_of_record": data.get("concurrent_goal_of_record") or "none",
        "last_full_disclosure_months_ago": data.get("last_full_disclosure_months_ago"),
        "last_asked_about_permanency": data["last_asked_about_permanency"],
        "connections": _stream("connection", data.get("connections")),
        "strengths": _stream("strength", data.get("strengths")),
        "needs": _stream("need", data.get("needs")),
        "barriers": _stream("barrier", data.get("barriers")),
        "roles_needed": _stream("role", data.get("roles_needed")),
        "presentation": data["presentation"].strip(),
        "question_bank": _stream("question", data.get("question_bank")),
        "previous_plan_months_ago": previous.get("months_ago"),
        "previous_rating": previous.get("rating", ""),
        "previous_steps": _stream(
            "step", [{"note": "", **s} for s in previous.get("steps", [])]
        ),
        "answer_rating": key["rating"],
        "rating_rationale": key.get("rating_rationale", ""),
        "recommended_goal": key["recommended_goal"],
        "recommended_concurrent_goal": key.get("recommended_concurrent_goal") or "none",
        "goal_rationale": key.get("goal_rationale", ""),
        "answer_steps": _stream(
            "step",
            [
                {"barrier": None, "engages_youth": False, **step}
                for step in key.get("action_steps", [])
            ],
        ),
        "teaching_notes": (key.get("teaching_notes") or "").strip(),
    }


@transaction.atomic
def case_import(*, data: dict) -> tuple[SampleCase, bool]:
    """Create a live, published case from its YAML mapping, unless a case with its
    slug exists: staff edits in the admin are never overwritten."""
    existing = SampleCase.objects.filter(slug=data["slug"]).first()
    if existing is not None:
        return existing, False
    case = SampleCase(slug=data["slug"], live=True, **_fields(data))
    case.full_clean()
    case.save()
    case.save_revision().publish()
    return case, True


def cases_load_library(directory: Path = CASES_DIR) -> int:
    """Import every shipped case not yet in the library; returns how many were new."""
    created = 0
    for path in sorted(directory.glob("*.yaml")):
        if path.name in NOT_CASES:
            continue
        _, new = case_import(data=yaml.safe_load(path.read_text()))
        created += new
    return created
