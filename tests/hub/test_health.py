"""/healthz: the database decides the status; the cache and broker are reported by name."""

import pytest
from django.db import OperationalError

import hub.web.health
from hub.celery import app as celery_app


class BrokenConnection:
    def cursor(self):
        raise OperationalError("could not connect to server: Connection refused")


class BrokenCache:
    def set(self, *args, **kwargs):
        raise ConnectionError("Redis is down")

    def get(self, *args, **kwargs):
        raise ConnectionError("Redis is down")


@pytest.fixture
def broker_checked(settings):
    """Turn off eager mode so /healthz really talks to the broker."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_healthy_site_reports_every_dependency(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    report = response.json()
    assert report["database"] == "ok"
    assert report["cache"] == "ok"
    assert report["broker"] == "eager"
    assert "no-store" in response["Cache-Control"]


def test_database_failure_answers_503_with_the_error(client, db, monkeypatch):
    monkeypatch.setattr(hub.web.health, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["database"].startswith("error: ")
    assert "Connection refused" in report["database"]
    assert report["cache"] == "ok"


def test_database_check_reports_a_failing_query(client, db, monkeypatch):
    def failing_check():
        return "error: OperationalError: database is locked"

    monkeypatch.setattr(hub.web.health, "check_database", failing_check)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError: database is locked"


def test_cache_failure_is_reported_but_the_site_stays_up(client, db, monkeypatch):
    monkeypatch.setattr(hub.web.health, "cache", BrokenCache())

    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["database"] == "ok"
    assert report["cache"] == "error: ConnectionError: Redis is down"


def test_cache_that_silently_drops_values_is_reported(client, db, settings):
    # django-redis with IGNORE_EXCEPTIONS turns an outage into misses, like the dummy cache.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "error: cache did not return what was stored"


def test_unreachable_broker_is_reported_but_the_site_stays_up(client, db, broker_checked, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its own settings (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get("/healthz")

    assert response.status_code == 200
    report = response.json()
    assert report["broker"].startswith("error: ")
    assert "127.0.0.1:1" in report["broker"]
    assert report["database"] == "ok"


def test_reachable_broker_is_ok(client, db, broker_checked, monkeypatch):
    monkeypatch.setenv("CELERY_BROKER_URL", "memory://")
    monkeypatch.setattr(celery_app.conf, "broker_url", "memory://")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


def test_healthz_accepts_only_get(client, db):
    assert client.post("/healthz").status_code == 405
