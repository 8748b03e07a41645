"""Demo step for the content layer: the Wagtail site root."""

from wagtail.models import Page, Site

from content.models import HomePage

HOME_INTRO = (
    "<p>Roundtable Academy prepares facilitators of Permanency Roundtables and "
    "Youth-Centered Permanency Roundtables: the two-hour case consultations that turn "
    "a team's best thinking into a Permanency Action Plan for a young person in care."
    "</p><p>Learn the model, rehearse it on fictional cases, be observed by a "
    "co-trainer pair, and keep your certification current.</p>"
)


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
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Roundtable Academy",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def seed(*, stdout) -> None:
    from content.curriculum import load_curriculum

    home = ensure_home_page()
    created = load_curriculum(home)
    stdout.write(f"Site root ready; curriculum: {created} pages created.")
