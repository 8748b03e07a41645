"""A trainee facilitates a whole mock roundtable in a real browser, from Welcome to
the feedback report, and every phase is photographed at desktop and phone width."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from simulations.models import MockRoundtable, Phase
from simulations.services.cases import cases_load_library
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def assert_fits_width(page) -> None:
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def shoot(page, phone, name: str) -> None:
    """Photograph the desktop page as it is, and the same URL on the phone."""
    screenshot(page, f"roundtable-{name}-desktop")
    phone.goto(page.url.split("#")[0])
    expect(phone.locator("h1")).to_be_visible()
    assert_fits_width(phone)
    screenshot(phone, f"roundtable-{name}-phone")
    phone.goto("about:blank")  # its live polling must not race the next goto


def main(page):
    """The phase's own column, so its fields are not confused with the checklist."""
    return page.locator(".rt-main")


def advance(page, label: str) -> None:
    page.get_by_role("button", name=re.compile(label)).click()
    page.wait_for_load_state()


@pytest.fixture
def cases(db):
    cases_load_library()


def test_a_trainee_runs_a_whole_mock_roundtable(new_page, site_root, cases, trainee):
    page, phone = new_page(), new_page(phone=True)
    for browser_page in (page, phone):
        log_in(browser_page, trainee.email, PASSWORD)

    page.goto("/roundtables/")
    expect(page.get_by_role("heading", name="Mock roundtables")).to_be_visible()
    shoot(page, phone, "index")
    page.get_by_role("button", name=re.compile("on “Jordan, 17: an OPPLA")).click()

    # Not begun: seats, then begin.
    expect(page.get_by_role("heading", name="Ready to begin?")).to_be_visible()
    page.get_by_label("Or a name").first.fill("Priya Shah")
    page.get_by_role("button", name="Save the seats").click()
    expect(page.get_by_text("The seats are saved.")).to_be_visible()
    shoot(page, phone, "0-scheduled")
    advance(page, "Begin the roundtable")

    # I. Welcome: the checklist saves itself and survives a reload.
    expect(
        page.get_by_role("heading", name=re.compile("Welcome and Overview"))
    ).to_be_visible()
    expect(page.locator("[data-timer-elapsed]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    page.get_by_label(re.compile("Welcome the team")).check()
    expect(page.get_by_text("Checklist saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label(re.compile("Welcome the team"))).to_be_checked()
    shoot(page, phone, "1-welcome")
    advance(page, "Close Welcome and Overview")

    # II. Present the case.
    expect(page.get_by_role("heading", name="Oral case presentation")).to_be_visible()
    shoot(page, phone, "2-present")
    advance(page, "Close Present the Case")

    # III. Clarify and Explore: ask, try to leave too early, record the exit criteria.
    page.get_by_role("button", name="Ask question 1", exact=True).click()
    expect(page.locator(".rt-answer").first).to_contain_text("eleven months")
    advance(page, "Close Clarify and Explore")
    expect(page.locator(".messages")).to_contain_text("Record the exit criteria")
    main(page).get_by_label("Legal permanency status rating").select_option("poor")
    main(page).get_by_label("Permanency goal of record").select_option("appla_oppla")
    main(page).get_by_label("Concurrent goal of record").select_option("none")
    disclosed = date.today() - timedelta(days=425)
    main(page).get_by_label("Date of the last full disclosure").fill(
        disclosed.isoformat()
    )
    main(page).get_by_label("When the youth was last asked").fill(
        "Not since the group home"
    )
    page.get_by_role("button", name="Record the exit criteria").click()
    expect(page.get_by_text("The exit criteria are recorded.")).to_be_visible()
    shoot(page, phone, "3-clarify")
    advance(page, "Close Clarify and Explore")

    # IV. Brainstorm: an idea under each of the five questions.
    for number in range(1, 6):
        main(page).get_by_label("Key question").select_option(str(number))
        main(page).get_by_label("Offered by").select_option(label="Youth (simulated)")
        main(page).get_by_label(re.compile(r"^Idea\b")).fill(
            f"Idea for question {number}"
        )
        page.get_by_role("button", name="Add the idea").click()
        expect(page.locator(".rt-idea__text").nth(number - 1)).to_be_visible()
    shoot(page, phone, "4-brainstorm")
    advance(page, "Close Brainstorm")

    # V. The plan: goals, a refused date, then steps for both goals.
    main(page).get_by_label("Recommended permanency goal").select_option("guardianship")
    main(page).get_by_label("Recommended concurrent goal").select_option("adoption")
    page.get_by_role("button", name="Record the goals").click()
    latest = date.fromisoformat(
        main(page).get_by_label("Target date").get_attribute("max")
    )
    main(page).get_by_label(re.compile(r"^Action step\b")).fill(
        "Ask Dana about guardianship"
    )
    main(page).get_by_label("Person responsible").select_option(
        label="Priya Shah — Case worker"
    )
    main(page).get_by_label("Target date").fill(
        (latest + timedelta(days=1)).isoformat()
    )
    main(page).get_by_label("Barrier of the case it addresses").select_option(index=1)
    page.get_by_role("button", name="Add the step").click()
    expect(page.locator(".field__errors")).to_contain_text("six months after")
    main(page).get_by_label("Target date").fill(latest.isoformat())
    page.get_by_role("button", name="Add the step").click()
    expect(page.get_by_text("Action step added.")).to_be_visible()
    main(page).get_by_label(re.compile(r"^Action step\b")).fill(
        "Run family search on both sides"
    )
    main(page).get_by_label("Person responsible").select_option(
        label="Priya Shah — Case worker"
    )
    main(page).get_by_label("Target date").fill(
        (latest - timedelta(days=60)).isoformat()
    )
    main(page).get_by_label("Serves").select_option("concurrent")
    main(page).get_by_label("Engages the youth").check()
    page.get_by_role("button", name="Add the step").click()
    expect(page.locator(".rt-step")).to_have_count(2)
    shoot(page, phone, "5-plan")
    page.get_by_role("link", name="Printable Permanency Action Plan").click()
    expect(page.get_by_role("heading", name="Permanency Action Plan")).to_be_visible()
    shoot(page, phone, "plan-print")
    page.emulate_media(media="print")
    screenshot(page, "roundtable-plan-print-media")
    page.emulate_media(media="screen")
    page.go_back()
    advance(page, "Close Create the Permanency Action Plan")

    # VI. Debrief.
    main(page).get_by_label("Reflections").fill(
        "Dana is the case; the plan runs two ways."
    )
    page.get_by_role("button", name="Save the debrief").click()
    shoot(page, phone, "6-debrief")
    advance(page, "Close Debrief")

    # Follow-up, 30 days later (simulated).
    main(page).get_by_label("Status of step 1").select_option("completed")
    main(page).get_by_label("Status of step 2").select_option("in_progress")
    main(page).get_by_label("Legal permanency status now").select_option("marginal")
    page.get_by_role("button", name="Record the follow-up").click()
    expect(page.get_by_text("The follow-up is recorded.")).to_be_visible()
    shoot(page, phone, "7-follow-up")
    advance(page, "Finish and see the feedback report")

    # The feedback report.
    expect(page.get_by_role("heading", name="Checks")).to_be_visible()
    expect(page.locator("#check-rating")).to_contain_text("met")
    expect(page.locator("#check-five_questions")).to_contain_text("met")
    shoot(page, phone, "8-report")
    assert MockRoundtable.objects.get().state == Phase.COMPLETED


def test_the_timer_is_the_same_in_a_second_tab(new_page, site_root, cases, trainee):
    first, second = new_page(), new_page()
    for browser_page in (first, second):
        log_in(browser_page, trainee.email, PASSWORD)
    first.goto("/roundtables/")
    first.get_by_role("button", name=re.compile("on “Jordan, 17: an OPPLA")).click()
    advance(first, "Begin the roundtable")

    second.goto(first.url)
    started = first.locator("[data-timer]").get_attribute("data-started")
    assert second.locator("[data-timer]").get_attribute("data-started") == started

    # The stale first tab cannot move the roundtable twice.
    advance(second, "Close Welcome and Overview")
    advance(first, "Close Welcome and Overview")
    expect(first.locator(".messages")).to_contain_text("your page was out of date")
    assert MockRoundtable.objects.get().state == Phase.PRESENT


def test_a_subsequent_roundtable_hears_how_the_earlier_steps_went(
    new_page, site_root, cases, trainee
):
    page, phone = new_page(), new_page(phone=True)
    for browser_page in (page, phone):
        log_in(browser_page, trainee.email, PASSWORD)
    page.goto("/roundtables/")
    page.get_by_role("button", name=re.compile("on “Jordan, 17: ninety days")).click()
    advance(page, "Begin the roundtable")
    advance(page, "Close Welcome and Overview")

    earlier = page.locator("section[aria-labelledby=previous-title] table")
    expect(earlier.get_by_role("row")).to_have_count(9)  # a header and eight steps
    expect(earlier).to_contain_text("Dropped")
    expect(page.get_by_label(re.compile("At a subsequent roundtable"))).to_be_visible()
    shoot(page, phone, "subsequent-present")
