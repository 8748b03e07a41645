import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from training.models import Invitation
from training.roles import Role

pytestmark = pytest.mark.django_db
User = get_user_model()
NEW_PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def invite(client_for, staff, django_capture_on_commit_callbacks):
    """Send an invitation as staff; returns (invitation, link path from the email)."""

    def send(email="new.person@example.com", role=Role.TRAINEE, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(staff).post("/people/", {"email": email, "role": role, **extra})
        invitation = Invitation.objects.get(email=email)
        link = re.search(r"https?://[^/\s]+(/invite/[^/\s]+/)", mail.outbox[-1].body)
        return invitation, link.group(1)

    return send


def test_staff_invite_someone_by_email_into_a_role(invite):
    invitation, link = invite(full_name="Nia Newcomer", agency="Cedar County")

    assert invitation.role == Role.TRAINEE
    message = mail.outbox[-1]
    assert message.to == ["new.person@example.com"]
    assert link in message.alternatives[0][0]  # the HTML part has the link too
    token = link.split("/")[2]
    assert token not in invitation.token_hash  # only a hash is stored


def test_the_invitee_sets_a_password_and_joins_in_that_role(invite, client):
    client.logout()
    _, link = invite(email="joiner@example.com", role=Role.CO_TRAINER)

    response = client.post(
        link,
        {
            "full_name": "Jo Joiner",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    user = User.objects.get(email="joiner@example.com")
    assert user.full_name == "Jo Joiner"
    assert list(user.groups.values_list("name", flat=True)) == [Role.CO_TRAINER]
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified
    assert client.get("/people/").wsgi_request.user == user  # signed in


def test_a_link_works_only_once(invite, client):
    client.logout()
    _, link = invite()
    form = {"full_name": "A", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    client.post(link, form)
    client.logout()

    again = client.post(link, {**form, "full_name": "B"})

    assert again.status_code == HTTPStatus.GONE
    assert User.objects.get(email="new.person@example.com").full_name == "A"


def test_an_expired_link_is_refused_and_creates_nothing(invite, client):
    client.logout()
    invitation, link = invite()
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()

    response = client.post(
        link,
        {"full_name": "Late", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.GONE
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_an_unknown_link_is_refused(client):
    assert client.get("/invite/not-a-real-token/").status_code == HTTPStatus.GONE


@pytest.mark.parametrize(
    "form, field",
    [
        (
            {"full_name": "X", "password1": NEW_PASSWORD, "password2": "different"},
            "password2",
        ),
        ({"full_name": "X", "password1": "123", "password2": "123"}, "password1"),
        (
            {"full_name": "", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            "full_name",
        ),
    ],
)
def test_bad_passwords_and_names_are_explained_and_create_nothing(
    invite, client, form, field
):
    client.logout()
    _, link = invite()

    response = client.post(link, form)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors[field]
    assert not User.objects.filter(email="new.person@example.com").exists()


def test_inviting_an_existing_account_is_refused(client_for, staff, trainee):
    response = client_for(staff).post(
        "/people/", {"email": trainee.email.upper(), "role": Role.TRAINEE}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "already has an account" in str(response.context["form"].errors["email"])
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_inviting_an_address_twice_is_refused(invite, client_for, staff):
    invite()

    response = client_for(staff).post(
        "/people/", {"email": "new.person@example.com", "role": Role.EDITOR}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "already been invited" in str(response.context["form"].errors["email"])
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"email": "not-an-email", "role": Role.TRAINEE},
        {"email": "ok@example.com", "role": "Emperor"},
        {"email": "", "role": Role.TRAINEE},
    ],
)
def test_malformed_invitations_are_refused(client_for, staff, data):
    response = client_for(staff).post("/people/", data)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors
    assert not Invitation.objects.exists()


def test_resending_replaces_the_link(
    invite, client_for, staff, client, django_capture_on_commit_callbacks
):
    invitation, old_link = invite()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(staff).post(f"/people/invitations/{invitation.pk}/resend/")
    new_link = re.search(r"(/invite/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.logout()

    assert new_link != old_link
    assert client.get(old_link).status_code == HTTPStatus.GONE
    assert client.get(new_link).status_code == HTTPStatus.OK


def test_revoking_kills_the_link(invite, client_for, staff, client):
    invitation, link = invite()

    client_for(staff).post(f"/people/invitations/{invitation.pk}/revoke/")
    client.logout()

    assert client.get(link).status_code == HTTPStatus.GONE


@pytest.mark.parametrize("persona", ["trainee", "co_trainer", "editor", "outsider"])
def test_only_program_staff_see_people_and_invite(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))

    assert client.get("/people/").status_code == HTTPStatus.FORBIDDEN
    assert (
        client.post(
            "/people/", {"email": "x@example.com", "role": Role.PROGRAM_STAFF}
        ).status_code
        == HTTPStatus.FORBIDDEN
    )
    assert not Invitation.objects.exists()


def test_others_cannot_resend_or_revoke(invite, client_for, trainee):
    invitation, _ = invite()
    client = client_for(trainee)

    assert (
        client.post(f"/people/invitations/{invitation.pk}/revoke/").status_code
        == HTTPStatus.FORBIDDEN
    )
    invitation.refresh_from_db()
    assert invitation.is_open


def test_anonymous_people_are_sent_to_login(client):
    response = client.get("/people/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=/people/")


def test_the_people_page_costs_the_same_queries_for_10_or_200_people(
    client_for, staff, user_factory, django_assert_max_num_queries
):
    client = client_for(staff)
    for _ in range(10):
        user_factory(role=Role.TRAINEE)
    with django_assert_max_num_queries(12) as few:
        client.get("/people/")
    for _ in range(190):
        user_factory(role=Role.TRAINEE)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/people/").status_code == HTTPStatus.OK
