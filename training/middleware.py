from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.i18n import supported
from training.roles import Role, user_roles

# Places a person without MFA may still reach: the account pages (to set it up
# or log out), health and static files.
_ALWAYS_OPEN = ("/accounts/", "/health/", "/static/", "/media/")
# Roles that only learn and teach; every other group (Program staff, Editor, or a
# group made in the Wagtail admin) may publish content or open an admin site.
_LEARNING_ROLES = frozenset({Role.TRAINEE, Role.CO_TRAINER})


def mfa_exempt(user) -> bool:
    """Demo accounts need no MFA while DEBUG is on, so a demo can start at once."""
    if not settings.STAFF_MFA_REQUIRED:
        return True
    return settings.DEBUG and user.email.endswith("@" + settings.DEMO_EMAIL_DOMAIN)


# The name the rest of the code and the bench know.
staff_mfa_exempt = mfa_exempt


def needs_mfa(user) -> bool:
    """Whether ``user`` can publish content or reach /admin/ or /django-admin/:
    superusers, Django staff, and anyone in a group beyond trainee and co-trainer.
    Reads the roles cached on the user, so it costs no query per page. (Admin
    access granted to a person directly rather than through a group is not seen:
    grant it through a group.)"""
    return (
        user.is_superuser or user.is_staff or bool(user_roles(user) - _LEARNING_ROLES)
    )


class StaffMFARequiredMiddleware:
    """Everyone who can publish content or open an admin site must have an
    authenticator app set up before using the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user, path = request.user, request.path
        if (
            user.is_authenticated
            and not path.startswith(_ALWAYS_OPEN)
            # Cheapest first: exempt people cost no query; the roles read by
            # needs_mfa are the ones the navigation reads anyway (kept on the user).
            and not mfa_exempt(user)
            and needs_mfa(user)
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _(
                    "Staff, editors and administrators must set up an authenticator "
                    "app before continuing."
                ),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class PersonLanguageMiddleware:
    """A signed-in person sees the site in the language of their account, whatever
    their browser says; visitors keep Django's choice (cookie, then browser). The
    user is loaded for every signed-in page anyway, so this costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and supported(user.language):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
