"""Health for machines, not strangers: live, ready and worker apart; details only
for staff or a monitoring token."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.tasks import heartbeat

pytestmark = pytest.mark.django_db
TOKEN = "monitor-" + "t0ken" * 6


@pytest.fixture
def monitor(settings):
    settings.HEALTH_TOKEN = TOKEN
    return {"Authorization": f"Bearer {TOKEN}"}


def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"status": "ok"}


def test_ready_reports_database_cache_and_broker(client, monitor):
    response = client.get("/health/ready", headers=monitor)

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert body["checks"]["database"]["vendor"]


def test_ready_does_not_depend_on_the_worker(client):
    WorkerHeartbeat.objects.all().delete()

    assert client.get("/health/ready").status_code == HTTPStatus.OK
    assert client.get("/health/worker").status_code == HTTPStatus.SERVICE_UNAVAILABLE


def test_ready_fails_only_when_the_database_does(client, monkeypatch):
    monkeypatch.setattr(
        "core.selectors.check_database", lambda: {"status": "fail", "error": "X"}
    )

    response = client.get("/health/ready")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "fail", "cache": "ok", "broker": "ok"},
    }


def test_a_broken_broker_is_degraded_not_unready(client, monkeypatch, monitor):
    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setattr("core.selectors.get_broker", broken)
    response = client.get("/health/ready", headers=monitor)

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["broker"] == {
        "status": "degraded",
        "error": "ConnectionError",
    }


def test_anonymous_callers_see_statuses_only(client):
    heartbeat()
    host = WorkerHeartbeat.objects.get().worker

    for url in ("/health/", "/health/ready", "/health/worker"):
        response = client.get(url)
        body = response.json()
        assert set(body) == {"status", "checks"}, url
        assert set(body["checks"].values()) <= {"ok", "degraded", "fail"}, url
        text = response.content.decode()
        assert host not in text and "Redis" not in text and "ORM" not in text


def test_a_wrong_token_sees_no_details(client, monitor):
    heartbeat()

    body = client.get("/health/worker", headers={"Authorization": "Bearer nope"}).json()

    assert body == {"status": "ok", "checks": {"worker": "ok"}}


def test_staff_see_the_worker_details(client, user_factory):
    heartbeat()
    admin = user_factory(is_staff=True)
    client.force_login(admin)

    worker = client.get("/health/worker").json()["checks"]["worker"]

    assert worker["status"] == "ok"
    assert worker["age_seconds"] < 60
    assert ":" in worker["worker"]  # host:pid


def test_worker_is_unhealthy_before_any_worker_has_beaten(client, monitor):
    response = client.get("/health/worker", headers=monitor)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["checks"]["worker"] == {
        "status": "fail",
        "last_heartbeat": None,
        "age_seconds": None,
    }


def test_worker_is_unhealthy_when_the_last_heartbeat_is_stale(client, settings):
    settings.HEARTBEAT_MAX_AGE_SECONDS = 180
    WorkerHeartbeat.objects.create(
        pk=1, beat_at=timezone.now() - timedelta(minutes=5), worker="old"
    )

    response = client.get("/health/worker")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "fail"


def test_the_summary_is_ok_only_when_everything_is(client):
    assert client.get("/health/").status_code == HTTPStatus.SERVICE_UNAVAILABLE
    heartbeat()

    response = client.get("/health/")

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "worker": "ok"},
    }


def test_health_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    heartbeat()
    with django_assert_max_num_queries(4):
        client.get("/health/")


def test_heartbeat_keeps_a_single_row():
    heartbeat()
    heartbeat()

    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.parametrize("url", ["/health/", "/health/live", "/health/ready"])
def test_it_rejects_post(client, url):
    assert client.post(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_bench_yardstick_view_is_not_routed_by_default(client):
    assert client.get("/bench/bare/").status_code == HTTPStatus.NOT_FOUND
