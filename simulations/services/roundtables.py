"""Running a mock roundtable: start or assign it, seat the participants, move through
the phases, and record what each phase asks for (checklist, questions, exit criteria,
debrief)."""

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from simulations import rules
from simulations.models import (
    ActionPlan,
    ActionStep,
    AskedQuestion,
    ChecklistTick,
    FollowUp,
    MockRoundtable,
    Participant,
    Phase,
    PhaseLog,
    Rating,
    Role,
    SampleCase,
)
from simulations.models.enums import GOAL_OF_RECORD_CHOICES, NCR_RATINGS, Goal
from simulations.permissions import user_can_assign_roundtable
from simulations.program import program_settings
from simulations.services.guards import (
    lock,
    require_facilitator,
    require_phase,
    require_recorder,
    require_seater,
    touch,
)


@transaction.atomic
def roundtable_start(
    *, case: SampleCase, facilitator, created_by, cohort=None
) -> MockRoundtable:
    """A new session on ``case`` for ``facilitator``, not begun yet, with a seat for
    every role the case needs (simulated until someone fills it). Trainees start
    their own; co-trainers and program staff assign one."""
    if created_by.pk != facilitator.pk and not user_can_assign_roundtable(created_by):
        raise PermissionDenied(_("You cannot assign roundtables."))
    if not case.live:
        raise ValidationError({"case": _("This case is not available.")})
    if cohort is not None and not cohort.memberships.filter(user=facilitator).exists():
        raise ValidationError(
            {"facilitator": _("The facilitator must be a member of the cohort.")}
        )
    program = program_settings()
    scheduled = case.scheduled_minutes
    roundtable = MockRoundtable.objects.create(
        case=case,
        facilitator=facilitator,
        cohort=cohort,
        created_by=created_by,
        scheduled_minutes=scheduled,
        phase_targets=program.phase_targets(scheduled_minutes=scheduled),
        brainstorm_questions=program.brainstorm_questions(),
        follow_up_cadence_days=program.follow_up_cadence_days,
        under_run_percent=program.under_run_percent,
        checklist_percent=program.checklist_percent,
        facilitator_may_own_steps=program.facilitator_may_own_steps,
    )
    ActionPlan.objects.create(roundtable=roundtable)
    seats = [
        Participant(roundtable=roundtable, role=Role.FACILITATOR, user=facilitator)
    ]
    roles = [row["value"] for row in case.roles_needed.raw_data]
    for position, role in enumerate(roles, start=1):
        if role != Role.FACILITATOR:
            seats.append(
                Participant(roundtable=roundtable, role=role, position=position)
            )
    Participant.objects.bulk_create(seats)
    return roundtable


@transaction.atomic
def participants_set(*, roundtable: MockRoundtable, seats: list[dict], by) -> None:
    """Replace the seats other than the facilitator's. Each seat is ``{"role",
    "user", "name"}``; members must belong to the session's cohort."""
    roundtable = lock(roundtable)
    require_seater(roundtable, by)
    require_phase(roundtable, Phase.SCHEDULED, Phase.WELCOME)
    members = (
        set(roundtable.cohort.memberships.values_list("user_id", flat=True))
        if roundtable.cohort_id
        else set()
    )
    seen = set()
    rows = []
    for position, seat in enumerate(seats, start=1):
        role, user, name = seat["role"], seat.get("user"), seat.get("name", "").strip()
        if role not in Role.values or role == Role.FACILITATOR:
            raise ValidationError(_("Choose a role other than facilitator."))
        if user is not None:
            if user.pk not in members:
                raise ValidationError(
                    _("%(name)s is not a member of this roundtable's cohort.")
                    % {"name": user}
                )
            if user.pk == roundtable.facilitator_id or user.pk in seen:
                raise ValidationError(
                    _("%(name)s already has a seat at the table.") % {"name": user}
                )
            seen.add(user.pk)
        rows.append(
            Participant(
                roundtable=roundtable,
                role=role,
                user=user,
                name="" if user else name[:150],
                position=position,
            )
        )
    if ActionStep.objects.filter(plan__roundtable=roundtable).exists():
        raise ValidationError(_("Seats cannot change once steps are owned."))
    roundtable.participants.exclude(role=Role.FACILITATOR).delete()
    Participant.objects.bulk_create(rows)
    touch(roundtable)


