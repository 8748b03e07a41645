"""Rubric versions: the seeded Facilitator Trainee Tool, publishing, new versions that
never change scored observations, and the Wagtail admin that refuses to edit a
published version."""

import pytest
import yaml
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from certification import demo_rubrics
from certification import initial as certification_initial
from certification.models import Rubric, RubricItem
from certification.services import rubrics as services
from tests.certification.conftest import (
    build_cohort,
    build_mock,
    build_rubric,
    open_live,
)

pytestmark = pytest.mark.django_db

ADMIN = "/admin/snippets/certification/rubric/"


class Out:
    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line)


def test_the_trainee_tool_is_seeded_once_as_published_version_one():
    out = Out()
    certification_initial.install(stdout=out)
    certification_initial.install(stdout=out)
    rubric = Rubric.objects.get()
    assert (rubric.name, rubric.version, rubric.status) == (
        "Facilitator Trainee Tool (Roundtable Academy reconstruction)",
        1,
        Rubric.Status.PUBLISHED,
    )
    assert rubric.published_at is not None
    items = rubric.items.all()
    assert items.count() == 27
    # The ★ items of DOMAIN §7.3, and redirecting blame toward the future.
    assert items.filter(critical=True).count() == 11
    assert items.get(code="clarify-redirect-blame").critical
    distress = items.get(code="whole-distress-response")
    assert distress.na_allowed and "break signal" in distress.text
    ycprt = items.get(group=RubricItem.Group.YCPRT)
    assert ycprt.critical and ycprt.na_allowed
    prior = items.get(code="present-prior-steps")
    assert prior.subsequent_only and prior.na_allowed
    assert all(item.descriptor_4 for item in items)
    assert len([line for line in out.lines if line.startswith("Rubric:")]) == 1


def test_an_unknown_group_is_refused():
    data = {
        "name": "Broken",
        "groups": [{"code": "phase-nine", "items": []}],
    }
    with pytest.raises(ValidationError):
        services.rubric_load(data=data)
    assert not Rubric.objects.exists()


def test_publishing_freezes_a_draft_and_retires_the_previous_version():
    first = build_rubric(3)
    draft = services.rubric_new_version(rubric=first)
    assert (draft.version, draft.status) == (2, Rubric.Status.DRAFT)
    second = services.rubric_publish(rubric=draft)
    first.refresh_from_db()
    assert second.status == Rubric.Status.PUBLISHED and second.is_frozen
    assert first.status == Rubric.Status.RETIRED


def test_an_empty_draft_or_a_published_version_cannot_be_published():
    empty = Rubric.objects.create(name="Empty")
    with pytest.raises(ValidationError):
        services.rubric_publish(rubric=empty)
    published = build_rubric(2, name="Other")
    with pytest.raises(ValidationError):
        services.rubric_publish(rubric=published)


def test_a_new_version_copies_the_latest_and_only_one_draft_is_open():
    first = build_rubric(4, critical={1}, na_allowed={2})
    draft = services.rubric_new_version(rubric=first)
    copied = list(
        draft.items.order_by("sort_order").values_list(
            "code", "critical", "na_allowed", "descriptor_3"
        )
    )
    original = list(
        first.items.order_by("sort_order").values_list(
            "code", "critical", "na_allowed", "descriptor_3"
        )
    )
    assert copied == original
    with pytest.raises(ValidationError) as error:
        services.rubric_new_version(rubric=first)
    assert "already a draft" in str(error.value)


def test_a_published_items_cannot_be_changed():
    rubric = build_rubric(2)
    item = rubric.items.first()
    item.text = "Changed"
    with pytest.raises(ValidationError):
        item.full_clean()


def test_a_new_version_never_changes_an_observation_already_scored(
    site_root, co_trainer, lived_trainer, trainee
):
    first = build_rubric(3)
    cohort = build_cohort(
        site_root, co_trainer=co_trainer, lived_trainer=lived_trainer, members=[trainee]
    )
    observation = open_live(by=co_trainer, trainee=trainee, rubric=first, cohort=cohort)
    draft = services.rubric_new_version(rubric=first)
    draft.items.filter(code="item-0").update(text="Reworded in version 2")
    services.rubric_publish(rubric=draft)
    observation.refresh_from_db()
    assert observation.rubric == first
    assert first.items.get(code="item-0").text == "Behaviour 0"


# --- The Wagtail admin ------------------------------------------------------------


@pytest.fixture
def rubric_staff(staff):
    """Program staff with the rubric permissions the lead grants the group."""
    group = Group.objects.get(name="Program staff")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="certification",
            codename__in=[
                "add_rubric",
                "change_rubric",
                "delete_rubric",
                "view_rubric",
            ],
        )
    )
    return staff


