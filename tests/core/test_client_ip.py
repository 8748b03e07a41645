"""Behind a proxy every limit must see the person's address, not the proxy's."""

from http import HTTPStatus

import pytest
from django.test import RequestFactory

from core.net import UNKNOWN_CLIENT, client_ip
from tests.conftest import PASSWORD

rf = RequestFactory()


def _request(remote="10.0.0.1", **headers):
    request = rf.get("/", headers=headers)
    request.META["REMOTE_ADDR"] = remote
    return request


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # left entry is forged
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (1, "203.0.113.9:5678", "203.0.113.9"),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (2, "203.0.113.9", UNKNOWN_CLIENT),  # fewer hops than proxies
        (1, "", UNKNOWN_CLIENT),
        (1, "not-an-address", UNKNOWN_CLIENT),
    ],
)
def test_trusted_proxy_count_picks_the_entry_our_proxy_saw(
    settings, count, xff, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    settings.CLIENT_IP_HEADER = ""
    headers = {"X-Forwarded-For": xff} if xff else {}

    assert client_ip(_request(**headers)) == expected


def test_a_named_header_wins_over_forwarded_for(settings):
    settings.CLIENT_IP_HEADER = "X-Real-IP"
    settings.TRUSTED_PROXY_COUNT = 1

    request = _request(**{"X-Real-IP": "192.0.2.7", "X-Forwarded-For": "192.0.2.8"})

    assert client_ip(request) == "192.0.2.7"


def test_an_empty_remote_addr_over_a_unix_socket_does_not_raise(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.CLIENT_IP_HEADER = ""

    assert client_ip(_request(remote="")) == UNKNOWN_CLIENT


@pytest.mark.django_db
def test_verification_limits_each_forwarded_address_separately(
    rate_window, client, settings, trainee
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.VERIFY_RATE_LIMIT = "3/m"

    def verify(address):
        return client.get(
            "/verify/ABCDEF123456/", headers={"X-Forwarded-For": address}
        ).status_code

    many = [verify(f"198.51.100.{n}") for n in range(1, 41)]
    one = [verify("203.0.113.5") for _ in range(4)]

    assert HTTPStatus.TOO_MANY_REQUESTS not in many
    assert one[-1] == HTTPStatus.TOO_MANY_REQUESTS


@pytest.mark.django_db
def test_verification_over_a_unix_socket_without_proxy_settings_answers(
    client, settings
):
    settings.TRUSTED_PROXY_COUNT = 0

    response = client.get("/verify/ABCDEF123456/", REMOTE_ADDR="")

    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_allauth_login_limits_follow_the_forwarded_address(
    rate_window, client, settings, trainee
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}

    def fail(address, n):
        return client.post(
            "/accounts/login/",
            {"login": f"someone{n}@example.org", "password": "wrong"},
            headers={"X-Forwarded-For": address},
        )

    for n in range(4):
        fail("203.0.113.5", n)
    typos_elsewhere = [fail(f"198.51.100.{n}", n) for n in range(1, 6)]
    response = client.post(
        "/accounts/login/",
        {"login": trainee.email, "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.5"},
    )

    assert all(r.status_code == HTTPStatus.OK for r in typos_elsewhere)
    assert all("Too many" not in r.content.decode() for r in typos_elsewhere)
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.django_db
def test_login_over_a_unix_socket_without_proxy_settings_is_not_refused(
    client, settings, trainee
):
    settings.TRUSTED_PROXY_COUNT = 0

    response = client.post(
        "/accounts/login/",
        {"login": trainee.email, "password": PASSWORD},
        REMOTE_ADDR="",
    )

    assert response.status_code == HTTPStatus.FOUND
