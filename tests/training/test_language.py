"""English or Spanish: a visitor's choice stays on their browser, a person's on
their account, and whatever is sent to someone is written in their language."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core import mail

from training.models import Invitation, PersonChange
from training.roles import Role

pytestmark = pytest.mark.django_db


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def test_the_site_speaks_english_and_spanish():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "es"]


def test_every_page_offers_the_switcher_by_keyboard(client):
    response = client.get("/language/")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<label class="language-switch__label" for="footer-language">' in html
    assert '<option value="es" lang="es"' in html


def test_a_visitor_chooses_spanish_and_keeps_it_on_this_browser(client):
    response = client.post("/language/", {"language": "es", "next": "/verify/"})

    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/verify/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    later = client.get("/verify/")
    assert later.headers["Content-Language"] == "es"
    assert page_language(later) == "es"


def test_a_language_the_site_does_not_speak_is_refused(client_for, trainee):
    response = client_for(trainee).post("/language/", {"language": "xx"})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    trainee.refresh_from_db()
    assert trainee.language == "en"


@pytest.mark.parametrize(
    "target", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:x"]
)
def test_the_switcher_never_sends_anyone_to_another_site(client, target):
    response = client.post("/language/", {"language": "es", "next": target})

    assert response.url == "/"


def test_a_person_s_choice_is_kept_on_their_account_over_the_browser(
    client_for, trainee
):
    client = client_for(trainee)
    client.post("/language/", {"language": "es"})
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)

    trainee.refresh_from_db()
    assert trainee.language == "es"
    response = client.get("/learn/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert page_language(response) == "es"


def test_staff_invite_in_spanish_and_the_account_keeps_it(
    client_for, staff, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(
            "/people/",
            {"email": "rosa@example.com", "role": Role.TRAINEE, "language": "es"},
        )
    invitation = Invitation.objects.get(email="rosa@example.com")
    assert invitation.language == "es"
    html = mail.outbox[-1].alternatives[0][0]
    assert '<html lang="es">' in html

    link = re.search(r"(/invite/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.logout()
    client.post(
        link,
        {
            "full_name": "Rosa Díaz",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert invitation.__class__.objects.get(pk=invitation.pk).user.language == "es"


def test_an_invitation_in_an_unknown_language_is_refused(client_for, staff):
    response = client_for(staff).post(
        "/people/", {"email": "x@example.com", "role": Role.TRAINEE, "language": "xx"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists()


def test_staff_change_a_person_s_language_and_the_change_is_recorded(
    client_for, staff, trainee
):
    client_for(staff).post(
        f"/people/{trainee.pk}/",
        {"full_name": trainee.full_name, "language": "es", "roles": [Role.TRAINEE]},
    )

    trainee.refresh_from_db()
    assert trainee.language == "es"
    change = PersonChange.objects.get(person=trainee)
    assert (change.field, change.before, change.after) == ("language", "en", "es")
