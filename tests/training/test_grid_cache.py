"""The cohort grid keeps its members' progress and the cohort's totals
(training/selectors/cohorts.py): once warm it reads only the members, and a
completed lesson, a new member, a new name or a publish is seen on the very next
request."""

import pytest
from bs4 import BeautifulSoup

from content.models import LessonPage
from tests.training.conftest import build_course
from training.models import Enrolment
from training.services import cohorts as services
from training.services.learning import lesson_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(site_root):
    return build_course(site_root, code="YCPRT", title="YCPRT Skills")


@pytest.fixture
def grid(client_for, co_trainer, cohort, trainee):
    services.cohort_member_add(cohort=cohort, user=trainee)
    client = client_for(co_trainer)

    def get():
        response = client.get(f"/cohorts/{cohort.pk}/grid/")
        return BeautifulSoup(response.content, "html.parser")

    return get


def cells(page) -> list[str]:
    return [td.get_text(" ", strip=True) for td in page.select("tbody td")]


def stats(page) -> str:
    return page.select_one(".cohort-stats").get_text(" ", strip=True)


def test_a_warm_grid_reads_only_the_members(
    grid, client_for, co_trainer, cohort, django_assert_max_num_queries
):
    grid()
    client = client_for(co_trainer)  # the same client, signed in again
    client.get(f"/cohorts/{cohort.pk}/grid/")
    # Session, user, cohort, the members' count and page (the tests read
    # sessions from the database).
    with django_assert_max_num_queries(5):
        client.get(f"/cohorts/{cohort.pk}/grid/")


def test_a_completed_lesson_is_seen_at_once(grid, trainee, course):
    before = grid()
    assert "0 of 2 lessons" in cells(before)[0]
    enrolment = Enrolment.objects.get(user=trainee)
    first = LessonPage.objects.descendant_of(course).order_by("path").first()

    lesson_complete(enrolment=enrolment, lesson=first)

    assert "1 of 2 lessons" in cells(grid())[0]


def test_a_new_member_is_seen_at_once_with_the_totals(grid, cohort, trainee2):
    assert "1 member" in stats(grid())

    services.cohort_member_add(cohort=cohort, user=trainee2)

    page = grid()
    assert "2 members" in stats(page)
    assert trainee2.full_name in page.select_one("tbody").get_text()


def test_a_removed_member_is_seen_at_once(grid, cohort, trainee):
    assert trainee.full_name in grid().select_one("tbody").get_text()

    cohort.memberships.get(user=trainee).delete()

    assert grid().select_one("tbody") is None  # no members left


def test_a_new_name_is_seen_at_once(grid, trainee):
    grid()
    trainee.full_name = "Tessa Renamed"
    trainee.save()

    assert "Tessa Renamed" in grid().select_one("tbody").get_text()


def test_a_publish_is_seen_at_once(grid, course):
    assert "0 of 2 lessons" in cells(grid())[0]
    module = course.get_children().first()
    module.add_child(
        instance=LessonPage(title="A new lesson", slug="new", minutes=5, body=[])
    )

    assert "0 of 3 lessons" in cells(grid())[0]


def test_a_member_s_name_and_agency_are_shown_as_text_not_markup(grid, trainee):
    trainee.full_name = "<b>Ann</b> & co"
    trainee.agency = "<i>North</i>"
    trainee.save()

    row = grid().select_one("tbody tr th")

    assert row.get_text(" ", strip=True) == "<b>Ann</b> & co <i>North</i>"
    assert row.find("b") is None and row.find("i") is None
