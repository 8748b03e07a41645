"""Every shipped case's own answer key earns full marks in the feedback report, and
the same roundtable run in 30 seconds does not."""

from datetime import UTC, datetime

import pytest

from simulations.feedback import feedback_report
from simulations.models.program import CASES_DIR
from simulations.permissions import get_roundtable_for_user
from simulations.selectors.console import roundtable_console
from simulations.services.cases import NOT_CASES

pytestmark = pytest.mark.django_db

BEGAN = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
SLUGS = sorted(p.stem for p in CASES_DIR.glob("*.yaml") if p.name not in NOT_CASES)


def _report(roundtable):
    loaded = get_roundtable_for_user(roundtable.facilitator, roundtable.pk)
    return feedback_report(roundtable_console(roundtable=loaded, now=BEGAN))


def test_six_cases_are_shipped():
    assert len(SLUGS) == 6


@pytest.mark.parametrize("slug", SLUGS)
def test_the_answer_key_earns_full_marks(slug, library, start, play_key):
    roundtable = play_key(start(case=library[slug]), began=BEGAN)

    report = _report(roundtable)

    missed = {c.key: c.items or c.detail for c in report.checks if c.met is False}
    assert missed == {}
    assert report.met_count == report.applicable_count
    assert all(row.addressed for row in report.barriers)


@pytest.mark.parametrize("slug", ["jordan-initial", "ava-kin-guardianship"])
def test_a_roundtable_run_in_30_seconds_does_not(slug, library, start, play_key):
    roundtable = play_key(start(case=library[slug]), began=BEGAN, seconds_per_phase=5)

    report = _report(roundtable)
    checks = {check.key: check for check in report.checks}

    assert not checks["timing"].met
    assert report.met_count == report.applicable_count - 1
    assert "Welcome and Overview: rushed, 0:05 of 5 minutes" in checks["timing"].items
    assert len(checks["timing"].items) == 6
    assert all(t.rushed for t in report.timings)
