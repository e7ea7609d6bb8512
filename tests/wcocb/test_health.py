"""/healthz reports the database, Redis and the worker (a real Celery worker process)."""

import pytest

from wcocb.tasks import echo, heartbeat


@pytest.mark.django_db
def test_without_a_worker_health_is_degraded(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["redis"]["ok"] is True
    assert body["checks"]["worker"]["ok"] is False


@pytest.mark.worker
def test_with_a_worker_everything_is_ok(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["worker"]["workers"] >= 1


@pytest.mark.worker
def test_tasks_round_trip_through_the_real_worker(celery_worker):
    assert echo.delay("ping").get(timeout=20) == "ping"


@pytest.mark.worker
def test_beat_heartbeat_is_reported(client, celery_worker):
    heartbeat.delay().get(timeout=20)
    assert client.get("/healthz").json()["checks"]["beat"]["ok"] is True


@pytest.mark.django_db
def test_database_failure_is_reported(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": response.json()["checks"]["database"]["ms"],
    }
