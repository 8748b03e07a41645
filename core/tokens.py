"""Secret tokens in links (invitations, calendar feeds): only a hash is stored, so a
copy of the database does not hold live addresses."""

import hashlib
import secrets


def token_hash(token: str) -> str:
    """The stored form of a token: its SHA-256, 64 hex digits."""
    return hashlib.sha256((token or "").encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A fresh URL-safe token and its hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
