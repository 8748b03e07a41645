"""The program's roundtable settings (a Wagtail site setting), read by the services
that start a roundtable and by the pages alike, so it sits beside the models."""

from wagtail.models import Site

from simulations.models import RoundtableSettings


def program_settings(site: Site | None = None) -> RoundtableSettings:
    """The settings of ``site`` or of the default site; the shipped defaults when
    there is no site yet."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return RoundtableSettings()
    return RoundtableSettings.for_site(site)
