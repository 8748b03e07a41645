"""The Facilitator Trainee Tool in a real browser: two co-trainers score the same mock
roundtable in two browser contexts (one on a phone), reconcile, release, and the
trainee sees the result; a second tab's stale autosave shows both values; every new
page is saved as a screenshot at desktop and phone width."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from certification import initial as certification_initial
from certification.models import Observation, ScoreChange
from certification.selectors.observations import applicable_items
from certification.services import rubrics as rubric_services
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    SCREENSHOTS,
    assert_fits_width,
    log_in,
    screenshot,
    shoot_both,
)
from tests.certification.conftest import (
    FEEDBACK,
    build_cohort,
    build_mock,
    final_of,
    score_both,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def due_in(days: int) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def world(site_root, co_trainer, lived_trainer, trainee):
    rubric, _ = rubric_services.rubric_load(
        data=yaml.safe_load(certification_initial.RUBRIC_FILE.read_text())
    )
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    mock = build_mock(trainee, cohort)
    return {"rubric": rubric, "cohort": cohort, "mock": mock}


def fill_sheet(page, observation, levels, *, comment=""):
    """Choose a level for every item, as a rater would, top to bottom."""
    items = list(applicable_items(observation=observation))
    for n, item in enumerate(items):
        page.locator(f"#level-{item.pk}-{levels[n % len(levels)]}").check()
    if comment:
        page.locator(f"#comment-{items[0].pk}").fill(comment)
    return items


def test_two_raters_score_reconcile_and_the_trainee_sees_the_result(
    new_page, world, co_trainer, lived_trainer, trainee, staff
):
    mock = world["mock"]
    # --- Rater A opens the observation on a laptop -----------------------------------
    laptop = new_page()
    log_in(laptop, co_trainer.email, PASSWORD)
    laptop.goto("/observations/")
    expect(laptop.get_by_role("heading", name="Observations", level=1)).to_be_visible()
    laptop.get_by_role("link", name="Open an observation").click()
    laptop.get_by_label("Trainee").select_option(str(trainee.pk))
    laptop.get_by_label("Cohort").select_option(str(world["cohort"].pk))
    laptop.get_by_role("radio", name="Mock roundtable").check()
    laptop.locator("#id_mock_roundtable").select_option(str(mock.pk))
    expect(
        laptop.get_by_text("No child's name belongs here.", exact=True)
    ).to_be_visible()
    screenshot(laptop, "observations-open-desktop")
    laptop.get_by_role("button", name="Open the observation").click()
    expect(laptop).to_have_url(re.compile(r"/observations/\d+/score/$"))
    observation = Observation.objects.get()

    # The record of the mock roundtable sits beside the sheet.
    record = laptop.get_by_role("complementary", name="The roundtable")
    expect(record.get_by_role("heading", name="Phase times")).to_be_visible()
    expect(
        record.get_by_role("rowheader", name="I. Welcome and Overview")
    ).to_be_visible()
    expect(
        record.get_by_role("heading", name="Permanency Action Plan", exact=True)
    ).to_be_visible()

    items = fill_sheet(laptop, observation, [3, 3, 4], comment="Named every role.")
    expect(laptop.locator("[data-save-status]")).to_contain_text("Draft saved at")
    screenshot(laptop, "observations-score-desktop")

    # --- Rater B scores the same roundtable on a phone, seeing nothing of A's -------
    phone = new_page(phone=True)
    log_in(phone, lived_trainer.email, PASSWORD)
    phone.goto("/observations/")
    queue = phone.get_by_role("region", name=re.compile("^To score"))
    queue.get_by_role("link").first.click()
    expect(phone).to_have_url(re.compile(r"/score/$"))
    expect(phone.get_by_text("Named every role.")).to_have_count(0)
    assert_fits_width(phone)
    fill_sheet(phone, observation, [3, 1, 4])  # item 2 differs by two levels
    expect(phone.locator("[data-save-status]")).to_contain_text("Draft saved at")
    screenshot(phone, "observations-score-phone")
    phone.get_by_role("button", name="Submit sheet").click()
    expect(phone.get_by_text("Your sheet is submitted.")).to_be_visible()
    expect(phone.get_by_text("1 of 2 sheets submitted.")).to_be_visible()
    screenshot(phone, "observations-detail-waiting-phone")

    laptop.get_by_role("button", name="Submit sheet").click()
    expect(laptop.get_by_text("Your sheet is submitted.")).to_be_visible()

    # --- Agreement, then reconciliation on the laptop -------------------------------
    laptop.get_by_role("link", name="Agreement side by side").click()
    expect(laptop.get_by_text("Weighted kappa")).to_be_visible()
    expect(laptop.locator("tr.obs-row--differs").first).to_contain_text("Discuss")
    shoot_both(
        laptop, f"/observations/{observation.pk}/agreement/", "observations-agreement"
    )
    laptop.get_by_role("link", name="Reconcile into the final sheet").click()
    differing = [item for n, item in enumerate(items) if n % 3 == 1]
    for item in differing:
        laptop.locator(f"#level-{item.pk}-3").check()
    laptop.get_by_role("button", name="Save final sheet").click()
    expect(laptop.get_by_text("need a reason; nothing was saved")).to_be_visible()
    for item in differing:
        laptop.locator(f"#level-{item.pk}-3").check()
        laptop.locator(f"#reason-{item.pk}").fill("Agreed after we compared notes.")
    laptop.get_by_role("button", name="Save final sheet").click()
    expect(laptop.get_by_text("Final sheet saved.")).to_be_visible()
    assert ScoreChange.objects.count() == len(differing)
    # No empty release: the page says what is missing, and a release is refused.
    expect(laptop.locator("#release-blockers")).to_contain_text("strengths")
    shoot_both(
        laptop,
        f"/observations/{observation.pk}/reconcile/",
        "observations-reconcile-blockers",
    )
    laptop.get_by_role("button", name="Release the result").click()
    expect(
        laptop.locator(".messages").get_by_text("growth areas", exact=False)
    ).to_be_visible()
    laptop.locator("#id_strengths").fill("Kept the team future-focused.")
    laptop.locator("#id_growth_areas").fill("Give time cues earlier.")
    laptop.get_by_role("button", name="Save final sheet").click()
    expect(laptop.get_by_text("Final sheet saved.")).to_be_visible()
    expect(laptop.locator("#release-blockers")).to_have_count(0)
    shoot_both(
        laptop, f"/observations/{observation.pk}/reconcile/", "observations-reconcile"
    )
    laptop.get_by_role("button", name="Release the result").click()
    expect(laptop.get_by_text("Released: the trainee passed.")).to_be_visible()
    shoot_both(laptop, f"/observations/{observation.pk}/", "observations-detail")

    # --- The trainee sees the released result --------------------------------------
    own = new_page()
    log_in(own, trainee.email, PASSWORD)
    own.goto("/observations/mine/")
    expect(own.get_by_role("heading", name="My observations")).to_be_visible()
    expect(own.get_by_text("Passed").first).to_be_visible()
    expect(own.get_by_role("img", name=re.compile("Mean score"))).to_be_visible()
    expect(own.get_by_text("Named every role.")).to_be_visible()
    shoot_both(own, "/observations/mine/", "observations-mine")

    # --- The rater report and the staff pages ---------------------------------------
    shoot_both(laptop, "/observations/rater-report/", "observations-rater-report")
    shoot_both(laptop, "/observations/", "observations-list-co-trainer")
    office = new_page()
    log_in(office, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    shoot_both(office, "/observations/", "observations-list-staff")
    shoot_both(office, "/observations/agreement/", "observations-program-agreement")
    shoot_both(office, f"/observations/{observation.pk}/", "observations-detail-staff")
    shoot_both(office, "/observations/new/", "observations-open")


def test_a_stale_tab_shows_both_values_instead_of_overwriting(
    new_page, world, co_trainer, trainee
):
    from certification.services import observations as services

    observation = services.observation_open(
        opened_by=co_trainer,
        trainee=trainee,
        rubric=world["rubric"],
        cohort=world["cohort"],
        kind="mock",
        mock_roundtable=world["mock"],
    )
    item = applicable_items(observation=observation).first()
    first = new_page()
    log_in(first, co_trainer.email, PASSWORD)
    second = first.context.new_page()
    path = f"/observations/{observation.pk}/score/"
    first.goto(path)
    second.goto(path)

    first.locator(f"#level-{item.pk}-4").check()
    expect(first.locator("[data-save-status]")).to_contain_text("Draft saved at")
    second.locator(f"#level-{item.pk}-2").check()
    conflict = second.locator("[data-conflict]")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("Your value (not saved)")
    expect(
        conflict.get_by_role("row", name=re.compile(item.text[:30]))
    ).to_contain_text("2")
    expect(
        conflict.get_by_role("row", name=re.compile(item.text[:30]))
    ).to_contain_text("4")
    screenshot(second, "observations-score-conflict-desktop")
    sheet = observation.sheets.get(rater=co_trainer)
    assert sheet.scores.get(item=item).level == 4

    # Choosing "save mine" replaces the saved value deliberately.
    conflict.get_by_role("button", name="Save mine over them").click()
    expect(second.locator("[data-save-status]")).to_contain_text("Draft saved at")
    assert sheet.scores.get(item=item).level == 2


def test_the_sheet_works_without_javascript(
    browser, live_server, world, co_trainer, trainee
):
    from certification.services import observations as services

    observation = services.observation_open(
        opened_by=co_trainer,
        trainee=trainee,
        rubric=world["rubric"],
        cohort=world["cohort"],
        kind="mock",
        mock_roundtable=world["mock"],
    )
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, co_trainer.email, PASSWORD)
        page.goto(f"/observations/{observation.pk}/score/")
        item = applicable_items(observation=observation).first()
        page.locator(f"#level-{item.pk}-3").check()
        page.get_by_role("button", name="Save draft").click()
        expect(page.get_by_text("Draft saved.")).to_be_visible()
        assert observation.sheets.get(rater=co_trainer).scores.get(item=item).level == 3
        page.get_by_role("button", name="Submit sheet").click()
        expect(page.get_by_text("still need a level or N/A")).to_be_visible()
        expect(page.locator(f"#level-{item.pk}-3")).to_be_checked()
    finally:
        context.close()


def _shoot_release_card(page, path: str) -> None:
    """The release card alone at both widths: the whole reconcile page is too tall
    to capture reliably on a loaded machine."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(path)
        if size == PHONE:
            assert_fits_width(page)
        card = page.locator(".obs-release")
        card.screenshot(
            path=str(SCREENSHOTS / f"observations-release-plan-{suffix}.png")
        )
    page.set_viewport_size(DESKTOP)


