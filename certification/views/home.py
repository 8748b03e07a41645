"""The role sections of the home page, added to ``content.HomePage`` through the
``home_page_context`` hook (registered in ``certification/wagtail_hooks.py``)."""

from django.utils import timezone

from certification.selectors.home import home_for


def home_context(request) -> dict:
    """Each of the signed-in person's roles' sections; nothing for visitors, who
    get the public page."""
    if not request.user.is_authenticated:
        return {}
    return {
        "home": home_for(
            user=request.user, today=timezone.localdate(), now=timezone.now()
        )
    }
