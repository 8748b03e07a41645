"""Opening an observation of a trainee (the pair who score, the roundtable they
watch) and the development plan's goals a failed critical item calls for."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.models import (
    DevelopmentGoal,
    DevelopmentPlan,
    Observation,
    ObservationKind,
    Rubric,
    ScoreSheet,
)
from certification.rules import case_reference_problem
from certification.services.calibration import require_calibrated
from certification.services.observations.sheets import final_result, items_of
from simulations.models import Phase
from training.models import CohortMembership
from training.permissions import is_co_trainer, is_program_staff, is_trainee


def _raters_for(*, opened_by, cohort, rater_a, rater_b):
    """The pair who score: a co-trainer always gets their cohort's pair; program
    staff may choose any two co-trainers (the cohort's pair by default)."""
    if not is_program_staff(opened_by):
        if cohort is None or not cohort.is_led_by(opened_by):
            raise ValidationError(
                {"cohort": _("Choose a cohort you co-train.")}, code="cohort"
            )
        return cohort.child_welfare_trainer, cohort.lived_experience_trainer
    if rater_a is None and rater_b is None and cohort is not None:
        return cohort.child_welfare_trainer, cohort.lived_experience_trainer
    if rater_a is None or rater_b is None:
        raise ValidationError(
            {"rater_b": _("Choose two co-trainers, or a cohort whose pair scores.")}
        )
    return rater_a, rater_b


def _check_people(*, trainee, cohort, rater_a, rater_b) -> None:
    errors = {}
    if not is_trainee(trainee):
        errors["trainee"] = _("Choose someone with the Trainee role.")
    elif cohort is not None and not (
        CohortMembership.objects.filter(cohort=cohort, user=trainee).exists()
    ):
        errors["trainee"] = _("The trainee is not a member of that cohort.")
    if rater_a.pk == rater_b.pk:
        errors["rater_b"] = _("The two raters must be different people.")
    elif trainee.pk in (rater_a.pk, rater_b.pk):
        errors["rater_b"] = _("A trainee cannot rate their own roundtable.")
    elif not (is_co_trainer(rater_a) and is_co_trainer(rater_b)):
        errors["rater_b"] = _("Both raters must have the Co-trainer role.")
    if errors:
        raise ValidationError(errors)


def _check_roundtable(*, kind, trainee, mock_roundtable, live) -> dict:
    """The roundtable's fields: a mock roundtable for the kind "mock", otherwise a
    live one described by date, agency and case reference."""
    if kind not in ObservationKind.values:
        raise ValidationError({"kind": _("Choose a kind of observation.")})
    if kind == ObservationKind.MOCK:
        if mock_roundtable is None:
            raise ValidationError(
                {"mock_roundtable": _("Choose the mock roundtable you observed.")}
            )
        if mock_roundtable.facilitator_id != trainee.pk:
            raise ValidationError(
                {"mock_roundtable": _("The trainee did not facilitate that session.")}
            )
        if mock_roundtable.state == Phase.SCHEDULED:
            raise ValidationError(
                {"mock_roundtable": _("That mock roundtable has not begun yet.")}
            )
        if Observation.objects.filter(mock_roundtable=mock_roundtable).exists():
            raise ValidationError(
                {"mock_roundtable": _("That mock roundtable is already observed.")}
            )
        case = mock_roundtable.case
        return {
            "mock_roundtable": mock_roundtable,
            "youth_centered": case.youth_centered,
            "subsequent": case.is_subsequent,
        }
    errors = {}
    reference = (live.get("live_case_reference") or "").strip()
    if mock_roundtable is not None:
        errors["mock_roundtable"] = _("Only a mock observation links a mock session.")
    if not live.get("live_date"):
        errors["live_date"] = _("Give the date of the roundtable.")
    elif live["live_date"] > timezone.localdate():
        errors["live_date"] = _("The roundtable cannot be in the future.")
    if not (live.get("live_agency") or "").strip():
        errors["live_agency"] = _("Give the agency that held the roundtable.")
    problem = case_reference_problem(reference)
    if problem:
        errors["live_case_reference"] = problem
    if errors:
        raise ValidationError(errors)
    return {
        "live_date": live["live_date"],
        "live_agency": live["live_agency"].strip(),
        "live_case_reference": reference,
        "youth_centered": bool(live.get("youth_centered")),
        "subsequent": bool(live.get("subsequent")),
    }


@transaction.atomic
def observation_open(
    *,
    opened_by,
    trainee,
    kind: str,
    rubric: Rubric,
    cohort=None,
    rater_a=None,
    rater_b=None,
    mock_roundtable=None,
    **live,
) -> Observation:
    """Open an observation with an empty sheet for each rater. ``live`` holds
    live_date, live_agency, live_case_reference, youth_centered and subsequent."""
    if not (is_program_staff(opened_by) or is_co_trainer(opened_by)):
        raise PermissionDenied
    if rubric.status != Rubric.Status.PUBLISHED:
        raise ValidationError({"rubric": _("Choose a published rubric.")})
    rater_a, rater_b = _raters_for(
        opened_by=opened_by, cohort=cohort, rater_a=rater_a, rater_b=rater_b
    )
    _check_people(trainee=trainee, cohort=cohort, rater_a=rater_a, rater_b=rater_b)
    require_calibrated([rater_a, rater_b])
    where = _check_roundtable(
        kind=kind, trainee=trainee, mock_roundtable=mock_roundtable, live=live
    )
    if (
        kind != ObservationKind.MOCK
        and Observation.objects.filter(
            trainee=trainee,
            kind=kind,
            live_date=where["live_date"],
            live_case_reference__iexact=where["live_case_reference"],
        ).exists()
    ):
        raise ValidationError(_("This roundtable is already being observed."))
    observation = Observation.objects.create(
        trainee=trainee,
        kind=kind,
        rubric=rubric,
        cohort=cohort,
        rater_a=rater_a,
        rater_b=rater_b,
        opened_by=opened_by,
        **where,
    )
    ScoreSheet.objects.bulk_create(
        ScoreSheet(observation=observation, kind=ScoreSheet.Kind.RATER, rater=rater)
        for rater in (rater_a, rater_b)
    )
    return observation


# --- Development plan -------------------------------------------------------------


@transaction.atomic
def development_goal_add(
    *, observation: Observation, by, goal: str, due_on
) -> DevelopmentGoal:
    """A SMART goal with the date it is due, on the plan a failed critical item
    opens. The raters write the first ones while reconciling (a result with a failed
    critical item is released only with its plan); after release, the raters and
    program staff add more."""
    observation = Observation.objects.get(pk=observation.pk)  # its status now
    reconciling = observation.status == Observation.Status.RECONCILING
    if not (
        (reconciling and observation.is_rater(by))
        or (
            observation.status == Observation.Status.RELEASED
            and (observation.is_rater(by) or is_program_staff(by))
        )
    ):
        raise PermissionDenied
    plan = DevelopmentPlan.objects.filter(observation=observation).first()
    if plan is None and reconciling:
        final = observation.sheets.get(kind=ScoreSheet.Kind.FINAL)
        if final_result(final, items_of(observation)).failed_critical:
            plan = DevelopmentPlan.objects.create(observation=observation)
    if plan is None:
        raise ValidationError(_("This observation has no development plan."))
    errors = {}
    if len(goal.strip()) < 15:
        errors["goal"] = _(
            "Describe the goal so it is specific and measurable (at least 15 "
            "characters)."
        )
    today = timezone.localdate()
    if due_on < today:
        errors["due_on"] = _("A goal is due today or later.")
    elif due_on > today + timedelta(days=366):
        errors["due_on"] = _("A goal is due within a year.")
    if errors:
        raise ValidationError(errors)
    return DevelopmentGoal.objects.create(plan=plan, goal=goal.strip(), due_on=due_on)
