"""Each role's home at ``/``: what each section shows, that it shows only what the
person may open (every role's home against another role's objects), the public page
for visitors, and a query count that stays flat as data grows."""

from datetime import UTC, datetime, timedelta

import pytest
import yaml
from django.core.cache import cache

from certification.models import (
    Certification,
    CertificationProgram,
    Observation,
    ObservationKind,
    Rubric,
    ScoreSheet,
)
from simulations.models import MockRoundtable, Phase
from simulations.models.program import CASES_DIR
from simulations.services.cases import case_import
from simulations.services.roundtables import roundtable_start
from tests.content.builders import make_course
from training.models import (
    Cohort,
    CohortMembership,
    CohortSession,
    Enrolment,
    Invitation,
)
from training.roles import Role

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 16, 15, 0, tzinfo=UTC)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=1, lessons=2)


@pytest.fixture
def cohort_of(course):
    def make(a, b, members=(), name="North cohort"):
        cohort = Cohort.objects.create(
            name=name,
            course=course,
            child_welfare_trainer=a,
            lived_experience_trainer=b,
        )
        for member in members:
            CohortMembership.objects.create(
                cohort=cohort, user=member, joined_at=NOW - timedelta(days=60)
            )
            Enrolment.objects.get_or_create(user=member, course=course, cohort=cohort)
        return cohort

    return make


@pytest.fixture
def rubric(db):
    return Rubric.objects.create(name="Trainee Tool", status="published")


@pytest.fixture
def observe(rubric):
    def make(trainee, a, b, cohort=None, **extra):
        observation = Observation.objects.create(
            trainee=trainee,
            kind=extra.pop("kind", ObservationKind.LEAD_FACILITATED),
            rubric=rubric,
            cohort=cohort,
            rater_a=a,
            rater_b=b,
            live_date=NOW.date(),
            opened_at=extra.pop("opened_at", NOW - timedelta(days=3)),
            **extra,
        )
        for rater in (a, b):
            ScoreSheet.objects.create(observation=observation, rater=rater)
        return observation

    return make


@pytest.fixture
def case(db):
    data = yaml.safe_load((CASES_DIR / "jordan-initial.yaml").read_text())
    return case_import(data=data)[0]


def start(case, person, state):
    roundtable = roundtable_start(case=case, facilitator=person, created_by=person)
    MockRoundtable.objects.filter(pk=roundtable.pk).update(state=state)
    return roundtable


@pytest.fixture
def world(
    now, trainee, trainee2, co_trainer, lived_trainer, user_factory, cohort_of, observe
):
    """Two cohorts, each with its own pair and trainee, and the things of each."""
    other_a = user_factory(role=Role.CO_TRAINER, full_name="Otto Other")
    other_b = user_factory(role=Role.CO_TRAINER, full_name="Vera Voice")
    north = cohort_of(co_trainer, lived_trainer, [trainee], "North cohort")
    south = cohort_of(other_a, other_b, [trainee2], "South cohort")
    for cohort, title in ((north, "North day one"), (south, "South day one")):
        CohortSession.objects.create(
            cohort=cohort,
            title=title,
            starts_at=NOW + timedelta(days=2),
            ends_at=NOW + timedelta(days=2, hours=6),
            place="Room 4",
        )
    mine = observe(trainee, co_trainer, lived_trainer, north)
    theirs = observe(trainee2, other_a, other_b, south)
    released = observe(
        trainee2,
        other_a,
        other_b,
        south,
        status=Observation.Status.RELEASED,
        released_at=NOW - timedelta(days=1),
        passed=False,
        reobservation_required=True,
        kind=ObservationKind.OBSERVED,
    )
    return {
        "north": north,
        "south": south,
        "mine": mine,
        "theirs": theirs,
        "released_other": released,
        "other_a": other_a,
    }


