"""The public verification page: the current standing, the holder's name and the
program only; unknown codes are a plain 404; the endpoint is rate limited."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse

from certification.models import Certification
from certification.services import lifecycle
from tests.certification.conftest import (
    issue,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status


def _verify(client, code):
    return client.get(reverse("certification:verify", args=[code]))


@pytest.mark.parametrize(
    ("days_ago", "status", "words"),
    [
        (10, None, "Active"),
        (680, None, "Active, in its recertification window"),
        (745, None, "In grace period"),
        (900, None, "Expired"),
        (10, Status.REVOKED, "Revoked"),
    ],
)
def test_anyone_sees_where_a_certificate_stands(
    client, trainee, program, days_ago, status, words, today
):
    cert = issue(
        trainee,
        program,
        issued_on=today - timedelta(days=days_ago),
        today=today,
        **({"status": status, "revoked_reason": "x"} if status else {}),
    )

    response = _verify(client, cert.verification_code)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert words in html
    assert "Tess Trainee" in html and "PRT Facilitator" in html


def test_the_page_says_nothing_else(client, trainee, program, today):
    cert = issue(trainee, program, issued_on=today, today=today)

    html = _verify(client, cert.verification_code.lower()).content.decode()

    assert trainee.email not in html
    assert str(cert.expires_on.year) not in html.split("<main")[1].split("</main>")[0]
    assert "noindex" in html


def test_unknown_codes_and_pathways_never_issued_are_404(client, trainee, program):
    pathway = lifecycle.pathway_start(user=trainee, program=program)

    assert _verify(client, "NOSUCHCODE00").status_code == HTTPStatus.NOT_FOUND
    assert _verify(client, pathway.verification_code).status_code == 404


def test_a_path_restarted_after_a_lapse_verifies_as_expired(
    client, trainee, program, today
):
    cert = issue(trainee, program, issued_on=date(2020, 1, 1), today=today)
    lifecycle.pathway_restart(certification=cert, by=trainee)

    assert "Expired" in _verify(client, cert.verification_code).content.decode()


def test_too_many_checks_get_a_429(
    rate_window, client, trainee, program, settings, today
):
    settings.VERIFY_RATE_LIMIT = "3/m"
    cert = issue(trainee, program, issued_on=today, today=today)

    codes = [_verify(client, cert.verification_code).status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]
    limited = _verify(client, "ANYTHING")
    assert limited.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many checks" in limited.content.decode()


def test_verification_costs_one_query(
    client, trainee, program, django_assert_num_queries, today
):
    cert = issue(trainee, program, issued_on=today, today=today)
    with django_assert_num_queries(1):
        _verify(client, cert.verification_code)
