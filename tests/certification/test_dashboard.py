"""The program staff dashboard: counts, chart, filters, sorting, paging, CSV export
and import, a facilitator's history and the staff actions. Staff only."""

import csv
import io
from datetime import date, datetime, timedelta
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from certification.models import Certification, CertificationEvent
from certification.selectors.dashboard import expiry_chart
from certification.services import lifecycle
from certification.signals import certifications_changed
from tests.certification.conftest import (
    issue,
    make_program,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status
DASHBOARD = "/certification/dashboard/"
STAFF_URLS = [
    DASHBOARD,
    "/certification/dashboard/export.csv",
    "/certification/dashboard/import/",
]


@pytest.fixture(autouse=True)
def _mid_month(time_machine):
    """The dashboard's dates are relative to today; a fixed mid-month day keeps
    each facilitator's expiry inside the twelve months the chart shows, whatever
    the machine's clock says."""
    time_machine.move_to(
        datetime(2026, 6, 15, 12, 0, tzinfo=ZoneInfo(settings.TIME_ZONE)), tick=True
    )


@pytest.fixture
def people(user_factory, program):
    """Four facilitators in different states, regions and agencies."""
    today = timezone.localdate()
    made = {}
    for name, region, agency, days_ago in [
        ("Ana Active", "North", "Cedar County", 30),
        ("Wes Window", "South", "Maple County", 680),
        ("Gia Grace", "North", "Maple County", 740),
        ("Lou Lapsed", "East", "Birch County", 900),
    ]:
        person = user_factory(full_name=name, region=region, agency=agency)
        made[name] = issue(
            person, program, issued_on=today - timedelta(days=days_ago), today=today
        )
    return made


@pytest.mark.parametrize("url", STAFF_URLS)
def test_only_program_staff_reach_the_dashboard_export_and_import(
    url, client, client_for, trainee, co_trainer, editor
):
    assert client.get(url).status_code == HTTPStatus.FOUND  # to log in
    for person in (trainee, co_trainer, editor):
        assert client_for(person).get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("facilitator_history", "user"),
        ("certification_approve", "cert"),
        ("certification_revoke", "cert"),
        ("certification_restart", "cert"),
    ],
)
def test_staff_actions_are_refused_to_everyone_else(
    client, client_for, trainee, trainee2, program, name, args
):
    cert = lifecycle.pathway_start(user=trainee, program=program)
    url = reverse(
        f"certification:{name}", args=[trainee.pk if args == "user" else cert.pk]
    )
    method = client.get if args == "user" else client.post
    assert method(url).status_code == HTTPStatus.FOUND
    for person in (trainee, trainee2):
        caller = client_for(person)
        method = caller.get if args == "user" else caller.post
        assert method(url, {"reason": "x"}).status_code == HTTPStatus.FORBIDDEN
    cert.refresh_from_db()
    assert cert.status == Status.IN_PROGRESS


def test_the_dashboard_counts_by_state_region_and_agency(client_for, staff, people):
    response = client_for(staff).get(DASHBOARD)

    assert response.status_code == HTTPStatus.OK
    counts = response.context["counts"]
    assert counts.of(Status.ACTIVE) == 1
    assert counts.of(Status.IN_WINDOW) == 1
    assert counts.of(Status.GRACE) == 1
    assert counts.of(Status.LAPSED) == 1
    assert dict(counts.expiring) == {30: 0, 60: 1, 90: 1}
    regions = {row.name: row.total for row in response.context["regions"].rows}
    assert regions == {"North": 2, "South": 1, "East": 1}
    agencies = {row.name: row.total for row in response.context["agencies"].rows}
    assert agencies["Maple County"] == 2


def test_filters_sort_and_pages_narrow_the_list(client_for, staff, people):
    client = client_for(staff)

    def names(**query):
        page = client.get(DASHBOARD, query).context["page"]
        return [cert.user.full_name for cert in page]

    assert names(region="North", sort="name") == ["Ana Active", "Gia Grace"]
    assert names(status=Status.GRACE) == ["Gia Grace"]
    assert names(agency="Maple County", sort="-name") == ["Wes Window", "Gia Grace"]
    assert names(q="lou") == ["Lou Lapsed"]
    assert names(expiring=90) == ["Wes Window"]
    assert names(sort="expires")[0] == "Lou Lapsed"


