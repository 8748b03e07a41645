"""The board and the plan: brainstorm ideas, the recommended goals, action steps and
the simulated follow-up."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from simulations import rules
from simulations.models import (
    ActionStep,
    BarrierCategory,
    BrainstormIdea,
    GoalType,
    MockRoundtable,
    Participant,
    Phase,
    Rating,
    Restrictiveness,
    StepReview,
    StepStatus,
)
from simulations.models.enums import GOAL_OF_RECORD_CHOICES, NCR_RATINGS, Goal
from simulations.services.guards import (
    belongs,
    lock,
    require_phase,
    require_recorder,
    touch,
)


@transaction.atomic
def idea_add(
    *,
    roundtable: MockRoundtable,
    question_number: int,
    text: str,
    by,
    offered_by: Participant | None = None,
) -> BrainstormIdea:
    """Put an idea on the board under one of the five key questions."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.BRAINSTORM)
    if question_number not in range(1, 6):
        raise ValidationError(
            {"question_number": _("There are five key questions; choose one of them.")}
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the idea.")})
    if len(text) > 1000:
        raise ValidationError({"text": _("Keep an idea under 1,000 characters.")})
    belongs(offered_by, roundtable, _("participant"))
    idea = BrainstormIdea.objects.create(
        roundtable=roundtable,
        question_number=question_number,
        text=text,
        offered_by=offered_by,
        created_by=by,
    )
    touch(roundtable)
    return idea


@transaction.atomic
def idea_delete(*, idea: BrainstormIdea, by) -> None:
    roundtable = lock(idea.roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.BRAINSTORM)
    idea.delete()
    touch(roundtable)


@transaction.atomic
def plan_goals_set(
    *,
    roundtable: MockRoundtable,
    recommended_goal: str,
    recommended_concurrent_goal: str,
    by,
) -> None:
    """The team's recommended goal and concurrent goal, asked for before any step."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.PLAN)
    errors = {}
    if recommended_goal not in Goal.values:
        errors["recommended_goal"] = _("Choose the recommended goal.")
    if recommended_concurrent_goal not in dict(GOAL_OF_RECORD_CHOICES):
        errors["recommended_concurrent_goal"] = _(
            "Choose the recommended concurrent goal, or None."
        )
    elif problem := rules.concurrent_goal_problem(
        recommended_goal, recommended_concurrent_goal
    ):
        errors["recommended_concurrent_goal"] = problem
    if errors:
        raise ValidationError(errors)
    plan = roundtable.plan
    plan.recommended_goal = recommended_goal
    plan.recommended_concurrent_goal = recommended_concurrent_goal
    plan.save(update_fields=["recommended_goal", "recommended_concurrent_goal"])
    touch(roundtable)


def _check_step(roundtable: MockRoundtable, fields: dict) -> dict:
    """Validate a step's fields against the plan's rules; returns them cleaned."""
    errors = {}
    description = (fields.get("description") or "").strip()
    if not description:
        errors["description"] = _("Describe the step.")
    responsible = fields.get("responsible")
    if responsible is None:
        errors["responsible"] = _("Every step needs a person responsible.")
    else:
        belongs(responsible, roundtable, _("participant"))
        if problem := rules.step_owner_problem(
            responsible.role,
            facilitator_may_own=roundtable.facilitator_may_own_steps,
        ):
            errors["responsible"] = problem
    target: date | None = fields.get("target_date")
    latest = rules.latest_target_date(roundtable.roundtable_date)
    if target is None:
        errors["target_date"] = _("Every step needs a target date.")
    elif target > latest:
        errors["target_date"] = _(
            "The target date must be on or before %(latest)s: six months after the "
            "roundtable of %(date)s."
        ) % {
            "latest": date_format(latest, "DATE_FORMAT"),
            "date": date_format(roundtable.roundtable_date, "DATE_FORMAT"),
        }
    elif target < roundtable.roundtable_date:
        errors["target_date"] = _("The target date cannot be before the roundtable.")
    if fields.get("goal_type") not in GoalType.values:
        errors["goal_type"] = _(
            "Say whether the step serves the primary or the concurrent goal."
        )
    case_barrier, barrier, category = _check_barrier(roundtable, fields, errors)
    belongs(fields.get("source_idea"), roundtable, _("idea"))
    if errors:
        raise ValidationError(errors)
    return {
        "description": description,
        "responsible": responsible,
        "target_date": target,
        "goal_type": fields["goal_type"],
        "case_barrier": case_barrier,
        "barrier": barrier[:500],
        "barrier_category": category,
        "source_idea": fields.get("source_idea"),
        "engages_youth": bool(fields.get("engages_youth")),
    }


def _check_barrier(roundtable, fields: dict, errors: dict) -> tuple[str, str, str]:
    """A step names one barrier of the case file (``case_barrier``, its id), or
    describes another the team found with its category, or neither."""
    chosen = fields.get("case_barrier") or ""
    barrier = (fields.get("barrier") or "").strip()
    category = fields.get("barrier_category") or ""
    if chosen:
        found = {b.id: b for b in rules.case_barriers(roundtable.case)}.get(chosen)
        if found is None:
            errors["case_barrier"] = _("That barrier is not in this case file.")
        elif barrier or category:
            errors["barrier"] = _(
                "Name a barrier of the case or describe another one, not both."
            )
        else:
            return chosen, found.description, found.category
        return "", "", ""
    if category and category not in BarrierCategory.values:
        errors["barrier_category"] = _("Choose one of the barrier categories.")
    elif bool(barrier) != bool(category):
        errors["barrier_category" if barrier else "barrier"] = _(
            "Give both the barrier the step addresses and its category, or neither."
        )
    return "", barrier, category


def _require_plan_open(roundtable: MockRoundtable) -> None:
    require_phase(roundtable, Phase.PLAN, Phase.FOLLOW_UP)
    if roundtable.state == Phase.PLAN and not roundtable.plan.goals_recommended:
        raise ValidationError(
            _(
                "Record the team's recommended goal and concurrent goal before adding "
                "steps."
            )
        )


@transaction.atomic
def step_add(*, roundtable: MockRoundtable, by, **fields) -> ActionStep:
    """Add an action step in Phase V, or a new one at the follow-up. Fields:
    description, responsible, target_date, goal_type, case_barrier (or barrier and
    barrier_category), source_idea, engages_youth."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    _require_plan_open(roundtable)
    step = ActionStep.objects.create(
        plan=roundtable.plan,
        added_at_follow_up=roundtable.state == Phase.FOLLOW_UP,
        created_by=by,
        **_check_step(roundtable, fields),
    )
    touch(roundtable)
    return step


def _require_step_editable(roundtable: MockRoundtable, step: ActionStep) -> None:
    _require_plan_open(roundtable)
    if roundtable.state == Phase.FOLLOW_UP and not step.added_at_follow_up:
        raise ValidationError(
            _(
                "At the follow-up, the plan's steps get a status; they are not "
                "rewritten. Mark a step dropped instead."
            )
        )


@transaction.atomic
def step_update(*, step: ActionStep, by, **fields) -> ActionStep:
    roundtable = lock(step.plan.roundtable)
    require_recorder(roundtable, by)
    _require_step_editable(roundtable, step)
    for name, value in _check_step(roundtable, fields).items():
        setattr(step, name, value)
    step.save()
    touch(roundtable)
    return step


@transaction.atomic
def step_delete(*, step: ActionStep, by) -> None:
    roundtable = lock(step.plan.roundtable)
    require_recorder(roundtable, by)
    _require_step_editable(roundtable, step)
    step.delete()
    touch(roundtable)


@transaction.atomic
def follow_up_record(
    *,
    roundtable: MockRoundtable,
    rating: str,
    statuses: dict[int, tuple[str, str]],
    by,
    rating_no_consultation: bool = False,
    restrictiveness: str = "",
    notes: str = "",
) -> None:
    """The simulated follow-up: a status (and note) for each step, and a re-rating.
    ``statuses`` maps step id to ``(status, note)``; every step of the plan made at
    the roundtable needs one."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.FOLLOW_UP)
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Re-rate the youth's legal permanency status.")
    elif rating_no_consultation and rating not in NCR_RATINGS:
        errors["rating_no_consultation"] = _(
            "Only Very good and Good have a “no consultation required” variant."
        )
    if restrictiveness and restrictiveness not in Restrictiveness.values:
        errors["restrictiveness"] = _("Choose one of the living settings.")
    steps = {step.pk: step for step in roundtable.plan.steps.all()}
    if set(statuses) - set(steps):
        errors["__all__"] = _("That step is not part of this plan.")
    missing = [
        pk
        for pk, step in steps.items()
        if not step.added_at_follow_up and pk not in statuses
    ]
    if missing or any(s not in StepStatus.values for s, _note in statuses.values()):
        errors.setdefault("__all__", _("Give every action step a status."))
    if errors:
        raise ValidationError(errors)
    follow_up = roundtable.follow_up
    follow_up.rating = rating
    follow_up.rating_no_consultation = rating_no_consultation
    follow_up.restrictiveness = restrictiveness
    follow_up.notes = notes.strip()
    follow_up.recorded_at = timezone.now()
    follow_up.save()
    existing = {r.step_id: r for r in follow_up.reviews.all()}
    new_reviews = []
    for pk, (status, note) in statuses.items():
        step = steps[pk]
        step.status = status
        review = existing.get(pk)
        if review is None:
            new_reviews.append(
                StepReview(
                    follow_up=follow_up, step=step, status=status, note=note[:500]
                )
            )
        else:
            review.status, review.note = status, note[:500]
    StepReview.objects.bulk_create(new_reviews)
    StepReview.objects.bulk_update(existing.values(), ["status", "note"])
    ActionStep.objects.bulk_update([steps[pk] for pk in statuses], ["status"])
    touch(roundtable)
