"""A django-q2 Redis broker that does not lose tasks while Redis is down.

``Q_CLUSTER["broker_class"]`` points here when ``REDIS_URL`` is set. A task enqueued
while Redis refuses is written to django-q2's own ORM queue table (``OrmQ``) in the
database instead, with a logged warning; the workers take those rows before they
wait on Redis, and delete each only once it has run (the ORM broker's receipts), so
a crash re-runs it after ``retry`` seconds instead of dropping it.
"""

import logging
import time
from datetime import timedelta

from django.utils import timezone
from django_q.brokers.redis_broker import Redis
from django_q.conf import Conf
from django_q.models import OrmQ
from redis import from_url
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# How often an idle worker looks for tasks parked in the database.
PARKED_CHECK_SECONDS = 5.0


class RedisWithDatabaseFallback(Redis):
    """Redis first; the database when Redis refuses."""

    def __init__(self, list_key: str | None = None):
        super().__init__(list_key=list_key)
        self.parked_key = f"{list_key or Conf.CLUSTER_NAME}:parked"
        self._next_parked_check = 0.0

    @staticmethod
    def get_connection(list_key: str | None = None):
        # Fail fast when the host is unreachable; blpop waits 1 s by itself.
        return from_url(Conf.REDIS, socket_connect_timeout=1, socket_timeout=5)

    def enqueue(self, task):
        try:
            return super().enqueue(task)
        except RedisError as exc:
            logger.warning(
                "Task broker unreachable (%s): task kept in the database until a "
                "worker takes it.",
                exc.__class__.__name__,
            )
            row = OrmQ.objects.create(
                key=self.parked_key, payload=task, lock=timezone.now()
            )
            return row.pk

    def _take_parked(self) -> list:
        now = timezone.now()
        taken = []
        for row in OrmQ.objects.filter(key=self.parked_key, lock__lte=now)[: Conf.BULK]:
            claimed = OrmQ.objects.filter(pk=row.pk, lock=row.lock).update(
                lock=now + timedelta(seconds=Conf.RETRY)
            )
            if claimed:  # another worker may have been faster
                taken.append((row.pk, row.payload))
        return taken

    def dequeue(self):
        if time.monotonic() >= self._next_parked_check:
            self._next_parked_check = time.monotonic() + PARKED_CHECK_SECONDS
            taken = self._take_parked()
            if taken:
                return taken
        try:
            return super().dequeue()
        except RedisError:
            self._next_parked_check = 0.0  # Redis is down: serve parked tasks
            time.sleep(1)
            return None

    def parked_size(self) -> int:
        return OrmQ.objects.filter(key=self.parked_key).count()

    def queue_size(self):
        return super().queue_size() + self.parked_size()

    def acknowledge(self, task_id):
        if task_id is not None:  # Redis tasks carry no receipt
            OrmQ.objects.filter(pk=task_id).delete()

    def fail(self, task_id):
        self.acknowledge(task_id)
