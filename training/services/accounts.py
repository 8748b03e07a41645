"""State changes of the training layer: invitations and accounts."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.i18n import speaking, supported
from core.mail import queue
from training.models import Invitation
from training.roles import Role
from training.services.cohorts import cohort_member_add

User = get_user_model()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, _hash(token)


def invitation_url(token: str) -> str:
    return settings.SITE_URL + reverse("training:invitation_accept", args=[token])


def _send_invitation_email(invitation: Invitation, token: str) -> None:
    """Queue the invitation in the outbox, in the caller's transaction."""
    context = {
        "invitation": invitation,
        "url": invitation_url(token),
        "site_url": settings.SITE_URL,
    }
    with speaking(invitation):
        message = EmailMultiAlternatives(
            subject=_("You are invited to Roundtable Academy"),
            body=render_to_string("training/email/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(
            render_to_string("training/email/invitation.html", context), "text/html"
        )
    queue([message])


@transaction.atomic
def invitation_create(
    *,
    email: str,
    role: str,
    invited_by,
    full_name: str = "",
    agency: str = "",
    region: str = "",
    cohort=None,
    supervisor=None,
    language: str = "en",
) -> Invitation:
    """Invite someone into a role by email; refuses addresses that already have an
    account or an open invitation. With ``cohort``, accepting also makes them a
    member of it and enrols them in its course; with ``supervisor``, that person
    becomes their supervisor."""
    email = (email or "").strip().lower()
    validate_email(email)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles offered.")})
    if not supported(language):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if cohort is not None and role != Role.TRAINEE:
        raise ValidationError(
            {"role": _("People invited into a cohort join as trainees.")}
        )
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("%(email)s already has an account.") % {"email": email}}
        )
    if Invitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "email": _(
                    "%(email)s has already been invited; resend that invitation "
                    "instead."
                )
                % {"email": email}
            }
        )
    token, token_hash = _new_token()
    invitation = Invitation(
        email=email,
        role=role,
        full_name=full_name.strip(),
        agency=agency.strip(),
        region=region.strip(),
        invited_by=invited_by,
        cohort=cohort,
        supervisor=supervisor,
        language=language,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    # No inviter is the first staff member, invited by `manage.py
    # create_program_staff` from the server.
    invitation.full_clean(exclude=["invited_by"] if invited_by is None else None)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError as exc:  # a concurrent invite to the same address
        raise ValidationError(
            {"email": _("%(email)s has already been invited.") % {"email": email}}
        ) from exc
    _send_invitation_email(invitation, token)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation) -> Invitation:
    """Issue a fresh link (the old one stops working) and a new expiry."""
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer open."))
    token, invitation.token_hash = _new_token()
    invitation.expires_at = timezone.now() + timedelta(
        days=settings.INVITATION_VALID_DAYS
    )
    invitation.save(update_fields=["token_hash", "expires_at"])
    _send_invitation_email(invitation, token)
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> Invitation:
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The open, unexpired invitation a link points to, or None."""
    invitation = Invitation.objects.filter(token_hash=_hash(token or "")).first()
    if invitation is None or not invitation.is_open or invitation.is_expired():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str):
    """Create the invitee's account from a valid link; the link works only once."""
    invitation = (
        Invitation.objects.select_for_update()
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if invitation is None or not invitation.is_open or invitation.is_expired():
        raise ValidationError(_("This invitation link is no longer valid."))
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(_("An account with this email already exists."))
    user = User(
        email=invitation.email,
        full_name=full_name.strip() or invitation.full_name,
        agency=invitation.agency,
        region=invitation.region,
        language=invitation.language,
    )
    supervisor = invitation.supervisor
    if supervisor is not None and supervisor.is_active:
        user.supervisor = supervisor
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.full_clean()
    user.save()
    # Following the link proves the address, so it counts as verified.
    EmailAddress.objects.create(
        user=user, email=user.email, verified=True, primary=True
    )
    user.groups.add(Group.objects.get_or_create(name=invitation.role)[0])
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    if invitation.cohort_id:
        cohort_member_add(cohort=invitation.cohort, user=user)
    return user
