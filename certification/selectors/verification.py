"""What the public verification page may say about a certificate: the holder's
name, the program and where it stands. Nothing else leaves this module."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from certification.models import Certification

Status = Certification.Status
# Public states, as a person checking a certificate needs them.
PUBLIC = {
    Status.ACTIVE: ("active", _("Active")),
    Status.IN_WINDOW: ("in_window", _("Active, in its recertification window")),
    Status.GRACE: ("grace", _("In grace period: expired, renewal still possible")),
    Status.LAPSED: ("expired", _("Expired")),
    Status.REVOKED: ("revoked", _("Revoked")),
}
EXPIRED = ("expired", _("Expired"))


@dataclass(frozen=True)
class Verification:
    name: str
    program: str
    state: str
    label: str

    @property
    def valid(self) -> bool:
        return self.state in ("active", "in_window")


def verification_for(*, code: str) -> Verification | None:
    """The public facts of the certificate with ``code``, or None for a code that
    never belonged to an issued certificate. One query."""
    cert = (
        Certification.objects.filter(verification_code=code.strip().upper())
        .select_related("user", "program")
        .only("status", "cycle", "user__full_name", "user__email", "program__name")
        .first()
    )
    if cert is None or cert.cycle == 0:
        return None  # never issued: a pathway, not a certificate
    # A path restarted after a lapse (or eligible again) still means: expired.
    state, label = PUBLIC.get(cert.status, EXPIRED)
    return Verification(cert.user.get_full_name(), cert.program.name, state, label)
