"""The suite's contact with real PostgreSQL, Redis and a Celery worker (run by .ci/run)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection

from hub.celery import app as celery_app
from hub.tasks import HEARTBEAT_CACHE_KEY, heartbeat

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.django_db
def test_database_is_postgresql_with_full_text_search():
    from io import StringIO

    from wagtail.models import Locale, Page

    from hub.demo.content import load

    assert connection.vendor == "postgresql"
    load(StringIO())
    # The database backend picks PostgreSQL full-text search here: stemming finds "presidencies".
    results = Page.objects.live().filter(locale=Locale.objects.get(language_code="en")).search("presidency")
    assert any(page.slug in {"home", "about"} for page in results)


@pytest.mark.redis
def test_cache_is_redis_and_round_trips():
    from django.core.cache import caches
    from django_redis.cache import RedisCache

    assert isinstance(caches["default"], RedisCache)
    cache.set("services-test", {"ok": True}, 30)
    assert cache.get("services-test") == {"ok": True}


@pytest.mark.redis
@pytest.mark.django_db
def test_healthz_reports_real_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["broker"] == "ok"


@pytest.fixture
def celery_worker_process():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.test"}
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own virtualenv
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "hub",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.redis
def test_real_worker_runs_a_task_sent_through_the_redis_broker(celery_worker_process, monkeypatch):
    """The Celery path end to end: broker (Redis) → worker process → result visible in the shared cache."""
    cache.delete(HEARTBEAT_CACHE_KEY)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    heartbeat.delay()
    deadline = time.monotonic() + 60
    seen = None
    while time.monotonic() < deadline and seen is None:
        if celery_worker_process.poll() is not None:
            pytest.fail(f"worker exited early:\n{celery_worker_process.stdout.read()}")
        seen = cache.get(HEARTBEAT_CACHE_KEY)
        time.sleep(0.5)
    assert seen is not None, "the worker never ran the heartbeat task"
