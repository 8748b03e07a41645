"""Reads of the training layer, shaped for the pages that show them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q
from django.utils import timezone

from training.models import Invitation

User = get_user_model()


def people_list(*, query: str = "", role: str = ""):
    """Everyone with their roles, for the staff People page (two queries a page)."""
    people = (
        User.objects.select_related("supervisor")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.only("name")))
        .order_by("full_name", "email")
    )
    if query:
        people = people.filter(
            Q(full_name__icontains=query) | Q(email__icontains=query)
        )
    if role:
        people = people.filter(groups__name=role)
    return people


def invitation_open_list():
    """Invitations not yet accepted or revoked, newest first, expired ones flagged."""
    now = timezone.now()
    invitations = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
    for invitation in invitations:
        invitation.expired = invitation.is_expired(now)
        yield invitation
