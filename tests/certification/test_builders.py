"""The certification builders in conftest.py make what they say."""

from datetime import date

import pytest

from certification.models import Certification
from tests.certification.conftest import issue, make_program

Status = Certification.Status


@pytest.mark.django_db
def test_builders_make_an_issued_certification_in_the_state_its_dates_give(trainee):
    program = make_program()
    today = date(2026, 6, 1)

    cert = issue(trainee, program, issued_on=date(2024, 6, 15), today=today)

    assert cert.expires_on == date(2026, 6, 15)
    assert cert.window_opens_on == date(2026, 3, 17)
    assert cert.status == Status.IN_WINDOW
