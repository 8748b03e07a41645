import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from training.roles import Role, user_roles

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group(roles):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_editors_may_edit_and_publish_the_page_tree(roles, site_root):
    granted = set(
        GroupPagePermission.objects.filter(group__name=Role.EDITOR).values_list(
            "permission__codename", flat=True
        )
    )

    assert {"add_page", "change_page", "publish_page"} <= granted


def test_editors_and_staff_may_enter_the_wagtail_admin(editor, staff, trainee):
    assert editor.has_perm("wagtailadmin.access_admin")
    assert staff.has_perm("wagtailadmin.access_admin")
    assert not trainee.has_perm("wagtailadmin.access_admin")


def test_roles_are_read_once_per_user_object(trainee, django_assert_num_queries):
    with django_assert_num_queries(1):
        user_roles(trainee)
        user_roles(trainee)


def test_program_staff_may_edit_cases_programs_and_settings_in_the_admin(staff, editor):
    wanted = [
        "simulations.change_samplecase",
        "simulations.publish_samplecase",
        "simulations.change_roundtablesettings",
        "certification.change_certificationprogram",
        "certification.change_observationrules",
    ]

    assert staff.has_perms(wanted)
    assert not any(editor.has_perm(perm) for perm in wanted)