def test_tampered_filters_are_reported_not_an_error(client_for, staff, people):
    response = client_for(staff).get(
        DASHBOARD, {"program": "99999", "status": "bogus", "sort": "drop", "page": "x"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Select a valid choice" in response.content.decode()
    assert response.context["page"].paginator.count == 4


def test_the_list_is_paginated(client_for, staff, user_factory, program):
    for _ in range(55):
        issue(user_factory(), program, issued_on=date.today(), today=date.today())

    second = client_for(staff).get(DASHBOARD, {"page": 2})

    assert len(second.context["page"].object_list) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_the_expiry_chart_has_twelve_months_and_a_data_table(client_for, staff, people):
    chart = expiry_chart(today=timezone.localdate())

    assert len(chart.bars) == 12
    assert sum(bar.count for bar in chart.bars) == chart.total == 2  # window, grace
    html = client_for(staff).get(DASHBOARD).content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "The numbers as a table" in html


def test_the_export_is_the_filtered_list_as_csv(client_for, staff, people):
    response = client_for(staff).get(
        "/certification/dashboard/export.csv", {"region": "North", "sort": "name"}
    )

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["name", "email", "program", "status"]
    assert [row[0] for row in rows[1:]] == ["Ana Active", "Gia Grace"]


def test_the_export_neutralises_spreadsheet_formulas(
    client_for, staff, user_factory, program
):
    sly = user_factory(full_name="=HYPERLINK(1)")
    issue(sly, program, issued_on=date.today(), today=date.today())

    response = client_for(staff).get("/certification/dashboard/export.csv")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


# --- Import ---------------------------------------------------------------------------


def _upload(client, text: str):
    data = SimpleUploadedFile("old.csv", text.encode(), content_type="text/csv")
    return client.post("/certification/dashboard/import/", {"file": data})


def test_staff_import_certifications_earned_before_the_platform(
    client_for, staff, trainee, trainee2, program
):
    today = timezone.localdate()
    recent = (today - timedelta(days=100)).isoformat()
    text = (
        "email,program,issued_on,expires_on\n"
        f"{trainee.email},{program.code},{recent},\n"
        f"{trainee2.email.upper()},{program.code},2019-01-01,2021-01-01\n"
    )

    response = _upload(client_for(staff), text)

    assert response.status_code == HTTPStatus.OK
    assert "2 certifications imported" in response.content.decode()
    first = Certification.objects.get(user=trainee)
    assert (first.status, first.imported, first.cycle) == (Status.ACTIVE, True, 1)
    assert first.approved_by == staff
    assert Certification.objects.get(user=trainee2).status == Status.LAPSED
    assert CertificationEvent.objects.count() == 2


def test_one_bad_row_refuses_the_whole_file_with_row_level_errors(
    client_for, staff, trainee, trainee2, program
):
    issue(trainee2, program, issued_on=date.today(), today=date.today())
    text = (
        "email,program,issued_on\n"
        f"{trainee.email},{program.code},2025-01-01\n"
        "nobody@example.com,no-such-program,01/02/2025\n"
        f"{trainee2.email},{program.code},2025-01-01\n"
        f"{trainee.email},{program.code},2099-01-01\n"
    )

    response = _upload(client_for(staff), text)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = {(e.row, e.column) for e in response.context["row_errors"]}
    assert {(3, "email"), (3, "program"), (3, "issued_on")} <= errors
    assert (4, "email") in errors  # already certified
    assert {(5, "issued_on"), (5, "email")} <= errors  # future; same as row 2
    assert Certification.objects.filter(user=trainee).count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "This field is required"),  # an empty upload
        ("name,when\nx,y\n", "header row must name"),
        ("email,program,issued_on\n", "no rows"),
    ],
)
def test_a_malformed_file_is_refused(client_for, staff, content, message):
    client = client_for(staff)
    if content:
        response = _upload(client, content)
    else:
        response = client.post("/certification/dashboard/import/", {})

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()


