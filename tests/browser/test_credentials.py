"""Open Badges credentials in a real browser: the holder downloads theirs from My
certification, a stranger uploads it at /verify/ and reads that it is valid; after
staff revoke the certification the same file is reported as revoked."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from certification.services import lifecycle
from tests.browser.conftest import assert_fits_width, log_in, screenshot
from tests.certification.conftest import issue, prt_program
from tests.conftest import PASSWORD
from tests.content.builders import make_course
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def holder(site_root, user_factory):
    person = user_factory(role=Role.TRAINEE, full_name="Riley Holder")
    program = prt_program(make_course(site_root, modules=1, lessons=1))
    today = timezone.localdate()
    cert = issue(person, program, issued_on=date(today.year, 1, 2), today=today)
    return person, cert


def _upload_and_check(page, path):
    page.goto("/verify/")
    page.get_by_label("or upload the file").set_input_files(str(path))
    page.get_by_role("button", name="Check the credential").click()
    return page.locator("#credential-status")


def test_a_downloaded_credential_verifies_and_then_shows_revoked(
    new_page, holder, staff, tmp_path
):
    person, cert = holder
    page = new_page()
    log_in(page, person.email, PASSWORD)
    page.goto("/certification/")
    linkedin = page.get_by_role("link", name="Add to LinkedIn")
    assert "linkedin.com/profile/add" in linkedin.get_attribute("href")
    with page.expect_download() as download:
        page.get_by_role("link", name="Open Badge credential (.jwt)").click()
    path = tmp_path / "credential.jwt"
    download.value.save_as(path)
    screenshot(page, "credential-my-certification-desktop")

    visitor = new_page()
    expect(_upload_and_check(visitor, path)).to_contain_text("Valid: issued by us")
    screenshot(visitor, "credential-verify-desktop")

    lifecycle.certification_revoke(certification=cert, revoked_by=staff, reason="x")
    phone = new_page(phone=True)
    expect(_upload_and_check(phone, path)).to_contain_text("Not valid")
    expect(phone.locator(".cert-verify__problems")).to_contain_text("revoked")
    assert_fits_width(phone)
    screenshot(phone, "credential-verify-phone")