def home(client_for, user):
    response = client_for(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def stuck_list(page):
    return page.split("Trainees who may be stuck")[1].split("</section>")[0]


# --- Visitors -----------------------------------------------------------------------


def test_a_visitor_reads_what_the_program_is_and_how_to_verify(client, site_root):
    page = client.get("/").content.decode()
    assert "What the program is" in page
    assert 'action="/verify/"' in page
    assert "Your training" not in page


def test_the_verify_form_leads_to_the_code_or_back_with_a_message(client, site_root):
    response = client.get("/verify/", {"code": " ab12cd34ef56 "})
    assert response.status_code == 302
    assert response["Location"] == "/verify/AB12CD34EF56/"
    response = client.get("/verify/", {"code": "<script>"}, follow=True)
    assert "Enter the verification code" in response.content.decode()


# --- Trainee ------------------------------------------------------------------------


def test_a_trainee_sees_their_own_things_only(client_for, trainee, world, case):
    start(case, trainee, Phase.CLARIFY)
    page = home(client_for, trainee)
    assert "Your training" in page
    assert "North day one" in page and "South day one" not in page
    rt = MockRoundtable.objects.get(facilitator=trainee)
    assert f"/roundtables/{rt.pk}/" in page
    assert "Continue where you left off" in page
    # Another trainee's released result and nobody else's sections.
    assert f"/observations/{world['released_other'].pk}/" not in page
    assert "Your co-training" not in page and "Running the program" not in page


def test_a_trainee_sees_released_results_and_checklist(
    client_for, trainee, world, observe, co_trainer, lived_trainer
):
    result = observe(
        trainee,
        co_trainer,
        lived_trainer,
        world["north"],
        status=Observation.Status.RELEASED,
        released_at=NOW,
        passed=True,
    )
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    Certification.objects.create(user=trainee, program=program)
    page = home(client_for, trainee)
    assert f"/observations/{result.pk}/" in page
    assert "PRT Facilitator" in page and "requirements met" in page
    # An unreleased observation of the trainee is not a result yet.
    assert f"/observations/{world['mine'].pk}/" not in page


# --- Co-trainer ---------------------------------------------------------------------


def test_a_co_trainer_sees_their_sheets_sessions_and_stuck_trainees(
    client_for, co_trainer, trainee, world
):
    page = home(client_for, co_trainer)
    assert f"/observations/{world['mine'].pk}/score/" in page
    assert f"/observations/{world['theirs'].pk}/score/" not in page
    assert "North day one" in page and "South day one" not in page
    assert "Trainees who may be stuck" in page
    stuck = stuck_list(page)
    assert "Tess Trainee" in stuck and "Not started" in stuck  # never opened a lesson
    assert "Theo Trainee" not in page  # another pair's trainee
    assert "Your training" not in page and "Running the program" not in page


def test_the_other_pair_sees_the_failed_critical_item_of_their_trainee(
    client_for, world
):
    page = home(client_for, world["other_a"])
    assert "Failed a critical item" in page
    assert "Theo Trainee" in page and "Tess Trainee" not in page


def test_sheets_waiting_are_oldest_first_and_include_reconciling(
    client_for, co_trainer, lived_trainer, trainee, world, observe
):
    older = observe(
        trainee,
        co_trainer,
        lived_trainer,
        world["north"],
        status=Observation.Status.RECONCILING,
        opened_at=NOW - timedelta(days=9),
    )
    page = home(client_for, co_trainer)
    reconcile = page.index(f"/observations/{older.pk}/reconcile/")
    assert reconcile < page.index(f"/observations/{world['mine'].pk}/score/")


def test_a_trainee_who_moved_recently_is_not_stuck(
    client_for, co_trainer, trainee, world, course
):
    from content.models import LessonPage
    from training.models import LessonProgress

    enrolment = Enrolment.objects.get(user=trainee, course=course)
    lesson = LessonPage.objects.descendant_of(course).first()
    LessonProgress.objects.create(
        enrolment=enrolment,
        lesson=lesson,
        started_at=NOW - timedelta(days=2),
        last_activity_at=NOW - timedelta(days=2),
    )
    assert "Tess Trainee" not in stuck_list(home(client_for, co_trainer))


# --- Program staff and editors ------------------------------------------------------


def test_staff_see_the_queue_the_month_and_invitations(client_for, staff, world):
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    waiting = Certification.objects.create(
        user=world["other_a"], program=program, status=Certification.Status.ELIGIBLE
    )
    Invitation.objects.create(
        email="new@example.com",
        role=Role.TRAINEE,
        token_hash="x" * 64,
        expires_at=NOW + timedelta(days=3),
    )
    page = home(client_for, staff)
    assert "Running the program" in page
    assert f"/certification/dashboard/people/{waiting.user_id}/" in page
    assert "1 open" in page
    assert "Your training" not in page and "Drafts awaiting publication" not in page


def test_staff_see_who_enters_grace_or_lapses_this_month(
    client_for, staff, trainee, trainee2, now, site_root
):
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    Certification.objects.create(
        user=trainee,
        program=program,
        status=Certification.Status.IN_WINDOW,
        expires_on=NOW.date() + timedelta(days=5),
    )
    Certification.objects.create(
        user=trainee2,
        program=program,
        status=Certification.Status.GRACE,
        grace_ends_on=NOW.date() + timedelta(days=40),  # next month: not listed
    )
    page = home(client_for, staff)
    assert "Tess Trainee" in page and "Theo Trainee" not in page


def test_an_editor_sees_drafts_and_nothing_of_the_others(
    client_for, editor, world, course
):
    course.has_unpublished_changes = True
    course.save()
    page = home(client_for, editor)
    assert "Drafts awaiting publication" in page
    assert f"/admin/pages/{course.pk}/edit/" in page
    assert "North day one" not in page and "Running the program" not in page


def test_someone_with_several_roles_sees_each_section(client_for, user_factory, world):
    from django.contrib.auth.models import Group

    person = user_factory(role=Role.CO_TRAINER, mfa=True)
    person.groups.add(Group.objects.get(name=Role.PROGRAM_STAFF))
    page = home(client_for, person)
    assert "Your co-training" in page and "Running the program" in page


def test_a_signed_in_person_without_a_role_gets_their_account(
    client_for, outsider, site_root
):
    page = home(client_for, outsider)
    assert "You have no role on the platform yet" in page


# --- Queries ------------------------------------------------------------------------


def _grow(world, cohort_of, observe, user_factory, case, n):
    """``n`` more trainees with sessions, roundtables and observations."""
    north = world["north"]
    for _ in range(n):
        person = user_factory(role=Role.TRAINEE)
        CohortMembership.objects.create(
            cohort=north, user=person, joined_at=NOW - timedelta(days=60)
        )
        CohortSession.objects.create(
            cohort=north,
            title="More",
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=1),
            place="Room 5",
        )
        observe(
            person, north.child_welfare_trainer, north.lived_experience_trainer, north
        )
        start(case, person, Phase.PLAN)


