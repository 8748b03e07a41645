"""Certification step of ``load_content``: the Facilitator Trainee Tool rubric
(published version 1), the three certification programs and the observation rules.

Idempotent: an existing rubric version is left alone and existing programs keep staff's
edits. Creates no account."""

from pathlib import Path

import yaml

from certification.models import CertificationProgram, ObservationRules
from certification.services import rubrics as rubric_services
from content.models import CoursePage

RUBRIC_FILE = (
    Path(__file__).resolve().parent / "rubrics" / "facilitator-trainee-tool.yaml"
)

PROGRAMS = [
    {
        "code": "prt-facilitator",
        "name": "PRT Facilitator",
        "description": (
            "Facilitates Permanency Roundtables: the permanency values module, a "
            "passed mock roundtable, and observed, co-facilitated and "
            "lead-facilitated live roundtables within six months."
        ),
        "courses": ["VALUES"],
        "recert_course": "REFRESHER",
    },
    {
        "code": "ycprt-facilitator",
        "name": "YCPRT Facilitator",
        "description": (
            "Facilitates Youth-Centered Permanency Roundtables: the permanency "
            "values module and the six-hour YCPRT Skills course, then the same "
            "observed path as PRT facilitators."
        ),
        "courses": ["VALUES", "YCPRT"],
        "recert_course": "REFRESHER",
    },
    {
        "code": "ycprt-co-trainer",
        "name": "YCPRT Co-trainer",
        "description": (
            "Co-trains the YCPRT Skills course and observes trainees: an active "
            "facilitator certification, the train-the-trainer course, and a "
            "co-facilitated and a lead-facilitated roundtable observed."
        ),
        "courses": ["T3"],
        "recert_course": "REFRESHER",
        "prerequisites": ["ycprt-facilitator"],
        "numbers": {"required_mock": 0, "required_observed": 0},
    },
]


def ensure_programs() -> dict[str, CertificationProgram]:
    courses = {c.code: c for c in CoursePage.objects.all()}
    programs = {}
    for spec in PROGRAMS:
        program, created = CertificationProgram.objects.get_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "recert_course": courses.get(spec["recert_course"]),
                **spec.get("numbers", {}),
            },
        )
        if created:
            program.required_courses.set(
                [courses[code] for code in spec["courses"] if code in courses]
            )
            program.prerequisites.set(
                [programs[code] for code in spec.get("prerequisites", [])]
            )
            program.save()
        programs[spec["code"]] = program
    return programs


def ensure_rubric():
    """The shipped rubric, loaded and published once; returns (rubric, created)."""
    return rubric_services.rubric_load(data=yaml.safe_load(RUBRIC_FILE.read_text()))


def install(*, stdout) -> None:
    rubric, created = ensure_rubric()
    if created:
        stdout.write(f"Rubric: {rubric} with {rubric.items.count()} items.")
    programs = ensure_programs()
    if not all(program.required_courses.exists() for program in programs.values()):
        stdout.write("Certification programs: some required courses are missing.")
    ObservationRules.load()  # the row with its defaults
    stdout.write(f"Certification programs: {len(programs)}; observation rules ready.")
