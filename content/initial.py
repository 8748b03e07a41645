"""Content step of ``load_content``: the Wagtail site root and the curriculum.

Replaces Wagtail's "Welcome to your new Wagtail site!" page with our HomePage and
points the default Site at it. Creates no account; later runs keep editors' edits."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site

from content.curriculum import load_curriculum
from content.models import HomePage

HOME_INTRO = (
    "<p>Roundtable Academy prepares facilitators of Permanency Roundtables and "
    "Youth-Centered Permanency Roundtables: the two-hour case consultations that turn "
    "a team's best thinking into a Permanency Action Plan for a young person in care."
    "</p><p>Learn the model, rehearse it on fictional cases, be observed by a "
    "co-trainer pair, and keep your certification current.</p>"
)


def _site_address() -> tuple[str, int]:
    url = urlsplit(settings.SITE_URL)
    port = url.port or (443 if url.scheme == "https" else 80)
    return url.hostname or "localhost", port


def ensure_home_page() -> HomePage:
    """The HomePage at the site root, created once; later runs leave edits alone."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a "Welcome" page; ours replaces it.
        for page in root.get_children().exclude(
            content_type__model="homepage", content_type__app_label="content"
        ):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        home = HomePage(title="Roundtable Academy", slug="home", intro=HOME_INTRO)
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = _site_address()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="Roundtable Academy",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def install(*, stdout) -> None:
    home = ensure_home_page()
    created = load_curriculum(home)
    stdout.write(f"Site root ready; curriculum: {created} pages created.")
