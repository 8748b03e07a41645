"""Roles and "supervises anyone" are kept in the shared cache (training/roles.py),
and a warm lesson page finds its kept main part without a query: every change of
a role, a group, a supervisor or an enrolment is still seen on the very next
request."""

from http import HTTPStatus

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation

from tests.content.builders import make_course
from training import permissions
from training.models import Enrolment
from training.roles import Role, user_roles
from training.services import people

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it (nothing kept on the object)."""
    return get_user_model().objects.get(pk=user.pk)


def nav(client) -> str:
    """The header's role tags and menu."""
    page = BeautifulSoup(client.get("/learn/").content, "html.parser")
    return " ".join(
        tag.get_text(" ", strip=True)
        for tag in page.select(".site-header .role-tag, .site-nav")
    )


def test_roles_are_read_from_the_cache_on_the_next_request(
    trainee, django_assert_num_queries
):
    user_roles(fresh(trainee))
    again = fresh(trainee)
    with django_assert_num_queries(0):
        assert user_roles(again) == {Role.TRAINEE}


def test_a_granted_role_is_seen_at_once(trainee, client_for):
    client = client_for(trainee)
    assert "Co-trainer" not in nav(client)
    assert Role.CO_TRAINER not in user_roles(fresh(trainee))

    trainee.groups.add(Group.objects.get(name=Role.CO_TRAINER))

    assert Role.CO_TRAINER in user_roles(fresh(trainee))
    assert "Co-trainer" in nav(client)


def test_a_removed_role_is_seen_at_once(trainee, client_for):
    client = client_for(trainee)
    assert "Trainee" in nav(client)

    trainee.groups.remove(Group.objects.get(name=Role.TRAINEE))

    assert user_roles(fresh(trainee)) == frozenset()
    assert "Trainee" not in nav(client)


def test_a_role_granted_from_the_group_side_is_seen_at_once(trainee):
    user_roles(fresh(trainee))
    Group.objects.get(name=Role.EDITOR).user_set.add(trainee)
    assert Role.EDITOR in user_roles(fresh(trainee))

    Group.objects.get(name=Role.EDITOR).user_set.clear()
    assert Role.EDITOR not in user_roles(fresh(trainee))


def test_roles_changed_by_staff_are_seen_at_once(staff, trainee):
    user_roles(fresh(trainee))
    people.person_update(
        actor=staff,
        person=trainee,
        full_name=trainee.full_name,
        agency=trainee.agency,
        region=trainee.region,
        supervisor=None,
        roles={Role.CO_TRAINER},
    )
    assert user_roles(fresh(trainee)) == {Role.CO_TRAINER}


def test_a_renamed_group_is_seen_at_once(trainee):
    user_roles(fresh(trainee))
    group = Group.objects.get(name=Role.TRAINEE)
    group.name = "Former trainees"
    group.save()
    assert user_roles(fresh(trainee)) == {"Former trainees"}


def test_a_new_supervisor_is_seen_at_once(staff, trainee, trainee2, client_for):
    client = client_for(trainee2)
    assert "My team" not in nav(client)
    assert not permissions.has_team(fresh(trainee2))

    trainee.supervisor = trainee2
    trainee.save()

    assert permissions.has_team(fresh(trainee2))
    assert "My team" in nav(client)

    trainee.supervisor = None
    trainee.save(update_fields=["supervisor"])
    assert not permissions.has_team(fresh(trainee2))
    assert "My team" not in nav(client)


def test_supervisors_assigned_together_are_seen_at_once(staff, trainee, trainee2):
    assert not permissions.has_team(fresh(trainee2))
    people.supervisors_assign(actor=staff, assignments={trainee: trainee2})
    assert permissions.has_team(fresh(trainee2))


def test_a_supervisor_whose_team_member_is_deleted_is_seen_at_once(trainee, trainee2):
    trainee.supervisor = trainee2
    trainee.save()
    assert permissions.has_team(fresh(trainee2))

    trainee.delete()
    assert not permissions.has_team(fresh(trainee2))


# --- The lesson page found without a query ------------------------------------------


@pytest.fixture
def course(site_root):
    return make_course(site_root, modules=1, lessons=3, title="YCPRT Skills")


def test_a_warm_lesson_page_asks_only_for_the_session_and_the_user(
    learner, lessons, django_assert_num_queries
):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)  # the visit is recorded
    learner.get(url)  # now the page is kept
    # The tests read sessions from the database (production: from the cache).
    with django_assert_num_queries(2):
        assert learner.get(url).status_code == HTTPStatus.OK


def test_a_lesson_page_after_the_enrolment_is_deleted_goes_to_the_outline(
    learner, trainee, lessons
):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    assert learner.get(url).status_code == HTTPStatus.OK

    Enrolment.objects.filter(user=trainee).delete()

    response = learner.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert "/learn/courses/" in response["Location"]


def test_another_learner_never_gets_a_kept_lesson_page(
    learner, trainee2, client_for, lessons
):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    learner.get(url)

    other = client_for(trainee2)  # not enrolled
    assert other.get(url).status_code == HTTPStatus.FOUND


def test_a_completed_lesson_is_seen_on_the_kept_page_at_once(learner, lessons):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    before = learner.get(url).content

    learner.post(f"/learn/lessons/{lessons[0].pk}/complete/")

    assert learner.get(url).content != before


# --- The whole lesson page kept -------------------------------------------------------


def tokens(html: bytes) -> set[str]:
    page = BeautifulSoup(html, "html.parser")
    return {tag["value"] for tag in page.select("input[name=csrfmiddlewaretoken]")}


def without_tokens(html: bytes) -> str:
    text = html.decode()
    for token in tokens(html):
        text = text.replace(token, "TOKEN")
    return text


def test_the_kept_page_is_the_rendered_page_with_this_requests_token(
    learner, lessons
):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    rendered = learner.get(url).content  # kept from here on
    kept = learner.get(url).content

    assert without_tokens(kept) == without_tokens(rendered)
    assert len(tokens(kept)) == 1  # one token a request, in every form
    assert tokens(kept) != tokens(rendered)


def test_a_form_on_the_kept_page_posts_with_its_token(learner, lessons, client):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    learner.get(url)
    client.handler.enforce_csrf_checks = True
    (token,) = tokens(learner.get(url).content)

    response = learner.post(
        f"/learn/lessons/{lessons[0].pk}/complete/",
        {"csrfmiddlewaretoken": token},
    )
    assert response.status_code == HTTPStatus.FOUND


def test_a_waiting_message_is_shown_on_a_kept_page(learner, lessons):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    learner.get(url)

    learner.post(f"/learn/lessons/{lessons[0].pk}/complete/")  # leaves a message

    page = BeautifulSoup(learner.get(url).content, "html.parser")
    assert "is complete" in page.select_one(".messages").get_text()
    again = BeautifulSoup(learner.get(url).content, "html.parser")
    assert "is complete" not in again.select_one(".messages").get_text()


def test_a_new_name_is_seen_on_the_kept_page_at_once(learner, trainee, lessons):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    learner.get(url)

    trainee.full_name = "Tessa Newname"
    trainee.save()

    assert "Tessa Newname" in learner.get(url).content.decode()


def test_a_new_language_is_seen_on_the_kept_page_at_once(learner, trainee, lessons):
    url = f"/learn/lessons/{lessons[0].pk}/"
    learner.get(url)
    learner.get(url)

    trainee.language = "es"
    trainee.save()

    try:
        assert 'lang="es"' in learner.get(url).content.decode()
    finally:
        translation.deactivate()  # the request left Spanish on for this thread
