"""A module's delivery plan is edited in Wagtail like the rest of the course."""

import pytest
from wagtail.models import Page

from content.models import ModulePage
from tests.content.builders import make_course, segment

pytestmark = pytest.mark.django_db


def test_an_editor_edits_the_delivery_plan_in_wagtail(client_for, editor, site_root):
    from training.roles import sync_roles

    sync_roles()  # page permissions hang on the tree's root, made by site_root
    course = make_course(site_root, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    module.delivery_plan = [segment("Opening circle", minutes=20, lead="both")]
    module.save()

    response = client_for(editor).get(f"/admin/pages/{module.pk}/edit/")

    assert response.status_code == 200
    assert "Delivery plan" in response.content.decode()
    assert "Opening circle" in response.content.decode()
    assert course.minutes == 20


def test_breaks_are_listed_but_not_counted(site_root):
    course = make_course(site_root, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    module.delivery_plan = [
        segment("Talk", minutes=30),
        segment("Lunch", kind="break", minutes=45),
    ]
    module.save()

    assert Page.objects.get(pk=course.pk).specific.minutes == 30
    assert [s["title"] for s in module.segments] == ["Talk", "Lunch"]
