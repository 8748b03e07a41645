"""Cached reads that a change makes stale at once, in every process.

Each namespace ("content", "certifications") has a version token in the shared cache
(Redis, or the file cache on one machine). Readers put the token into their keys;
writers call ``bump`` when the data changes, now and again when the change commits,
so no process keeps a value built from the data before it. If the cache cannot be
reached, readers build the value from the database every time: an outage makes pages
slower, never wrong or broken.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def _key(namespace: str) -> str:
    return f"version:{namespace}"


def version(namespace: str) -> str | None:
    """The namespace's current token; None when the cache cannot be reached."""
    try:
        token = cache.get(_key(namespace))
        if token is None:
            cache.add(_key(namespace), uuid.uuid4().hex, None)
            token = cache.get(_key(namespace))
        return token
    except Exception:
        logger.warning("cache unreachable reading %s's version", namespace)
        return None


def bump(namespace: str) -> None:
    """The data of ``namespace`` changed: a new token now and once committed."""

    def new_token():
        try:
            cache.set(_key(namespace), uuid.uuid4().hex, None)
        except Exception:
            logger.warning("cache unreachable changing %s's version", namespace)

    new_token()
    transaction.on_commit(new_token)


def cached(namespace: str, name: str, build, timeout: int):
    """``build()``, kept for ``timeout`` seconds or until ``namespace`` changes."""
    token = version(namespace)
    if token is None:
        return build()
    key = f"{namespace}:{token}:{name}"
    try:
        value = cache.get(key)
    except Exception:
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("cache unreachable storing %s", key)
    return value
