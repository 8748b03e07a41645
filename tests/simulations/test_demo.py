"""seed_demo's simulations step: the case library and a roundtable in progress.

The steps of the layers below run first, as seed_demo runs them, once for the class
(see ``demo_to_simulations``)."""

import pytest

from simulations.models import MockRoundtable, Phase, SampleCase
from tests.simulations.conftest import seed_demo_to_simulations

pytestmark = pytest.mark.django_db


@pytest.mark.xdist_group("demo_to_simulations")  # one worker builds it once
class TestTheDemoRoundtable:
    def test_it_loads_the_cases_and_a_roundtable_in_progress(self, demo_to_simulations):
        assert SampleCase.objects.filter(live=True).count() == 6
        roundtable = MockRoundtable.objects.get()
        assert roundtable.facilitator.email == "trainee@example.org"
        assert roundtable.case.slug == "jordan-initial"
        assert roundtable.state == Phase.CLARIFY
        assert roundtable.asked_questions.count() == 3
        assert roundtable.phase_logs.get(phase=Phase.PRESENT).ended_at is not None
        assert "Sample cases: 6 added" in demo_to_simulations

    def test_running_it_again_keeps_staff_edits_and_adds_nothing(
        self, demo_to_simulations, settings
    ):
        settings.DEBUG = True
        case = SampleCase.objects.get(slug="maya-icwa")
        case.summary = "Edited by program staff."
        case.save_revision().publish()

        output = seed_demo_to_simulations()

        assert SampleCase.objects.count() == 6
        assert (
            SampleCase.objects.get(slug="maya-icwa").summary
            == "Edited by program staff."
        )
        assert MockRoundtable.objects.count() == 1
        assert "0 added" in output and "already there" in output

    def test_the_demo_console_opens_for_the_demo_trainee(
        self, demo_to_simulations, settings, client
    ):
        settings.DEBUG = True
        roundtable = MockRoundtable.objects.get()

        client.login(email="trainee@example.org", password=settings.DEMO_PASSWORD)
        response = client.get(f"/roundtables/{roundtable.pk}/")

        assert response.status_code == 200
        assert "Clarify and Explore" in response.text
