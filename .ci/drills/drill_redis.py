"""Drill 1: Redis stops. Pages serve, publishing works, /healthz names the broker and the cache, a task
sent during the outage fails clearly, the worker reconnects by itself, nothing the broker had accepted is
lost and nothing is stored twice."""

from __future__ import annotations

import json
import subprocess
import time

from common import (
    VISIBILITY_TIMEOUT,
    WORK,
    Checks,
    Hub,
    broker_queue_lengths,
    make_source,
    path_of,
    polled,
    redis_cli,
    redis_up,
    run,
    say,
    stored_once,
    wait_for,
)
from feed_server import FeedServer

# --- Drill 1: Redis stops -----------------------------------------------------------------------


def drill_redis_stops(checks: Checks, hub: Hub, server: FeedServer, pages: dict[str, str]) -> None:
    from celery.exceptions import CeleryError
    from kombu.exceptions import OperationalError as BrokerError

    from feeds.tasks import poll_source
    from hub.models import ContentPage

    say("\n=== Drill 1: Redis stops")
    report = hub.get("/healthz").json()
    checks.check(
        "before: /healthz reports the broker and the cache ok",
        report["broker"] == report["cache"] == "ok",
        json.dumps(report),
    )

    # One poll the worker is in the middle of, one waiting in the broker's queue behind it.
    slow = make_source(server, "outage-slow", 3, delay=8)
    queued = make_source(server, "outage-queued", 3)
    refused = make_source(server, "outage-refused", 2)
    poll_source.delay(slow.pk)
    checks.check("before: the worker started a poll", server.wait_for_request("outage-slow", 60))
    poll_source.delay(queued.pk)
    waiting, _ = broker_queue_lengths()
    checks.check("before: a second poll waits in the broker's queue", waiting == 1, f"{waiting} waiting")

    from django.core.cache import cache

    from hub.publishing.pagecache import GENERATION_KEY

    # Warm the page cache for the page published during the outage (after the sources were saved, which
    # purges): a copy from before the publication could come back with Redis.
    about = ContentPage.objects.get(slug="about", locale__language_code="en")
    about_url = path_of(about)
    hub.get(about_url)
    cached = hub.get(about_url).headers.get("X-Hub-Cache", "")
    checks.check(
        "before: the page cache serves pages from Redis", cached == "hit", f"X-Hub-Cache: {cached or 'absent'}"
    )
    generation = cache.get(GENERATION_KEY)
    redis_cli("shutdown")
    _, waited = wait_for(lambda: not redis_up(), 10, 0.1)
    stopped_at = time.monotonic()
    checks.check("Redis stopped", not redis_up(), f"in {waited} s")

    # Pages, uncached now: the cache reads miss and writes are dropped.
    statuses, slowest = {}, 0.0
    for name, url in pages.items():
        started = time.monotonic()
        response = hub.get(url)
        slowest = max(slowest, time.monotonic() - started)
        statuses[name] = response.status_code
    checks.check(
        "during: public pages still answer 200",
        set(statuses.values()) == {200},
        f"{statuses}; slowest {slowest * 1000:.0f} ms",
    )
    cache_header = hub.get(about_url).headers.get("X-Hub-Cache", "")
    checks.check("during: pages are served uncached", cache_header != "hit", f"X-Hub-Cache: {cache_header or 'absent'}")

    # Publishing, through the same code as the admin's Publish button.
    new_title = f"About the hub (published during a Redis outage {int(time.time())})"
    about = ContentPage.objects.get(pk=about.pk)
    about.title = new_title
    try:
        about.save_revision().publish()
        published, detail = True, ""
    except Exception as error:  # noqa: BLE001 - the drill reports it
        published, detail = False, f"{type(error).__name__}: {error}"
    checks.check("during: publishing a page works", published, detail)
    body = hub.get(about_url).text
    checks.check("during: visitors see the published change", new_title in body)

    response = hub.get("/healthz")
    report = response.json()
    checks.check(
        "during: /healthz answers 200 (the database serves) and names the broker error",
        response.status_code == 200 and report["broker"].startswith("error: "),
        f"{response.status_code} broker={report['broker']!r}",
    )
    checks.check(
        "during: /healthz names the cache error", report["cache"].startswith("error"), f"cache={report['cache']!r}"
    )

    started = time.monotonic()
    try:
        poll_source.delay(refused.pk)
        outcome, error_name = "accepted", ""
    except (BrokerError, CeleryError, OSError) as error:
        outcome, error_name = "refused", f"{type(error).__name__}: {error}"
    took = time.monotonic() - started
    checks.check(
        "during: sending a task fails at once with a clear error (nothing is silently dropped)",
        outcome == "refused" and took < 15,
        f"{error_name or outcome} after {took:.1f} s",
    )

    # The poll under way keeps its database work; only its acknowledgement waits for the broker.
    done, waited = wait_for(lambda: polled(slow.pk), 30)
    checks.check("during: the poll under way still stored its feed", bool(done), f"after {waited} s")
    time.sleep(max(0.0, 10 - (time.monotonic() - stopped_at)))  # an outage of at least 10 s
    outage = time.monotonic() - stopped_at

    run(["redis-server", str(WORK / "redis.conf")], stdout=subprocess.DEVNULL)
    _, waited = wait_for(redis_up, 10, 0.1)
    checks.check("Redis started again", redis_up(), f"after an outage of {outage:.0f} s")
    restarted = time.monotonic()
    stale_page_cache(
        checks, hub, about_url, new_title, [page for page in pages.values() if page != about_url], generation
    )

    # The refused task is sent again, as its caller would; the queued one was kept by the broker.
    poll_source.delay(refused.pk)
    done, waited = wait_for(lambda: polled(queued.pk) and polled(refused.pk), 120)
    checks.check(
        "after: the same worker reconnected by itself and ran the queued and the new poll",
        bool(done) and hub.worker is not None and hub.worker.poll() is None,
        f"within {time.monotonic() - restarted:.0f} s of Redis returning",
    )
    # The slow poll's acknowledgement was lost with the connection: it comes back after the visibility
    # timeout, runs again, and must add nothing.
    _, waited = wait_for(lambda: broker_queue_lengths() == (0, 0), VISIBILITY_TIMEOUT + 40)
    checks.check("after: nothing left unacknowledged in the broker", broker_queue_lengths() == (0, 0), f"{waited} s")
    for name, source, entries in (
        ("outage-slow", slow, 3),
        ("outage-queued", queued, 3),
        ("outage-refused", refused, 2),
    ):
        stored_once(checks, name, source, entries)

    report = hub.get("/healthz").json()
    checks.check(
        "after: /healthz reports the broker and the cache ok",
        report["broker"] == report["cache"] == "ok",
        json.dumps(report),
    )


