"""Group mode: a co-trainer assigns a mock roundtable to a cohort, members join from
their own browsers, the scribe's entries appear for everyone without a reload, and
only the facilitator moves the phases on."""

import re

import pytest
from playwright.sync_api import expect

from content.models import CoursePage
from simulations.models import MockRoundtable, Phase
from simulations.services.cases import cases_load_library
from tests.browser.conftest import log_in, screenshot
from tests.conftest import PASSWORD
from tests.simulations.conftest import play_to
from training.models import Cohort, CohortMembership
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

LIVE = 12_000  # ms: a few polls of the page's four-second cycle


@pytest.fixture
def cohort(site_root, user_factory, trainee, trainee2):
    cases_load_library()
    course = CoursePage(title="YCPRT Skills", code="YCPRT-G")
    site_root.add_child(instance=course)
    cohort = Cohort.objects.create(
        name="North cohort",
        course=course,
        child_welfare_trainer=user_factory(role=Role.CO_TRAINER, full_name="Cora"),
        lived_experience_trainer=user_factory(role=Role.CO_TRAINER, full_name="Lee"),
    )
    for member in (trainee, trainee2):
        CohortMembership.objects.create(cohort=cohort, user=member)
    return cohort


def add_idea(page, number: int, text: str) -> None:
    form = page.locator(".rt-idea-form")
    form.get_by_label("Key question").select_option(str(number))
    form.get_by_label(re.compile(r"^Idea\b")).fill(text)
    form.get_by_role("button", name="Add the idea").click()
    expect(page.get_by_text("Idea added to the board.")).to_be_visible()


def test_members_follow_the_facilitator_live_and_see_the_scribes_entries(
    new_page, cohort, trainee, trainee2
):
    co_trainer = cohort.child_welfare_trainer
    coach, facilitator, scribe = new_page(), new_page(), new_page()
    log_in(coach, co_trainer.email, PASSWORD)
    log_in(facilitator, trainee.email, PASSWORD)
    log_in(scribe, trainee2.email, PASSWORD)

    # The co-trainer assigns the case and seats a member as the scribe.
    coach.goto("/roundtables/assign/")
    coach.get_by_label("Case").select_option(
        label="Jordan, 17: an OPPLA goal in a group home"
    )
    coach.get_by_label("Cohort").select_option(label="North cohort")
    coach.get_by_label("Trainee facilitator").select_option(
        label=f"{trainee.full_name} ({trainee.email})"
    )
    screenshot(coach, "roundtable-group-assign-desktop")
    coach.get_by_role("button", name="Assign").click()
    expect(coach.get_by_text(re.compile("Mock roundtable assigned"))).to_be_visible()
    scribe_seat = coach.locator(".rt-seat-row").filter(
        has=coach.locator("option[value=scribe][selected]")
    )
    scribe_seat.get_by_label("Cohort member").select_option(label=trainee2.full_name)
    coach.get_by_role("button", name="Save the seats").click()
    expect(coach.get_by_text("The seats are saved.")).to_be_visible()
    screenshot(coach, "roundtable-group-seats-desktop")
    coach_phone = new_page(phone=True)
    log_in(coach_phone, co_trainer.email, PASSWORD)
    coach_phone.goto("/roundtables/assign/")
    screenshot(coach_phone, "roundtable-group-assign-phone")
    coach_phone.goto(coach.url.split("#")[0])
    screenshot(coach_phone, "roundtable-group-seats-phone")
    roundtable = MockRoundtable.objects.get()
    console = f"/roundtables/{roundtable.pk}/"

    # Everyone opens the console; only the facilitator may begin.
    facilitator.goto(console)
    scribe.goto(console)
    expect(scribe.get_by_text("will begin when everyone is seated")).to_be_visible()
    expect(scribe.locator("[data-advance-form]")).to_have_count(0)
    facilitator.get_by_role("button", name="Begin the roundtable").click()

    # The scribe's page follows the facilitator into Welcome by itself.
    expect(scribe.locator("#phase-title")).to_contain_text(
        "Welcome and Overview", timeout=LIVE
    )

    # Move on to Brainstorm; both pages follow.
    play_to(MockRoundtable.objects.get(), Phase.BRAINSTORM)
    expect(facilitator.locator("#phase-title")).to_contain_text(
        "Brainstorm", timeout=LIVE
    )
    expect(scribe.locator("#phase-title")).to_contain_text("Brainstorm", timeout=LIVE)

    # The scribe's idea reaches the facilitator's open page without a reload.
    facilitator.evaluate("window.__stillTheSamePage = true")
    add_idea(scribe, 1, "Ask Coach Dana to be a placement")
    expect(facilitator.locator('[data-live="board"]')).to_contain_text(
        "Ask Coach Dana to be a placement", timeout=LIVE
    )
    assert facilitator.evaluate("window.__stillTheSamePage === true")

    # The co-trainer watches but cannot record or advance.
    coach.goto(console)
    expect(coach.locator(".rt-idea-form")).to_have_count(0)
    expect(coach.locator("[data-advance-form]")).to_have_count(0)
    expect(coach.locator('[data-live="board"]')).to_contain_text("Ask Coach Dana")

    for number in range(2, 6):
        add_idea(scribe, number, f"Scribe's idea {number}")
    expect(facilitator.locator(".rt-idea")).to_have_count(5, timeout=LIVE)
    screenshot(facilitator, "roundtable-group-facilitator-desktop")
    screenshot(scribe, "roundtable-group-scribe-desktop")
    phone = new_page(phone=True)
    log_in(phone, trainee2.email, PASSWORD)
    phone.goto(console)
    screenshot(phone, "roundtable-group-scribe-phone")

    # The scribe has no "move on" button; the facilitator does, and the scribe follows.
    expect(scribe.locator("[data-advance-form]")).to_have_count(0)
    facilitator.get_by_role("button", name=re.compile("Close Brainstorm")).click()
    expect(scribe.locator("#phase-title")).to_contain_text(
        "Create the Permanency Action Plan", timeout=LIVE
    )
    assert MockRoundtable.objects.get().state == Phase.PLAN
