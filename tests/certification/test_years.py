"""Ten years of 200 facilitators across the three seeded programs, through the real
services and the real sweep (see ``years.py``): after every day that changes
something the data checker finds nothing and every due reminder went out exactly
once; everyone who provided each cycle's evidence is still certified."""

import time
from datetime import date

import pytest

from tests.certification.years import Years

pytestmark = pytest.mark.django_db


def test_two_hundred_facilitators_stay_consistent_through_ten_years(site_root, roles):
    began = time.monotonic()
    years = Years(parent=site_root, count=200, years=10, first_day=date(2026, 1, 5))

    report = years.run()

    assert years.keepers_certified() == []
    assert report.checked > 150
    assert report.actions["recertify"] > 500
    assert {"extend", "revoke", "restart", "restart_staff"} <= set(report.actions)
    assert report.reminders > 0
    # About a minute on an idle two-core machine; not asserted, as a loaded CI
    # runner can take several times as long.
    print(f"{report} in {time.monotonic() - began:.0f} s")
