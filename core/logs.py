"""Request ids and log records that carry them.

``RequestIdMiddleware`` gives every request an id (the proxy's ``X-Request-ID`` when
it looks like one, else a fresh one), echoes it in the response header, shows it on
the 500 page, and writes one access line per request. ``RequestContextFilter`` adds
the id, user id and path to every record logged while the request runs, and
``JsonFormatter`` writes one JSON object per line for log collectors (production).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.utils.functional import empty

_current_request = contextvars.ContextVar("current_request", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
access_logger = logging.getLogger("roundtable.request")

# Keys a record may carry that we copy into the JSON line.
_EXTRA_KEYS = ("request_id", "user_id", "path", "method", "status", "duration_ms")


def current_request_id() -> str:
    request = _current_request.get()
    return getattr(request, "request_id", "") if request is not None else ""


def _user_id(request):
    """The user's id if this request has already looked them up; no extra query."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class RequestIdMiddleware:
    """Outermost middleware: id, timing, header and access line for each request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.request_id = given if _SAFE_ID.match(given) else uuid.uuid4().hex
        # Not reset on the way out: Django logs 4xx answers ("Not Found") after the
        # middleware has returned, and those lines should carry the id too. The
        # next request on this thread (or context) replaces it.
        _current_request.set(request)
        started = time.monotonic()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


class RequestContextFilter(logging.Filter):
    """Puts request id, user id and path on every record (blank outside requests)."""

    def filter(self, record):
        request = _current_request.get()
        record.request_id = getattr(request, "request_id", "-") if request else "-"
        record.user_id = _user_id(request) if request else None
        record.path = request.path if request else ""
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and request context."""

    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _EXTRA_KEYS:
            value = getattr(record, key, None)
            if value not in (None, "", "-"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)
