"""The progress grid's rows, built in Python: fifty members by a dozen modules is
hundreds of cells, and a template tag per cell costs far more than the data.
The words are translated once a page and each distinct cell is built once (most
members of a cohort share their cells)."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


class _Words:
    """The grid's words in the current language, translated once a page."""

    def __init__(self):
        self.lessons = _("%(done)s of %(total)s lessons")
        self.passed = _("Passed")
        self.not_yet = _("Not yet")
        self.best = _("best %(score)s%%")
        self.not_started = _("Not started")
        self.no_check = _("No check")
        self.not_enrolled = _("Not enrolled")
        self.completed = _("Completed %(date)s")


def _check(module, words) -> str:
    status, score = module.check_status, module.best_score
    if status == "passed":
        extra = f" · {score}%" if score is not None else ""
        return format_html(
            '<span class="cohort-check cohort-check--passed">'
            '<span aria-hidden="true">✓</span> {}{}</span>',
            words.passed,
            extra,
        )
    if status == "failed":
        extra = " · " + words.best % {"score": score} if score is not None else ""
        return format_html(
            '<span class="cohort-check cohort-check--failed">'
            '<span aria-hidden="true">!</span> {}{}</span>',
            words.not_yet,
            extra,
        )
    if status == "not_started":
        return format_html(
            '<span class="cohort-check cohort-check--not_started">'
            '<span aria-hidden="true">○</span> {}</span>',
            words.not_started,
        )
    return format_html(
        '<span class="cohort-check cohort-check--none">{}</span>', words.no_check
    )


def _cell(module, words) -> str:
    done, total = module.lessons_done, module.lessons_total
    return format_html(
        '<td class="cohort-grid__cell{}">'
        '<span class="cohort-grid__lessons">{}</span> {}</td>',
        " is-complete" if module.complete else "",
        words.lessons % {"done": done, "total": total},
        _check(module, words),
    )


def _overall(row, words) -> str:
    percent = row.summary.percent
    if row.enrolment is None:
        note = format_html(
            '<span class="badge badge--warning">{}</span>', words.not_enrolled
        )
    elif row.enrolment.completed_at:
        day = date_format(timezone.localtime(row.enrolment.completed_at), "DATE_FORMAT")
        note = format_html(
            '<span class="cohort-check cohort-check--passed">{}</span>',
            words.completed % {"date": day},
        )
    else:
        note = ""
    return format_html(
        '<td class="cohort-grid__overall">'
        '<span class="cohort-grid__percent">{}%</span> '
        '<progress class="progress{}" value="{}" max="100" aria-hidden="true">'
        "{}%</progress> {}</td>",
        percent,
        " progress--complete" if row.summary.complete else "",
        percent,
        percent,
        note,
    )


@register.simple_tag
def grid_rows(rows):
    """One ``<tr>`` a member: name and agency, a cell a module (lessons done and
    the check's result), and the course percent with the completion date."""
    words, cells, html = _Words(), {}, []  # cells: each distinct cell, built once
    for row in rows:
        member = row.member
        agency = member.agency
        parts = [
            '<tr><th scope="row" class="cohort-grid__member">',
            conditional_escape(member.get_full_name()),
            format_html(' <span class="cohort-grid__agency">{}</span>', agency)
            if agency
            else "",
            "</th>",
        ]
        for module in row.summary.modules:
            # The fields the cell is made from (its properties are built on them).
            key = (
                module.lessons_done,
                module.lessons_total,
                module.checks_total,
                module.checks_passed,
                module.best_score,
                module.attempted,
            )
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = _cell(module, words)
            parts.append(cell)
        enrolment = row.enrolment
        key = (
            row.summary.percent,
            row.summary.complete,
            enrolment is not None,
            enrolment.completed_at if enrolment is not None else None,
        )
        overall = cells.get(key)
        if overall is None:
            overall = cells[key] = _overall(row, words)
        parts += [overall, "</tr>\n"]
        html.append("".join(parts))
    return mark_safe("".join(html))  # noqa: S308 - every value escaped above
