"""Load the seeded curriculum from the YAML files in ``content/curriculum/``.

A page is created only where its slug is missing under its parent, so re-running the
loader never overwrites what editors changed afterwards.
"""

import uuid
from pathlib import Path

import yaml
from django.utils.html import escape
from wagtail.models import Page

from content.models import CoursePage, LessonPage, ModulePage

CURRICULUM_DIR = Path(__file__).resolve().parent / "curriculum"
DELIVERY_DIR = CURRICULUM_DIR / "delivery"
# The order courses appear in under the home page; files not listed come after.
COURSE_ORDER = [
    "ycprt-skills",
    "permanency-values",
    "facilitator-refresher",
    "train-the-trainer",
]


def _id() -> str:
    return str(uuid.uuid4())


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in text.strip().split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in parts)


def _body(blocks: list[dict]) -> list[dict]:
    """Turn the YAML blocks into StreamField raw data."""
    stream = []
    for block in blocks:
        ((kind, value),) = block.items()
        if kind == "text":
            value = _paragraphs(value)
        elif kind == "key_points":
            value = [{"type": "item", "value": p, "id": _id()} for p in value]
        elif kind == "quote":
            value = {"text": value["text"].strip(), "attribution": value["attribution"]}
        elif kind == "reflection":
            value = value.strip()
        stream.append({"type": kind, "value": value, "id": _id()})
    return stream


def _questions(questions: list[dict]) -> list[dict]:
    return [
        {
            "type": "question",
            "id": _id(),
            "value": {
                "prompt": q["prompt"].strip(),
                "kind": q["kind"],
                "explanation": q["explanation"].strip(),
                "choices": [
                    {
                        "type": "item",
                        "id": _id(),
                        "value": {"text": c["text"], "correct": bool(c["correct"])},
                    }
                    for c in q["choices"]
                ],
            },
        }
        for q in questions or []
    ]


def _items(values) -> list[dict]:
    return [{"type": "item", "value": v, "id": _id()} for v in values or []]


def _role_play(case: str, data: dict) -> dict:
    return {
        "case": case,
        "scene": data["scene"].strip(),
        "seats": _items(
            {"seat": s["seat"], "brief": s["brief"].strip()} for s in data["seats"]
        ),
        "youth_coaching": data.get("youth_coaching", "").strip(),
        "debrief": data["debrief"].strip(),
    }


def delivery_plan(segments: list[dict], role_plays: dict) -> list[dict]:
    """Turn a module's YAML segments into StreamField raw data, with each named
    role-play written in full from ``role_plays``."""
    return [
        {
            "type": "segment",
            "id": _id(),
            "value": {
                "title": s["title"],
                "kind": s["kind"],
                "minutes": s["minutes"],
                "lead": s["lead"],
                "purpose": s["purpose"].strip(),
                "participants_do": s["do"].strip(),
                "materials": _items(s.get("materials")),
                "notes": (s.get("notes") or "").strip(),
                "trauma_response": (s.get("trauma") or "").strip(),
                "role_plays": _items(
                    _role_play(case, role_plays[case])
                    for case in s.get("role_plays", [])
                ),
            },
        }
        for s in segments
    ]


def _plans_for(course_slug: str) -> dict:
    path = DELIVERY_DIR / f"{course_slug}.yaml"
    if not path.exists():
        return {}
    role_plays = yaml.safe_load((DELIVERY_DIR / "roleplays.yaml").read_text())
    plans = yaml.safe_load(path.read_text())
    return {slug: delivery_plan(segs, role_plays) for slug, segs in plans.items()}


def _fill_plan(module: ModulePage, plan: list[dict]) -> bool:
    """Give a module the seeded plan only while it has none: editors' plans stay."""
    if not plan or len(module.delivery_plan):
        return False
    module.delivery_plan = plan
    module.save_revision().publish()
    return True


def _child(parent: Page, slug: str, build) -> tuple[Page, bool]:
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing, False
    page = build()
    page.slug = slug
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def load_course(path: Path, home: Page) -> tuple[CoursePage, int]:
    """Create whatever of one course file is missing; returns the course and how
    many pages were created."""
    data = yaml.safe_load(path.read_text())
    created = 0
    course, new = _child(
        home,
        data["slug"],
        lambda: CoursePage(
            title=data["title"],
            code=data["code"],
            audience=data.get("audience", ""),
            summary=_paragraphs(data.get("summary", "")),
            pass_mark=data.get("pass_mark", 80),
            self_enrol=data.get("self_enrol", True),
        ),
    )
    created += new
    plans = _plans_for(data["slug"])
    for module_data in data["modules"]:
        module, new = _child(
            course,
            module_data["slug"],
            lambda m=module_data: ModulePage(
                title=m["title"],
                lead=m["lead"],
                objectives=[
                    {"type": "objective", "value": o, "id": _id()}
                    for o in m.get("objectives", [])
                ],
                delivery_plan=plans.get(m["slug"], []),
            ),
        )
        created += new
        if not new:
            _fill_plan(module, plans.get(module_data["slug"], []))
        for lesson_data in module_data["lessons"]:
            _, new = _child(
                module,
                lesson_data["slug"],
                lambda ld=lesson_data: LessonPage(
                    title=ld["title"],
                    body=_body(ld["body"]),
                    questions=_questions(ld.get("questions")),
                ),
            )
            created += new
    return course, created


def load_curriculum(home: Page) -> int:
    """Load every course file; returns the number of pages created."""
    paths = sorted(
        CURRICULUM_DIR.glob("*.yaml"),
        key=lambda p: (
            COURSE_ORDER.index(p.stem) if p.stem in COURSE_ORDER else len(COURSE_ORDER),
            p.stem,
        ),
    )
    return sum(load_course(path, home)[1] for path in paths)
