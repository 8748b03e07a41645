"""A saved or deleted certification, or a saved person (name, region, agency), drops
the dashboard's cached counts, breakdowns, chart and rendered page
(certification/selectors/dashboard.py) at once; bulk changes that send no signal
show within the cache's one-minute lifetime. This is cache bookkeeping only: no
domain state is written here."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from certification.models import Certification
from core import versioned_cache

NAMESPACE = "certifications"  # the dashboard's aggregates


def certifications_changed(**kwargs) -> None:
    versioned_cache.bump(NAMESPACE)


def person_changed(update_fields=None, **kwargs) -> None:
    """Names, regions and agencies show on the dashboard; a login does not."""
    if update_fields is None or set(update_fields) - {"last_login"}:
        versioned_cache.bump(NAMESPACE)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            certifications_changed, sender=Certification, dispatch_uid="dash-cert"
        )
        signal.connect(
            person_changed, sender=get_user_model(), dispatch_uid="dash-person"
        )
