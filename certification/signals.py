"""A saved or deleted certification drops the dashboard's cached counts, breakdowns
and chart (certification/selectors/dashboard.py) at once; bulk changes that send no
signal, and a person's new region or agency, show within the cache's one-minute
lifetime. This is cache bookkeeping only: no domain state is written here."""

from django.db.models.signals import post_delete, post_save

from certification.models import Certification
from core import versioned_cache

NAMESPACE = "certifications"  # the dashboard's aggregates


def certifications_changed(**kwargs) -> None:
    versioned_cache.bump(NAMESPACE)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            certifications_changed, sender=Certification, dispatch_uid="dash-cert"
        )
