"""Template filters for knowledge checks."""

from django import template

from training.rules import questions_needed

register = template.Library()


@register.filter
def needed_for(question_count, pass_mark) -> int:
    """Right answers needed to pass a check of ``question_count`` questions."""
    return questions_needed(int(question_count or 0), int(pass_mark or 0))
