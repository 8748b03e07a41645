"""With REDIS_URL set and Redis down, people still log in, learn, take knowledge
checks and verify certificates; tasks wait in the database; readiness says
"degraded". The test starts its own redis-server and stops it."""

import logging
from datetime import date
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django_q.conf import Conf
from django_q.models import OrmQ
from django_q.signing import SignedPackage
from django_q.tasks import async_task

from certification.models import Certification, CertificationProgram
from content.models import LessonPage
from core.broker import RedisWithDatabaseFallback
from tests.conftest import PASSWORD
from tests.content.builders import correct_answers, make_course
from training.models import KnowledgeCheckAttempt
from training.services.learning import enrolment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_site(throwaway_redis, settings, monkeypatch):
    """The site configured as production is: Redis cache and Redis task broker."""
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": throwaway_redis.url,
        }
    }
    monkeypatch.setattr("core.cache.RETRY_SECONDS", 0.0)
    monkeypatch.setattr(Conf, "REDIS", throwaway_redis.url)
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "BROKER_CLASS", "core.broker.RedisWithDatabaseFallback")
    monkeypatch.setattr(Conf, "SYNC", False)
    settings.HEALTH_TOKEN = "outage-monitor-token"
    return throwaway_redis


def _certificate(user):
    program = CertificationProgram.objects.create(name="PRT Facilitator", code="prt")
    return Certification.objects.create(
        user=user,
        program=program,
        cycle=1,
        status=Certification.Status.ACTIVE,
        started_on=date(2026, 1, 1),
        issued_on=date(2026, 2, 1),
        expires_on=date(2099, 2, 1),
        window_opens_on=date(2098, 12, 1),
        grace_ends_on=date(2099, 4, 1),
    )


def test_the_site_keeps_working_while_redis_is_down(
    redis_site, client, trainee, site_root, caplog
):
    course = make_course(site_root, modules=1, lessons=2, title="YCPRT Skills")
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    enrolment_create(user=trainee, course=course)
    code = _certificate(trainee).verification_code
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # really on Redis

    redis_site.stop()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        login = client.post(
            "/accounts/login/", {"login": trainee.email, "password": PASSWORD}
        )
        lesson = client.get(f"/learn/lessons/{lessons[1].pk}/")
        check = client.post(
            f"/learn/lessons/{lessons[1].pk}/check/",
            {"submission_key": "6f1c1f8e-6a0e-4a53-9d59-0c3d2f0a3b11"}
            | {f"q-{q}": c for q, c in correct_answers(lessons[1]).items()},
        )
        verify = client.get(f"/verify/{code}/")

    assert login.status_code == HTTPStatus.FOUND
    assert lesson.status_code == HTTPStatus.OK
    assert check.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert KnowledgeCheckAttempt.objects.filter(enrolment__user=trainee).count() == 1
    assert verify.status_code == HTTPStatus.OK
    assert "Active" in verify.content.decode()
    assert "Redis cache unreachable" in caplog.text


def test_limits_still_apply_while_redis_is_down(
    rate_window, redis_site, client, settings
):
    settings.VERIFY_RATE_LIMIT = "3/m"
    redis_site.stop()

    codes = [client.get("/verify/ABCDEF123456/").status_code for _ in range(4)]

    assert codes == [404, 404, 404, 429]


def test_readiness_reports_the_degraded_broker_and_stays_up(redis_site, client):
    headers = {"Authorization": "Bearer outage-monitor-token"}
    assert client.get("/health/ready", headers=headers).json()["status"] == "ok"

    redis_site.stop()
    response = client.get("/health/ready", headers=headers)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["broker"]["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "degraded"
    assert client.get("/health/ready").json()["checks"]["broker"] == "degraded"


def test_tasks_queued_while_redis_is_down_wait_in_the_database(redis_site, caplog):
    redis_site.stop()

    with caplog.at_level(logging.WARNING, logger="core.broker"):
        async_task("core.tasks.heartbeat")

    assert OrmQ.objects.count() == 1
    assert "task kept in the database" in caplog.text

    # Redis comes back; a worker takes the parked task first and acknowledges it.
    redis_site.start()
    broker = RedisWithDatabaseFallback()
    async_task("core.tasks.heartbeat")  # this one goes to Redis
    assert broker.queue_size() == 2
    taken = broker.dequeue()
    assert len(taken) == 1
    ack_id, payload = taken[0]
    assert SignedPackage.loads(payload)["func"] == "core.tasks.heartbeat"
    assert OrmQ.objects.get().pk == ack_id  # kept until the task has run
    broker.acknowledge(ack_id)
    assert not OrmQ.objects.exists()
    assert broker.dequeue()[0][0] is None  # then the Redis one


def test_a_worker_serves_parked_tasks_while_redis_is_still_down(redis_site):
    redis_site.stop()
    async_task("core.tasks.heartbeat")
    broker = RedisWithDatabaseFallback()

    broker._next_parked_check = float("inf")  # as if it had just looked
    assert broker.dequeue() is None  # Redis refuses: no crash, look again soon
    taken = broker.dequeue()

    assert [SignedPackage.loads(p)["func"] for _, p in taken] == [
        "core.tasks.heartbeat"
    ]
    broker._next_parked_check = 0.0
    assert broker.dequeue() is None  # claimed: not handed out twice before retry
