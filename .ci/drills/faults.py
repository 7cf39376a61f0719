"""Fault drills (issue 8), run by .ci/fault-drills against its own PostgreSQL and Redis.

One hub as in production: hub.settings.production, gunicorn, one Celery worker, Redis as cache
(db 0) and broker (db 1), partner feeds served from this process on 127.0.0.1 (allowed through
FEEDS_ALLOWED_PRIVATE_HOSTS, as in a private deployment). Then three drills:

1. Redis stops: pages serve, publishing works, /healthz names the broker and the cache, a task
   sent during the outage fails clearly, the worker reconnects by itself, nothing the broker had
   accepted is lost and nothing is stored twice.
2. PostgreSQL restarts: 503 with Retry-After for the gap (never 500), then 200 again from the same
   gunicorn processes; the worker polls again too.
3. A worker killed (SIGKILL) in the middle of a poll: the broker redelivers the task after the
   visibility timeout (CELERY_VISIBILITY_TIMEOUT, shortened here), a new worker completes it, every
   entry is stored once and whole, and the source's poll state is sane.

Each check prints one PASS or FAIL line; the exit status is the number of failures (capped).

The drills are one module each (drill_redis, drill_postgres, drill_worker); what they share (services,
processes, checks) is in common, the partner feeds in feed_server. This module runs them in that order.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from common import (
    BIN,
    ROOT,
    Checks,
    Hub,
    Processes,
    django_setup,
    hub_environment,
    make_source,
    polled,
    public_pages,
    run,
    say,
    wait_for,
)
from drill_postgres import drill_postgres_restarts
from drill_redis import drill_redis_stops
from drill_worker import drill_worker_killed
from feed_server import FeedServer

# --- Main ---------------------------------------------------------------------------------------


def main() -> int:
    checks = Checks()
    processes = Processes()
    env = hub_environment()
    manage = [str(BIN / "python"), "manage.py"]
    started = time.monotonic()
    say("--- migrate, demo content, static files")
    # Static files need no database: collected while the schema and the demo content are built.
    static = subprocess.Popen([*manage, "collectstatic", "--noinput"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    run([*manage, "migrate", "--noinput"], env=env, stdout=subprocess.DEVNULL)
    migrated = time.monotonic()
    run([*manage, "load_demo"], env=env, stdout=subprocess.DEVNULL)
    if static.wait() != 0:
        raise SystemExit("collectstatic failed")
    say(f"      ready in {time.monotonic() - started:.0f} s (migrate {migrated - started:.0f} s)")

    django_setup(env)
    server = FeedServer()
    hub = Hub(processes, env)

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    try:
        say(f"--- gunicorn on {hub.base}, one Celery worker, feeds on 127.0.0.1:{server.port}")
        hub.start_gunicorn()
        hub.start_worker()
        from feeds.tasks import poll_source

        warmup = make_source(server, "warm-up", 2)
        poll_source.delay(warmup.pk)
        done, waited = wait_for(lambda: polled(warmup.pk), 120)
        if not checks.check("the worker polls a feed through the broker", bool(done), f"in {waited} s"):
            return 1
        pages = public_pages()
        say(f"      page types checked: {', '.join(pages)}")

        drill_redis_stops(checks, hub, server, pages)
        drill_postgres_restarts(checks, hub, server, pages)
        drill_worker_killed(checks, hub, server)
    finally:
        processes.stop_all()
        server.httpd.shutdown()
    say()
    if checks.failures:
        say(f"FAILED: {len(checks.failures)} of {checks.passed + len(checks.failures)} checks")
        for name in checks.failures:
            say(f"  - {name}")
        return 1
    say(f"All {checks.passed} fault-drill checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
