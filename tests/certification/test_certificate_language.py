"""A certificate prints in the holder's language, or in the other one on request."""

from datetime import date
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.certification.conftest import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def certified(trainee, program):
    return issue(trainee, program, issued_on=date.today(), today=date.today())


def pdf_title(response) -> bytes:
    return response.content.split(b"/Title ", 1)[1].split(b"\n", 1)[0]


def test_a_certificate_prints_in_spanish_on_request(client_for, trainee, certified):
    url = reverse("certification:certificate_download", args=[certified.pk])
    client = client_for(trainee)

    english, spanish = client.get(url), client.get(url + "?language=es")

    assert english.status_code == spanish.status_code == HTTPStatus.OK
    assert b"certificate" in pdf_title(english)
    assert b"Certificado de" in pdf_title(spanish)


def test_a_holder_who_reads_spanish_gets_spanish_and_can_ask_for_english(
    client_for, trainee, certified
):
    trainee.language = "es"
    trainee.save(update_fields=["language"])
    client = client_for(trainee)
    url = reverse("certification:certificate_download", args=[certified.pk])

    assert b"Certificado de" in pdf_title(client.get(url))
    assert b"certificate" in pdf_title(client.get(url + "?language=en"))
    page = client.get(reverse("certification:my_certification")).content.decode()
    assert f'{url}?language=en" hreflang="en"' in page


def test_an_unknown_language_prints_in_the_page_s_language(
    client_for, trainee, certified
):
    url = reverse("certification:certificate_download", args=[certified.pk])

    response = client_for(trainee).get(url + "?language=xx")

    assert response.status_code == HTTPStatus.OK
    assert b"certificate" in pdf_title(response)


def test_the_public_verification_page_follows_the_visitor_s_language(
    client, certified
):
    url = reverse("certification:verify", args=[certified.verification_code])

    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert spanish.headers["Content-Language"] == "es"
    assert '<html lang="es"' in spanish.content.decode()
    assert english.headers["Content-Language"] == "en"