def stale_page_cache(
    checks: Checks, hub: Hub, url: str, new_title: str, others: list[str], generation_before: str | None
) -> None:
    """The purge the publication sent during the outage was lost, and Redis kept what it cached before:
    until those entries expire, visitors may get the copy from before the publication."""
    from django.conf import settings
    from django.core.cache import cache

    from hub.publishing.pagecache import GENERATION_KEY

    # Each web process's first Redis call after the restart fails on its pooled connection (a miss that
    # renders and stores the page afresh): other pages spend it, so what follows is what visitors get.
    for _ in range(3):
        for other in others:
            hub.get(other)
    responses = [hub.get(url) for _ in range(4)]
    stale = [response for response in responses if new_title not in response.text]
    response = stale[0] if stale else responses[0]
    # This process's own pooled connection fails once too.
    generation_now, _ = wait_for(lambda: cache.get(GENERATION_KEY), 5, 0.2)
    purged = "a purge since Redis returned" if generation_now != generation_before else "no purge since"
    if not stale:
        checks.check(
            "after: the page published during the outage is shown as soon as Redis returns",
            True,
            f"X-Hub-Cache: {response.headers.get('X-Hub-Cache', 'absent')}; page cache generation: {purged}",
        )
        return
    say(
        f"      NOTE: the page published during the outage is served from a copy cached before it "
        f"(X-Hub-Cache: {response.headers.get('X-Hub-Cache', 'absent')}): its purge was lost with Redis, "
        f"{purged}"
    )
    # Every cached page (django-redis lists them by the page cache's key prefix) expires on time.
    ttls = [cache.ttl(key) for key in cache.keys("pagecache:page:*")]
    longest = max((ttl for ttl in ttls if ttl is not None), default=0)
    checks.check(
        "after: a copy cached before the outage is served at most PAGE_CACHE_SECONDS more",
        bool(ttls) and None not in ttls and 0 < longest <= settings.PAGE_CACHE_SECONDS,
        f"{len(ttls)} cached pages, the longest expires in {longest} s, "
        f"PAGE_CACHE_SECONDS {settings.PAGE_CACHE_SECONDS}",
    )
