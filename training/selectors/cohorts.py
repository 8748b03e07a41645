"""Reads of cohorts for their pages, each in a fixed number of queries whatever the
number of members, sessions or lessons."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from content import structure as content_structure
from core import fragments, versioned_cache
from training.models import (
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    Invitation,
    KnowledgeCheckAttempt,
    LessonProgress,
)
from training.permissions import is_program_staff
from training.progress import (
    CourseSummary,
    LessonState,
    ModuleInfo,
    ModuleSummary,
    course_structure,
    lesson_states,
    summarise,
)
from training.signals import PROGRESS_NAMESPACE, cohort_namespace


def cohort_list_for_user(*, user):
    """Every cohort for staff; for a co-trainer, only the cohorts they lead. One
    query, with member counts and the next session."""
    cohorts = Cohort.objects.select_related(
        "course", "child_welfare_trainer", "lived_experience_trainer"
    ).annotate(
        member_count=Count("memberships", distinct=True),
        next_session_at=Min(
            "sessions__starts_at", filter=Q(sessions__starts_at__gte=timezone.now())
        ),
    )
    if not is_program_staff(user):
        cohorts = cohorts.filter(
            Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
        )
    return cohorts.order_by("-created_at", "-pk")


def cohort_members(*, cohort):
    """The cohort's members as users, by name."""
    return (
        get_user_model()
        .objects.filter(memberships__cohort=cohort)
        .order_by("full_name", "email")
    )


def cohort_sessions(*, cohort):
    """Sessions in date order, each with how many attendance marks it has."""
    return CohortSession.objects.filter(cohort=cohort).annotate(
        attendance_count=Count("attendance")
    )


def cohort_pending_invitations(*, cohort):
    """People invited into the cohort who have not joined yet."""
    return Invitation.objects.filter(
        cohort=cohort, accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("email")


# --- Progress grid and export ---------------------------------------------------------


@dataclass
class GridRow:
    member: object
    enrolment: Enrolment | None
    summary: CourseSummary


@dataclass
class CohortGrid:
    modules: list[ModuleInfo]
    rows: list[GridRow]

    @property
    def completed_count(self) -> int:
        return sum(1 for row in self.rows if row.summary.complete)

    @property
    def average_percent(self) -> int:
        if not self.rows:
            return 0
        return round(sum(row.summary.percent for row in self.rows) / len(self.rows))


def cohort_grid(*, cohort: Cohort) -> CohortGrid:
    """Members × modules with progress and knowledge-check results (six queries)."""
    structure = course_structure(cohort.course)
    members = list(cohort_members(cohort=cohort))
    enrolments = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.filter(
            course_id=cohort.course_id, user__memberships__cohort=cohort
        )
    }
    states = lesson_states(enrolment_ids=[e.pk for e in enrolments.values()])
    rows = []
    for member in members:
        enrolment = enrolments.get(member.pk)
        summary = summarise(structure, states[enrolment.pk] if enrolment else {})
        rows.append(GridRow(member=member, enrolment=enrolment, summary=summary))
    return CohortGrid(modules=structure, rows=rows)


@dataclass
class CohortGridPage:
    """One page of the grid, with totals over the whole cohort."""

    modules: list[ModuleInfo]
    rows: list[GridRow]  # the members on this page
    page: object  # the Paginator page of members
    member_count: int
    completed_count: int
    average_percent: int


def cohort_grid_page(*, cohort: Cohort, number, per_page: int) -> CohortGridPage:
    """The members of one page with their progress, and the cohort's totals from
    two grouped counts (the same rule as ``summarise``: a member is done when
    every live lesson is done and every check passed). The members are read each
    time (two queries); their progress and the totals are kept until any
    progress, the content or the cohort's members change (training/signals.py),
    else read in three and two queries."""
    structure = course_structure(cohort.course)
    # Only what the grid shows: no dates to parse for fifty people a request.
    members = cohort_members(cohort=cohort).only("full_name", "email", "agency")
    page = Paginator(members, per_page).get_page(number)
    members = list(page.object_list)
    versions = [
        versioned_cache.version(PROGRESS_NAMESPACE),
        versioned_cache.version(content_structure.NAMESPACE),
        versioned_cache.version(cohort_namespace(cohort.pk)),
    ]
    key = fragments.fragment_key(
        versions, "grid-rows", cohort.course_id, [m.pk for m in members]
    )
    progress = fragments.cached_get(key)
    if progress is None:
        progress = _grid_progress(cohort, structure, members)
        fragments.cached_set(key, progress)
    rows = [GridRow(member, *progress[member.pk]) for member in members]
    count = page.paginator.count
    key = fragments.fragment_key(versions, "grid-totals", cohort.pk, count)
    totals = fragments.cached_get(key)
    if totals is None:
        totals = _grid_totals(cohort, structure, count)
        fragments.cached_set(key, totals)
    return CohortGridPage(
        modules=structure,
        rows=rows,
        page=page,
        member_count=count,
        completed_count=totals[0],
        average_percent=totals[1],
    )


