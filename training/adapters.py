from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation unless OPEN_SIGNUP is set."""

    def is_open_for_signup(self, request):
        return settings.OPEN_SIGNUP
