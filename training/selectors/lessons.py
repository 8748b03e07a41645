"""A live lesson's content as the lesson page shows it, kept in memory per content
version, process and language (content.structure) instead of rebuilt per request."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import get_language

from content import structure
from content.models import LessonPage
from training.rules import CheckQuestion, check_questions


@dataclass(frozen=True)
class LessonContent:
    """The lesson itself as the page shows it: plain fields, the body rendered to
    HTML and the check's questions. Built once per content version, process and
    language (content.structure), never per request."""

    id: int
    title: str
    minutes: int
    body_html: str
    questions: tuple[CheckQuestion, ...]

    @property
    def pk(self) -> int:
        return self.id


def lesson_content(*, lesson_pk: int) -> LessonContent:
    """A live lesson's content from memory, rendered on first use (one query)."""

    def build():
        lesson = LessonPage.objects.get(pk=lesson_pk)
        return LessonContent(
            id=lesson.pk,
            title=lesson.title,
            minutes=lesson.minutes,
            body_html=render_to_string(
                "training/learning/_lesson_body.html", {"lesson": lesson}
            ),
            questions=tuple(check_questions(lesson)),
        )

    return structure.catalogue().memo(("lesson", lesson_pk, get_language()), build)