def _grid_progress(cohort, structure, members) -> dict:
    """Per member: their enrolment in the cohort's course (or None) and their
    summary (three queries)."""
    enrolments = {
        enrolment.user_id: enrolment
        for enrolment in Enrolment.objects.filter(
            course_id=cohort.course_id, user__in=[m.pk for m in members]
        ).only("user_id", "course_id", "completed_at")
    }
    states = _grid_states(enrolment_ids=[e.pk for e in enrolments.values()])
    progress = {}
    for member in members:
        enrolment = enrolments.get(member.pk)
        summary = summarise(structure, states[enrolment.pk] if enrolment else {})
        progress[member.pk] = (enrolment, summary)
    return progress


def _grid_states(*, enrolment_ids) -> dict[int, dict[int, LessonState]]:
    """What ``summarise`` reads of each enrolment's lessons (completed, best and
    passed check), as ``lesson_states`` gives it but without the times and
    dates the grid does not show (two queries)."""
    states: dict[int, dict[int, LessonState]] = {pk: {} for pk in enrolment_ids}
    for enrolment_id, lesson_id in LessonProgress.objects.filter(
        enrolment_id__in=enrolment_ids, completed_at__isnull=False
    ).values_list("enrolment_id", "lesson_id"):
        states[enrolment_id][lesson_id] = LessonState(completed=True, exists=True)
    for enrolment_id, lesson_id, attempts, best, passes in (
        KnowledgeCheckAttempt.objects.filter(enrolment_id__in=enrolment_ids)
        .values_list("enrolment_id", "lesson_id")
        .annotate(
            attempts=Count("pk"),
            best=Max("score"),
            passes=Count("pk", filter=Q(passed=True)),
        )
        .order_by()
    ):
        state = states[enrolment_id].setdefault(lesson_id, LessonState())
        state.attempts, state.best_score, state.passed = attempts, best, passes > 0
    return states


def _grid_totals(cohort, structure, member_count) -> tuple[int, int]:
    lessons = [info for module in structure for info in module.lessons]
    checks = [info.id for info in lessons if info.has_check]
    steps = len(lessons) + len(checks)
    if not member_count:
        return 0, 0
    if not steps:  # nothing to do: every module counts as complete, as in summarise
        return (member_count if structure else 0), 0
    cohort_enrolments = Enrolment.objects.filter(
        course_id=cohort.course_id, user__memberships__cohort=cohort
    ).values("pk")
    done = dict(
        LessonProgress.objects.filter(
            enrolment__in=cohort_enrolments,
            lesson_id__in=[info.id for info in lessons],
            completed_at__isnull=False,
        )
        .values_list("enrolment_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    passed = dict(
        KnowledgeCheckAttempt.objects.filter(
            enrolment__in=cohort_enrolments, lesson_id__in=checks, passed=True
        )
        .values_list("enrolment_id")
        .annotate(n=Count("lesson_id", distinct=True))
        .order_by()
    )
    percents, completed = [], 0
    for enrolment_id in set(done) | set(passed):
        lessons_done, checks_passed = (
            done.get(enrolment_id, 0),
            passed.get(enrolment_id, 0),
        )
        percents.append(round(100 * (lessons_done + checks_passed) / steps))
        completed += lessons_done == len(lessons) and checks_passed == len(checks)
    return completed, round(sum(percents) / member_count)


def check_label(module: ModuleSummary) -> str:
    """A module's knowledge-check result in words, with the best score."""
    status = module.check_status
    if status is None:
        return _("no check")
    if status == "not_started":
        return _("not started")
    label = _("passed") if status == "passed" else _("not yet passed")
    if module.best_score is None:
        return label
    return _("%(status)s (best %(score)s%%)") % {
        "status": label,
        "score": module.best_score,
    }


def cohort_export_rows(*, cohort: Cohort) -> list[list[str]]:
    """The progress export: a header, then one row per member (core.csv
    makes every cell safe to open in a spreadsheet)."""
    grid = cohort_grid(cohort=cohort)
    header = [_("Name"), _("Email"), _("Agency"), _("Region")]
    for module in grid.modules:
        header += [
            _("%(module)s: lessons done") % {"module": module.title},
            _("%(module)s: knowledge check") % {"module": module.title},
        ]
    header += [_("Course percent"), _("Course completed")]
    table = [header]
    for row in grid.rows:
        member = row.member
        cells = [member.full_name, member.email, member.agency, member.region]
        for module in row.summary.modules:
            cells += [
                # "3 of 4", not "3/4", which spreadsheets turn into a date.
                _("%(done)s of %(total)s")
                % {"done": module.lessons_done, "total": module.lessons_total},
                check_label(module),
            ]
        completed = row.enrolment.completed_at if row.enrolment else None
        cells += [
            row.summary.percent,
            date_format(timezone.localtime(completed), "Y-m-d") if completed else "",
        ]
        table.append(cells)
    return table


# --- Attendance -----------------------------------------------------------------------


@dataclass
class AttendanceRow:
    member: object
    status: str | None
    recorded_by: object | None


def session_attendance(*, session: CohortSession) -> list[AttendanceRow]:
    """One row per member with what was recorded for the session (two queries)."""
    recorded = {
        mark.user_id: mark
        for mark in Attendance.objects.filter(session=session).select_related(
            "recorded_by"
        )
    }
    rows = []
    for member in cohort_members(cohort=session.cohort):
        mark = recorded.get(member.pk)
        rows.append(
            AttendanceRow(
                member=member,
                status=mark.status if mark else None,
                recorded_by=mark.recorded_by if mark else None,
            )
        )
    return rows
