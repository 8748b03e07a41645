"""The client's address, as every rate limit and log line must see it.

Behind a reverse proxy ``REMOTE_ADDR`` is the proxy (or empty, over a unix socket), so
the address comes from where the operator says it does:

- ``CLIENT_IP_HEADER`` (e.g. ``X-Real-IP``): a header the proxy always overwrites;
- ``TRUSTED_PROXY_COUNT`` = n: the n-th address from the right of ``X-Forwarded-For``,
  the one the outermost trusted proxy saw (entries further left are the client's word);
- neither: ``REMOTE_ADDR`` itself.

Whatever is wrong (no header, garbage, too few entries) yields ``UNKNOWN_CLIENT``, a
fixed address, so a request is never refused for it; those requests share one limit.
"""

import ipaddress
import logging

from django.conf import settings

logger = logging.getLogger(__name__)

UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 (an address we report, never bind)
_warned = set()


def _clean(value: str | None) -> str | None:
    """An address without port or brackets, or None when it is not one."""
    value = (value or "").strip()
    if not value:
        return None
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 203.0.113.9:5678
        value = value.partition(":")[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _warn_once(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        logger.warning("Client address unknown: %s (see README, Deploy)", reason)


def client_ip(request) -> str:
    """The address of the person making ``request``; never empty, never raises."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if header:
        ip = _clean(request.headers.get(header))
        if ip is None:
            _warn_once(f"no valid {header} header")
    elif count > 0:
        hops = request.headers.get("X-Forwarded-For", "").split(",")
        ip = _clean(hops[-count]) if len(hops) >= count and hops[0].strip() else None
        if ip is None:
            _warn_once(f"X-Forwarded-For has fewer than {count} valid entries")
    else:
        ip = _clean(request.META.get("REMOTE_ADDR"))
        if ip is None:
            _warn_once("REMOTE_ADDR is empty; set TRUSTED_PROXY_COUNT behind a proxy")
    return ip or UNKNOWN_CLIENT
