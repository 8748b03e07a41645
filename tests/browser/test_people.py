"""People management in a real browser: staff open a person from the People page,
change a role and deactivate them; a supervisor reads their team's deadlines. Each
page is saved at desktop and 390 px wide."""

from datetime import date

import pytest
from playwright.sync_api import expect

from certification.models import Certification, CertificationProgram
from tests.browser.conftest import DESKTOP, log_in, screenshot
from tests.conftest import PASSWORD
from training.models import PersonChange
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the authenticator user_factory gives program staff
PHONE_390 = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    """Screenshot at desktop and at 390 px; nothing may scroll sideways."""
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE_390)
    expect(page.locator("h1")).to_be_visible()
    screenshot(page, f"{name}-390")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the viewport"
    page.set_viewport_size(DESKTOP)


def test_staff_change_a_role_and_deactivate_a_person_from_the_people_page(
    new_page, staff, trainee, user_factory
):
    boss = user_factory(full_name="Bea Boss", email="bea.boss@example.com")
    page = new_page()
    log_in(page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)

    page.goto("/people/")
    shoot(page, "people-list")
    page.get_by_role("link", name="Tess Trainee").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tess Trainee")

    page.get_by_label("Co-trainer").check()
    page.get_by_label("Supervisor's email address").fill(boss.email)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    changes = page.locator("#person-changes")
    expect(changes).to_contain_text("Co-trainer, Trainee")
    expect(changes).to_contain_text("Bea Boss")

    page.get_by_role("button", name="Deactivate").click()
    expect(page.locator("#person-status")).to_have_text("Deactivated")
    expect(changes).to_contain_text("Deactivated")
    shoot(page, "person")

    page.get_by_role("link", name="People").first.click()
    expect(page.get_by_role("row", name="Tess Trainee")).to_contain_text("Deactivated")
    trainee.refresh_from_db()
    assert not trainee.is_active
    assert set(trainee.groups.values_list("name", flat=True)) == {
        Role.TRAINEE,
        Role.CO_TRAINER,
    }
    assert PersonChange.objects.filter(person=trainee, changed_by=staff).count() == 3


def test_a_supervisor_reads_their_team_deadlines(
    new_page, staff, trainee, trainee2, user_factory
):
    boss = user_factory(full_name="Bea Boss", email="bea.boss@example.com")
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    Certification.objects.create(
        user=trainee,
        program=program,
        status=Certification.Status.IN_WINDOW,
        cycle=1,
        started_on=date(2024, 6, 1),
        issued_on=date(2024, 6, 30),
        expires_on=date(2026, 6, 30),
        window_opens_on=date(2026, 4, 1),
        grace_ends_on=date(2026, 7, 30),
    )
    for member in (trainee, trainee2):
        member.supervisor = boss
        member.save(update_fields=["supervisor"])
    page = new_page()
    log_in(page, boss.email, PASSWORD)

    page.get_by_role("link", name="My team").click()
    expect(page.locator("#team-table")).to_contain_text("Recertify by")
    shoot(page, "team")
    page.get_by_role("link", name="Tess Trainee").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tess Trainee")
    shoot(page, "team-member")
