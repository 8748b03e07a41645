"""Staff extend an expiry and waive a requirement from a facilitator's history page,
which explains every expiry; screenshots at desktop and phone width. Browser tests
keep the real clock (see tests/conftest.py), so dates here are relative to it."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from certification.models import CertificationEvent
from tests.browser.conftest import log_in, shoot_both
from tests.certification.conftest import issue, make_program
from tests.conftest import PASSWORD
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def test_staff_extend_and_waive_from_the_history_page(new_page, user_factory):
    today = date.today()
    staff = user_factory(role=Role.PROGRAM_STAFF, full_name="Pat Lindqvist")
    person = user_factory(role=Role.TRAINEE, full_name="Riley Trainee")
    program = make_program(
        name="PRT Facilitator", recert_live_roundtables=2, recert_observations=1
    )
    cert = issue(person, program, issued_on=today - timedelta(days=700), today=today)
    CertificationEvent.objects.create(
        certification=cert, cycle=1, to_status=cert.status, note="Issued",
        expires_on=cert.expires_on, rule="first_issue",
    )  # fmt: skip
    url = f"/certification/dashboard/people/{person.pk}/"

    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    page.goto(url)
    expect(page.get_by_text("Why this expiry:")).to_be_visible()
    page.get_by_text("Extend the expiry").click()
    page.get_by_label("New date").fill(
        (cert.expires_on + timedelta(days=60)).isoformat()
    )
    page.locator(f"#extend-reason-{cert.pk}").fill("Medical leave.")
    page.get_by_role("button", name="Extend", exact=True).click()
    expect(page.get_by_text("reminders follow the new date")).to_be_visible()
    page.get_by_text("Waive a requirement for this cycle").click()
    page.get_by_label("Requirement to waive for this cycle").select_option("live")
    page.locator(f"#exempt-reason-{cert.pk}").fill("No roundtables held in the county.")
    page.get_by_role("button", name="Waive for this cycle").click()
    expect(
        page.get_by_text("The requirement is waived for this cycle.")
    ).to_be_visible()
    expect(page.get_by_text("Extended by program staff").first).to_be_visible()
    shoot_both(page, url, "certification-history-extended")
