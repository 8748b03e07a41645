"""django-q2 entry points of the operations layer."""

import os
import socket

from django.utils import timezone

from core import services
from core.mail import send_pending
from core.models import WorkerHeartbeat


def heartbeat() -> None:
    """Record that a worker is alive; /health/ reports its age."""
    WorkerHeartbeat.objects.update_or_create(
        pk=1,
        defaults={
            "beat_at": timezone.now(),
            "worker": f"{socket.gethostname()}:{os.getpid()}",
        },
    )


def submission_keys_prune() -> int:
    """Daily: forget old one-time form keys."""
    return services.submission_keys_prune()


def outbox_send() -> int:
    """Send what the outbox holds: queued after each commit that wrote email, and
    every minute by ``core.outbox_retry`` for what failed or was never queued."""
    return send_pending()
