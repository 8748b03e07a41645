"""The site header is kept rendered per person, name, roles, team, path and language
(templates/base.html, core/templatetags/core_tags.py): each person sees their own,
a new role shows on the next request, and the logout form carries this request's
CSRF token."""

from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client

from core.fragments import CSRF_PLACEHOLDER
from training.roles import Role

pytestmark = pytest.mark.django_db


def header(client, path="/learn/"):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    return BeautifulSoup(response.content, "html.parser").find("header")


def test_each_person_sees_their_own_header(client_for, trainee, trainee2):
    first = header(client_for(trainee)).get_text(" ", strip=True)
    second = header(client_for(trainee2)).get_text(" ", strip=True)

    assert "Tess Trainee" in first and "Theo Trainee" not in first
    assert "Theo Trainee" in second and "Tess Trainee" not in second


def test_a_new_role_shows_on_the_next_request(client_for, trainee):
    client = client_for(trainee)
    assert "Co-trainer" not in header(client).get_text()

    trainee.groups.add(Group.objects.get(name=Role.CO_TRAINER))

    assert "Co-trainer" in header(client).get_text()


def test_the_logout_form_carries_this_requests_token(trainee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainee)
    header(client)
    kept = header(client)

    assert CSRF_PLACEHOLDER not in str(kept)
    token = kept.find("input", {"name": "csrfmiddlewaretoken"})["value"]
    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND


def test_the_current_page_is_marked_per_path(client_for, trainee):
    client = client_for(trainee)
    learning = header(client, "/learn/").find("a", attrs={"aria-current": "page"})
    account = header(client, "/accounts/email/").find(
        "a", attrs={"aria-current": "page"}
    )

    assert learning.get_text(strip=True) == "My learning"
    assert account.get_text(strip=True) == "Account"
