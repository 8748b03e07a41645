"""Open Badges 3.0 credentials: an issued certification as a W3C Verifiable
Credential 2.0 (`OpenBadgeCredential`), secured as VC-JOSE `vc+jwt`, with its
`credentialStatus` in one Bitstring Status List published by the site.

Signed with ES256 (P-256): every JOSE library and wallet verifies it, and it is a
fully specified algorithm (plain "EdDSA" is being retired by RFC 9864 and the newer
"Ed25519" name is not yet read everywhere). The private key comes from
`CREDENTIAL_SIGNING_KEY` (PEM); in development one is made in `var/` on first use.

Pure functions over loaded data and the key; the pages and the status list's bits
come from selectors."""

import base64
import gzip
import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

ALGORITHM = "ES256"
MEDIA_TYPE = "vc+jwt"
CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
STATUS_LIST_BITS = 131_072  # the minimum length (16 KB) that hides who is revoked
MAX_TOKEN_BYTES = 64_000


# --- The key ----------------------------------------------------------------------


def _dev_key_path() -> Path:
    return Path(settings.BASE_DIR) / "var" / "credential-signing-key.pem"


@lru_cache(maxsize=4)
def _load_key(pem: str) -> ECKey:
    return ECKey.import_key(pem)


def enabled() -> bool:
    """Credentials are offered once a key is configured (always in development)."""
    return bool(getattr(settings, "CREDENTIAL_SIGNING_KEY", "")) or settings.DEBUG


def signing_key() -> ECKey:
    """The program's private key: from the environment, or a development key."""
    pem = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if not pem:
        if not settings.DEBUG:
            raise ImproperlyConfigured("Set CREDENTIAL_SIGNING_KEY to a P-256 PEM key.")
        path = _dev_key_path()
        if not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(ECKey.generate_key("P-256").as_pem(private=True).decode())
        pem = path.read_text()
    return _load_key(pem)


def key_id(key: ECKey) -> str:
    return key.thumbprint()


def public_jwks() -> dict:
    """The public keys verifiers fetch from the issuer's profile."""
    key = signing_key()
    public = key.as_dict(private=False)
    return {"keys": [{**public, "kid": key_id(key), "alg": ALGORITHM, "use": "sig"}]}


# --- Addresses --------------------------------------------------------------------


def issuer_id() -> str:
    return f"{settings.SITE_URL}/credentials/issuer/"


def status_list_id() -> str:
    return f"{settings.SITE_URL}/credentials/status/"


def issuer_profile() -> dict:
    return {
        "@context": CONTEXT,
        "id": issuer_id(),
        "type": ["Profile"],
        "name": settings.CREDENTIAL_ISSUER_NAME,
        "url": settings.SITE_URL + "/",
        "publicKey": f"{settings.SITE_URL}/credentials/issuer/jwks.json",
    }


# --- Building ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a credential says, read from one issued certification."""

    index: int
    code: str
    email: str
    program_code: str
    program_name: str
    program_description: str
    issued_on: date
    expires_on: date | None


def _instant(day: date, at: time) -> str:
    zone = ZoneInfo(settings.TIME_ZONE)
    moment = datetime.combine(day, at, zone).astimezone(ZoneInfo("UTC"))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def email_identity(email: str, salt: str) -> dict:
    """The holder as a salted SHA-256 of their email: verifiable by someone who
    knows the address, unreadable to anyone else."""
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def credential(facts: Facts) -> dict:
    """The unsigned OpenBadgeCredential of one certification cycle."""
    salt = hashlib.sha256(f"{facts.code}:{settings.SECRET_KEY}".encode()).hexdigest()
    criteria = _(
        "Completed the program's courses, ran mock and live roundtables as the "
        "facilitator and was observed by two co-trainers on the Facilitator Trainee "
        "Tool, as %(program)s requires."
    ) % {"program": facts.program_name}
    body = {
        "@context": CONTEXT,
        "id": f"{settings.SITE_URL}/verify/{facts.code}/",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.program_name,
        "issuer": {
            "id": issuer_id(),
            "type": ["Profile"],
            "name": settings.CREDENTIAL_ISSUER_NAME,
        },
        "validFrom": _instant(facts.issued_on, time(0, 0)),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [email_identity(facts.email, salt[:16])],
            "achievement": {
                "id": f"{settings.SITE_URL}/credentials/achievements/"
                f"{facts.program_code}/",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": facts.program_name,
                "description": facts.program_description or facts.program_name,
                "criteria": {"narrative": criteria},
            },
        },
        "credentialStatus": {
            "id": f"{status_list_id()}#{facts.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(facts.index),
            "statusListCredential": status_list_id(),
        },
    }
    if facts.expires_on:
        body["validUntil"] = _instant(facts.expires_on, time(23, 59, 59))
    return body


