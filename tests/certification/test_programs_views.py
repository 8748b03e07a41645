"""A facilitator's own pages: My certification, starting and checking a pathway,
the certificate PDF, the live roundtable log and notifications. Each protected view
is tried allowed, forbidden and anonymous."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    Certification,
    LiveRoundtableLog,
    Notification,
    ObservationKind,
)
from certification.services import lifecycle
from tests.certification.conftest import (
    complete_course,
    issue,
    make_program,
    pass_observation,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status
MY = "/certification/"


def test_anonymous_people_are_sent_to_log_in(client, program):
    for url in (MY, "/certification/roundtables/", "/certification/calendar/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")


def test_my_certification_shows_the_checklist_with_live_progress(
    client_for, trainee, program, course, raters
):
    lifecycle.pathway_start(user=trainee, program=program)
    complete_course(trainee, course, on=timezone.localdate())

    response = client_for(trainee).get(MY)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "PRT Facilitator" in html
    assert "1 of 3 requirements met" in html
    assert "Complete the course Permanency values" in html
    assert "Passed mock roundtables" in html


def test_a_trainee_starts_a_pathway_and_a_double_submit_changes_nothing(
    client_for, trainee, program
):
    client = client_for(trainee)
    url = reverse("certification:pathway_start", args=[program.pk])

    first = client.post(url)
    second = client.post(url, follow=True)

    assert first.status_code == HTTPStatus.FOUND
    assert Certification.objects.filter(user=trainee).count() == 1
    assert "already started" in second.content.decode()


def test_starting_is_only_for_learners_and_only_by_post(
    client_for, staff, outsider, trainee, program
):
    url = reverse("certification:pathway_start", args=[program.pk])
    assert client_for(outsider).post(url).status_code == HTTPStatus.FORBIDDEN
    assert client_for(trainee).get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    bad = reverse("certification:pathway_start", args=[999999])
    assert client_for(trainee).post(bad).status_code == HTTPStatus.NOT_FOUND
    assert not Certification.objects.exists()


def test_the_trainee_sends_a_met_pathway_for_approval(
    client_for, trainee, program, course, raters
):
    today = timezone.localdate()
    cert = lifecycle.pathway_start(user=trainee, program=program)
    complete_course(trainee, course, on=today)
    pass_observation(trainee, ObservationKind.MOCK, on=today, raters=raters)
    pass_observation(trainee, ObservationKind.LEAD_FACILITATED, on=today, raters=raters)
    client = client_for(trainee)
    assert "Send for approval" in client.get(MY).content.decode()

    response = client.post(
        reverse("certification:certification_check", args=[cert.pk]), follow=True
    )

    cert.refresh_from_db()
    assert cert.status == Status.ELIGIBLE
    assert "Program staff will review" in response.content.decode()


def test_nobody_can_act_on_another_persons_certification(
    client_for, trainee, trainee2, staff, program
):
    cert = lifecycle.pathway_start(user=trainee, program=program)
    for name in ("certification_check", "pathway_restart"):
        url = reverse(f"certification:{name}", args=[cert.pk])
        assert client_for(trainee2).post(url).status_code == HTTPStatus.NOT_FOUND
        assert client_for(staff).post(url).status_code == HTTPStatus.NOT_FOUND


def test_the_holder_and_staff_download_the_certificate_pdf(
    client_for, trainee, staff, program
):
    cert = issue(trainee, program, issued_on=date.today(), today=date.today())
    url = reverse("certification:certificate_download", args=[cert.pk])

    for person in (trainee, staff):
        response = client_for(person).get(url)
        assert response.status_code == HTTPStatus.OK
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert cert.verification_code in response["Content-Disposition"]


def test_nobody_else_sees_a_certificate(client_for, client, trainee, trainee2, program):
    cert = issue(trainee, program, issued_on=date.today(), today=date.today())
    url = reverse("certification:certificate_download", args=[cert.pk])

    assert client_for(trainee2).get(url).status_code == HTTPStatus.NOT_FOUND
    client.logout()
    assert client.get(url).status_code == HTTPStatus.FOUND


def test_there_is_no_certificate_before_issue_or_after_a_lapse(
    client_for, trainee, program
):
    pathway = lifecycle.pathway_start(user=trainee, program=program)
    url = reverse("certification:certificate_download", args=[pathway.pk])
    assert client_for(trainee).get(url).status_code == HTTPStatus.NOT_FOUND

    pathway.delete()
    lapsed = issue(trainee, program, issued_on=date(2020, 1, 1), today=date.today())
    assert lapsed.status == Status.LAPSED
    url = reverse("certification:certificate_download", args=[lapsed.pk])
    assert client_for(trainee).get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_pdf_holds_the_name_program_dates_and_code(trainee, program):
    from certification.certificates import certificate_pdf

    cert = issue(trainee, program, issued_on=date(2026, 1, 31), today=date(2026, 2, 1))
    pdf = certificate_pdf(cert)

    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 2000


def test_a_lapsed_holder_starts_the_pathway_again(client_for, trainee, program):
    cert = issue(trainee, program, issued_on=date(2020, 1, 1), today=date.today())

    response = client_for(trainee).post(
        reverse("certification:pathway_restart", args=[cert.pk]), follow=True
    )

    cert.refresh_from_db()
    assert cert.status == Status.IN_PROGRESS
    assert "starts again today" in response.content.decode()


# --- Live roundtables -----------------------------------------------------------------


def _log(client, **data):
    values = {
        "held_on": (date.today() - timedelta(days=3)).isoformat(),
        "agency": "Cedar County Human Services",
        "role": "lead",
        "case_reference": "J.M. 2026-17",
        **data,
    }
    return client.post(reverse("certification:live_roundtables"), values)


def test_a_facilitator_logs_a_live_roundtable(client_for, trainee):
    response = _log(client_for(trainee))

    assert response.status_code == HTTPStatus.FOUND
    log = LiveRoundtableLog.objects.get(user=trainee)
    assert log.case_reference == "J.M. 2026-17"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"case_reference": "Jordan Smith"}, "Never a child"),
        ({"case_reference": ""}, "This field is required"),
        ({"held_on": "tomorrow"}, "future"),
        ({"held_on": "2026-02-30"}, "Enter a valid date"),
        ({"role": "boss"}, "Select a valid choice"),
    ],
)
def test_a_bad_log_entry_is_refused_with_a_message(client_for, trainee, data, message):
    if data.get("held_on") == "tomorrow":  # today's, not the day tests were collected
        data = {"held_on": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = _log(client_for(trainee), **data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    assert not LiveRoundtableLog.objects.exists()


def test_the_same_roundtable_is_logged_once(client_for, trainee):
    client = client_for(trainee)
    _log(client)

    response = _log(client)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "already in your log" in response.content.decode()
    assert LiveRoundtableLog.objects.count() == 1


def test_the_log_is_for_facilitators_and_entries_are_private(
    client_for, trainee, trainee2, outsider
):
    assert (
        client_for(outsider).get("/certification/roundtables/").status_code
        == HTTPStatus.FORBIDDEN
    )
    _log(client_for(trainee))
    log = LiveRoundtableLog.objects.get()
    url = reverse("certification:live_roundtable_delete", args=[log.pk])

    assert client_for(trainee2).post(url).status_code == HTTPStatus.NOT_FOUND
    assert (
        "Cedar County"
        not in client_for(trainee2).get("/certification/roundtables/").content.decode()
    )
    assert client_for(trainee).post(url).status_code == HTTPStatus.FOUND
    assert not LiveRoundtableLog.objects.exists()


# --- Notifications --------------------------------------------------------------------


def test_unread_notifications_show_on_the_page_until_marked_read(client_for, trainee):
    Notification.objects.create(user=trainee, message="Your window opens soon.")
    client = client_for(trainee)
    assert "Your window opens soon." in client.get(MY).content.decode()

    client.post(reverse("certification:notifications_read"))

    assert "Your window opens soon." not in client.get(MY).content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_my_certification_costs_the_same_queries_with_little_or_much_behind_it(
    client_for, trainee, user_factory, course, raters, django_assert_max_num_queries
):
    client = client_for(trainee)
    client.get(MY)  # warm the session and role caches
    for n in range(2):
        make_program(courses=[course], required_mock=1, name=f"Small {n}")
    with django_assert_max_num_queries(20) as small:
        client.get(MY)
    for n in range(12):
        program = make_program(courses=[course], required_mock=1, name=f"Big {n}")
        lifecycle.pathway_start(user=trainee, program=program)
    for _ in range(15):
        pass_observation(trainee, ObservationKind.MOCK, on=date.today(), raters=raters)
        Notification.objects.create(user=trainee, message="Hello")
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(MY)
    assert "Big 11" in response.content.decode()
