"""The dashboard's rendered page is kept per certifications version, day and
filters (certification/views/dashboard.py): a warm page costs only the session,
user and navigation queries, and a certification or a person changed is seen on
the very next request. Its approve forms carry this request's CSRF token."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import Certification
from core.fragments import CSRF_PLACEHOLDER
from tests.certification.conftest import issue

pytestmark = pytest.mark.django_db
DASHBOARD = "/certification/dashboard/"


@pytest.fixture
def ana(user_factory, program):
    person = user_factory(full_name="Ana Active", region="North", agency="Cedar")
    return issue(person, program, issued_on=date.today(), today=date.today())


def get(client, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(DASHBOARD, query or {})
    assert response.status_code == HTTPStatus.OK
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    return text, [q["sql"] for q in queries.captured_queries]


def test_a_warm_dashboard_reads_no_certification(client_for, staff, ana):
    client = client_for(staff)
    built, _ = get(client)
    kept, queries = get(client)

    assert not [sql for sql in queries if "certification_certification" in sql]
    assert kept == built
    assert "Ana Active" in kept


def test_a_new_certification_is_seen_at_once(client_for, staff, ana, user_factory):
    client = client_for(staff)
    get(client)
    issue(
        user_factory(full_name="Noor New"),
        ana.program,
        issued_on=date.today() - timedelta(days=3),
        today=date.today(),
    )

    assert "Noor New" in get(client)[0]


def test_a_revocation_is_seen_at_once(client_for, staff, ana):
    client = client_for(staff)
    active = {"status": Certification.Status.ACTIVE}
    assert "Ana Active" in get(client, active)[0]
    ana.status = Certification.Status.REVOKED
    ana.save()

    assert "Ana Active" not in get(client, active)[0]


def test_a_persons_new_name_and_region_are_seen_at_once(client_for, staff, ana):
    client = client_for(staff)
    get(client)
    person = ana.user
    person.full_name, person.region = "Ana Renamed", "West"
    person.save()

    text = get(client)[0]
    assert "Ana Renamed" in text
    assert "West" in text


def test_each_filter_has_its_own_page(client_for, staff, ana, user_factory):
    issue(
        user_factory(full_name="Sam South", region="South"),
        ana.program,
        issued_on=date.today(),
        today=date.today(),
    )
    client = client_for(staff)
    get(client)

    north = get(client, {"region": "North"})[0]
    south = get(client, {"region": "South"})[0]

    assert "Ana Active" in north and "Sam South" not in north
    assert "Sam South" in south and "Ana Active" not in south


def test_approve_forms_carry_this_requests_token(client_for, staff, program, trainee):
    from certification.services import lifecycle

    cert = lifecycle.pathway_start(user=trainee, program=program)
    Certification.objects.filter(pk=cert.pk).update(
        status=Certification.Status.ELIGIBLE
    )
    from certification.signals import certifications_changed

    certifications_changed()
    client = client_for(staff)
    client.get(DASHBOARD)
    html = client.get(DASHBOARD).content.decode()

    assert CSRF_PLACEHOLDER not in html
    tokens = {
        field["value"]
        for field in BeautifulSoup(html, "html.parser").find_all(
            "input", {"name": "csrfmiddlewaretoken"}
        )
    }
    assert tokens and all(tokens)


def test_only_program_staff_reach_the_kept_page(client, client_for, staff, trainee):
    get(client_for(staff))
    client.logout()

    assert client_for(trainee).get(DASHBOARD).status_code == HTTPStatus.FORBIDDEN
