"""Drill 3: a worker killed (SIGKILL) in the middle of a poll. The broker redelivers the task after the
visibility timeout (CELERY_VISIBILITY_TIMEOUT, shortened here), a new worker completes it, every entry is
stored once and whole, and the source's poll state is sane."""

from __future__ import annotations

import os
import signal
import time

from common import (
    PRODUCTION_VISIBILITY_TIMEOUT,
    SLOW_FEED_SECONDS,
    VISIBILITY_TIMEOUT,
    Checks,
    Hub,
    alive,
    broker_queue_lengths,
    children,
    make_source,
    polled,
    say,
    stored_once,
    wait_for,
)
from feed_server import FeedServer

# --- Drill 3: a worker killed mid-poll ----------------------------------------------------------


def drill_worker_killed(checks: Checks, hub: Hub, server: FeedServer) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    from feeds import polling
    from feeds.models import FeedItem, Source
    from feeds.tasks import poll_source

    say("\n=== Drill 3: a worker killed in the middle of a poll")
    entries = 5
    source = make_source(server, "killed", entries, delay=SLOW_FEED_SECONDS)
    poll_source.delay(source.pk)
    inside = server.wait_for_request("killed", 60)
    checks.check("the worker is inside the fetch", inside, f"the feed answers after {SLOW_FEED_SECONDS} s")
    time.sleep(1)
    assert hub.worker is not None  # noqa: S101
    main = hub.worker.pid
    pool = children(main)
    for pid in [*pool, main]:
        os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    hub.worker.wait(timeout=10)
    _, _ = wait_for(lambda: not any(alive(pid) for pid in pool), 10, 0.1)
    checks.check(
        "worker killed with SIGKILL (pool child and main process)",
        not alive(main) and not any(alive(pid) for pid in pool) and bool(pool),
        f"main {main}, pool {pool}",
    )
    waiting, unacked = broker_queue_lengths()
    checks.check(
        "the broker holds the task as delivered but unacknowledged",
        unacked == 1,
        f"{waiting} waiting, {unacked} unacked",
    )
    checks.check("nothing was stored by the killed poll", not FeedItem.objects.filter(source=source).exists())

    # The killed poll's lock (feeds.polling) outlives it. In production it expires (LOCK_TIMEOUT) before the
    # broker redelivers (visibility timeout, 600 s by default); the drill shortens both by the same means.
    lock = f"feeds:poll:{source.pk}"
    ttl = cache.ttl(lock)
    checks.check(
        "the stale poll lock expires before production's redelivery",
        ttl is not None and 0 < ttl <= polling.LOCK_TIMEOUT < PRODUCTION_VISIBILITY_TIMEOUT,
        f"lock {ttl} s left, LOCK_TIMEOUT {polling.LOCK_TIMEOUT} s, visibility {PRODUCTION_VISIBILITY_TIMEOUT} s",
    )
    cache.expire(lock, timeout=max(1, VISIBILITY_TIMEOUT // 2))

    hub.start_worker()
    done, _ = wait_for(lambda: polled(source.pk), 240, 1)
    took = time.monotonic() - killed_at
    checks.check(
        "the task was redelivered to the new worker and completed within minutes",
        bool(done),
        f"{took:.0f} s after the kill (visibility timeout {VISIBILITY_TIMEOUT} s)",
    )
    checks.check(
        "the feed was fetched twice (the killed attempt and the redelivery)",
        server.count("killed") == 2,
        f"{server.count('killed')} requests",
    )
    stored_once(checks, "killed", source, entries)
    source = Source.objects.get(pk=source.pk)
    now = timezone.now()
    sane = (
        source.last_status == 200
        and source.consecutive_failures == 0
        and source.last_error == ""
        and source.last_success_at is not None
        and source.last_attempt_at is not None
        and source.last_success_at >= source.last_attempt_at
        and source.next_poll_at is not None
        and source.next_poll_at > now
    )
    checks.check(
        "the source's poll state is sane",
        sane,
        f"status {source.last_status}, failures {source.consecutive_failures}, error {source.last_error!r}, "
        f"next poll in {(source.next_poll_at - now).total_seconds() if source.next_poll_at else None:.0f} s",
    )
    _, waited = wait_for(lambda: broker_queue_lengths() == (0, 0), 30)
    checks.check("nothing left to redeliver", broker_queue_lengths() == (0, 0), str(broker_queue_lengths()))
    # One more poll of the same feed (as the next scheduled one would be) changes nothing.
    Source.objects.filter(pk=source.pk).update(last_success_at=None)
    poll_source.delay(source.pk)
    done, _ = wait_for(lambda: polled(source.pk), 60)
    stored_once(checks, "killed", source, entries)
