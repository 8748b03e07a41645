"""System checks for a deployment (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register


@register("email", deploy=True)
def sender_is_real(app_configs, **kwargs):
    """The default sender ends in ``.invalid``, a domain that cannot exist: mail
    from it is rejected or lands in spam."""
    senders = {
        "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
        "SERVER_EMAIL": settings.SERVER_EMAIL,
    }
    return [
        Warning(
            f"{name} is still the placeholder {value!r}.",
            hint=f"Set {name} to an address of your own domain, e.g. "
            "'Roundtable Academy <no-reply@academy.example.org>'.",
            id="core.W001",
        )
        for name, value in senders.items()
        if value.rstrip(">").strip().endswith(".invalid")
    ]
