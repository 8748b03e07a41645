"""Program staff keep the case library and the roundtable settings in the Wagtail
admin; cases have drafts and revisions, and trainees only ever meet the live ones."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission

from simulations.models import RoundtableSettings, SampleCase
from training.roles import Role

pytestmark = pytest.mark.django_db

# What the "Program staff" group needs (to be added to training/roles.py).
STAFF_PERMISSIONS = [
    "add_samplecase",
    "change_samplecase",
    "delete_samplecase",
    "publish_samplecase",
    "change_roundtablesettings",
]


@pytest.fixture
def case_staff(staff):
    group = Group.objects.get(name=Role.PROGRAM_STAFF)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="simulations", codename__in=STAFF_PERMISSIONS
        )
    )
    assert group.permissions.filter(codename__in=STAFF_PERMISSIONS).count() == len(
        STAFF_PERMISSIONS
    )
    return staff


def test_the_six_shipped_cases_cover_the_teaching_foci(library):
    cases = SampleCase.objects.all()

    assert cases.count() == 6
    assert set(cases.values_list("case_type", flat=True)) == {
        "initial",
        "subsequent",
        "juvenile_justice",
        "icwa",
        "guardianship",
    }
    siblings = library["nia-caleb-rosie-siblings"]
    assert siblings.child_count == 3 and siblings.scheduled_minutes == 240
    subsequent = library["jordan-subsequent"]
    assert len(subsequent.previous_steps) == 8
    assert all(case.live and case.revisions.count() == 1 for case in cases)
    assert all(len(case.answer_steps) >= 7 for case in cases)


def test_staff_list_and_edit_cases_in_the_admin(client_for, case_staff, jordan):
    client = client_for(case_staff)

    listing = client.get("/admin/snippets/simulations/samplecase/")
    edit = client.get(f"/admin/snippets/simulations/samplecase/edit/{jordan.pk}/")

    assert listing.status_code == HTTPStatus.OK
    assert "Jordan, 17: an OPPLA goal in a group home" in listing.text
    assert edit.status_code == HTTPStatus.OK
    assert "Answer key" in edit.text and "Question bank" in edit.text


def test_a_draft_edit_keeps_the_live_case_until_published(jordan):
    jordan.title = "Jordan (draft rewrite)"
    jordan.save_revision()

    assert SampleCase.objects.get(pk=jordan.pk).title.startswith("Jordan, 17")
    assert SampleCase.objects.get(pk=jordan.pk).has_unpublished_changes

    jordan.latest_revision.publish()
    assert SampleCase.objects.get(pk=jordan.pk).title == "Jordan (draft rewrite)"
    assert jordan.revisions.count() == 2


def test_trainees_cannot_reach_the_case_library_admin(client_for, trainee, jordan):
    response = client_for(trainee).get("/admin/snippets/simulations/samplecase/")

    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert "Teaching notes" not in response.text


def test_staff_change_the_roundtable_settings(client_for, case_staff, site_root, start):
    site = site_root.get_site()
    path = f"/admin/settings/simulations/roundtablesettings/{site.pk}/"
    client = client_for(case_staff)
    form = {
        "welcome_minutes": 10,
        "present_minutes": 20,
        "clarify_minutes": 15,
        "brainstorm_minutes": 25,
        "plan_minutes": 30,
        "debrief_minutes": 20,
        "question_1": "What would it take?",
        "question_2": "What has worked before?",
        "question_3": "What has never been tried?",
        "question_4": "What can we do concurrently?",
        "question_5": "How do we engage the youth?",
        "follow_up_cadence_days": 45,
        "under_run_percent": 40,
        "checklist_percent": 80,
        "facilitator_may_own_steps": "on",
    }

    assert client.get(path).status_code == HTTPStatus.OK
    response = client.post(path, form)

    assert response.status_code == HTTPStatus.FOUND
    settings = RoundtableSettings.for_site(site)
    assert settings.follow_up_cadence_days == 45
    roundtable = start()
    assert roundtable.phase_targets["welcome"] == 10
    assert roundtable.brainstorm_questions[0] == "What would it take?"
    assert roundtable.under_run_percent == 40
    assert roundtable.checklist_percent == 80
    assert roundtable.facilitator_may_own_steps


def test_the_default_settings_follow_the_practice(site_root):
    settings = RoundtableSettings.for_site(site_root.get_site())

    assert settings.phase_targets() == {
        "welcome": 5,
        "present": 20,
        "clarify": 15,
        "brainstorm": 25,
        "plan": 35,
        "debrief": 20,
    }
    assert settings.follow_up_cadence_days == 30
    assert len(settings.brainstorm_questions()) == 5
