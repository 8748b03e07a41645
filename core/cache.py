"""A Redis cache that keeps the site up when Redis is not.

Rate limits (allauth's and ours), django-q2's statistics and Wagtail all use the
default cache. With plain ``RedisCache`` a Redis outage turns every login POST and
every ``/verify/`` into a 500. ``FallbackRedisCache`` answers from a per-process
memory cache instead, logs one warning per outage, and tries Redis again after
``RETRY_SECONDS``. During an outage limits count per web process, so they are looser
(by the number of processes) but still there; nothing is locked out.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_WRAPPED = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "decr",
    "set_many",
    "delete_many",
    "clear",
)


class FallbackRedisCache(RedisCache):
    """``RedisCache`` that falls back to local memory while Redis is unreachable."""

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # Fail fast: an unreachable host must not hold a request for seconds.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, params)
        # Named by location: every thread's instance in a process shares it.
        self._fallback = LocMemCache(
            f"redis-fallback:{server}", {"TIMEOUT": self.default_timeout}
        )
        self._down_until = 0.0
        self._outage = False

    @property
    def degraded(self) -> bool:
        """True while answers come from the fallback (the last try at Redis failed)."""
        return self._outage

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except RedisError as exc:
                if not self._outage:
                    logger.warning(
                        "Redis cache unreachable (%s): answering from per-process "
                        "memory until it is back.",
                        exc.__class__.__name__,
                    )
                self._outage = True
                self._down_until = time.monotonic() + RETRY_SECONDS
            else:
                if self._outage:
                    logger.warning("Redis cache reachable again.")
                    self._outage = False
                return result
        return getattr(self._fallback, name)(*args, **kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in _WRAPPED:
    setattr(FallbackRedisCache, _name, _delegate(_name))
