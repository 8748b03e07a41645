"""django-q2 entry points of the operations layer."""

import os
import socket

from django.utils import timezone


def heartbeat() -> None:
    """Record that a worker is alive; /health/ reports its age."""
    from core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(
        pk=1,
        defaults={
            "beat_at": timezone.now(),
            "worker": f"{socket.gethostname()}:{os.getpid()}",
        },
    )


def submission_keys_prune() -> int:
    """Daily: forget old one-time form keys."""
    from core.services import submission_keys_prune as prune

    return prune()


def outbox_send() -> int:
    """Send what the outbox holds: queued after each commit that wrote email, and
    every minute by ``core.outbox_retry`` for what failed or was never queued."""
    from core.mail import send_pending

    return send_pending()
