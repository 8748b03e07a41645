"""What the Open Badges credentials are built from: one issued certification's
facts, and which status-list indexes are set (revoked or lapsed)."""

from certification.credentials import Facts
from certification.models import Certification, CertificationProgram

Status = Certification.Status
# A credential stops being good when its certification is revoked or lapses; an
# expiry inside grace is still within the credential's own `validUntil` check.
STATUS_SET = (Status.REVOKED, Status.LAPSED)


def credential_facts(cert: Certification) -> Facts:
    """The facts of a certification loaded with its user and program."""
    return Facts(
        index=cert.pk,
        code=cert.verification_code,
        email=cert.user.email,
        program_code=cert.program.code,
        program_name=cert.program.name,
        program_description=cert.program.description,
        issued_on=cert.issued_on,
        expires_on=cert.expires_on,
    )


def revoked_indexes() -> set[int]:
    """Every set bit of the status list: one query over the primary keys."""
    return set(
        Certification.objects.filter(status__in=STATUS_SET, cycle__gt=0).values_list(
            "pk", flat=True
        )
    )


def index_is_revoked(index: int) -> bool:
    return Certification.objects.filter(pk=index, status__in=STATUS_SET).exists()


def program_for_achievement(code: str) -> CertificationProgram | None:
    return CertificationProgram.objects.filter(code=code).first()