def test_staff_list_rubrics_in_the_admin(client_for, rubric_staff):
    build_rubric(2, name="Listed tool")
    response = client_for(rubric_staff).get(ADMIN)
    assert response.status_code == 200
    assert b"Listed tool" in response.content
    assert b"New version" in response.content


def test_the_admin_refuses_to_edit_or_delete_a_published_version(
    client_for, rubric_staff
):
    rubric = build_rubric(2)
    client = client_for(rubric_staff)
    response = client.post(f"{ADMIN}edit/{rubric.pk}/", {"name": "New"}, follow=True)
    assert response.redirect_chain[0][0] == f"{ADMIN}inspect/{rubric.pk}/"
    assert b"cannot be changed" in response.content
    response = client.post(f"{ADMIN}delete/{rubric.pk}/", follow=True)
    assert response.redirect_chain[0][0] == ADMIN
    assert b"it is kept" in response.content
    rubric.refresh_from_db()
    assert rubric.name == "Trainee Tool"


def test_staff_edit_a_draft_with_its_items(client_for, rubric_staff):
    draft = Rubric.objects.create(name="Draft tool")
    item = {
        "group": "welcome",
        "code": "welcome-1",
        "text": "Welcomes the team",
        "critical": "on",
        "descriptor_1": "One",
        "descriptor_2": "Two",
        "descriptor_3": "Three",
        "descriptor_4": "Four",
    }
    data = nested_form_data(
        {
            "name": "Draft tool",
            **{f"level_{n}_label": f"Label {n}" for n in range(1, 5)},
            "items": inline_formset([item]),
        }
    )
    response = client_for(rubric_staff).post(f"{ADMIN}edit/{draft.pk}/", data)
    assert response.status_code == 302, response.content[:2000]
    saved = draft.items.get()
    assert saved.critical and saved.text == "Welcomes the team"
    draft.refresh_from_db()
    assert draft.level_3_label == "Label 3"


def test_new_version_and_publish_from_the_admin(client_for, rubric_staff):
    rubric = build_rubric(2)
    client = client_for(rubric_staff)
    assert client.get(f"{ADMIN}new-version/{rubric.pk}/").status_code == 200
    response = client.post(f"{ADMIN}new-version/{rubric.pk}/")
    draft = Rubric.objects.get(version=2)
    assert response.status_code == 302
    assert response["Location"] == f"{ADMIN}edit/{draft.pk}/"
    client.post(f"{ADMIN}publish/{draft.pk}/")
    draft.refresh_from_db()
    rubric.refresh_from_db()
    assert (draft.status, rubric.status) == ("published", "retired")
    # Publishing again only says why not.
    response = client.post(f"{ADMIN}publish/{draft.pk}/", follow=True)
    assert b"Only a draft can be published" in response.content


def test_the_rubric_admin_is_closed_to_others(client, client_for, co_trainer, editor):
    rubric = build_rubric(2)
    assert client.get(ADMIN).status_code == 302  # anonymous: to the login
    for person in (co_trainer, editor):
        response = client_for(person).get(f"{ADMIN}new-version/{rubric.pk}/")
        assert response.status_code in (302, 403)
    assert Rubric.objects.count() == 1


def test_program_staff_hold_the_rubric_permissions_through_their_role(staff):
    assert staff.has_perms(
        [
            "certification.add_rubric",
            "certification.change_rubric",
            "certification.view_rubric",
        ]
    )


def test_the_yaml_file_is_well_formed():
    data = yaml.safe_load(certification_initial.RUBRIC_FILE.read_text())
    codes = [item["code"] for group in data["groups"] for item in group["items"]]
    assert len(codes) == len(set(codes)) == 27


def test_the_demo_scores_and_releases_an_observation_of_the_demo_mock(
    site_root, user_factory
):
    from certification.models import Observation, ScoreChange

    trainee = user_factory(role="Trainee", email=demo_rubrics.TRAINEE)
    rater_a = user_factory(role="Co-trainer", email=demo_rubrics.RATER_A)
    rater_b = user_factory(
        role="Co-trainer", email=demo_rubrics.RATER_B, has_lived_experience=True
    )
    cohort = build_cohort(
        site_root, co_trainer=rater_a, lived_trainer=rater_b, members=[trainee]
    )
    build_mock(trainee, cohort)
    out = Out()
    demo_rubrics.seed(stdout=out)
    demo_rubrics.seed(stdout=out)
    observation = Observation.objects.get()
    assert observation.status == Observation.Status.RELEASED and observation.passed
    assert (observation.rater_a, observation.rater_b) == (rater_a, rater_b)
    assert ScoreChange.objects.exclude(reason="").exists()
    assert any("scored and released" in line for line in out.lines)
