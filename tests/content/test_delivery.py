"""The seeded delivery plans: the YCPRT day is 360 minutes of instruction led by both
trainers, every sample case has a role-play with a brief for every seat, and the
agenda's clock times follow from a chosen start."""

from datetime import time
from pathlib import Path

import pytest
import yaml

from content import rules
from content.curriculum import DELIVERY_DIR, _plans_for

CASES_DIR = Path(__file__).resolve().parents[2] / "simulations" / "cases"


def _segments(course_slug):
    plans = _plans_for(course_slug)
    return [block["value"] for plan in plans.values() for block in plan]


def _case_files():
    return [p for p in sorted(CASES_DIR.glob("*.yaml")) if "-" in p.stem]


def test_the_ycprt_day_is_360_minutes_of_instruction_with_breaks_apart():
    segments = _segments("ycprt-skills")

    assert rules.instruction_minutes(segments) == 360
    breaks = [s for s in segments if s["kind"] == rules.BREAK]
    assert {s["title"] for s in breaks} >= {"Lunch", "Morning break"}


def test_both_trainers_lead_substantial_parts_of_the_day():
    by_lead = rules.minutes_by_lead(_segments("ycprt-skills"))

    assert by_lead[rules.CHILD_WELFARE] >= 60
    assert by_lead[rules.LIVED_EXPERIENCE] >= 60
    assert by_lead[rules.BOTH] >= 120


def test_every_segment_says_why_what_participants_do_and_how_to_run_it():
    for segment in _segments("ycprt-skills"):
        if segment["kind"] == rules.BREAK:
            continue
        assert segment["purpose"] and segment["participants_do"], segment["title"]
        assert len(segment["notes"].split()) >= 15, segment["title"]


def test_story_and_role_play_segments_say_how_to_respond_to_trauma():
    for segment in _segments("ycprt-skills"):
        if segment["kind"] in (rules.STORY, rules.ROLE_PLAY):
            assert segment["trauma_response"], segment["title"]


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_each_sample_case_has_a_role_play_with_a_brief_for_every_seat(path):
    case = yaml.safe_load(path.read_text())
    role_plays = [
        rp["value"]
        for s in _segments("ycprt-skills")
        for rp in s["role_plays"]
        if rp["value"]["case"] == case["slug"]
    ]

    assert len(role_plays) == 1
    seats = {
        seat["value"]["seat"]: seat["value"]["brief"] for seat in role_plays[0]["seats"]
    }
    assert set(seats) == set(case["roles_needed"])
    assert all(len(brief.split()) >= 25 for brief in seats.values())
    assert role_plays[0]["youth_coaching"] and role_plays[0]["debrief"]


def test_the_day_has_the_chart_pact_and_five_question_exercises():
    titles = " ".join(s["title"].lower() for s in _segments("ycprt-skills"))

    for words in ("genealogy", "connectedness", "permanency pact", "five brainstorm"):
        assert words in titles


@pytest.mark.parametrize(
    ("course", "minutes"),
    [
        ("permanency-values", 120),
        ("facilitator-refresher", 90),
        ("train-the-trainer", 220),
    ],
)
def test_the_other_courses_have_plans_of_their_own_length(course, minutes):
    assert rules.instruction_minutes(_segments(course)) == minutes


def test_the_agenda_runs_from_the_chosen_start_with_breaks_on_the_clock():
    plans = _plans_for("ycprt-skills")
    modules = [(slug, [b["value"] for b in plan]) for slug, plan in plans.items()]

    rows = rules.agenda(modules, rules.parse_start("09:00"))

    assert rows[0].starts == time(9, 0)
    assert rows[-1].ends == time(16, 15)  # 360 minutes plus 75 of breaks
    assert rules.agenda(modules, rules.parse_start("8:30"))[0].starts == time(8, 30)


@pytest.mark.parametrize("text", ["", "25:00", "nine", None, "09:00:00x"])
def test_a_bad_start_time_falls_back_to_nine(text):
    assert rules.parse_start(text) == time(9, 0)


def test_reading_time_counts_words_and_questions():
    body = [{"type": "text", "value": "<p>" + "word " * 400 + "</p>", "id": "x"}]

    assert rules.reading_minutes(body) == 2
    assert rules.reading_minutes(body, [{"type": "question"}] * 4) == 5
    assert rules.reading_minutes([]) == 1


def test_the_role_play_file_has_only_known_cases():
    role_plays = yaml.safe_load((DELIVERY_DIR / "roleplays.yaml").read_text())

    assert set(role_plays) == {p.stem for p in _case_files()}


def test_the_course_reads_the_five_questions_from_the_program_not_from_its_text():
    from simulations.models.program import default_questions

    course = yaml.safe_load((DELIVERY_DIR.parent / "ycprt-skills.yaml").read_text())
    lesson = next(
        lesson
        for module in course["modules"]
        for lesson in module["lessons"]
        if lesson["slug"] == "exit-criteria-questions-steps"
    )
    kinds = [next(iter(block)) for block in lesson["body"]]
    text = " ".join(" ".join(str(block).split()) for block in lesson["body"])

    assert "brainstorm_questions" in kinds
    assert default_questions()[0] == "What will it take?"
    for question in default_questions():
        assert question not in text


@pytest.mark.parametrize("path", _case_files(), ids=lambda p: p.stem)
def test_no_sample_case_gives_appla_to_a_youth_under_16(path):
    case = yaml.safe_load(path.read_text())
    if case["goal_of_record"] == "appla_oppla":
        assert all(child["age"] >= 16 for child in case["children"])


def test_the_appla_lessons_state_the_federal_rule():
    text = (DELIVERY_DIR.parent / "permanency-values.yaml").read_text()

    assert "Preventing Sex Trafficking and Strengthening Families Act of 2014" in text
    assert "APPLA may be the goal only for a young person aged 16 or older" in text


@pytest.mark.parametrize(
    "fact",
    [
        "the case manager, the supervisor, the facilitator, the scribe and a master"
        " practitioner",
        "increased staff competency and stronger systems integration",
        "engage specialized staff",
        "enhance court practices",
        "six hours a day",
        "attend only for their own case",
        "local staff, regional management and central-office staff",
        "engaging them in developing their own permanency action plans",
        "Youth Speak!",
        "in English and in Spanish",
    ],
)
def test_the_ycprt_course_states_the_confirmed_facts(fact):
    text = " ".join((DELIVERY_DIR.parent / "ycprt-skills.yaml").read_text().split())

    assert fact in text


def test_a_course_without_a_plan_still_prints_a_guide_and_an_empty_run_sheet():
    from types import SimpleNamespace

    from content.printables import run_sheet_rows, trainer_guide_pdf

    course = SimpleNamespace(title="Empty course")
    pdf = trainer_guide_pdf(course=course, plan=[], start=time(9, 0))

    assert pdf.startswith(b"%PDF")
    assert len(run_sheet_rows(plan=[], start=time(9, 0))) == 1  # the header


def test_every_seeded_course_prints_its_guide():
    from types import SimpleNamespace

    from content.delivery import DeliveryPlanBlock
    from content.printables import trainer_guide_pdf

    for slug in ("ycprt-skills", "permanency-values", "train-the-trainer"):
        plan = [
            (module, [child.value for child in DeliveryPlanBlock().to_python(blocks)])
            for module, blocks in _plans_for(slug).items()
        ]
        pdf = trainer_guide_pdf(
            course=SimpleNamespace(title=slug), plan=plan, start=time(9, 0)
        )
        assert pdf.count(b"/Type /Page\n") >= 3, slug
