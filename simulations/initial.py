"""Simulations step of ``load_content``: the shipped sample cases (fictional) and
the roundtable settings of the default site, at their defaults."""

from wagtail.models import Site

from simulations.models import RoundtableSettings
from simulations.services.cases import cases_load_library


def install(*, stdout) -> None:
    created = cases_load_library()
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        RoundtableSettings.for_site(site)  # creates the row with its defaults
    stdout.write(f"Sample cases: {created} added; roundtable settings ready.")
