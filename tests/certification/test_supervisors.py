"""Supervisors in certification: reminders on the offsets a program marks copy the
supervisor (still exactly once), deactivated people get none, the supervisor's
read-only team pages (own team only, flat query counts), and the supervisor_email
column of the certification import."""

from datetime import date, timedelta
from http import HTTPStatus

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from certification.admin.programs import CertificationProgramViewSet
from certification.models import Certification, CertificationProgram, Reminder
from certification.services import imports
from certification.services.sweep import sweep
from core.csv import CsvImportError
from tests.certification.conftest import issue, make_program
from training.models import PersonChange
from training.services import people

pytestmark = pytest.mark.django_db
Status = Certification.Status
EXPIRY = date(2026, 6, 30)


@pytest.fixture
def program():
    """Reminders at 90, 30, 7, 0 and -7 days; the supervisor copied at 30 and 0.
    Recertification needs evidence nobody here has, so nothing recertifies."""
    return make_program(
        name="PRT Facilitator",
        code="prt-facilitator",
        recert_live_roundtables=2,
        recert_observations=1,
        reminder_offsets=[90, 30, 7, 0, -7],
        staff_copy_offsets=[],
        supervisor_copy_offsets=[30, 0],
    )


@pytest.fixture
def boss(user_factory):
    return user_factory(full_name="Bea Boss", email="bea.boss@example.com")


def certify(user, program, *, expires_on=EXPIRY, today=date(2026, 3, 1)):
    """Issued two years before ``expires_on``, in the state its dates give today."""
    return issue(
        user,
        program,
        issued_on=expires_on - timedelta(days=730),
        today=today,
        expires_on=expires_on,
    )


def supervise(staff, boss, *members):
    people.supervisors_assign(actor=staff, assignments=dict.fromkeys(members, boss))


def run(day, capture):
    with capture(execute=True):
        return sweep(today=day)


def reminders_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "Reminder" in m.subject]


# --- Reminders ------------------------------------------------------------------------


def test_marked_offsets_copy_the_supervisor_exactly_once(
    program, staff, trainee, boss, django_capture_on_commit_callbacks
):
    certify(trainee, program)
    supervise(staff, boss, trainee)

    for offset in (90, 30, 7, 0):
        day = EXPIRY - timedelta(days=offset)
        run(day, django_capture_on_commit_callbacks)
        run(day, django_capture_on_commit_callbacks)  # a retried sweep sends nothing

    sent = reminders_to(trainee)
    assert [m.cc for m in sent] == [[], [boss.email], [], [boss.email]]
    assert "Your supervisor, Bea Boss, received a copy" in sent[1].body
    assert "Bea Boss" not in sent[0].body
    assert Reminder.objects.count() == 4


def test_a_deactivated_supervisor_is_not_copied(
    program, staff, trainee, boss, django_capture_on_commit_callbacks
):
    certify(trainee, program)
    supervise(staff, boss, trainee)
    people.person_set_active(actor=staff, person=boss, active=False)

    run(EXPIRY - timedelta(days=30), django_capture_on_commit_callbacks)

    assert [m.cc for m in reminders_to(trainee)] == [[]]


def test_deactivated_people_get_no_reminders_until_reactivated(
    program, staff, trainee, django_capture_on_commit_callbacks
):
    certify(trainee, program)
    people.person_set_active(actor=staff, person=trainee, active=False)

    run(EXPIRY - timedelta(days=90), django_capture_on_commit_callbacks)
    run(EXPIRY - timedelta(days=30), django_capture_on_commit_callbacks)
    assert reminders_to(trainee) == [] and not Reminder.objects.exists()

    people.person_set_active(actor=staff, person=trainee, active=True)
    run(EXPIRY - timedelta(days=29), django_capture_on_commit_callbacks)
    run(EXPIRY - timedelta(days=29), django_capture_on_commit_callbacks)
    assert len(reminders_to(trainee)) == 1  # only the latest due, once
    assert list(Reminder.objects.values_list("offset_days", flat=True)) == [30]


@pytest.mark.parametrize(("copies", "valid"), [("30, 0", True), ("14", False)])
def test_supervisor_offsets_must_be_among_the_reminders_sent(copies, valid):
    handler = CertificationProgramViewSet.edit_handler.bind_to_model(
        CertificationProgram
    )
    numbers = ("mock", "observed", "co_facilitated", "lead_facilitated")
    form = handler.get_form_class()(
        data={
            "name": "Test program",
            "code": "test-program",
            **{f"required_{kind}": 1 for kind in numbers},
            "completion_window_months": 6,
            "validity_months": 24,
            "expiry_anchor": "previous_expiry",
            "grace_expiry_anchor": "completion",
            "minimum_active_months": 6,
            "counting_from": "window",
            "window_days": 90,
            "grace_days": 30,
            "recert_live_roundtables": 2,
            "recert_observations": 1,
            "calibration_min_kappa": "0.60",
            "calibration_validity_months": 12,
            "reminder_offsets": "90, 30, 0",
            "supervisor_copy_offsets": copies,
        }
    )
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["supervisor_copy_offsets"] == [30, 0]
    else:
        assert "supervisor_copy_offsets" in form.errors


# --- Team pages -----------------------------------------------------------------------


