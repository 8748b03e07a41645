"""The co-trained day in a real browser: two co-trainers run a session of the seeded
YCPRT course from the session runner, the projector's room view follows them, one of
them takes attendance, and the cohort page then shows how long each segment took.
The runner and the room view are saved at desktop and phone width."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.curriculum import CURRICULUM_DIR, load_course
from tests.browser.conftest import DESKTOP, PHONE, log_in, screenshot
from tests.conftest import PASSWORD
from training.models import Attendance, SegmentTiming
from training.services import cohorts as cohort_services

pytestmark = pytest.mark.django_db(transaction=True)


def shoot(page, name: str) -> None:
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than a phone"
    page.set_viewport_size(DESKTOP)


def test_two_co_trainers_run_the_ycprt_day(
    new_page, site_root, staff, co_trainer, lived_trainer, trainee
):
    course, _ = load_course(CURRICULUM_DIR / "ycprt-skills.yaml", site_root)
    cohort = cohort_services.cohort_create(
        course=course,
        name="North YCPRT cohort",
        kind="course",
        child_welfare_trainer=co_trainer,
        lived_experience_trainer=lived_trainer,
        created_by=staff,
    )
    cohort_services.cohort_member_add(cohort=cohort, user=trainee)
    start = timezone.now().replace(second=0, microsecond=0)
    session = cohort_services.session_create(
        cohort=cohort,
        title="YCPRT day",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        place="Training room 2",
    )
    run_url = f"/cohorts/{cohort.pk}/sessions/{session.pk}/run/"

    first = new_page()
    log_in(first, co_trainer.email, PASSWORD)
    first.goto(f"/cohorts/{cohort.pk}/")
    first.get_by_role("link", name="Run session").click()
    expect(first.get_by_role("heading", name="Not started")).to_be_visible()
    first.get_by_role("button", name="Start the first segment").click()
    expect(
        first.get_by_role(
            "heading", level=2, name="Welcome, agreements and why we are here"
        )
    ).to_be_visible()
    expect(first.locator(".runner__lead")).to_contain_text("Both trainers")

    room = first.context.new_page()
    room.goto(f"/cohorts/{cohort.pk}/sessions/{session.pk}/room/")
    expect(room.locator("h1")).to_have_text("Welcome, agreements and why we are here")
    expect(room.locator(".room__prompt")).to_contain_text("Add one agreement")
    expect(room.get_by_text("Seed three agreements")).to_have_count(0)  # trainer notes

    second = new_page()
    log_in(second, lived_trainer.email, PASSWORD)
    second.goto(run_url)
    second.get_by_role("button", name="Next: Three goals").click()
    expect(
        second.get_by_role(
            "heading",
            level=2,
            name="Three goals, three levels, and what the evidence says",
        )
    ).to_be_visible()
    expect(second.locator(".runner__lead")).to_contain_text("Child-welfare trainer")

    # The room view and the first trainer's runner follow without a click.
    expect(room.locator("h1")).to_have_text(
        "Three goals, three levels, and what the evidence says", timeout=12_000
    )
    expect(
        first.get_by_role(
            "heading",
            level=2,
            name="Three goals, three levels, and what the evidence says",
        )
    ).to_be_visible(timeout=12_000)
    shoot(room, "session-room")

    first.get_by_role("button", name="Next: Story").click()
    expect(first.locator(".runner__lead")).to_contain_text(
        "Trainer with lived experience"
    )
    first.get_by_role("radio", name="Present").check()
    first.get_by_role("button", name="Save attendance").click()
    expect(first.get_by_text("Attendance saved.")).to_be_visible()
    shoot(first, "session-runner")
    assert Attendance.objects.get(session=session, user=trainee).status == "present"

    first.goto(f"/cohorts/{cohort.pk}/")
    first.get_by_text("How long 3 segments took").click()
    expect(first.locator("[data-took]")).to_have_count(3)
    expect(first.locator("[data-took]").last).to_have_text("running")
    screenshot(first, "session-timings-on-cohort-desktop")
    assert (
        SegmentTiming.objects.filter(session=session, ended_at__isnull=False).count()
        == 2
    )
