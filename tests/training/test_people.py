"""People management by program staff: roles, deactivation, details and
supervisors, every change audited; the refusals (themself, loops, own staff role,
deactivating oneself) and the denial for every other role, in views and services."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from training import rules
from training.models import PersonChange
from training.roles import Role
from training.services import people as services

pytestmark = pytest.mark.django_db
User = get_user_model()
Field = PersonChange.Field
PASSWORD = "correct horse battery staple"


@pytest.fixture
def boss(user_factory):
    return user_factory(full_name="Bea Boss", agency="Cedar County")


def roles_of(user):
    return set(user.groups.values_list("name", flat=True))


def update(actor, person, **changes):
    values = {
        "full_name": person.full_name,
        "agency": person.agency,
        "region": person.region,
        "supervisor": person.supervisor,
        "roles": roles_of(person),
        **changes,
    }
    return services.person_update(actor=actor, person=person, **values)


# --- Rules ----------------------------------------------------------------------------


def test_a_chain_that_comes_back_to_its_start_is_a_loop():
    current = {2: 3, 3: 4}  # 2 → 3 → 4
    assert rules.supervisor_loops(current, {4: 2}) == {4}
    assert rules.supervisor_loops(current, {4: 5}) == set()
    assert rules.supervisor_loops(current, {1: 1}) == {1}
    assert rules.supervisor_loops(current, {3: None}) == set()


# --- Services -------------------------------------------------------------------------


def test_staff_change_details_roles_and_supervisor_and_each_change_is_audited(
    staff, trainee, boss
):
    changes = update(
        staff,
        trainee,
        full_name="Tess T. Trainee",
        agency="Birch County",
        region="South",
        supervisor=boss,
        roles={Role.TRAINEE, Role.CO_TRAINER},
    )

    trainee.refresh_from_db()
    assert (trainee.full_name, trainee.agency, trainee.region) == (
        "Tess T. Trainee",
        "Birch County",
        "South",
    )
    assert trainee.supervisor == boss
    assert roles_of(trainee) == {Role.TRAINEE, Role.CO_TRAINER}
    assert {c.field for c in changes} == {
        Field.FULL_NAME,
        Field.AGENCY,
        Field.REGION,
        Field.SUPERVISOR,
        Field.ROLES,
    }
    roles_change = PersonChange.objects.get(person=trainee, field=Field.ROLES)
    assert roles_change.changed_by == staff
    assert (roles_change.before, roles_change.after) == (
        "Trainee",
        "Co-trainer, Trainee",
    )
    assert "Bea Boss" in PersonChange.objects.get(field=Field.SUPERVISOR).after


def test_saving_without_a_difference_records_nothing(staff, trainee):
    assert update(staff, trainee) == []
    assert not PersonChange.objects.exists()


@pytest.mark.parametrize("role", ["trainee", "co_trainer", "editor", "outsider"])
def test_only_program_staff_manage_people_in_the_services(
    request, role, trainee2, boss
):
    actor = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        update(actor, trainee2, supervisor=boss)
    with pytest.raises(PermissionDenied):
        services.person_set_active(actor=actor, person=trainee2, active=False)
    with pytest.raises(PermissionDenied):
        services.supervisors_assign(actor=actor, assignments={trainee2: boss})
    trainee2.refresh_from_db()
    assert trainee2.is_active and trainee2.supervisor is None
    assert not PersonChange.objects.exists()


def test_a_person_cannot_be_their_own_supervisor(staff, trainee):
    with pytest.raises(ValidationError, match="their own supervisor"):
        update(staff, trainee, supervisor=trainee, agency="Changed")
    trainee.refresh_from_db()
    assert trainee.supervisor is None and trainee.agency == ""
    assert not PersonChange.objects.exists()


def test_a_loop_of_supervisors_is_refused_and_nothing_changes(
    staff, trainee, trainee2, boss
):
    services.supervisors_assign(actor=staff, assignments={trainee: trainee2})
    services.supervisors_assign(actor=staff, assignments={trainee2: boss})
    before = PersonChange.objects.count()

    with pytest.raises(ValidationError, match="loop of supervisors"):
        update(staff, boss, supervisor=trainee, region="North")

    boss.refresh_from_db()
    assert boss.supervisor is None and boss.region == ""
    assert PersonChange.objects.count() == before
    with pytest.raises(ValidationError, match="loop"):
        services.supervisors_assign(actor=staff, assignments={boss: trainee})


def test_a_deactivated_person_cannot_become_a_supervisor(staff, trainee, boss):
    services.person_set_active(actor=staff, person=boss, active=False)
    boss.refresh_from_db()
    with pytest.raises(ValidationError, match="deactivated"):
        update(staff, trainee, supervisor=boss)


def test_staff_cannot_remove_their_own_staff_role(staff):
    with pytest.raises(ValidationError, match="own program staff role"):
        update(staff, staff, roles={Role.TRAINEE})
    assert roles_of(staff) == {Role.PROGRAM_STAFF}


def test_staff_may_add_roles_to_themselves(staff):
    update(staff, staff, roles={Role.PROGRAM_STAFF, Role.EDITOR})
    assert roles_of(staff) == {Role.PROGRAM_STAFF, Role.EDITOR}


def test_staff_cannot_deactivate_themselves(staff):
    with pytest.raises(ValidationError, match="cannot deactivate yourself"):
        services.person_set_active(actor=staff, person=staff, active=False)
    staff.refresh_from_db()
    assert staff.is_active


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_history(
    staff, trainee, client
):
    client.force_login(trainee)
    services.person_set_active(actor=staff, person=trainee, active=False)

    assert client.get("/people/").wsgi_request.user.is_anonymous  # session ended
    assert not client.login(email=trainee.email, password=PASSWORD)
    response = client.post(
        "/accounts/login/", {"login": trainee.email, "password": PASSWORD}
    )
    assert not response.wsgi_request.user.is_authenticated
    assert User.objects.filter(pk=trainee.pk).exists()
    change = PersonChange.objects.get(person=trainee)
    assert (change.field, change.before, change.after) == (
        Field.ACTIVE,
        "Active",
        "Deactivated",
    )

    services.person_set_active(actor=staff, person=trainee, active=True)
    assert client.login(email=trainee.email, password=PASSWORD)
    assert PersonChange.objects.filter(person=trainee).count() == 2


# --- Views ----------------------------------------------------------------------------


def test_the_people_page_links_each_person_and_shows_supervisor_and_status(
    client_for, staff, trainee, boss
):
    services.supervisors_assign(actor=staff, assignments={trainee: boss})
    services.person_set_active(actor=staff, person=boss, active=False)

    page = client_for(staff).get("/people/").content.decode()

    assert f'href="/people/{trainee.pk}/"' in page
    assert "Bea Boss" in page and "Deactivated" in page


def test_staff_edit_a_person_on_their_page_and_see_the_change_history(
    client_for, staff, trainee, boss
):
    client = client_for(staff)
    response = client.post(
        f"/people/{trainee.pk}/",
        {
            "full_name": "Tess Trainee",
            "agency": "Birch County",
            "region": "",
            "supervisor_email": boss.email.upper(),
            "roles": [Role.TRAINEE, Role.CO_TRAINER],
        },
    )
    assert response.status_code == HTTPStatus.FOUND

    page = client.get(f"/people/{trainee.pk}/").content.decode()
    assert "Birch County" in page and "Stacy Staff" in page
    assert page.count("<tr>") >= 4  # header + agency, supervisor, roles
    trainee.refresh_from_db()
    assert trainee.supervisor == boss


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("self", "their own supervisor"),
        ("nobody@example.com", "Nobody has the address"),
        ("not-an-email", "valid email"),
    ],
)
def test_a_bad_supervisor_on_the_form_is_refused_with_a_message(
    client_for, staff, trainee, email, message
):
    response = client_for(staff).post(
        f"/people/{trainee.pk}/",
        {
            "full_name": "Changed Name",
            "supervisor_email": trainee.email if email == "self" else email,
            "roles": [Role.TRAINEE],
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert message in response.content.decode()
    trainee.refresh_from_db()
    assert trainee.full_name == "Tess Trainee" and trainee.supervisor is None


def test_staff_removing_their_own_staff_role_on_the_form_gets_a_message(
    client_for, staff
):
    response = client_for(staff).post(
        f"/people/{staff.pk}/",
        {"full_name": "Stacy Staff", "roles": [Role.TRAINEE]},
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "own program staff role" in response.content.decode()
    assert roles_of(staff) == {Role.PROGRAM_STAFF}


def test_staff_deactivate_and_reactivate_from_the_person_page(
    client_for, staff, trainee
):
    client = client_for(staff)
    client.post(f"/people/{trainee.pk}/deactivate/")
    trainee.refresh_from_db()
    assert not trainee.is_active
    assert "Reactivate" in client.get(f"/people/{trainee.pk}/").content.decode()

    client.post(f"/people/{trainee.pk}/reactivate/")
    trainee.refresh_from_db()
    assert trainee.is_active


def test_staff_deactivating_themselves_get_a_message(client_for, staff):
    response = client_for(staff).post(f"/people/{staff.pk}/deactivate/", follow=True)
    assert "cannot deactivate yourself" in response.content.decode()
    staff.refresh_from_db()
    assert staff.is_active


@pytest.mark.parametrize("role", ["trainee", "co_trainer", "editor", "outsider"])
def test_no_other_role_opens_or_changes_a_person(request, client_for, role, trainee2):
    client = client_for(request.getfixturevalue(role))
    assert client.get(f"/people/{trainee2.pk}/").status_code == HTTPStatus.FORBIDDEN
    for action in ("", "deactivate/", "reactivate/"):
        response = client.post(
            f"/people/{trainee2.pk}/{action}",
            {"full_name": "X", "roles": [Role.PROGRAM_STAFF]},
        )
        assert response.status_code == HTTPStatus.FORBIDDEN
    trainee2.refresh_from_db()
    assert trainee2.is_active and trainee2.full_name == "Theo Trainee"
    assert roles_of(trainee2) == {Role.TRAINEE}


def test_anonymous_visitors_are_sent_to_sign_in(client, trainee):
    response = client.get(f"/people/{trainee.pk}/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_an_unknown_person_is_404(client_for, staff):
    assert client_for(staff).get("/people/999999/").status_code == HTTPStatus.NOT_FOUND


def test_the_person_page_costs_the_same_queries_with_a_long_history_and_team(
    client_for, staff, trainee, user_factory, django_assert_max_num_queries
):
    client = client_for(staff)
    url = f"/people/{trainee.pk}/"
    boss = user_factory()
    update(staff, trainee, agency="A", supervisor=boss)
    services.supervisors_assign(actor=staff, assignments={user_factory(): trainee})
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for n in range(30):
        update(staff, trainee, agency=f"Agency {n}", region=f"Region {n}")
        services.supervisors_assign(actor=staff, assignments={user_factory(): trainee})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Agency 2") >= 10