def sign(payload: dict) -> str:
    """The payload as a compact JWS with the `vc+jwt` media type."""
    key = signing_key()
    header = {"alg": ALGORITHM, "typ": MEDIA_TYPE, "kid": key_id(key)}
    return jws.serialize_compact(
        header, json.dumps(payload, separators=(",", ":")), key, algorithms=[ALGORITHM]
    )


# --- The status list --------------------------------------------------------------


def encoded_list(revoked: set[int]) -> str:
    """The bitstring (index 0 is the most significant bit of the first byte),
    GZIP-compressed and base64url-encoded with the multibase "u" prefix."""
    size = max(STATUS_LIST_BITS, ((max(revoked, default=0) // 8) + 1) * 8)
    bits = bytearray(size // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def bit_is_set(encoded: str, index: int) -> bool:
    data = encoded.removeprefix("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))
    return index // 8 < len(bits) and bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential(revoked: set[int], *, today: date) -> dict:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": status_list_id(),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_id(),
        "validFrom": _instant(today, time(0, 0)),
        "credentialSubject": {
            "id": f"{status_list_id()}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked),
        },
    }


# --- Verifying --------------------------------------------------------------------


@dataclass
class Verdict:
    """What a verifier can say about a pasted credential, in plain words."""

    readable: bool = False
    signature: bool = False
    issuer: bool = False
    current: bool = False
    revoked: bool = False
    name: str = ""
    valid_until: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return (
            self.readable
            and self.signature
            and self.issuer
            and self.current
            and (not self.revoked)
        )


def _local_instant(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE))


def verify(token: str, *, now: datetime, is_revoked) -> Verdict:
    """Check a compact `vc+jwt`: its signature against our key, its issuer, its
    dates and its status-list bit (``is_revoked(index)``). Never raises on input."""
    verdict = Verdict()
    token = "".join(token.split())
    if not token or len(token) > MAX_TOKEN_BYTES or token.count(".") != 2:
        verdict.problems.append(_("This is not a credential we can read."))
        return verdict
    key = signing_key()
    try:
        signed = jws.deserialize_compact(token, key, algorithms=[ALGORITHM])
        payload = json.loads(signed.payload)
    except (JoseError, ValueError, UnicodeDecodeError):
        verdict.problems.append(
            _(
                "The signature does not match our key: the credential was altered, "
                "or it was not issued by us."
            )
        )
        return verdict
    if not isinstance(payload, dict):
        verdict.problems.append(_("This is not a credential we can read."))
        return verdict
    verdict.readable = verdict.signature = True
    verdict.name = str(payload.get("name", ""))[:200]
    issuer = payload.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    verdict.issuer = issuer == issuer_id()
    if not verdict.issuer:
        verdict.problems.append(_("It names another issuer."))
    until = payload.get("validUntil")
    ends = _local_instant(until) if isinstance(until, str) else None
    verdict.valid_until = ends.date().isoformat() if ends else ""
    verdict.current = until is None or (ends is not None and now <= ends)
    if not verdict.current:
        verdict.problems.append(
            _("It expired on %(day)s.") % {"day": verdict.valid_until or "?"}
        )
    status = payload.get("credentialStatus")
    index = status.get("statusListIndex") if isinstance(status, dict) else None
    if isinstance(index, str) and index.isdigit():
        verdict.revoked = is_revoked(int(index))
        if verdict.revoked:
            verdict.problems.append(
                _("The issuer's status list says it was revoked or has lapsed.")
            )
    else:
        verdict.problems.append(_("It carries no status entry we can check."))
        verdict.readable = False
    return verdict


def linkedin_url(facts: Facts) -> str:
    """LinkedIn's public add-to-profile link, filled in."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": facts.program_name,
        "organizationName": settings.CREDENTIAL_ISSUER_NAME,
        "issueYear": facts.issued_on.year,
        "issueMonth": facts.issued_on.month,
        "certUrl": f"{settings.SITE_URL}/verify/{facts.code}/",
        "certId": facts.code,
    }
    if facts.expires_on:
        params["expirationYear"] = facts.expires_on.year
        params["expirationMonth"] = facts.expires_on.month
    return "https://www.linkedin.com/profile/add?" + urlencode(params)