def _progress(roundtable: MockRoundtable) -> rules.Progress:
    """The counts the gate of the current phase needs (a few small queries)."""
    plan = roundtable.plan
    phase = roundtable.state
    if phase == Phase.BRAINSTORM:
        used = set(roundtable.ideas.values_list("question_number", flat=True))
        return rules.Progress(
            questions_without_ideas=tuple(n for n in range(1, 6) if n not in used)
        )
    if phase == Phase.FOLLOW_UP:
        follow_up = roundtable.follow_up
        unreviewed = (
            plan.steps.filter(added_at_follow_up=False)
            .exclude(reviews__follow_up=follow_up)
            .count()
        )
        return rules.Progress(
            follow_up_recorded=follow_up.recorded_at is not None,
            steps_without_review=unreviewed,
        )
    return rules.Progress(
        exit_criteria_met=plan.exit_criteria_met,
        goals_recommended=plan.goals_recommended,
        step_count=plan.steps.count() if phase == Phase.PLAN else 0,
        debrief_written=bool(roundtable.debrief_reflections.strip()),
    )


@transaction.atomic
def phase_advance(
    *, roundtable: MockRoundtable, expected: str, by, at: datetime | None = None
) -> MockRoundtable:
    """Close the current phase and open the next. ``expected`` is the phase the
    facilitator's page showed: a stale tab cannot move the session twice, and no
    phase can be skipped. ``at`` lets the demo and tests set the clock."""
    roundtable = lock(roundtable)
    require_facilitator(roundtable, by)
    if expected not in Phase.values:
        raise ValidationError(_("Unknown phase."))
    if roundtable.state == Phase.COMPLETED:
        require_phase(roundtable)  # raises "finished"
    if roundtable.state != expected:
        raise ValidationError(
            _(
                "The roundtable is already in %(current)s; your page was out of "
                "date and nothing was changed."
            )
            % {"current": roundtable.phase.label}
        )
    blockers = rules.phase_blockers(roundtable.state, _progress(roundtable))
    if blockers:
        raise ValidationError(blockers)
    at = at or timezone.now()
    current = roundtable.phase
    following = current.next
    log = roundtable.phase_logs.filter(phase=current).first()
    if log is not None:
        if at < log.started_at:
            raise ValidationError(_("A phase cannot end before it started."))
        log.ended_at = at
        log.save(update_fields=["ended_at"])
    if current == Phase.SCHEDULED:
        roundtable.started_at = at
        roundtable.roundtable_date = timezone.localdate(at)
    if following == Phase.COMPLETED:
        roundtable.completed_at = at
    else:
        PhaseLog.objects.create(
            roundtable=roundtable,
            phase=following,
            started_at=at,
            target_minutes=roundtable.phase_targets.get(following),
        )
    if following == Phase.FOLLOW_UP:
        FollowUp.objects.create(
            roundtable=roundtable,
            held_on=roundtable.roundtable_date
            + timedelta(days=roundtable.follow_up_cadence_days),
        )
    roundtable.state = following
    roundtable.save(
        update_fields=["state", "started_at", "roundtable_date", "completed_at"]
    )
    touch(roundtable)
    roundtable.refresh_from_db(fields=["version"])
    return roundtable


