"""Each demo role's home in a real browser: after logging in, every place of theirs is
one click from ``/`` and opens without an error; screenshots at desktop and phone
width; the menu fits one row at 1280 px and collapses cleanly below; the score
sheet's progress bar follows the rater's choices."""

import io
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_fits_width,
    log_in,
    screenshot,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the authenticator user_factory gives program staff
DEMO_ROLES = {
    "trainee": "Your training",
    "cotrainer": "Your co-training",
    "staff": "Running the program",
    "editor": "Content",
}


@pytest.fixture
def demo(site_root, settings):
    """The demo site as ``seed_demo`` makes it; demo staff spared the authenticator
    app as on a development machine."""
    call_command("seed_demo", allow_production=True, stdout=io.StringIO())
    settings.STAFF_MFA_REQUIRED = False
    return django_settings.DEMO_PASSWORD


def home_links(page, section: str) -> list[str]:
    region = page.get_by_role("region", name=section, exact=True)
    hrefs = region.locator("a[href]").evaluate_all("(links) => links.map(a => a.href)")
    return sorted({h for h in hrefs if urlsplit(h).path.startswith("/")})


def relative(href: str) -> str:
    parts = urlsplit(href)
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def test_every_demo_role_reaches_each_of_their_places_from_home(new_page, demo):
    for account, section in DEMO_ROLES.items():
        page = new_page()
        log_in(page, f"{account}@example.org", demo)
        page.goto("/")
        expect(page.get_by_role("region", name=section, exact=True)).to_be_visible()
        links = home_links(page, section)
        assert links, account
        for href in links:
            # One click from the home page, and the place opens without an error.
            page.goto("/")
            link = (
                page.get_by_role("region", name=section, exact=True)
                .locator(f'a[href="{relative(href)}"]')
                .first
            )
            target = urlsplit(href).path
            with page.expect_response(
                lambda r, target=target: (
                    urlsplit(r.url).path == target and r.request.is_navigation_request()
                )
            ) as answer:
                link.click()
            status = answer.value.status
            assert status < 400, f"{account}: {href} → {status}"
        page.goto("/")
        screenshot(page, f"home-{account}-desktop")
        phone = new_page(phone=True)
        log_in(phone, f"{account}@example.org", demo)
        phone.goto("/")
        assert_fits_width(phone)
        screenshot(phone, f"home-{account}-phone")

    # A visitor reads what the program is and checks a certificate from /.
    from certification.models import Certification

    code = (
        Certification.objects.filter(status="active")
        .values_list("verification_code", flat=True)
        .first()
    )
    page = new_page()
    page.goto("/")
    screenshot(page, "home-visitor-desktop")
    page.get_by_label("Verification code").fill(code.lower())
    page.get_by_role("button", name="Check").click()
    assert urlsplit(page.url).path == f"/verify/{code}/"
    phone = new_page(phone=True)
    phone.goto("/")
    assert_fits_width(phone)
    screenshot(phone, "home-visitor-phone")


def nav_rows(page) -> int:
    tops = page.locator("#site-nav .site-nav__link").evaluate_all(
        "(links) => links.map(l => Math.round(l.getBoundingClientRect().top))"
    )
    return len(set(tops))


def test_the_menu_fits_at_1280_and_collapses_below(new_page, site_root, staff):
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_hidden()
    assert nav_rows(page) == 1
    screenshot(page, "menu-staff-1280")
    page.set_viewport_size({"width": 1000, "height": DESKTOP["height"]})
    expect(toggle).to_be_visible()
    expect(page.locator("#site-nav")).to_be_hidden()
    toggle.click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    screenshot(page, "menu-staff-1000-open")
    page.set_viewport_size(PHONE)
    expect(toggle).to_be_visible()


def test_the_approve_button_is_visible_on_a_phone(new_page, site_root, staff, trainee):
    from certification.models import Certification, CertificationProgram

    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    Certification.objects.create(
        user=trainee, program=program, status=Certification.Status.ELIGIBLE
    )
    page = new_page(phone=True)
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    page.goto("/certification/dashboard/")
    button = page.get_by_role("button", name="Approve").first
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert_fits_width(page)
    screenshot(page, "dashboard-phone")
