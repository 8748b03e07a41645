"""Demo data for calibration; called by certification/demo.py after the rubric and
programs. The demo's released mock-roundtable observation becomes a gold-standard
session of the PRT Facilitator program (expert levels = the reconciled ones), and a
third co-trainer, who did not rate it, calibrates on it. Safe to run again."""

from django.contrib.auth import get_user_model

from certification.models import (
    CalibrationSheet,
    CertificationProgram,
    GoldStandard,
    Observation,
    ObservationKind,
    RubricItem,
    ScoreSheet,
)
from certification.rules import NA
from certification.services import calibration as services
from training.demo import ensure_demo_user
from training.roles import Role

CALIBRATING = {
    "email": "cotrainer2@example.org",
    "full_name": "Avery Chen",
    "role": Role.CO_TRAINER,
    "agency": "State Training Partnership",
    "region": "South",
}
RATIONALE = (
    "The expert panel's reading of what the facilitator did here, against the "
    "level descriptors."
)


def seed(*, stdout) -> None:
    observation = (
        Observation.objects.filter(
            kind=ObservationKind.MOCK, status=Observation.Status.RELEASED
        )
        .order_by("pk")
        .first()
    )
    program = CertificationProgram.objects.filter(code="prt-facilitator").first()
    staff = get_user_model().objects.filter(email="staff@example.org").first()
    if observation is None or program is None or staff is None:
        return
    gold = GoldStandard.objects.filter(observation=observation).first()
    if gold is None:
        gold = services.gold_mark(
            by=staff,
            observation=observation,
            program=program,
            items=_reconciled(observation),
        )
        stdout.write(f"Gold-standard session: {observation}.")
    rater = ensure_demo_user(CALIBRATING)
    if CalibrationSheet.objects.filter(gold=gold, rater=rater).exists():
        return
    sheet = services.calibration_start(gold=gold, by=rater)
    expert = _reconciled(observation)
    scores = {}
    for n, (pk, value) in enumerate(expert.items()):
        level = value["level"]
        if n % 4 == 1 and level in (1, 2, 3):
            level += 1  # a little generous on a few items, as raters drift
        scores[pk] = {"level": level}
    version = services.calibration_save(
        sheet=sheet, by=rater, version=sheet.version, scores=scores
    )
    services.calibration_submit(sheet=sheet, by=rater, version=version)
    stdout.write(f"{rater} calibrated on the gold-standard session.")


def _reconciled(observation) -> dict:
    final = ScoreSheet.objects.get(observation=observation, kind=ScoreSheet.Kind.FINAL)
    scores = {s.item_id: s for s in final.scores.all()}
    return {
        item.pk: {
            "level": NA if scores[item.pk].not_applicable else scores[item.pk].level,
            "rationale": RATIONALE,
        }
        for item in RubricItem.objects.applicable_to(observation)
    }
