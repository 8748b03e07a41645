"""Build courses in tests without the YAML curriculum: ``make_course(site_root,
modules=3, lessons=100)`` creates live pages quickly (no revisions)."""

import itertools
import uuid

from content.models import CoursePage, LessonPage, ModulePage

_seq = itertools.count(1)


def _id() -> str:
    return str(uuid.uuid4())


def question(prompt="Which is right?", *, kind="single", choices=None, explanation=""):
    """StreamField raw data for one question; ``choices`` is [(text, correct)]."""
    choices = choices or [("Right", True), ("Wrong", False)]
    return {
        "type": "question",
        "id": _id(),
        "value": {
            "prompt": prompt,
            "kind": kind,
            "explanation": explanation or "Because that is how it works.",
            "choices": [
                {"type": "item", "id": _id(), "value": {"text": t, "correct": c}}
                for t, c in choices
            ],
        },
    }


def body(text="<p>A paragraph.</p><p>Another.</p>", reflection="What would you do?"):
    return [
        {"type": "text", "value": text, "id": _id()},
        {
            "type": "key_points",
            "value": [{"type": "item", "value": "A point", "id": _id()}],
            "id": _id(),
        },
        {"type": "reflection", "value": reflection, "id": _id()},
    ]


def make_lesson(module, *, title=None, minutes=10, questions=None, **fields):
    lesson = LessonPage(
        title=title or f"Lesson {next(_seq)}",
        body=fields.pop("body", None) or body(),
        questions=questions or [],
        **fields,
    )
    module.add_child(instance=lesson)
    # Reading time is worked out on save; tests that count minutes pin it.
    if minutes is not None:
        LessonPage.objects.filter(pk=lesson.pk).update(minutes=minutes)
        lesson.minutes = minutes
    return lesson


def segment(title="Segment", *, kind="presentation", minutes=30, lead="both", **extra):
    """StreamField raw data for one delivery-plan segment."""
    value = {
        "title": title,
        "kind": kind,
        "minutes": minutes,
        "lead": lead,
        "purpose": "Why this part matters.",
        "participants_do": extra.pop("participants_do", f"Do the {title} task."),
        "materials": [],
        "notes": extra.pop("notes", "What to say."),
        "trauma_response": "",
        "role_plays": [],
    }
    value.update(extra)
    return {"type": "segment", "id": _id(), "value": value}


def make_course(
    parent,
    *,
    modules=1,
    lessons=3,
    minutes=10,
    with_checks=True,
    title=None,
    **fields,
):
    """A live course of ``modules`` modules with ``lessons`` lessons spread over
    them; the last lesson of each module carries a two-question check."""
    n = next(_seq)
    course = CoursePage(
        title=title or f"Course {n}", code=fields.pop("code", f"C{n}"), **fields
    )
    parent.add_child(instance=course)
    per_module = [lessons // modules + (i < lessons % modules) for i in range(modules)]
    for m, count in enumerate(per_module, start=1):
        module = ModulePage(title=f"Module {m} of course {n}", lead="both")
        course.add_child(instance=module)
        for i in range(count):
            last = i == count - 1
            make_lesson(
                module,
                minutes=minutes,
                questions=(
                    [
                        question("Pick the right one."),
                        question(
                            "Pick all the right ones.",
                            kind="multiple",
                            choices=[("A", True), ("B", True), ("C", False)],
                        ),
                    ]
                    if with_checks and last
                    else None
                ),
            )
    return course


def correct_answers(lesson) -> dict[str, list[str]]:
    """Question id → the correct choice ids, read from the page model."""
    return {
        q.id: [c.id for c in q.value["choices"].bound_blocks if c.value["correct"]]
        for q in lesson.questions
    }


def wrong_answers(lesson) -> dict[str, list[str]]:
    """Question id → one wrong choice id each."""
    return {
        q.id: [
            next(
                c.id for c in q.value["choices"].bound_blocks if not c.value["correct"]
            )
        ]
        for q in lesson.questions
    }
