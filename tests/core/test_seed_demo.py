import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from content.models import HomePage
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


def _seed(**kwargs):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **kwargs)
    return out.getvalue()


def test_it_creates_one_demo_user_per_role_and_the_site_root(settings):
    settings.DEBUG = True
    output = _seed()

    users = get_user_model().objects.filter(email__in=EMAILS).prefetch_related("groups")
    assert {u.email: [g.name for g in u.groups.all()] for u in users} == {
        email: [role.value] for email, role in EMAILS.items()
    }
    assert (
        get_user_model().objects.get(email="livedexp@example.org").has_lived_experience
    )
    assert HomePage.objects.live().count() == 1
    assert "trainee@example.org" in output and "roundtable-demo" in output


def test_demo_users_log_in_with_the_demo_password(settings, client):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "another-demo-pass"
    _seed()

    assert client.login(email="trainee@example.org", password="another-demo-pass")


def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    _seed()
    home = HomePage.objects.get()
    home.intro = "<p>Edited by an editor.</p>"
    home.save_revision().publish()

    users_before = get_user_model().objects.count()
    _seed()

    assert get_user_model().objects.count() == users_before
    assert HomePage.objects.get().intro == "<p>Edited by an editor.</p>"


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--allow-production"):
        _seed()
    assert not get_user_model().objects.exists()


def test_allow_production_overrides_the_refusal(settings):
    settings.DEBUG = False

    _seed(allow_production=True)

    assert get_user_model().objects.filter(email__in=EMAILS).count() == len(EMAILS)
