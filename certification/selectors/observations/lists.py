"""The lists of observations a person sees and the choices of the form that opens
one. Each is one query, whatever the number of observations."""

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from certification.models import Observation, ObservationRules, RubricItem, ScoreSheet
from simulations.models import MockRoundtable, Phase
from training.models import Cohort
from training.permissions import is_co_trainer, is_program_staff
from training.roles import Role


def applicable_items(*, observation):
    """The items of the observation's rubric version that apply to its roundtable."""
    return RubricItem.objects.applicable_to(observation)


def observation_rules() -> ObservationRules:
    return ObservationRules.load()


def observation_rows():
    """Observations with the people, cohort, rubric and case every list shows."""
    return Observation.objects.select_related(
        "trainee", "cohort", "rubric", "rater_a", "rater_b", "mock_roundtable__case"
    )


def _visible_to(user):
    if is_program_staff(user):
        return Q()
    if is_co_trainer(user):
        led = Cohort.objects.filter(
            Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
        )
        return Q(rater_a=user) | Q(rater_b=user) | Q(cohort__in=led)
    return Q(pk__in=[])


def observation_list_for_user(*, user, filters: dict | None = None):
    """Observations the user may see (staff: all; co-trainer: those they rate or of
    cohorts they lead), newest first, narrowed by the staff filters."""
    filters = filters or {}
    observations = observation_rows().filter(_visible_to(user))
    if filters.get("kind"):
        observations = observations.filter(kind=filters["kind"])
    if filters.get("status"):
        observations = observations.filter(status=filters["status"])
    if filters.get("cohort"):
        observations = observations.filter(cohort=filters["cohort"])
    if filters.get("q"):
        query = filters["q"]
        observations = observations.filter(
            Q(trainee__full_name__icontains=query) | Q(trainee__email__icontains=query)
        )
    zone = timezone.get_current_timezone()
    if filters.get("date_from"):
        start = datetime.combine(filters["date_from"], time.min, zone)
        observations = observations.filter(opened_at__gte=start)
    if filters.get("date_to"):
        end = datetime.combine(filters["date_to"], time.max, zone)
        observations = observations.filter(opened_at__lte=end)
    return observations.order_by("-opened_at", "-pk")


def _scoring(*, user, submitted: bool):
    """Open observations where the user's own sheet is (or is not yet) submitted."""
    mine = ScoreSheet.objects.filter(
        kind=ScoreSheet.Kind.RATER, rater=user, submitted_at__isnull=not submitted
    ).values("observation_id")
    return (
        observation_rows()
        .filter(status=Observation.Status.SCORING, pk__in=mine)
        .order_by("opened_at")
    )


def observations_to_score(*, user):
    """Open observations where the user's own sheet is not submitted yet."""
    return _scoring(user=user, submitted=False)


def observations_to_reconcile(*, user):
    return (
        observation_rows()
        .filter(Q(rater_a=user) | Q(rater_b=user))
        .filter(status=Observation.Status.RECONCILING)
        .order_by("opened_at")
    )


def observations_waiting_for_partner(*, user):
    """Observations where the user has submitted and the partner has not."""
    return _scoring(user=user, submitted=True)


def trainee_choices(*, user):
    """Trainees the user may open an observation of: members of cohorts they lead
    (staff: every trainee)."""
    people = get_user_model().objects.filter(groups__name=Role.TRAINEE, is_active=True)
    if not is_program_staff(user):
        people = people.filter(memberships__cohort__in=cohorts_led(user=user))
    return people.distinct().order_by("full_name", "email")


def cohorts_led(*, user):
    cohorts = Cohort.objects.select_related(
        "child_welfare_trainer", "lived_experience_trainer"
    ).order_by("name")
    if is_program_staff(user):
        return cohorts
    return cohorts.filter(
        Q(child_welfare_trainer=user) | Q(lived_experience_trainer=user)
    )


def mock_roundtable_choices(*, user):
    """Begun mock roundtables facilitated by trainees the user may observe, not yet
    linked to an observation."""
    return (
        MockRoundtable.objects.exclude(state=Phase.SCHEDULED)
        .filter(facilitator__in=trainee_choices(user=user))
        .filter(observations__isnull=True)
        .select_related("case", "facilitator")
        .order_by("-created_at")
    )
