"""What a person has done towards certification, loaded for any number of people
in seven queries: the one read that both sides share, the services that judge
requirements (the daily sweep, a batch at a time) and the pages that show them.
It sits beside ``rules`` and ``checklists``, below ``services`` and ``selectors``,
so neither of those imports the other."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from certification.calibration_spans import LazySpans
from certification.dates import local_date
from certification.models import (
    Certification,
    LiveRoundtableLog,
    Observation,
    RequirementExemption,
)
from training.models import CourseCompletion, Enrolment


@dataclass(frozen=True)
class PassedObservation:
    kind: str
    released_on: date
    raters: tuple[int, int]
    rater_names: tuple[str, str] = ("", "")


@dataclass
class Evidence:
    """One person's record, as far as certification cares."""

    # Course id → every completion date, oldest first (a refresher retaken in
    # later cycles has several).
    courses_done: dict[int, list[date]] = field(default_factory=dict)
    observations: list[PassedObservation] = field(default_factory=list)
    live_roundtables: list[date] = field(default_factory=list)
    holdings: dict[int, str] = field(default_factory=dict)  # program id → status
    # (program id, cycle) → requirement → reason, waived by program staff.
    exemptions: dict[tuple[int, int], dict[str, str]] = field(default_factory=dict)
    # (rater id, program id) → (status, cycle, issued_on, expires_on) of the rater.
    rater_holdings: dict[tuple[int, int], tuple] = field(default_factory=dict)
    # (rater id, program id) → passed calibrations as (earned, valid until).
    rater_calibrations: object = field(default_factory=dict)


def _add_completion(evidence: Evidence, course_id: int, day: date) -> None:
    days = evidence.courses_done.setdefault(course_id, [])
    if day not in days:
        days.append(day)
        days.sort()


def load_evidence(user_ids) -> dict[int, Evidence]:
    """Evidence of every person in ``user_ids``: seven queries however many (one
    more when a program requires calibrated raters)."""
    user_ids = list(user_ids)
    evidence = defaultdict(Evidence)
    for user_id, course_id, completed_at in Enrolment.objects.filter(
        user_id__in=user_ids, completed_at__isnull=False
    ).values_list("user_id", "course_id", "completed_at"):
        _add_completion(evidence[user_id], course_id, local_date(completed_at))
    for user_id, course_id, completed_at in CourseCompletion.objects.filter(
        enrolment__user_id__in=user_ids
    ).values_list("enrolment__user_id", "enrolment__course_id", "completed_at"):
        _add_completion(evidence[user_id], course_id, local_date(completed_at))
    passed = Observation.objects.filter(
        trainee_id__in=user_ids, status=Observation.Status.RELEASED, passed=True
    )
    for row in passed.values_list(
        "trainee_id",
        "kind",
        "released_at",
        "opened_at",
        "rater_a_id",
        "rater_b_id",
        "rater_a__full_name",
        "rater_b__full_name",
    ):
        user_id, kind, released_at, opened_at, a, b, name_a, name_b = row
        day = local_date(released_at or opened_at)
        evidence[user_id].observations.append(
            PassedObservation(kind, day, (a, b), (name_a or "", name_b or ""))
        )
    raters = Certification.objects.filter(
        Q(user_id__in=passed.values("rater_a_id"))
        | Q(user_id__in=passed.values("rater_b_id")),
        cycle__gt=0,
    ).values_list("user_id", "program_id", "status", "cycle", "issued_on", "expires_on")
    rater_holdings = {(row[0], row[1]): row[2:] for row in raters}
    calibrations = LazySpans(passed)  # one more query, only if a program asks
    for user_id, held_on in LiveRoundtableLog.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "held_on"):
        evidence[user_id].live_roundtables.append(held_on)
    for user_id, program_id, status in Certification.objects.filter(
        user_id__in=user_ids
    ).values_list("user_id", "program_id", "status"):
        evidence[user_id].holdings[program_id] = status
    for (
        user_id,
        program_id,
        cycle,
        requirement,
        reason,
    ) in RequirementExemption.objects.filter(
        certification__user_id__in=user_ids
    ).values_list(
        "certification__user_id",
        "certification__program_id",
        "cycle",
        "requirement",
        "reason",
    ):
        waived = evidence[user_id].exemptions.setdefault((program_id, cycle), {})
        waived[requirement] = reason
    for user_id in user_ids:
        evidence[user_id].rater_holdings = rater_holdings
        evidence[user_id].rater_calibrations = calibrations
    return {user_id: evidence[user_id] for user_id in user_ids}


def program_queryset():
    """Programs with what their checklists read: three queries for all of them."""
    from certification.models import CertificationProgram

    return CertificationProgram.objects.select_related(
        "recert_course", "rater_program"
    ).prefetch_related("prerequisites", "required_courses")
