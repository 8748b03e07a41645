from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from training.permissions import is_program_staff

# Places a staff member without MFA may still reach: the account pages (to set it up
# or log out), health and static files.
_ALWAYS_OPEN = ("/accounts/", "/health/", "/static/", "/media/")


def staff_mfa_exempt(user) -> bool:
    """Demo staff need no MFA while DEBUG is on, so a demo can start at once."""
    if not settings.STAFF_MFA_REQUIRED:
        return True
    return settings.DEBUG and user.email.endswith("@" + settings.DEMO_EMAIL_DOMAIN)


class StaffMFARequiredMiddleware:
    """Program staff must have an authenticator app set up before using the site."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_ALWAYS_OPEN)
            and is_program_staff(user)
            and not staff_mfa_exempt(user)
            and not Authenticator.objects.filter(
                user=user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            messages.warning(
                request,
                _("Program staff must set up an authenticator app before continuing."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
