"""Calibration in a real browser: a co-trainer scores a gold-standard session blind,
sees each item's gold level and rationale, and then scores a real observation; a
co-trainer who is not calibrated is refused where the program requires it. Every
calibration page is saved as a screenshot at 1280 and 390 px."""

import re

import pytest
from playwright.sync_api import expect

from certification.models import CalibrationSheet, GoldItem
from certification.selectors.observations import applicable_items
from tests.browser.conftest import assert_fits_width, log_in, screenshot
from tests.certification.conftest import build_gold, build_rubric, open_live
from tests.conftest import PASSWORD
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}


def shoot(page, path: str, name: str) -> None:
    """``path`` at 1280 and at 390 px (nothing may scroll sideways on a phone)."""
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        if size == PHONE:
            assert_fits_width(page)
        screenshot(page, f"calibration-{name}-{suffix}")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def world(site_root, co_trainer, lived_trainer, trainee, trainee2, staff, user_factory):
    from tests.certification.conftest import build_cohort, make_program

    rubric = build_rubric(8, na_allowed={3})
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    program = make_program(name="PRT Facilitator", required_lead_facilitated=1)
    gold = build_gold(
        trainee=trainee, cohort=cohort, rubric=rubric, program=program, staff=staff
    )
    calibrating = user_factory(role=Role.CO_TRAINER, full_name="Avery Chen")
    uncalibrated = user_factory(role=Role.CO_TRAINER, full_name="Uma Uncalibrated")
    observation = open_live(
        by=staff,
        trainee=trainee2,
        rubric=rubric,
        rater_a=calibrating,
        rater_b=uncalibrated,
    )
    program.require_calibration = True  # the program now asks for calibrated raters
    program.save()
    return {
        "gold": gold,
        "observation": observation,
        "calibrating": calibrating,
        "uncalibrated": uncalibrated,
    }


def test_a_calibrated_rater_scores_and_an_uncalibrated_one_is_refused(
    new_page, world, staff
):
    gold, observation = world["gold"], world["observation"]
    items = list(applicable_items(observation=observation))

    # --- Not calibrated: the observation's sheet refuses to save -------------------
    refused = new_page()
    log_in(refused, world["uncalibrated"].email, PASSWORD)
    refused.goto(f"/observations/{observation.pk}/score/")
    refused.locator(f"#level-{items[0].pk}-3").check()
    refused.get_by_role("button", name="Save draft").click()
    expect(
        refused.get_by_text(
            re.compile("Uma Uncalibrated has no current calibration for PRT")
        ).first
    ).to_be_visible()
    screenshot(refused, "calibration-refused-desktop")

    # --- Calibrating on the gold session, blind --------------------------------------
    page = new_page()
    log_in(page, world["calibrating"].email, PASSWORD)
    page.goto("/observations/")
    page.get_by_role("link", name="Calibration", exact=True).click()
    expect(page.get_by_text("Not calibrated", exact=True)).to_be_visible()
    shoot(page, "/calibration/", "home")
    page.get_by_role("link", name="Score this session").click()
    expect(page).to_have_url(re.compile(r"/calibration/gold/\d+/score/$"))
    expect(page.get_by_text("Expert view")).to_have_count(0)  # gold stays hidden
    record = page.get_by_role("complementary", name="The roundtable")
    expect(record.get_by_role("heading", name="Phase times")).to_be_visible()
    shoot(page, f"/calibration/gold/{gold.pk}/score/", "score")
    gold_items = {row.item_id: row for row in GoldItem.objects.filter(gold=gold)}
    for item in applicable_items(observation=gold.observation):
        row = gold_items[item.pk]
        value = "na" if row.not_applicable else row.level
        page.locator(f"#level-{item.pk}-{value}").check()
    page.get_by_role("button", name="Submit calibration sheet").click()
    expect(page).to_have_url(re.compile(r"/calibration/gold/\d+/result/$"))
    expect(
        page.get_by_text(re.compile("Calibrated for PRT Facilitator until"))
    ).to_be_visible()
    expect(page.get_by_text("Expert view").first).to_be_visible()
    assert CalibrationSheet.objects.get(rater=world["calibrating"]).passed
    shoot(page, f"/calibration/gold/{gold.pk}/result/", "result")

    # --- Now calibrated: the real observation's sheet saves and submits ------------
    page.goto(f"/observations/{observation.pk}/score/")
    for n, item in enumerate(items):
        page.locator(f"#level-{item.pk}-{(3, 4, 3)[n % 3]}").check()
    expect(page.locator("[data-save-status]")).to_contain_text("Draft saved at")
    page.get_by_role("button", name="Submit sheet").click()
    expect(page.get_by_text("Your sheet is submitted.")).to_be_visible()

    # --- Staff: the gold sessions, the gold form and the drift report ---------------
    office = new_page()
    log_in(office, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    shoot(office, "/calibration/", "staff")
    shoot(office, f"/calibration/observations/{gold.observation_id}/gold/", "gold")
    office.goto("/observations/agreement/")
    office.get_by_role("link", name="Rater drift against the gold standard").click()
    expect(office.get_by_role("heading", name="Rater drift", level=1)).to_be_visible()
    expect(office.get_by_role("heading", name="Avery Chen")).to_be_visible()
    shoot(office, "/calibration/drift/", "drift")
