"""Reads of the operations layer: the health checks.

Each check returns ``{"status": "ok" | "degraded" | "fail", ...details}``. Details
(versions, hosts, pids, error classes) are for staff and monitoring tokens only; the
views strip them for everyone else.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_q.brokers import get_broker

from core.models import WorkerHeartbeat

OK, DEGRADED, FAIL = "ok", "degraded", "fail"
_RANK = {OK: 0, DEGRADED: 1, FAIL: 2}


def worst(*statuses: str) -> str:
    return max(statuses, key=_RANK.__getitem__, default=OK)


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a health finding, not a crash
        return {"status": FAIL, "error": exc.__class__.__name__}
    return {"status": OK, "vendor": connection.vendor}


def check_cache() -> dict:
    """Write and read one key; a Redis cache answering from its fallback is degraded."""
    try:
        cache.set("health:probe", "1", 30)
        readable = cache.get("health:probe") == "1"
    except Exception as exc:
        return {"status": FAIL, "error": exc.__class__.__name__}
    backend = cache.__class__.__name__
    if getattr(cache, "degraded", False):
        return {"status": DEGRADED, "backend": backend, "answering": "fallback"}
    return {"status": OK if readable else FAIL, "backend": backend}


def check_broker() -> dict:
    """Task broker; down is degraded, not failed: tasks wait in the database."""
    try:
        broker = get_broker()
    except Exception as exc:
        return {"status": DEGRADED, "error": exc.__class__.__name__}
    details = {}
    if hasattr(broker, "parked_size"):
        try:
            details["parked_in_database"] = broker.parked_size()
        except Exception as exc:
            details["parked_error"] = exc.__class__.__name__
    try:
        alive = bool(broker.ping())
        details.update(kind=broker.info(), queued=broker.queue_size())
    except Exception as exc:
        return {"status": DEGRADED, "error": exc.__class__.__name__, **details}
    return {"status": OK if alive else DEGRADED, **details}


def check_worker() -> dict:
    try:
        beat = WorkerHeartbeat.objects.filter(pk=1).first()
    except Exception as exc:
        return {"status": FAIL, "error": exc.__class__.__name__}
    if beat is None:
        return {"status": FAIL, "last_heartbeat": None, "age_seconds": None}
    age = (timezone.now() - beat.beat_at).total_seconds()
    return {
        "status": OK if age <= settings.HEARTBEAT_MAX_AGE_SECONDS else FAIL,
        "last_heartbeat": beat.beat_at.isoformat(),
        "age_seconds": round(age),
        "worker": beat.worker,
    }


def readiness_report() -> dict:
    """May this web process take traffic? Only the database can say no."""
    checks = {"database": check_database(), "cache": check_cache()}
    checks["broker"] = check_broker()
    status = checks["database"]["status"]
    others = worst(checks["cache"]["status"], checks["broker"]["status"])
    return {"status": worst(status, DEGRADED if others != OK else OK), "checks": checks}


def worker_report() -> dict:
    check = check_worker()
    return {"status": check["status"], "checks": {"worker": check}}


def health_report() -> dict:
    """Everything at once, for people and monitoring: ``ok`` only when all are."""
    ready = readiness_report()
    checks = {**ready["checks"], "worker": check_worker()}
    return {"status": worst(*(c["status"] for c in checks.values())), "checks": checks}