@pytest.mark.parametrize("who", ["trainee", "co_trainer", "staff", "editor"])
def test_every_home_costs_the_same_queries_with_more_data(
    who,
    request,
    client_for,
    world,
    cohort_of,
    observe,
    user_factory,
    case,
    django_assert_num_queries,
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = request.getfixturevalue(who)
    client = client_for(user)
    client.get("/")
    # Both measured with nothing kept: growing the data renews cached parts.
    cache.clear()
    with CaptureQueriesContext(connection) as small:
        client.get("/")
    _grow(world, cohort_of, observe, user_factory, case, 6)
    cache.clear()
    with django_assert_num_queries(len(small)):
        assert client.get("/").status_code == 200


def test_a_supervisor_sees_their_teams_next_deadlines_and_nobody_elses(
    client_for, user_factory, co_trainer, trainee, trainee2, now, site_root
):
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    lead = user_factory(full_name="Sam Supervisor")
    trainee.supervisor = lead
    trainee.save()
    for person in (trainee, trainee2):
        Certification.objects.create(
            user=person,
            program=program,
            status=Certification.Status.IN_WINDOW,
            cycle=1,
            issued_on=NOW.date() - timedelta(days=700),
            expires_on=NOW.date() + timedelta(days=30),
        )

    page = home(client_for, lead)
    assert "My team" in page and "Tess Trainee" in page
    assert f"/certification/team/{trainee.pk}/" in page
    assert "Recertify by" in page
    assert "Theo Trainee" not in page  # not on this team
    assert "My team" not in home(client_for, co_trainer)  # supervises nobody
