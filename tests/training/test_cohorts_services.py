"""Cohort services: the co-trainer pair, members, sessions, attendance and the
all-or-nothing CSV import."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.csv import CsvImportError
from tests.training.conftest import build_cohort, build_course
from training.models import (
    Attendance,
    Cohort,
    CohortMembership,
    CohortSession,
    Enrolment,
    Invitation,
)
from training.roles import Role
from training.services import accounts as account_services
from training.services import cohorts as services
from training.services.cohort_import import MAX_IMPORT_ROWS, cohort_import

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def course(site_root):
    return build_course(site_root)


def csv_bytes(*rows, header="email,name,agency,region") -> bytes:
    return "\n".join([header, *rows]).encode()


def do_import(cohort, staff, data, capture):
    with capture(execute=True):
        return cohort_import(cohort=cohort, data=data, invited_by=staff)


# --- The cohort and its pair ----------------------------------------------------------


def test_staff_create_a_cohort_led_by_a_co_trainer_pair(cohort, co_trainer):
    assert cohort.child_welfare_trainer == co_trainer
    assert cohort.is_led_by(co_trainer)


def test_the_pair_must_be_two_different_people(course, lived_trainer, staff):
    with pytest.raises(ValidationError) as error:
        build_cohort(
            course, co_trainer=lived_trainer, lived_trainer=lived_trainer, staff=staff
        )
    assert "two different people" in str(error.value)
    assert not Cohort.objects.exists()


def test_the_lived_experience_trainer_must_have_lived_experience(
    course, co_trainer, user_factory, staff
):
    other = user_factory(role=Role.CO_TRAINER)

    with pytest.raises(ValidationError) as error:
        build_cohort(course, co_trainer=co_trainer, lived_trainer=other, staff=staff)
    assert "lived_experience_trainer" in error.value.message_dict


def test_trainers_must_hold_the_co_trainer_role(course, trainee, lived_trainer, staff):
    with pytest.raises(ValidationError) as error:
        build_cohort(
            course, co_trainer=trainee, lived_trainer=lived_trainer, staff=staff
        )
    assert "child_welfare_trainer" in error.value.message_dict


def test_a_cohort_with_members_keeps_its_course(
    cohort, trainee, site_root, co_trainer, lived_trainer
):
    services.cohort_member_add(cohort=cohort, user=trainee)
    other = build_course(site_root, code="OTHER")

    with pytest.raises(ValidationError) as error:
        services.cohort_update(
            cohort=cohort,
            name="Renamed",
            kind=cohort.kind,
            course=other,
            child_welfare_trainer=co_trainer,
            lived_experience_trainer=lived_trainer,
        )
    assert "course" in error.value.message_dict
    cohort.refresh_from_db()
    assert cohort.name == "North cohort"


# --- Members --------------------------------------------------------------------------


def test_a_member_is_enrolled_in_the_cohort_course_once(cohort, trainee):
    services.cohort_member_add(cohort=cohort, user=trainee)
    services.cohort_member_add(cohort=cohort, user=trainee)

    assert CohortMembership.objects.filter(cohort=cohort, user=trainee).count() == 1
    enrolment = Enrolment.objects.get(user=trainee)
    assert (enrolment.course_id, enrolment.cohort_id) == (cohort.course_id, cohort.pk)


def test_only_trainees_join_a_course_cohort(cohort, editor, user_factory):
    for person in (editor, user_factory(role=Role.CO_TRAINER)):
        with pytest.raises(ValidationError):
            services.cohort_member_add(cohort=cohort, user=person)
    assert not CohortMembership.objects.exists()


def test_a_train_the_trainer_cohort_takes_co_trainers_but_not_its_own_pair(
    course, co_trainer, lived_trainer, user_factory, staff
):
    cohort = build_cohort(
        course,
        co_trainer=co_trainer,
        lived_trainer=lived_trainer,
        staff=staff,
        kind=Cohort.Kind.TRAIN_THE_TRAINER,
    )
    learner = user_factory(role=Role.CO_TRAINER)

    services.cohort_member_add(cohort=cohort, user=learner)
    with pytest.raises(ValidationError, match="co-trains"):
        services.cohort_member_add(cohort=cohort, user=co_trainer)
    assert list(cohort.members.all()) == [learner]


def test_accepting_a_cohort_invitation_joins_the_cohort_and_its_course(
    cohort, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        account_services.invitation_create(
            email="new@example.com", role=Role.TRAINEE, invited_by=staff, cohort=cohort
        )
    token = mail.outbox[-1].body.split("/invite/")[1].split("/")[0]

    user = account_services.invitation_accept(
        token=token, full_name="Nia New", password="a-long-unusual-passphrase"
    )

    assert list(user.cohorts.all()) == [cohort]
    assert Enrolment.objects.get(user=user).cohort == cohort


def test_cohort_invitations_are_for_trainees(cohort, staff):
    with pytest.raises(ValidationError) as error:
        account_services.invitation_create(
            email="x@example.com", role=Role.EDITOR, invited_by=staff, cohort=cohort
        )
    assert "role" in error.value.message_dict
    assert not Invitation.objects.exists()


# --- Sessions and attendance ----------------------------------------------------------


def test_a_session_needs_a_place_or_a_link_and_ends_after_it_starts(cohort):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError):
        services.session_create(
            cohort=cohort, title="Day 1", starts_at=start, ends_at=start + timedelta(1)
        )
    with pytest.raises(ValidationError):
        services.session_create(
            cohort=cohort, title="Day 1", starts_at=start, ends_at=start, place="Room"
        )
    assert not CohortSession.objects.exists()


@pytest.fixture
def session(cohort, trainee, trainee2):
    for person in (trainee, trainee2):
        services.cohort_member_add(cohort=cohort, user=person)
    start = timezone.now() + timedelta(days=3)
    return services.session_create(
        cohort=cohort,
        title="Day 1",
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place="Room B",
    )


def test_attendance_is_upserted_and_names_who_changed_it(
    session, trainee, trainee2, co_trainer, lived_trainer
):
    P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, "excused"
    services.attendance_record(
        session=session,
        statuses={trainee.pk: P, trainee2.pk: A},
        recorded_by=co_trainer,
    )

    changed = services.attendance_record(
        session=session,
        statuses={trainee.pk: P, trainee2.pk: E},
        recorded_by=lived_trainer,
    )

    assert changed == 1
    marks = {a.user_id: a for a in Attendance.objects.filter(session=session)}
    assert len(marks) == 2
    assert (marks[trainee.pk].status, marks[trainee.pk].recorded_by) == (P, co_trainer)
    assert (marks[trainee2.pk].status, marks[trainee2.pk].recorded_by) == (
        E,
        lived_trainer,
    )


def test_attendance_refuses_non_members_and_unknown_statuses(
    session, trainee, outsider, co_trainer
):
    with pytest.raises(ValidationError, match="members"):
        services.attendance_record(
            session=session, statuses={outsider.pk: "present"}, recorded_by=co_trainer
        )
    with pytest.raises(ValidationError):
        services.attendance_record(
            session=session, statuses={trainee.pk: "asleep"}, recorded_by=co_trainer
        )
    assert not Attendance.objects.exists()


# --- CSV import -----------------------------------------------------------------------


def test_import_enrols_existing_trainees_and_invites_new_people(
    cohort, staff, trainee, django_capture_on_commit_callbacks
):
    data = csv_bytes(
        f"{trainee.email.upper()},Tess Trainee,Cedar County,North",
        "ana.ruiz@example.org,Ana Ruiz,Maple County,South",
        "",
        "bo.li@example.org,Bo Li",  # empty cells at the end left out
    )

    summary = do_import(cohort, staff, data, django_capture_on_commit_callbacks)

    assert summary.enrolled == [trainee]
    assert [i.email for i in summary.invited] == [
        "ana.ruiz@example.org",
        "bo.li@example.org",
    ]
    assert Enrolment.objects.get(user=trainee).cohort == cohort
    ana = Invitation.objects.get(email="ana.ruiz@example.org")
    assert (ana.role, ana.cohort, ana.full_name, ana.agency, ana.region) == (
        Role.TRAINEE,
        cohort,
        "Ana Ruiz",
        "Maple County",
        "South",
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ana.ruiz@example.org",
        "bo.li@example.org",
    ]


def test_importing_the_same_file_again_changes_nothing(
    cohort, staff, trainee, django_capture_on_commit_callbacks
):
    data = csv_bytes(
        f"{trainee.email},Tess Trainee,,", "ana.ruiz@example.org,Ana Ruiz,,"
    )
    do_import(cohort, staff, data, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    again = do_import(cohort, staff, data, django_capture_on_commit_callbacks)

    assert (again.enrolled, again.invited) == ([], [])
    assert again.already_members == [trainee]
    assert [i.email for i in again.already_invited] == ["ana.ruiz@example.org"]
    assert len(mail.outbox) == sent
    assert Invitation.objects.count() == 1


def test_a_file_with_one_bad_row_is_refused_whole_with_a_report_per_row(
    cohort, staff, trainee, co_trainer, django_capture_on_commit_callbacks
):
    data = csv_bytes(
        "good.one@example.org,Good One,Cedar,North",  # row 2
        f"{trainee.email},Tess Trainee,,",  # row 3: fine on its own
        "not-an-email,Bad Email,,",  # row 4
        "no.name@example.org,,,",  # row 5
        "good.one@example.org,Good Again,,",  # row 6: duplicate of row 2
        f"long@example.org,{'x' * 151},,",  # row 7
        f"{co_trainer.email},Cora Trainer,,",  # row 8: not a trainee
        "too,many,values,in,this,row",  # row 9
    )

    with pytest.raises(CsvImportError) as error:
        do_import(cohort, staff, data, django_capture_on_commit_callbacks)

    assert "Nobody was imported" in error.value.messages[0]
    report = {(e.row, e.column) for e in error.value.row_errors}
    assert {(4, "email"), (5, "name"), (6, "email"), (7, "name")} <= report
    assert {(8, "email"), (9, "")} <= report
    assert {e.row for e in error.value.row_errors} == {4, 5, 6, 7, 8, 9}
    assert [e.row for e in error.value.row_errors] == sorted(
        e.row for e in error.value.row_errors
    )
    assert not Invitation.objects.exists()
    assert not CohortMembership.objects.exists()
    assert not Enrolment.objects.exists()
    assert not mail.outbox


def test_an_existing_account_that_is_not_a_trainee_refuses_the_file(
    cohort, staff, editor, django_capture_on_commit_callbacks
):
    data = csv_bytes("ok@example.org,Ok,,", f"{editor.email},Eddie Editor,,")

    with pytest.raises(CsvImportError) as error:
        do_import(cohort, staff, data, django_capture_on_commit_callbacks)

    [problem] = error.value.row_errors
    assert (problem.row, problem.column) == (3, "email")
    assert "not a trainee" in problem.message
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_someone_invited_elsewhere_refuses_the_file(
    cohort, staff, django_capture_on_commit_callbacks
):
    account_services.invitation_create(
        email="elsewhere@example.org", role=Role.TRAINEE, invited_by=staff
    )

    with pytest.raises(CsvImportError) as error:
        do_import(
            cohort,
            staff,
            csv_bytes("new@example.org,New,,", "elsewhere@example.org,Else,,"),
            django_capture_on_commit_callbacks,
        )

    assert "Withdraw it" in error.value.row_errors[0].message
    assert Invitation.objects.count() == 1


def test_columns_may_come_in_any_order_with_a_byte_order_mark(
    cohort, staff, django_capture_on_commit_callbacks
):
    data = "\ufeffName, Email ,REGION,agency\r\nAna Ruiz,ana@example.org,N,C\r\n"

    summary = do_import(
        cohort, staff, data.encode(), django_capture_on_commit_callbacks
    )

    invitation = summary.invited[0]
    assert (invitation.email, invitation.region, invitation.agency) == (
        "ana@example.org",
        "N",
        "C",
    )


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"ana@example.org,Ana,C,N\n", "header"),
        (b"email,name\nana@example.org,Ana\n", "must name the columns"),
        (b"email,name,agency,region,phone\n", "must name the columns"),
        (b"email;name;agency;region\na@x.org;A;;\n", "semicolons"),
        (b"email,name,agency,region\n", "no rows below"),
        ("email,name,agency,region\nz@x.org,Zoë,,\n".encode("utf-16"), "UTF-8"),
        ("email,name,agency,region\nz@x.org,Zoë,,\n".encode("latin-1"), "UTF-8"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xa0\xff", "UTF-8"),
        (b"email,name,agency,region\n" + b"a" * 1_000_001, "larger than"),
    ],
    ids=[
        "empty",
        "no-header",
        "missing-columns",
        "extra-column",
        "semicolons",
        "no-rows",
        "utf-16",
        "latin-1",
        "excel-workbook",
        "huge",
    ],
)
def test_a_file_of_the_wrong_shape_gets_a_clear_message_and_creates_nothing(
    cohort, staff, data, message, django_capture_on_commit_callbacks
):
    with pytest.raises(CsvImportError) as error:
        do_import(cohort, staff, data, django_capture_on_commit_callbacks)

    assert message in error.value.messages[0]
    assert not Invitation.objects.exists()


def test_too_many_rows_are_refused(cohort, staff, django_capture_on_commit_callbacks):
    rows = [f"p{n}@example.org,P {n},," for n in range(MAX_IMPORT_ROWS + 1)]

    with pytest.raises(CsvImportError, match="more than"):
        do_import(cohort, staff, csv_bytes(*rows), django_capture_on_commit_callbacks)
    assert not Invitation.objects.exists()
