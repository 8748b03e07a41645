"""Demo data for rubrics and observations; called by certification/demo.py.

When the simulations demo left a mock roundtable facilitated by trainee@example.org,
a released observation of it scored by the demo co-trainer pair, on the rubric that
``load_content`` installs (certification/initial.py). Safe to run again: nothing is
created twice."""

from django.contrib.auth import get_user_model

from certification.initial import ensure_rubric
from certification.models import Observation, ObservationKind, ScoreSheet
from certification.selectors.observations import applicable_items
from certification.services import observations as observation_services
from simulations.models import MockRoundtable, Phase
from training.models import Cohort

TRAINEE, RATER_A, RATER_B = (
    "trainee@example.org",
    "cotrainer@example.org",
    "livedexp@example.org",
)
# Each rater's level for the items in order, repeated as needed: mostly "met the
# standard", a few apart, one two levels apart to show up on the agreement page.
LEVELS_A = [3, 4, 3, 3, 2, 3, 4, 3, 3, 3, 4, 3]
LEVELS_B = [3, 3, 3, 3, 4, 3, 4, 3, 2, 3, 4, 3]


def seed(*, stdout) -> None:
    rubric, _ = ensure_rubric()
    _seed_observation(rubric, stdout)


def _seed_observation(rubric, stdout) -> None:
    people = {
        user.email: user
        for user in get_user_model().objects.filter(
            email__in=[TRAINEE, RATER_A, RATER_B]
        )
    }
    if len(people) < 3:
        return
    trainee, rater_a, rater_b = people[TRAINEE], people[RATER_A], people[RATER_B]
    mock = (
        MockRoundtable.objects.filter(facilitator=trainee)
        .exclude(state=Phase.SCHEDULED)
        .order_by("created_at")
        .first()
    )
    cohort = Cohort.objects.filter(
        child_welfare_trainer=rater_a,
        lived_experience_trainer=rater_b,
        memberships__user=trainee,
    ).first()
    if mock is None or cohort is None:
        return
    if Observation.objects.filter(mock_roundtable=mock).exists():
        return
    observation = observation_services.observation_open(
        opened_by=rater_a,
        trainee=trainee,
        kind=ObservationKind.MOCK,
        rubric=rubric,
        cohort=cohort,
        mock_roundtable=mock,
    )
    items = list(applicable_items(observation=observation))
    for rater, levels in ((rater_a, LEVELS_A), (rater_b, LEVELS_B)):
        _score(observation, rater, items, levels)
    _reconcile_and_release(observation, rater_a, items)
    stdout.write(f"Observation of {trainee} on {mock.case}: scored and released.")


def _score(observation, rater, items, levels) -> None:
    sheet = ScoreSheet.objects.get(observation=observation, rater=rater)
    scores = {
        item.pk: {
            "level": levels[n % len(levels)],
            "comment": "Named each member's role and kept the introductions brisk."
            if n == 0
            else "",
        }
        for n, item in enumerate(items)
    }
    version = observation_services.sheet_save(
        sheet=sheet,
        by=rater,
        version=sheet.version,
        scores=scores,
        strengths=(
            "Kept the team future-focused and redirected blame calmly; the plan's "
            "steps each had an owner and a date."
        ),
        growth_areas=(
            "Give time cues earlier in Present the Case; check in with the youth "
            "in every phase."
        ),
    )
    observation_services.sheet_submit(sheet=sheet, by=rater, version=version)


def _reconcile_and_release(observation, rater, items) -> None:
    """Settle each difference on the higher level, with a reason, and release."""
    final = ScoreSheet.objects.get(observation=observation, kind=ScoreSheet.Kind.FINAL)
    scores, reasons = {}, {}
    for n, item in enumerate(items):
        a, b = LEVELS_A[n % len(LEVELS_A)], LEVELS_B[n % len(LEVELS_B)]
        if a != b:
            scores[item.pk] = {"level": max(a, b)}
            reasons[item.pk] = "Agreed after discussing what we each saw."
    version = observation_services.final_sheet_save(
        observation=observation,
        by=rater,
        version=final.version,
        scores=scores,
        reasons=reasons,
    )
    observation_services.observation_release(
        observation=observation, by=rater, version=version
    )
