from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.template.loader import render_to_string

from core.mail import queue
from core.net import client_ip


def _on_site_url(url: str) -> str:
    """The same path on SITE_URL: links in emails never name the host a request
    happened to come in on (a proxy's, or a forged Host header)."""
    parts = urlsplit(url)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")

class AccountAdapter(DefaultAccountAdapter):
    """Sign-up is by invitation unless OPEN_SIGNUP is set. allauth's emails (password
    reset, address confirmation, security notices) leave through our outbox, in
    our branded layout, with links on SITE_URL."""

    def is_open_for_signup(self, request):
        return settings.OPEN_SIGNUP

    def get_client_ip(self, request):
        """The address behind our trusted proxies, for allauth's per-IP limits."""
        return client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        ctx = {
            "email": email,
            "site_url": settings.SITE_URL,
            "current_site": {"name": settings.WAGTAIL_SITE_NAME},
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        if not getattr(message, "alternatives", None):
            message.attach_alternative(
                render_to_string(
                    "email/plain.html",
                    {
                        "subject": message.subject,
                        "body": message.body,
                        "site_url": settings.SITE_URL,
                    },
                ),
                "text/html",
            )
        queue([message])

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site_url(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site_url(
            super().get_email_confirmation_url(request, emailconfirmation)
        )