@transaction.atomic
def checklist_set(
    *, roundtable: MockRoundtable, phase: str, items: set[int], by
) -> None:
    """Tick exactly ``items`` of the current phase's facilitator functions."""
    roundtable = lock(roundtable)
    require_facilitator(roundtable, by)
    if phase != roundtable.state:
        raise ValidationError(
            _("Only the checklist of the current phase can be changed.")
        )
    require_phase(roundtable, *Phase.played())
    allowed = {f.item for f in rules.phase_functions(phase, case_type="subsequent")}
    if not set(items) <= allowed:
        raise ValidationError(_("That function is not on this phase's checklist."))
    ticks = roundtable.ticks.filter(phase=phase)
    ticks.exclude(item__in=items).delete()
    have = set(ticks.values_list("item", flat=True))
    ChecklistTick.objects.bulk_create(
        ChecklistTick(roundtable=roundtable, phase=phase, item=item, ticked_by=by)
        for item in sorted(set(items) - have)
    )
    touch(roundtable)


@transaction.atomic
def question_ask(*, roundtable: MockRoundtable, question_id: str, by) -> None:
    """Put a bank question to the team: its answer is revealed from now on. Asking
    twice (a double click) changes nothing."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.CLARIFY)
    ids = {q.id for q in rules.bank_questions(roundtable.case)}
    if question_id not in ids:
        raise ValidationError(_("That question is not in this case's bank."))
    _asked, created = AskedQuestion.objects.get_or_create(
        roundtable=roundtable, question_id=question_id, defaults={"asked_by": by}
    )
    if created:
        touch(roundtable)


@transaction.atomic
def exit_criteria_record(
    *,
    roundtable: MockRoundtable,
    rating: str,
    goal_of_record: str,
    concurrent_goal_of_record: str,
    youth_last_asked: str,
    by,
    rating_no_consultation: bool = False,
    last_full_disclosure_on: date | None = None,
    never_fully_disclosed: bool = False,
) -> ActionPlan:
    """The scribe captures the exit criteria of Clarify and Explore."""
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.CLARIFY)
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Choose a rating on the scale.")
    elif rating_no_consultation and rating not in NCR_RATINGS:
        errors["rating_no_consultation"] = _(
            "Only Very good and Good have a “no consultation required” variant."
        )
    if goal_of_record not in Goal.values:
        errors["goal_of_record"] = _("Choose the goal of record.")
    if concurrent_goal_of_record not in dict(GOAL_OF_RECORD_CHOICES):
        errors["concurrent_goal_of_record"] = _(
            "Choose the concurrent goal of record, or None."
        )
    elif problem := rules.concurrent_goal_problem(
        goal_of_record, concurrent_goal_of_record
    ):
        errors["concurrent_goal_of_record"] = problem
    if bool(last_full_disclosure_on) == bool(never_fully_disclosed):
        errors["last_full_disclosure_on"] = _(
            "Give the date of the last full disclosure, or tick that there was none."
        )
    elif (
        last_full_disclosure_on and last_full_disclosure_on > roundtable.roundtable_date
    ):
        errors["last_full_disclosure_on"] = _(
            "The last full disclosure cannot be after the roundtable."
        )
    if not youth_last_asked.strip():
        errors["youth_last_asked"] = _(
            "Say when the youth was last asked about permanency."
        )
    if errors:
        raise ValidationError(errors)
    plan = roundtable.plan
    plan.rating = rating
    plan.rating_no_consultation = rating_no_consultation
    plan.goal_of_record = goal_of_record
    plan.concurrent_goal_of_record = concurrent_goal_of_record
    plan.last_full_disclosure_on = last_full_disclosure_on
    plan.never_fully_disclosed = never_fully_disclosed
    plan.youth_last_asked = youth_last_asked.strip()[:500]
    plan.exit_criteria_recorded_at = timezone.now()
    plan.save()
    touch(roundtable)
    return plan


@transaction.atomic
def debrief_record(
    *, roundtable: MockRoundtable, reflections: str, process_feedback: str, by
) -> None:
    roundtable = lock(roundtable)
    require_recorder(roundtable, by)
    require_phase(roundtable, Phase.DEBRIEF)
    if not reflections.strip():
        raise ValidationError({"reflections": _("Write down the team's reflections.")})
    roundtable.debrief_reflections = reflections.strip()
    roundtable.debrief_process_feedback = process_feedback.strip()
    roundtable.save(update_fields=["debrief_reflections", "debrief_process_feedback"])
    touch(roundtable)
