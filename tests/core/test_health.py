from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from core.models import WorkerHeartbeat
from core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_it_reports_ok_when_database_broker_and_worker_are_well(client):
    heartbeat()

    response = client.get("/health/")

    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"] and body["worker"]["ok"]
    assert body["worker"]["age_seconds"] < 60


def test_it_is_unhealthy_before_any_worker_has_beaten(client):
    response = client.get("/health/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["worker"] == {
        "ok": False,
        "last_heartbeat": None,
        "age_seconds": None,
    }


def test_it_is_unhealthy_when_the_last_heartbeat_is_stale(client, settings):
    settings.HEARTBEAT_MAX_AGE_SECONDS = 180
    WorkerHeartbeat.objects.create(
        pk=1, beat_at=timezone.now() - timedelta(minutes=5), worker="old"
    )

    response = client.get("/health/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["worker"]["ok"] is False


def test_it_is_unhealthy_when_the_broker_fails(client, monkeypatch):
    heartbeat()

    def broken():
        raise ConnectionError("broker down")

    monkeypatch.setattr("core.selectors.get_broker", broken)
    response = client.get("/health/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["broker"] == {"ok": False, "error": "ConnectionError"}


def test_heartbeat_keeps_a_single_row():
    heartbeat()
    heartbeat()

    assert WorkerHeartbeat.objects.count() == 1


def test_it_rejects_post(client):
    assert client.post("/health/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_bench_yardstick_view_is_not_routed_by_default(client):
    assert client.get("/bench/bare/").status_code == HTTPStatus.NOT_FOUND