def test_a_supervisor_sees_their_team_status_and_next_deadline(
    client_for, program, staff, trainee, trainee2, boss
):
    certify(trainee, program, today=date(2026, 5, 1))
    supervise(staff, boss, trainee, trainee2)

    page = client_for(boss).get("/certification/team/").content.decode()

    assert "Tess Trainee" in page and "Theo Trainee" in page
    assert "Recertify by" in page and "June 30, 2026" in page
    assert "No certification started." in page
    assert 'href="/certification/team/"' in page  # the menu shows "My team"
    member = client_for(boss).get(f"/certification/team/{trainee.pk}/")
    assert member.status_code == HTTPStatus.OK
    assert "Recertification checklist" in member.content.decode()
    main = member.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "<form" not in main  # read-only: only the page's footer has a form


def test_someone_without_a_team_sees_an_empty_page_and_no_menu_link(
    client_for, trainee
):
    page = client_for(trainee).get("/certification/team/").content.decode()
    assert "Nobody has you as their supervisor" in page
    assert "My team</a>" not in page


@pytest.mark.parametrize(
    "viewer", ["trainee2", "co_trainer", "staff", "editor", "outsider", "other_boss"]
)
def test_anyone_but_the_supervisor_gets_404_for_a_team_member(
    request, client_for, staff, trainee, boss, user_factory, viewer
):
    supervise(staff, boss, trainee)
    if viewer == "other_boss":
        other = user_factory()
        supervise(staff, other, request.getfixturevalue("trainee2"))
        person = other
    else:
        person = request.getfixturevalue(viewer)

    response = client_for(person).get(f"/certification/team/{trainee.pk}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = client_for(person).get("/certification/team/").content.decode()
    assert "Tess Trainee" not in page


def test_the_team_pages_need_sign_in(client, trainee):
    for url in ("/certification/team/", f"/certification/team/{trainee.pk}/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.FOUND
        assert "/accounts/login/" in response["Location"]


def test_the_team_pages_cost_the_same_queries_as_the_team_grows(
    client_for, program, staff, boss, user_factory, django_assert_max_num_queries
):
    first = user_factory()
    certify(first, program)
    supervise(staff, boss, first)
    client = client_for(boss)
    urls = ("/certification/team/", f"/certification/team/{first.pk}/")
    counts = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(50) as queries:
            client.get(url)
        counts[url] = len(queries.captured_queries)

    team = [user_factory() for _ in range(25)]
    for n, member in enumerate(team):
        certify(member, program, expires_on=EXPIRY + timedelta(days=n))
    other = make_program(name="Co-trainer", code="co")
    certify(first, other)
    supervise(staff, boss, *team)
    # A new team member makes the next page read the boss's roles and team again
    # (kept per person, training/roles.py); compare warm with warm.
    client.get(urls[0])

    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            response = client.get(url)
        assert response.status_code == HTTPStatus.OK
    assert client.get(urls[0]).content.decode().count("/certification/team/") >= 26


# --- The certification import ---------------------------------------------------------


def csv_file(*rows) -> bytes:
    return "\n".join(["email,program,issued_on,supervisor_email", *rows]).encode()


def test_the_import_sets_supervisors_from_the_optional_column(
    program, staff, trainee, trainee2, boss
):
    imports.certifications_import(
        data=csv_file(
            f"{trainee.email},{program.code},2025-01-10,{boss.email.upper()}",
            f"{trainee2.email},{program.code},2025-01-10,",
        ),
        imported_by=staff,
        today=date(2025, 6, 1),
    )

    trainee.refresh_from_db()
    trainee2.refresh_from_db()
    assert trainee.supervisor == boss and trainee2.supervisor is None
    change = PersonChange.objects.get(person=trainee)
    assert change.note == "Certification import" and change.changed_by == staff


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("self", "their own supervisor"),
        ("loop", "loop of supervisors"),
        ("ghost@example.com", "Nobody has the address"),
    ],
)
def test_a_bad_supervisor_refuses_the_whole_import(
    program, staff, trainee, trainee2, boss, cell, message
):
    supervise(staff, trainee, boss)  # boss is supervised by trainee
    value = {"self": trainee.email, "loop": boss.email}.get(cell, cell)
    with pytest.raises(CsvImportError) as refused:
        imports.certifications_import(
            data=csv_file(
                f"{trainee2.email},{program.code},2025-01-10,",
                f"{trainee.email},{program.code},2025-01-10,{value}",
            ),
            imported_by=staff,
            today=date(2025, 6, 1),
        )
    [problem] = refused.value.row_errors
    assert (problem.row, problem.column) == (3, "supervisor_email")
    assert message in problem.message
    assert not Certification.objects.exists()
    trainee.refresh_from_db()
    assert trainee.supervisor is None


def test_two_rows_of_one_person_must_name_the_same_supervisor(
    program, staff, trainee, boss, user_factory
):
    other_program = make_program(name="Co-trainer", code="co")
    with pytest.raises(CsvImportError) as refused:
        imports.certifications_import(
            data=csv_file(
                f"{trainee.email},{program.code},2025-01-10,{boss.email}",
                f"{trainee.email},{other_program.code},2025-01-10,"
                f"{user_factory().email}",
            ),
            imported_by=staff,
            today=date(2025, 6, 1),
        )
    assert "another supervisor" in refused.value.row_errors[0].message


@pytest.mark.parametrize("role", ["trainee2", "co_trainer", "editor", "outsider"])
def test_only_staff_set_supervisors_through_the_import(
    request, program, trainee, boss, role
):
    with pytest.raises(PermissionDenied):
        imports.certifications_import(
            data=csv_file(f"{trainee.email},{program.code},2025-01-10,{boss.email}"),
            imported_by=request.getfixturevalue(role),
            today=date(2025, 6, 1),
        )
    assert not Certification.objects.exists()
