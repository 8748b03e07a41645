"""Playwright driving Debian's Chromium against the live test server, and the
helpers every browser test shares (log in, screenshots, reflow checks).

Set $CHROMIUM to use another binary. Without one, every browser test is skipped with
that reason, which pytest prints in its summary."""

import os
import re
import time
from pathlib import Path

import pytest
import time_machine
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"No Chromium at {CHROMIUM}: apt-get install chromium, or set $CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls our test
    # fixtures make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (its own cookies) as ``new_page(phone=False)``."""
    contexts = []

    def make(*, phone=False):
        context = browser.new_context(
            base_url=live_server.url, viewport=PHONE if phone else DESKTOP
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to look at; the file is not part of the repo."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


LOG_IN_BUTTON = re.compile(r"^\s*(log|sign) in\s*$", re.IGNORECASE)


def log_in(page, email: str, password: str, *, totp_secret: str | None = None) -> None:
    """Log in through the real form; with ``totp_secret``, also pass the second step."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=LOG_IN_BUTTON).click()
    page.wait_for_load_state()
    if totp_secret and "/accounts/2fa/authenticate/" in page.url:
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name=LOG_IN_BUTTON).click()
        page.wait_for_load_state()
    if totp_secret and "/accounts/2fa/authenticate/" in page.url:
        # A code works once: the same person logging in twice within one period
        # needs the next code. Rather than wait for it as a person would, the
        # server's clock (this process) moves on to the next period.
        _clock_forward(30 - time.time() % 30 + 0.1)
        page.get_by_label("Code").fill(totp_code(totp_secret))
        page.get_by_role("button", name=LOG_IN_BUTTON).click()
        page.wait_for_load_state()


_travellers: list = []


def _clock_forward(seconds: float) -> None:
    """Move this process's clock (the live server's too) on by ``seconds`` for the
    rest of the test; ``_clock_back`` undoes it."""
    traveller = time_machine.travel(time.time() + seconds, tick=True)
    traveller.start()
    _travellers.append(traveller)


@pytest.fixture(autouse=True)
def _clock_back():
    yield
    while _travellers:
        _travellers.pop().stop()


def totp_code(secret: str) -> str:
    """The authenticator app's current code; skips the last seconds of a period so
    the code is still valid when the server checks it."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        _clock_forward(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


# --- Checks and screenshots every page test may use ---------------------------


def assert_fits_width(page) -> None:
    """Nothing makes the page scroll sideways (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        culprits = page.evaluate(OVERFLOWING_ELEMENTS)
        raise AssertionError(
            f"{page.url} is {overflow}px wider than the viewport: {culprits}"
        )


def assert_unique_ids(page) -> None:
    """Labels and aria-describedby point at ids, so an id must be used once."""
    duplicates = page.evaluate(
        """() => {
          const ids = [...document.querySelectorAll("[id]")].map((el) => el.id);
          return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
        }"""
    )
    assert duplicates == [], f"{page.url} repeats ids {duplicates}"


OVERFLOWING_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > width + 1)
    .filter((el) => !el.parentElement.closest(".table-wrap"))  // they scroll
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
}"""


def shoot_both(page, path: str, name: str) -> None:
    """Screenshot ``path`` at desktop width, then at phone width (checking that
    nothing overflows sideways), then leave the page at desktop width again."""
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        if size == PHONE:
            assert_fits_width(page)
        else:
            assert_unique_ids(page)
        screenshot(page, f"{name}-{suffix}")
    page.set_viewport_size(DESKTOP)
