"""Programs as data in the Wagtail admin: every number is editable and checked, and
saving a program moves the dates of its issued certifications."""

from datetime import date
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission

from certification.admin.programs import CertificationProgramViewSet
from certification.models import Certification, CertificationProgram
from certification.services.programs import program_dates_refresh
from tests.certification.conftest import (
    issue,
    make_program,
)

pytestmark = pytest.mark.django_db
Status = Certification.Status


def _form(data, instance=None):
    handler = CertificationProgramViewSet.edit_handler.bind_to_model(
        CertificationProgram
    )
    base = {
        "name": "Test program",
        "code": "test-program",
        "required_mock": 1,
        "required_observed": 1,
        "required_co_facilitated": 1,
        "required_lead_facilitated": 1,
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
        "reminder_offsets": "90, 60, 30, 7, 0, -7",
        "staff_copy_offsets": "0, -7",
        "calibration_min_kappa": "0.60",
        "calibration_validity_months": 12,
    }
    return handler.get_form_class()(data={**base, **data}, instance=instance)


def test_offsets_are_typed_as_a_list_of_days():
    form = _form({})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["reminder_offsets"] == [90, 60, 30, 7, 0, -7]
    assert form.cleaned_data["staff_copy_offsets"] == [0, -7]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reminder_offsets": "90, soon"}, "reminder_offsets"),
        ({"reminder_offsets": "9000"}, "reminder_offsets"),
        ({"staff_copy_offsets": "14"}, "staff_copy_offsets"),
        ({"validity_months": 3, "window_days": 90}, "window_days"),
        ({"completion_window_months": 0}, "completion_window_months"),
        ({"expiry_anchor": "sometimes"}, "expiry_anchor"),
        ({"expiry_anchor": "fixed_date"}, "fixed_expiry_month"),
        ({"counting_from": "whenever"}, "counting_from"),
    ],
)
def test_impossible_numbers_are_refused_on_the_field(data, field):
    form = _form(data)
    assert not form.is_valid()
    assert field in form.errors


def test_a_program_cannot_require_itself_through_others():
    first = make_program(name="First")
    second = make_program(name="Second", prerequisites=[first])

    form = _form({"prerequisites": [second.pk]}, instance=first)

    assert not form.is_valid()
    assert "prerequisites" in form.errors


def test_changing_the_window_moves_the_dates_and_states_of_issued_certifications(
    trainee, program
):
    today = date(2026, 3, 10)
    cert = issue(
        trainee,
        program,
        issued_on=date(2024, 6, 1),
        today=today,
        expires_on=date(2026, 6, 1),
    )
    assert cert.status == Status.IN_WINDOW  # 90 days before: opened on 3 March
    program.window_days = 60
    program.save()

    assert program_dates_refresh(program=program, today=today) == 1

    cert.refresh_from_db()
    assert cert.window_opens_on == date(2026, 4, 2)
    assert cert.status == Status.ACTIVE
    assert cert.expires_on == date(2026, 6, 1)


def test_staff_with_the_program_permissions_edit_programs_in_the_admin(
    client_for, staff, program
):
    for codename in ("view", "add", "change", "delete"):
        staff.user_permissions.add(
            Permission.objects.get(codename=f"{codename}_certificationprogram")
        )
    client = client_for(staff)

    index = client.get("/admin/snippets/certification/certificationprogram/")

    assert index.status_code == HTTPStatus.OK
    assert "PRT Facilitator" in index.content.decode()


def test_people_without_the_permission_cannot_edit_programs(
    client_for, trainee, editor
):
    assert client_for(editor).get(
        "/admin/snippets/certification/certificationprogram/"
    ).status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)


def test_saving_a_program_in_the_admin_moves_its_certifications_dates(
    client_for, staff, trainee, program, course
):
    for codename in ("view", "change"):
        staff.user_permissions.add(
            Permission.objects.get(codename=f"{codename}_certificationprogram")
        )
    cert = issue(trainee, program, issued_on=date(2025, 1, 1), today=date(2025, 1, 2))
    url = f"/admin/snippets/certification/certificationprogram/edit/{program.pk}/"
    data = {
        "name": program.name,
        "code": program.code,
        "description": "",
        "required_courses": [course.pk],
        "required_mock": 1,
        "required_observed": 0,
        "required_co_facilitated": 0,
        "required_lead_facilitated": 1,
        "completion_window_months": 6,
        "validity_months": 24,
        "expiry_anchor": "previous_expiry",
        "grace_expiry_anchor": "completion",
        "minimum_active_months": 6,
        "counting_from": "window",
        "window_days": 60,
        "grace_days": 45,
        "recert_course": "",
        "recert_live_roundtables": 1,
        "recert_observations": 1,
        "reminder_offsets": "60, 30, 0",
        "staff_copy_offsets": "0",
        "calibration_min_kappa": "0.60",
        "calibration_validity_months": 12,
    }

    response = client_for(staff).post(url, data)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    program.refresh_from_db()
    assert program.reminder_offsets == [60, 30, 0]
    cert.refresh_from_db()
    assert cert.window_opens_on == date(2026, 11, 2)
    assert cert.grace_ends_on == date(2027, 2, 15)


def test_the_calibration_threshold_is_a_kappa_from_0_to_1():
    assert not _form({"calibration_min_kappa": "1.5"}).is_valid()
    assert not _form({"calibration_validity_months": 0}).is_valid()
    form = _form({"require_calibration": "on", "calibration_min_kappa": "0.70"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["require_calibration"] is True
