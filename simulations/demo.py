"""Demo step for the simulations layer: one mock roundtable in progress for
trainee@example.org on the Jordan case (the cases themselves come from
``load_content``). Runs after the training step, which creates the demo accounts;
safe to run again."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from simulations.models import MockRoundtable, Phase, SampleCase
from simulations.services import roundtables as services

DEMO_TRAINEE = "trainee@example.org"
DEMO_CASE = "jordan-initial"


def _demo_roundtable(trainee, case) -> MockRoundtable:
    """Begun 40 minutes ago, now 13 minutes into Clarify and Explore, with the
    functions of the first phases ticked and three questions asked."""
    roundtable = services.roundtable_start(
        case=case, facilitator=trainee, created_by=trainee
    )
    began = timezone.now() - timedelta(minutes=40)
    for phase, minutes_in in (
        (Phase.SCHEDULED, 0),
        (Phase.WELCOME, 6),
        (Phase.PRESENT, 27),
    ):
        if phase != Phase.SCHEDULED:
            services.checklist_set(
                roundtable=roundtable, phase=phase, items={0, 1, 2, 4}, by=trainee
            )
        roundtable = services.phase_advance(
            roundtable=roundtable,
            expected=phase,
            by=trainee,
            at=began + timedelta(minutes=minutes_in),
        )
    services.checklist_set(
        roundtable=roundtable, phase=Phase.CLARIFY, items={0, 1}, by=trainee
    )
    for block in list(case.question_bank)[:3]:
        services.question_ask(roundtable=roundtable, question_id=block.id, by=trainee)
    return roundtable


def seed(*, stdout) -> None:
    trainee = get_user_model().objects.filter(email=DEMO_TRAINEE).first()
    case = SampleCase.objects.filter(slug=DEMO_CASE, live=True).first()
    made = False
    if (
        trainee
        and case
        and not MockRoundtable.objects.filter(facilitator=trainee, case=case).exists()
    ):
        _demo_roundtable(trainee, case)
        made = True
    stdout.write(f"Demo roundtable {'created' if made else 'already there'}.")