def test_a_file_that_is_not_utf8_is_refused(client_for, staff):
    data = SimpleUploadedFile("x.csv", "email\n\xe9".encode("latin-1"))
    response = client_for(staff).post(
        "/certification/dashboard/import/", {"file": data}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not UTF-8" in response.content.decode()


# --- History and staff actions --------------------------------------------------------


def test_a_facilitators_history_shows_each_change_and_who_trained_them(
    client_for, staff, trainee, co_trainer, program
):
    cert = issue(trainee, program, issued_on=date.today(), today=date.today())
    cert.trained_by.add(co_trainer)
    CertificationEvent.objects.create(
        certification=cert, cycle=1, from_status="", to_status="active", by=staff
    )

    response = client_for(staff).get(
        reverse("certification:facilitator_history", args=[trainee.pk])
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Tess Trainee" in html and "Cora Trainer" in html
    assert "Stacy Staff" in html
    trainer_page = client_for(staff).get(
        reverse("certification:facilitator_history", args=[co_trainer.pk])
    )
    assert "Certifications this person trained" in trainer_page.content.decode()


def test_an_unknown_person_is_404(client_for, staff):
    url = reverse("certification:facilitator_history", args=[999999])
    assert client_for(staff).get(url).status_code == HTTPStatus.NOT_FOUND


def test_staff_approve_from_the_dashboard_queue(client_for, staff, trainee):
    cert = lifecycle.pathway_start(user=trainee, program=make_program())
    lifecycle.certification_evaluate(certification=cert)  # nothing is required
    assert Certification.objects.get(pk=cert.pk).status == Status.ELIGIBLE
    client = client_for(staff)
    assert "Tess Trainee" in client.get(DASHBOARD).content.decode()

    response = client.post(
        reverse("certification:certification_approve", args=[cert.pk]),
        {"next": "dashboard"},
    )

    assert response["Location"] == DASHBOARD
    cert.refresh_from_db()
    assert (cert.status, cert.approved_by) == (Status.ACTIVE, staff)
    again = client.post(
        reverse("certification:certification_approve", args=[cert.pk]), follow=True
    )
    assert "awaiting approval" in again.content.decode()


def test_staff_revoke_with_a_reason_and_start_again(
    client_for, staff, trainee, program
):
    cert = issue(trainee, program, issued_on=date.today(), today=date.today())
    client = client_for(staff)
    url = reverse("certification:certification_revoke", args=[cert.pk])

    client.post(url, {"reason": ""})
    cert.refresh_from_db()
    assert cert.status == Status.ACTIVE
    client.post(url, {"reason": "Logged roundtables that did not happen."})
    cert.refresh_from_db()
    assert cert.status == Status.REVOKED

    client.post(reverse("certification:certification_restart", args=[cert.pk]))
    cert.refresh_from_db()
    assert cert.status == Status.IN_PROGRESS


# --- Flat query counts ----------------------------------------------------------------


def _bulk_facilitators(program, count: int, start: int) -> None:
    User = get_user_model()
    today = timezone.localdate()
    users = User.objects.bulk_create(
        [
            User(
                email=f"bulk{start + n}@example.com",
                full_name=f"Bulk Person {start + n:05d}",
                region=f"Region {n % 7}",
                agency=f"Agency {n % 23}",
            )
            for n in range(count)
        ]
    )
    statuses = [Status.ACTIVE, Status.IN_WINDOW, Status.GRACE, Status.LAPSED]
    Certification.objects.bulk_create(
        [
            Certification(
                user=user,
                program=program,
                status=statuses[n % 4],
                cycle=1,
                issued_on=today - timedelta(days=n % 700),
                expires_on=today + timedelta(days=(n % 400) - 40),
                window_opens_on=today - timedelta(days=10),
                grace_ends_on=today + timedelta(days=400),
            )
            for n, user in enumerate(users)
        ],
        batch_size=2000,
    )
    certifications_changed()  # bulk_create sends no signal; bulk writers announce


def test_the_dashboard_costs_the_same_queries_over_10_and_10000_facilitators(
    client_for, staff, program, django_assert_max_num_queries
):
    client = client_for(staff)
    _bulk_facilitators(program, 10, 0)
    client.get(DASHBOARD)  # warm the session
    certifications_changed()  # measure with the aggregates not cached, as below
    query = {"sort": "expires", "region": "Region 1", "page": 1}
    with django_assert_max_num_queries(20) as small:
        assert client.get(DASHBOARD, query).status_code == HTTPStatus.OK

    _bulk_facilitators(program, 9990, 10)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(DASHBOARD, query)

    assert response.context["counts"].total == 10000
    assert len(large.captured_queries) == len(small.captured_queries)
    with django_assert_max_num_queries(len(small.captured_queries) - 4):
        assert client.get(DASHBOARD, query).status_code == HTTPStatus.OK  # cached


def test_cached_counts_see_a_certification_change_at_once(client_for, staff, program):
    client = client_for(staff)
    _bulk_facilitators(program, 12, 0)
    before = client.get(DASHBOARD).context["counts"]
    cert = Certification.objects.filter(status=Status.ACTIVE).first()
    cert.status = Status.LAPSED
    cert.save()

    after = client.get(DASHBOARD).context
    assert after["counts"].of(Status.ACTIVE) == before.of(Status.ACTIVE) - 1
    assert after["counts"].of(Status.LAPSED) == before.of(Status.LAPSED) + 1
    totals = {row.name: row.counts for row in after["regions"].rows}
    assert sum(c[0] for c in totals.values()) == after["counts"].of(Status.ACTIVE)


def test_the_filters_list_every_region_without_a_template_per_option(
    client_for, staff, program
):
    _bulk_facilitators(program, 14, 0)
    html = client_for(staff).get(DASHBOARD, {"region": "Region 3"}).content.decode()

    assert '<option value="Region 3" selected>Region 3</option>' in html
    assert html.count('<option value="Region ') == 7
    assert '<select name="region" id="id_region">' in html
