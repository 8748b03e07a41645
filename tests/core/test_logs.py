"""Every request has an id: in the response header, on the 500 page and on each
log line, which is JSON in production."""

import io
import json
import logging
from http import HTTPStatus

import pytest

from core.logs import JsonFormatter, RequestContextFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines():
    """What the production console handler would print, as parsed JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger(n) for n in ("roundtable.request", "django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_each_response_carries_a_fresh_request_id(client):
    first = client.get("/health/live")["X-Request-ID"]
    second = client.get("/health/live")["X-Request-ID"]

    assert len(first) == 32 and first != second


def test_the_proxys_request_id_is_kept_when_it_looks_like_one(client):
    given = "0f3a9c2e7b5d41f8a6c3e1d9b2a7f4c0"

    assert (
        client.get("/health/live", headers={"X-Request-ID": given})["X-Request-ID"]
        == given
    )
    forged = client.get("/health/live", headers={"X-Request-ID": "<script>"})
    assert forged["X-Request-ID"] != "<script>"


def test_the_access_line_is_json_with_the_request_context(
    client_for, trainee, json_lines
):
    response = client_for(trainee).get("/learn/")

    line = [x for x in json_lines() if x["logger"] == "roundtable.request"][-1]
    assert line["level"] == "INFO"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["user_id"] == trainee.pk
    assert line["path"] == "/learn/"
    assert line["status"] == response.status_code
    assert line["duration_ms"] >= 0
    assert line["time"].endswith("+00:00")


def test_the_500_page_shows_the_request_id_and_it_is_logged(
    client, monkeypatch, json_lines
):
    def broken():
        raise RuntimeError("boom")

    monkeypatch.setattr("core.selectors.readiness_report", broken)
    client.raise_request_exception = False

    response = client.get("/health/ready")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    request_id = response["X-Request-ID"]
    assert request_id in response.content.decode()
    error = [x for x in json_lines() if x["logger"] == "django.request"][-1]
    assert error["level"] == "ERROR"
    assert error["request_id"] == request_id
    assert "RuntimeError: boom" in error["exception"]
