"""Certification in a real browser: a trainee meets the last requirement, staff
approve, the certificate downloads and verifies as active; after the clock moves past
expiry the sweep puts it in grace and sends exactly one reminder. Every new page is
screenshot at desktop and phone width (tests/browser/screenshots/)."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from certification.models import (
    Certification,
    LiveRoundtableLog,
    Notification,
    ObservationKind,
    Reminder,
)
from certification.services.sweep import sweep
from content.models import LessonPage
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_fits_width,
    log_in,
    screenshot,
    shoot_both,
)
from tests.certification.conftest import (
    issue,
    make_program,
    pass_observation,
    prt_program,
)
from tests.conftest import PASSWORD
from tests.content.builders import make_course
from training.models import Enrolment, LessonProgress
from training.roles import Role

pytestmark = pytest.mark.django_db(transaction=True)
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def pathway(site_root, user_factory):
    """A trainee one lesson short of every requirement of PRT Facilitator."""
    trainee = user_factory(
        role=Role.TRAINEE,
        full_name="Riley Trainee",
        email="riley@example.com",
        region="North",
        agency="Cedar County",
    )
    raters = (
        user_factory(role=Role.CO_TRAINER, full_name="Morgan Ellis"),
        user_factory(
            role=Role.CO_TRAINER, full_name="Jamie Rivera", has_lived_experience=True
        ),
    )
    course = make_course(
        site_root, modules=1, lessons=2, with_checks=False, title="Permanency values"
    )
    program = prt_program(course)
    enrolment = Enrolment.objects.create(user=trainee, course=course)
    first, last = LessonPage.objects.descendant_of(course).order_by("path")
    LessonProgress.objects.create(
        enrolment=enrolment, lesson=first, completed_at=enrolment.enrolled_at
    )
    today = date.today()
    pass_observation(trainee, ObservationKind.MOCK, on=today, raters=raters)
    return {"trainee": trainee, "program": program, "last": last, "raters": raters}


def test_trainee_meets_the_last_requirement_staff_approve_and_it_verifies(
    new_page, pathway, user_factory
):
    trainee = pathway["trainee"]
    staff = user_factory(role=Role.PROGRAM_STAFF, full_name="Pat Lindqvist")

    page = new_page()
    log_in(page, trainee.email, PASSWORD)
    page.goto("/certification/")
    page.get_by_role("button", name="Start PRT Facilitator").click()
    expect(page.get_by_text("1 of 3 requirements met")).to_be_visible()
    shoot_both(page, "/certification/", "certification-my-in-progress")

    # The lead-facilitated roundtable is observed and released (issue 5's screens).
    pass_observation(
        trainee,
        ObservationKind.LEAD_FACILITATED,
        on=date.today(),
        raters=pathway["raters"],
    )
    # The last requirement: the trainee completes the course's last lesson.
    page.goto(f"/learn/lessons/{pathway['last'].pk}/")
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
    page.goto("/certification/")
    expect(page.get_by_text("3 of 3 requirements met")).to_be_visible()
    page.get_by_role("button", name="Send for approval").click()
    expect(page.get_by_text("Program staff will review").first).to_be_visible()
    cert = Certification.objects.get(user=trainee)
    assert cert.status == Certification.Status.ELIGIBLE

    staff_page = new_page()
    log_in(staff_page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    staff_page.goto("/certification/dashboard/")
    queue = staff_page.get_by_role("region", name="Awaiting approval")
    expect(queue.get_by_role("link", name="Riley Trainee")).to_be_visible()
    shoot_both(staff_page, "/certification/dashboard/", "certification-dashboard-queue")
    staff_page.get_by_role(
        "button", name="Approve Riley Trainee in PRT Facilitator"
    ).click()
    expect(staff_page.get_by_text("Riley Trainee is certified")).to_be_visible()

    page.goto("/certification/")
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    shoot_both(page, "/certification/", "certification-my-active")

    page.get_by_role("link", name="Public verification page").click()
    expect(page.locator("#verify-status")).to_have_text("Active")
    cert.refresh_from_db()
    shoot_both(
        page, f"/verify/{cert.verification_code}/", "certification-verify-active"
    )

    # Move the clock past expiry: the sweep puts it in grace, with one reminder.
    mail.outbox.clear()
    report = sweep(today=cert.expires_on + timedelta(days=1))
    sweep(today=cert.expires_on + timedelta(days=1))  # a retry sends nothing more
    cert.refresh_from_db()
    assert cert.status == Certification.Status.GRACE
    assert report.reminders == 1
    assert Reminder.objects.filter(certification=cert).count() == 1
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[trainee.email]]
    page.goto(f"/verify/{cert.verification_code}/")
    expect(page.locator("#verify-status")).to_contain_text("In grace period")
    page.goto("/certification/")
    expect(page.get_by_text("Recertify by").first).to_be_visible()
    assert Notification.objects.filter(user=trainee, read_at__isnull=True).exists()
    shoot_both(page, "/certification/", "certification-my-grace")


def test_screens_of_every_certification_page(
    new_page, site_root, user_factory, settings
):
    """The remaining pages with data in them, at both widths, none overflowing."""
    program = make_program(
        name="YCPRT Facilitator",
        code="ycprt-facilitator",
        recert_live_roundtables=2,
        recert_observations=1,
    )
    co_trainer_program = make_program(
        name="YCPRT Co-trainer", code="ycprt-co-trainer", prerequisites=[program]
    )
    trainee = user_factory(role=Role.TRAINEE, full_name="Sam Okafor")
    staff = user_factory(role=Role.PROGRAM_STAFF, full_name="Pat Lindqvist")
    trainer = user_factory(role=Role.CO_TRAINER, full_name="Morgan Ellis")
    today = date.today()
    held = issue(trainee, program, issued_on=today - timedelta(days=670), today=today)
    held.trained_by.add(trainer)
    LiveRoundtableLog.objects.create(
        user=trainee,
        held_on=today - timedelta(days=40),
        agency="Maple County Children's Services",
        role="lead",
        case_reference="J.M. 2026-17",
    )
    Notification.objects.create(
        user=trainee,
        message="Your YCPRT Facilitator certification expires soon.",
        url="/certification/",
    )
    agencies = ["Cedar County", "Maple County", "Birch County Family Services"]
    for n in range(14):
        person = user_factory(
            full_name=f"Facilitator {n:02d}",
            region=["North", "South", "East"][n % 3],
            agency=agencies[n % 3],
        )
        issue(
            person,
            program,
            issued_on=today - timedelta(days=(n * 61) % 800),
            today=today,
        )
    del co_trainer_program

    page = new_page()
    log_in(page, trainee.email, PASSWORD)
    shoot_both(page, "/certification/", "certification-my-window")
    shoot_both(page, "/certification/roundtables/", "certification-roundtables")
    page.get_by_label("Case reference").fill("Jordan Smith")
    page.get_by_label("Agency").fill("Cedar County")
    page.get_by_label("Date of the roundtable").fill(today.isoformat())
    page.get_by_label("Lead facilitator").check()
    page.get_by_role("button", name="Add to my log").click()
    expect(page.get_by_text("Never a child's name.").first).to_be_visible()
    screenshot(page, "certification-roundtables-error-desktop")
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    screenshot(page, "certification-roundtables-error-phone")
    page.set_viewport_size(DESKTOP)
    page.goto("/certification/calendar/")
    page.get_by_role("button", name="Make my calendar feed").click()
    expect(page.get_by_role("textbox", name="Feed address")).to_have_value(
        re.compile(r"/calendar/.+\.ics$")
    )
    shoot_both(page, "/certification/calendar/", "certification-calendar")

    staff_page = new_page()
    log_in(staff_page, staff.email, PASSWORD, totp_secret=TOTP_SECRET)
    shoot_both(staff_page, "/certification/dashboard/", "certification-dashboard")
    shoot_both(
        staff_page,
        f"/certification/dashboard/people/{trainee.pk}/",
        "certification-history",
    )
    staff_page.goto("/certification/dashboard/import/")
    staff_page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "old.csv",
                "mimeType": "text/csv",
                "buffer": b"email,program,issued_on\nnobody@example.com,x,2025-13-01\n",
            }
        ]
    )
    staff_page.get_by_role("button", name="Check and import").click()
    expect(staff_page.get_by_text("Problems to correct")).to_be_visible()
    screenshot(staff_page, "certification-import-errors-desktop")
    staff_page.set_viewport_size(PHONE)
    assert_fits_width(staff_page)
    screenshot(staff_page, "certification-import-errors-phone")

    # The verification page's answer to too many checks.
    settings.VERIFY_RATE_LIMIT = "1/m"
    staff_page.goto(f"/verify/{held.verification_code}/")
    staff_page.goto(f"/verify/{held.verification_code}/")
    expect(staff_page.get_by_role("heading", name="Too many checks")).to_be_visible()
    screenshot(staff_page, "certification-verify-limited-phone")
    staff_page.set_viewport_size(DESKTOP)
    staff_page.goto(f"/verify/{held.verification_code}/")
    screenshot(staff_page, "certification-verify-limited-desktop")