def test_a_failed_critical_item_opens_a_plan_the_trainee_sees(
    new_page, world, co_trainer, trainee
):
    from certification.services import observations as services

    observation = services.observation_open(
        opened_by=co_trainer,
        trainee=trainee,
        rubric=world["rubric"],
        cohort=world["cohort"],
        kind="mock",
        mock_roundtable=world["mock"],
    )
    score_both(observation, [2, 3, 3], [2, 3, 3])  # the first item is critical
    services.final_sheet_save(
        observation=observation,
        by=co_trainer,
        version=final_of(observation).version,
        scores={},
        **FEEDBACK,
    )

    # Before release, the pair write the plan's first goal on the reconcile page.
    page = new_page()
    log_in(page, co_trainer.email, PASSWORD)
    page.goto(f"/observations/{observation.pk}/reconcile/")
    expect(page.locator("#release-blockers")).to_contain_text("development plan")
    page.get_by_label("SMART goal").fill(
        "In the next mock roundtable, give a time cue before each phase ends."
    )
    page.get_by_label("Due").fill(due_in(30))
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal added to the development plan.")).to_be_visible()
    expect(page.locator("#release-blockers")).to_have_count(0)
    _shoot_release_card(page, f"/observations/{observation.pk}/reconcile/")
    page.get_by_role("button", name="Release the result").click()
    expect(page.get_by_text("Released: the trainee did not pass.")).to_be_visible()

    page.goto(f"/observations/{observation.pk}/")
    expect(page.get_by_text("Below the standard").first).to_be_visible()
    page.get_by_label("SMART goal").fill(
        "In the next mock roundtable, have every member give name and role."
    )
    page.get_by_label("Due").fill(due_in(30))
    page.get_by_role("button", name="Add the goal").click()
    expect(page.get_by_text("Goal added to the development plan.")).to_be_visible()
    shoot_both(page, f"/observations/{observation.pk}/", "observations-detail-plan")

    own = new_page(phone=True)
    log_in(own, trainee.email, PASSWORD)
    own.goto("/observations/mine/")
    expect(
        own.get_by_text("a re-observation (mock roundtable) is required")
    ).to_be_visible()
    expect(own.get_by_text("have every member give name and role")).to_be_visible()
    shoot_both(own, "/observations/mine/", "observations-mine-plan")


