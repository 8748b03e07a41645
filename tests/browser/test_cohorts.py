"""Cohorts in a real browser: staff create a cohort, add a session and import
members from a CSV file (a bad file first); the co-trainer then opens the progress
grid and takes attendance. Every cohort page is saved at desktop and phone width."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.conftest import PASSWORD
from tests.training.conftest import build_course, record_progress
from training.models import Attendance, Enrolment, Invitation
from training.progress import course_structure

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the authenticator user_factory gives program staff
BAD_CSV = (
    "email,name,agency,region\n"
    "ana.ruiz@example.org,Ana Ruiz,Maple County,South\n"
    "not-an-email,Bo Li,Cedar County,North\n"
    "ana.ruiz@example.org,Ana Again,,\n"
    "cy@example.org,,Cedar County,North\n"
)


def fits_width(page) -> None:
    """Nothing makes the page scroll sideways (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"


def shoot(page, name: str) -> None:
    """Screenshot the current page at desktop, then phone width."""
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, f"{name}-phone")
    fits_width(page)
    page.set_viewport_size(DESKTOP)


def test_staff_set_up_a_cohort_and_the_co_trainer_follows_it(
    new_page, tmp_path, site_root, staff, co_trainer, lived_trainer, trainee
):
    course = build_course(site_root, code="YCPRT", title="YCPRT Skills", modules=3)
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)

    # An empty list invites the first cohort.
    page.goto("/cohorts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohorts")
    page.get_by_role("link", name="New cohort").click()
    page.get_by_label("Name").fill("North Region YCPRT cohort")
    page.get_by_label("Course").select_option(label=course.title)
    page.get_by_label("Region").fill("North")
    page.get_by_label("Child-welfare trainer").select_option(
        label=f"{co_trainer.full_name} ({co_trainer.email})"
    )
    page.get_by_label("Trainer with lived experience").select_option(
        label=f"{lived_trainer.full_name} ({lived_trainer.email})"
    )
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "North Region YCPRT cohort"
    )
    cohort_url = page.url

    page.get_by_role("link", name="Add a session").click()
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    shoot(page, "cohort-session-errors")
    page.get_by_label("Title").fill("Day 1: goals, values and the six phases")
    page.get_by_label("Date").fill("2030-01-15")
    page.get_by_label("Starts").fill("09:00")
    page.get_by_label("Ends").fill("12:30")
    page.get_by_label("Place").fill("Cedar County Human Services, Room B")
    page.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("status")).to_contain_text("Session saved")

    # A bad file is refused whole, with a problem per row.
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV)
    page.get_by_role("link", name="Import members").click()
    page.get_by_label("CSV file").set_input_files(bad)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nobody was imported")
    problems = page.get_by_role("region", name="Problems found in the file, by row")
    expect(problems.get_by_role("row")).to_have_count(4)  # header + three problems
    expect(problems).to_contain_text("already on row 2")
    assert not Invitation.objects.exists()
    shoot(page, "cohort-import-errors")

    # The corrected file: the trainee with an account joins, the others are invited.
    good = tmp_path / "good.csv"
    good.write_text(
        "email,name,agency,region\n"
        f"{trainee.email},{trainee.full_name},Cedar County,North\n"
        "ana.ruiz@example.org,Ana Ruiz,Maple County,South\n"
        "bo.li@example.org,Bo Li,Cedar County,North\n"
    )
    page.get_by_label("CSV file").set_input_files(good)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import done")
    expect(page.locator(".alert--success")).to_contain_text(
        "1 enrolled now, 2 invited by email"
    )
    shoot(page, "cohort-import-summary")
    page.get_by_role("link", name="Back to the cohort").click()
    members = page.get_by_role("region", name=re.compile("^Members of"))
    expect(members).to_contain_text(trainee.full_name)
    expect(
        page.get_by_role("region", name="People invited into this cohort")
    ).to_contain_text("bo.li@example.org")
    shoot(page, "cohort-detail")
    page.goto("/cohorts/")
    expect(page.get_by_role("link", name="North Region YCPRT cohort")).to_be_visible()
    shoot(page, "cohort-list")

    # The trainee has done the first module and failed the second module's check.
    record_progress(
        Enrolment.objects.get(user=trainee),
        course_structure(course),
        failed_scores=(50,),
    )

    trainer = new_page()
    log_in(trainer, co_trainer.email, PASSWORD)
    trainer.goto("/cohorts/")
    trainer.get_by_role("link", name="North Region YCPRT cohort").click()
    assert trainer.url == cohort_url
    expect(trainer.get_by_role("link", name="Import members")).to_have_count(0)
    trainer.get_by_role("link", name="Progress grid").click()
    grid = trainer.get_by_role("region", name=re.compile("progress in YCPRT Skills"))
    row = grid.get_by_role("row", name=re.compile(trainee.full_name))
    expect(row).to_contain_text("2 of 2 lessons")
    expect(row).to_contain_text("Passed · 100%")
    expect(row).to_contain_text("Not yet · best 50%")
    expect(row).to_contain_text("Not started")
    shoot(trainer, "cohort-grid")

    trainer.go_back()
    trainer.get_by_role(
        "link", name="Attendance for Day 1: goals, values and the six phases"
    ).click()
    trainer.get_by_role("group", name=trainee.full_name).get_by_label("Present").check()
    trainer.get_by_role("button", name="Save attendance").click()
    expect(trainer.get_by_role("status")).to_contain_text("Attendance saved")
    expect(
        trainer.get_by_role("group", name=trainee.full_name).get_by_label("Present")
    ).to_be_checked()
    assert Attendance.objects.get().recorded_by == co_trainer
    shoot(trainer, "cohort-attendance")


def test_the_cohort_forms_read_well(new_page, site_root, staff):
    """The new-cohort and session forms, with their errors shown."""
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    page.goto("/cohorts/new/")
    page.get_by_role("button", name="Create cohort").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    shoot(page, "cohort-new-errors")
