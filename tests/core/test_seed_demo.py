"""seed_demo: the demo people on top of load_content, safe to run again, and never by
accident on a production site. The seeded site is made once for the class below."""

import io

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone

from certification.models import CalibrationSheet, GoldStandard
from content.models import HomePage
from tests.core.conftest import DEMO_PASSWORD, content_counts
from training.models import Cohort, CohortMembership, CohortSession, Enrolment
from training.roles import Role

pytestmark = pytest.mark.django_db

EMAILS = {
    "trainee@example.org": Role.TRAINEE,
    "trainee2@example.org": Role.TRAINEE,
    "cotrainer@example.org": Role.CO_TRAINER,
    "livedexp@example.org": Role.CO_TRAINER,
    "staff@example.org": Role.PROGRAM_STAFF,
    "editor@example.org": Role.EDITOR,
}


def _cohort_counts():
    return [
        model.objects.count()
        for model in (Cohort, CohortMembership, CohortSession, Enrolment)
    ]


def _seed(**kwargs):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.xdist_group("demo_site")  # one worker builds it once
class TestTheDemoSite:
    def test_it_creates_one_demo_user_per_role_and_the_site_root(self, demo_site):
        users = get_user_model().objects.filter(email__in=EMAILS)
        assert {
            u.email: [g.name for g in u.groups.all()]
            for u in users.prefetch_related("groups")
        } == {email: [role.value] for email, role in EMAILS.items()}
        assert (
            get_user_model()
            .objects.get(email="livedexp@example.org")
            .has_lived_experience
        )
        assert HomePage.objects.live().count() == 1
        assert "trainee@example.org" in demo_site and DEMO_PASSWORD in demo_site

    def test_demo_users_log_in_with_the_demo_password(self, demo_site, client):
        assert client.login(email="trainee@example.org", password=DEMO_PASSWORD)

    def test_running_it_twice_changes_nothing(self, demo_site, settings):
        settings.DEBUG = True
        home = HomePage.objects.get()
        home.intro = "<p>Edited by an editor.</p>"
        home.save_revision().publish()
        users_before = get_user_model().objects.count()

        _seed()

        assert get_user_model().objects.count() == users_before
        assert HomePage.objects.get().intro == "<p>Edited by an editor.</p>"

    def test_it_makes_one_gold_session_and_a_calibrated_co_trainer_once(
        self, demo_site, settings
    ):
        settings.DEBUG = True

        _seed()

        gold = GoldStandard.objects.get()
        assert gold.program.code == "prt-facilitator"
        sheet = CalibrationSheet.objects.get(gold=gold)
        assert sheet.rater.email == "cotrainer2@example.org"
        assert sheet.submitted_at is not None

    def test_it_makes_the_demo_cohorts_once(self, demo_site, settings):
        settings.DEBUG = True
        before = _cohort_counts()

        _seed()

        assert _cohort_counts() == before
        north = Cohort.objects.get(name="North Region YCPRT cohort")
        assert north.course.specific.code == "YCPRT"
        assert (
            north.child_welfare_trainer.email,
            north.lived_experience_trainer.email,
        ) == (
            "cotrainer@example.org",
            "livedexp@example.org",
        )
        assert sorted(north.members.values_list("email", flat=True)) == [
            "trainee2@example.org",
            "trainee@example.org",
        ]
        assert set(
            Enrolment.objects.filter(cohort=north).values_list("user__email", flat=True)
        ) == {"trainee@example.org", "trainee2@example.org"}
        sessions = list(north.sessions.all())
        assert len(sessions) == 2
        assert all(s.starts_at > timezone.now() for s in sessions)
        t3 = Cohort.objects.get(kind=Cohort.Kind.TRAIN_THE_TRAINER)
        assert t3.course.specific.code == "T3"
        assert not t3.members.exists()

    def test_allow_production_overrides_the_refusal(self, demo_site, settings):
        settings.DEBUG = False

        output = _seed(allow_production=True)

        assert "Demo data is ready." in output
        assert get_user_model().objects.filter(email__in=EMAILS).count() == len(EMAILS)

    def test_it_is_load_content_plus_people(self, demo_site):
        content = content_counts()

        call_command("load_content", stdout=io.StringIO())

        assert content_counts() == content
        assert get_user_model().objects.filter(email="staff@example.org").exists()


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production"):
        _seed()
    assert not get_user_model().objects.exists()


def test_the_demo_password_is_the_one_the_readme_gives():
    assert django_settings.DEMO_PASSWORD == "roundtable-demo"