def test_staff_manage_rubric_versions_in_the_admin(new_page, world, staff):
    from django.contrib.auth.models import Group, Permission

    Group.objects.get(name="Program staff").permissions.add(
        *Permission.objects.filter(
            content_type__app_label="certification", codename__endswith="_rubric"
        )
    )
    rubric = world["rubric"]
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    admin = "/admin/snippets/certification/rubric/"
    page.goto(admin)
    expect(page.get_by_text("Facilitator Trainee Tool").first).to_be_visible()
    screenshot(page, "admin-rubrics-list-desktop")

    page.goto(f"{admin}edit/{rubric.pk}/")
    expect(page.get_by_text("cannot be changed")).to_be_visible()
    screenshot(page, "admin-rubric-refused-desktop")

    page.goto(f"{admin}new-version/{rubric.pk}/")
    screenshot(page, "admin-rubric-new-version-desktop")
    page.get_by_role("button", name="Yes, start a new version").click()
    expect(page.get_by_text("is a new draft")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value(
        "Facilitator Trainee Tool (Roundtable Academy reconstruction)"
    )
    screenshot(page, "admin-rubric-draft-edit-desktop")


def test_the_sheet_counts_progress_and_folds_scored_items_on_a_phone(
    new_page, world, co_trainer, trainee
):
    from certification.services import observations as services

    observation = services.observation_open(
        opened_by=co_trainer,
        trainee=trainee,
        rubric=world["rubric"],
        cohort=world["cohort"],
        kind="mock",
        mock_roundtable=world["mock"],
    )
    items = list(applicable_items(observation=observation))
    total = len(items)
    page = new_page(phone=True)
    log_in(page, co_trainer.email, PASSWORD)
    page.goto(f"/observations/{observation.pk}/score/")
    bar = page.locator("[data-progress]")
    expect(bar).to_contain_text(f"0 of {total} scored")

    page.locator(f"label[for='level-{items[0].pk}-3']").click()
    expect(bar).to_contain_text(f"1 of {total} scored")
    first = page.locator(f"#item-{items[0].pk} details")
    expect(first).not_to_have_attribute("open", "")
    expect(first.locator("summary")).to_be_focused()
    expect(first.locator("summary")).to_contain_text("Met the standard")
    # The sticky bar stays in view and points at the next unscored item.
    next_link = page.get_by_role("link", name="Next unscored item")
    expect(next_link).to_have_attribute("href", f"#item-{items[1].pk}")
    page.mouse.wheel(0, 3000)
    expect(next_link).to_be_in_viewport()
    next_link.click()
    expect(page.locator(f"#item-{items[1].pk}")).to_be_in_viewport()

    # Keyboard: arrows move the choice; the item folds when focus leaves it.
    page.locator(f"#level-{items[1].pk}-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#level-{items[1].pk}-2")).to_be_checked()
    second = page.locator(f"#item-{items[1].pk} details")
    expect(second).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(second).not_to_have_attribute("open", "")
    expect(bar).to_contain_text(f"2 of {total} scored")

    # A folded item opens again to change its level.
    first.locator("summary").click()
    expect(first).to_have_attribute("open", "")
    page.locator(f"label[for='level-{items[0].pk}-4']").click()
    expect(first.locator("summary")).to_contain_text("Exceeded the standard")
    screenshot(page, "observation-sheet-progress-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "observation-sheet-progress-desktop")
