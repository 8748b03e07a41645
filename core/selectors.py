"""Reads of the operations layer."""

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_q.brokers import get_broker

from core.models import WorkerHeartbeat


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a health finding, not a crash
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def _check_broker() -> dict:
    try:
        broker = get_broker()
        alive = bool(broker.ping())
        queued = broker.queue_size()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": alive, "kind": broker.info(), "queued": queued}


def _check_worker() -> dict:
    try:
        beat = WorkerHeartbeat.objects.filter(pk=1).first()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    if beat is None:
        return {"ok": False, "last_heartbeat": None, "age_seconds": None}
    age = (timezone.now() - beat.beat_at).total_seconds()
    return {
        "ok": age <= settings.HEARTBEAT_MAX_AGE_SECONDS,
        "last_heartbeat": beat.beat_at.isoformat(),
        "age_seconds": round(age),
        "worker": beat.worker,
    }


def health_report() -> dict:
    """What /health/ says: each part with ``ok``, and ``status`` for the whole."""
    parts = {
        "database": _check_database(),
        "broker": _check_broker(),
        "worker": _check_worker(),
    }
    healthy = all(part["ok"] for part in parts.values())
    return {"status": "ok" if healthy else "fail", **parts}
