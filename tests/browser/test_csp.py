"""Under the strict Content-Security-Policy our pages work in a real browser: the
browser refuses nothing (no inline script or style is left), and the calendar page
shows a new feed address once."""

import re

import pytest
from playwright.sync_api import expect

from simulations.services.cases import cases_load_library
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def watch_for_refusals(page) -> list[str]:
    refused = []
    page.on(
        "console",
        lambda message: refused.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return refused


def test_the_trainee_pages_run_under_the_policy(page, site_root, trainee):
    cases_load_library()
    refused = watch_for_refusals(page)
    log_in(page, trainee.email, PASSWORD)

    for path in ("/", "/learn/", "/roundtables/", "/certification/calendar/"):
        response = page.goto(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/roundtables/")
    page.get_by_role("button", name=re.compile("^Start")).first.click()
    page.wait_for_load_state()
    assert "/roundtables/" in page.url

    assert refused == []


def test_the_calendar_address_is_shown_once(new_page, site_root, trainee):
    for phone in (False, True):
        page = new_page(phone=phone)
        refused = watch_for_refusals(page)
        log_in(page, trainee.email, PASSWORD)
        page.goto("/certification/calendar/")
        page.get_by_role("button", name=re.compile("calendar feed|new address")).click()
        page.wait_for_load_state()
        field = page.get_by_role("textbox", name="Feed address")
        expect(field).to_have_value(re.compile(r"/calendar/[\w-]+\.ics$"))
        screenshot(page, f"calendar-shown-once-{'phone' if phone else 'desktop'}")
        page.reload()
        expect(page.get_by_role("textbox", name="Feed address")).to_have_count(0)
        expect(page.get_by_text("was shown once")).to_be_visible()
        screenshot(page, f"calendar-feed-on-{'phone' if phone else 'desktop'}")
        assert refused == []
