"""A real Celery worker, through the Redis broker, polls a source from a local partner server."""

import os
import subprocess
import sys
import time

import pytest
from django.db import connection

from feeds.models import FeedItem, Source
from hub.celery import app as celery_app
from tests.feeds.conftest import feed_server  # noqa: F401 - the fixture

from .test_real_services import ROOT


@pytest.fixture
def worker_on_test_database(transactional_db):
    """A worker process using this test's database (committed data) and allowed to reach 127.0.0.1."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "FEEDS_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
        "FEEDS_MIN_HOST_INTERVAL": "0",
    }
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own virtualenv
        [sys.executable, "-m", "celery", "-A", "hub", "worker", "--pool=solo", "--concurrency=1",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.postgres
@pytest.mark.redis
def test_a_worker_polls_a_source_sent_through_the_broker(worker_on_test_database, feed_server, monkeypatch):  # noqa: F811
    from feeds.tasks import poll_source

    source = Source.objects.create(name="Local partner", feed_url=f"{feed_server}/feed.xml")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    poll_source.delay(source.pk)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and FeedItem.objects.filter(source=source).count() < 2:
        if worker_on_test_database.poll() is not None:
            pytest.fail(f"worker exited early:\n{worker_on_test_database.stdout.read()}")
        time.sleep(0.5)
    assert FeedItem.objects.filter(source=source).count() == 2
    source.refresh_from_db()
    assert (source.last_status, source.consecutive_failures, source.etag) == (200, 0, '"rss-1"')
