"""The optional supervisor_email column of the cohort import: set for people with an
account, kept on the invitation of new people, and refused with a row problem for
themself, a loop, an unknown or deactivated supervisor."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.csv import CsvImportError
from tests.training.conftest import build_cohort, build_course
from training.models import CohortMembership, PersonChange
from training.services import people
from training.services.accounts import invitation_accept
from training.services.cohort_import import cohort_import

pytestmark = pytest.mark.django_db
User = get_user_model()
HEADER = "email,name,agency,region,supervisor_email"


@pytest.fixture
def cohort(site_root, co_trainer, lived_trainer, staff):
    return build_cohort(
        build_course(site_root, code="SUP", modules=1, lessons=1),
        co_trainer=co_trainer,
        lived_trainer=lived_trainer,
        staff=staff,
    )


@pytest.fixture
def boss(user_factory):
    return user_factory(email="boss@example.com", full_name="Bea Boss")


def run(cohort, actor, *rows, capture, header=HEADER):
    data = "\n".join([header, *rows]).encode()
    with capture(execute=True):
        return cohort_import(cohort=cohort, data=data, invited_by=actor)


def test_the_column_sets_supervisors_and_is_audited(
    cohort, staff, trainee, boss, django_capture_on_commit_callbacks
):
    summary = run(
        cohort,
        staff,
        f"{trainee.email},Tess Trainee,,,BOSS@example.com",
        "new.one@example.com,Nova New,,,boss@example.com",
        capture=django_capture_on_commit_callbacks,
    )

    trainee.refresh_from_db()
    assert trainee.supervisor == boss
    change = PersonChange.objects.get(person=trainee)
    assert change.changed_by == staff and change.note == "Cohort import"
    assert [i.supervisor for i in summary.invited] == [boss]


def test_an_invitee_gets_their_supervisor_when_they_join(
    cohort, staff, boss, django_capture_on_commit_callbacks
):
    run(
        cohort,
        staff,
        "new.one@example.com,Nova New,,,boss@example.com",
        capture=django_capture_on_commit_callbacks,
    )
    token = re.search(r"/invite/([^/\s]+)/", mail.outbox[-1].body).group(1)

    user = invitation_accept(
        token=token, full_name="Nova New", password="a-long-unusual-passphrase"
    )
    assert user.supervisor == boss


def test_the_old_four_column_file_still_imports(
    cohort, staff, trainee, django_capture_on_commit_callbacks
):
    summary = run(
        cohort,
        staff,
        f"{trainee.email},Tess Trainee,,",
        header="email,name,agency,region",
        capture=django_capture_on_commit_callbacks,
    )
    assert summary.enrolled == [trainee]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("self", "their own supervisor"),
        ("ghost@example.com", "Nobody has the address"),
        ("loop", "loop of supervisors"),
        ("inactive", "deactivated"),
    ],
)
def test_a_bad_supervisor_refuses_the_whole_file_with_a_row_problem(
    cohort,
    staff,
    trainee,
    trainee2,
    boss,
    django_capture_on_commit_callbacks,
    cell,
    message,
):
    people.supervisors_assign(actor=staff, assignments={boss: trainee})
    if cell == "inactive":
        people.person_set_active(actor=staff, person=boss, active=False)
    value = {"self": trainee.email, "loop": boss.email, "inactive": boss.email}.get(
        cell, cell
    )
    with pytest.raises(CsvImportError) as refused:
        run(
            cohort,
            staff,
            f"{trainee2.email},Theo Trainee,,,",
            f"{trainee.email},Tess Trainee,,,{value}",
            capture=django_capture_on_commit_callbacks,
        )
    [problem] = refused.value.row_errors
    assert (problem.row, problem.column) == (3, "supervisor_email")
    assert message in problem.message
    trainee.refresh_from_db()
    assert trainee.supervisor is None
    assert not CohortMembership.objects.filter(cohort=cohort).exists()


@pytest.mark.parametrize("role", ["trainee", "co_trainer", "editor", "outsider"])
def test_only_staff_set_supervisors_through_an_import(
    request, cohort, trainee2, boss, role, django_capture_on_commit_callbacks
):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        run(
            cohort,
            actor,
            f"{trainee2.email},Theo Trainee,,,{boss.email}",
            capture=django_capture_on_commit_callbacks,
        )
    trainee2.refresh_from_db()
    assert trainee2.supervisor is None
