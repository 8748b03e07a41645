from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import IntegrityError

from tests.conftest import PASSWORD
from training.roles import Role

pytestmark = pytest.mark.django_db


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_people_log_in_with_their_email(client, trainee):
    response = _login(client, trainee.email, PASSWORD)

    assert response.status_code == HTTPStatus.FOUND
    assert client.session["_auth_user_id"] == str(trainee.pk)


def test_a_wrong_password_gets_a_clear_message(client, trainee):
    response = _login(client, trainee.email, "not-it")

    assert response.status_code == HTTPStatus.OK
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_are_rate_limited(client, trainee):
    for _ in range(5):
        _login(client, trainee.email, "not-it")

    response = _login(client, trainee.email, PASSWORD)

    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_sign_up_is_closed_by_default(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "walk.in@example.com",
            "password1": "x-Long-pass-99",
            "password2": "x-Long-pass-99",
        },
    )

    assert "closed" in response.content.decode().lower()
    assert not get_user_model().objects.filter(email="walk.in@example.com").exists()


def test_sign_up_opens_with_the_setting(client, settings, roles):
    settings.OPEN_SIGNUP = True

    client.post(
        "/accounts/signup/",
        {
            "email": "walk.in@example.com",
            "password1": "x-Long-pass-99",
            "password2": "x-Long-pass-99",
        },
    )

    assert get_user_model().objects.filter(email="walk.in@example.com").exists()


def test_password_reset_mails_a_link(
    client, trainee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": trainee.email})

    assert mail.outbox and trainee.email in mail.outbox[0].to
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_logout_ends_the_session(client_for, trainee):
    client = client_for(trainee)

    client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session


def test_emails_are_unique_whatever_their_case(user_factory):
    user_factory(email="Same@Example.com")

    with pytest.raises(IntegrityError):
        get_user_model().objects.create(email="same@example.com")


def test_program_staff_without_an_authenticator_must_set_one_up(
    client_for, user_factory
):
    staff = user_factory(role=Role.PROGRAM_STAFF, mfa=False)

    response = client_for(staff).get("/people/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/2fa/totp/activate/"


def test_program_staff_with_an_authenticator_go_through(client_for, staff):
    assert client_for(staff).get("/people/").status_code == HTTPStatus.OK


def test_staff_must_also_use_mfa_for_the_content_admin(client_for, user_factory):
    staff = user_factory(role=Role.PROGRAM_STAFF, mfa=False)

    response = client_for(staff).get("/admin/")

    assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.parametrize(
    "kind",
    ["editor", "superuser", "django-admin operator", "group made in the admin"],
)
def test_everyone_who_can_publish_or_reach_an_admin_site_must_use_mfa(
    client_for, user_factory, kind
):
    """Editors publish pages; superusers and Django staff reach /django-admin/; a
    group made in the Wagtail admin may be given any of those powers."""
    from django.contrib.auth.models import Group

    person = user_factory(
        role=Role.EDITOR if kind == "editor" else None,
        mfa=False,
        is_superuser=kind == "superuser",
        is_staff=kind == "django-admin operator",
    )
    if kind == "group made in the admin":
        person.groups.add(Group.objects.create(name="Reviewers"))
    client = client_for(person)

    for path in ("/", "/admin/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND, path
        assert response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/accounts/email/").status_code == HTTPStatus.OK


def test_an_editor_with_an_authenticator_reaches_the_content_admin(
    client_for, editor
):
    assert client_for(editor).get("/admin/").status_code == HTTPStatus.OK


def test_demo_staff_are_spared_mfa_only_while_debug_is_on(
    client_for, user_factory, settings
):
    demo = user_factory(role=Role.PROGRAM_STAFF, mfa=False, email="staff@example.org")
    client = client_for(demo)

    settings.DEBUG = True
    assert client.get("/people/").status_code == HTTPStatus.OK
    settings.DEBUG = False
    assert client.get("/people/").status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("persona", ["trainee", "co_trainer", "outsider"])
def test_mfa_is_not_asked_of_people_who_only_learn_or_teach(
    request, client_for, persona, site_root
):
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/accounts/email/").status_code == HTTPStatus.OK
    assert client.get("/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("persona", ["trainee", "co_trainer", "outsider"])
def test_the_content_admin_is_closed_to_other_roles(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/admin/")

    assert response.status_code != HTTPStatus.OK


@pytest.mark.parametrize("persona", ["editor", "staff"])
def test_editors_and_program_staff_reach_the_content_admin(
    request, client_for, persona, site_root
):
    response = client_for(request.getfixturevalue(persona)).get("/admin/")

    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("persona", ["trainee", "staff", "editor"])
def test_the_django_admin_is_for_operators_only(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/django-admin/")

    assert response.status_code == HTTPStatus.FOUND
    assert "/django-admin/login/" in response["Location"]


def test_anonymous_visitors_of_the_content_admin_are_sent_to_login(client):
    response = client.get("/admin/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_allauth_emails_are_branded_prefixed_queued_and_link_to_site_url(
    client, trainee, settings, django_capture_on_commit_callbacks
):
    from core.models import OutboundEmail

    settings.SITE_URL = "https://academy.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/password/reset/",
            {"email": trainee.email},
            HTTP_HOST="127.0.0.1",
        )

    assert response.status_code == HTTPStatus.FOUND
    assert OutboundEmail.objects.get().sent_at is not None
    [email] = mail.outbox
    assert email.subject.startswith("[Roundtable Academy] ")
    assert "https://academy.example.org/accounts/password/reset/key/" in email.body
    assert "127.0.0.1" not in email.body
    html = email.alternatives[0][0]
    assert "Roundtable Academy" in html
    assert 'href="https://academy.example.org/accounts/password/reset/key/' in html
