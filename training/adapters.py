from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from core.net import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation unless OPEN_SIGNUP is set."""

    def is_open_for_signup(self, request):
        return settings.OPEN_SIGNUP

    def get_client_ip(self, request):
        """The address behind our trusted proxies, for allauth's per-IP limits."""
        return client_ip(request)
