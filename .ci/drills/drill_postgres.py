"""Drill 2: PostgreSQL restarts. 503 with Retry-After for the gap (never 500), then 200 again from the
same gunicorn processes; the worker polls again too."""

from __future__ import annotations

import json
import time

from common import Checks, Hub, make_source, pg_ctl, polled, reconnect_database, say, wait_for
from feed_server import FeedServer

# --- Drill 2: PostgreSQL restarts ---------------------------------------------------------------


def drill_postgres_restarts(checks: Checks, hub: Hub, server: FeedServer, pages: dict[str, str]) -> None:
    from feeds.tasks import poll_source

    say("\n=== Drill 2: PostgreSQL restarts")
    before = hub.gunicorn_pids()
    home = pages["home"]
    for _ in range(2):
        hub.get(home)  # cached now

    pg_ctl("stop", "-m", "fast")
    stopped_at = time.monotonic()
    say(f"      PostgreSQL stopped (fast shutdown), gunicorn {sorted(before)} still serving")
    statuses: dict[int, int] = {}
    problems: list[str] = []
    number = 0
    while time.monotonic() - stopped_at < 6:
        for name, url in pages.items():
            number += 1
            # A query string of its own, so the page cache cannot answer for the database.
            response = hub.get(f"{url}?drill-gap={number}")
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code == 503:
                if response.headers.get("Retry-After") != "30":
                    problems.append(f"{name}: Retry-After {response.headers.get('Retry-After')!r}")
                if not response.headers.get("Content-Type", "").startswith("text/html"):
                    problems.append(f"{name}: {response.headers.get('Content-Type')}")
                if "briefly unavailable" not in response.text or "Traceback" in response.text:
                    problems.append(f"{name}: not the plain outage page")
        time.sleep(0.2)
    checks.check(
        "during: every uncached request answers 503, never 500",
        set(statuses) == {503},
        f"{sum(statuses.values())} requests: {statuses}",
    )
    checks.check("during: the 503 is the plain page with Retry-After: 30", not problems, "; ".join(problems[:3]))
    response = hub.get("/healthz")
    database = response.json().get("database", "") if response.status_code == 503 else ""
    checks.check(
        "during: /healthz answers 503 and names the database error",
        response.status_code == 503 and database.startswith("error: OperationalError"),
        f"{response.status_code} database={database[:90]!r}",
    )
    cached = hub.get(home)
    say(
        f"      (a page already in the cache: {cached.status_code}, X-Hub-Cache: "
        f"{cached.headers.get('X-Hub-Cache', 'absent')})"
    )

    pg_ctl("start")
    restarted = time.monotonic()
    say(f"      PostgreSQL started again after {restarted - stopped_at:.0f} s")
    reconnect_database()
    first, waited = wait_for(lambda: hub.get(f"{home}?drill-back={time.monotonic()}").status_code == 200, 30, 0.2)
    checks.check("after: requests answer 200 again", bool(first), f"{waited} s after PostgreSQL started")
    statuses = {}
    for number in range(20):
        for url in pages.values():
            code = hub.get(f"{url}?drill-after={number}").status_code
            statuses[code] = statuses.get(code, 0) + 1
    checks.check(
        "after: every worker process serves again (20 rounds of every page type)",
        set(statuses) == {200},
        str(statuses),
    )
    response = hub.get("/healthz")
    checks.check("after: /healthz answers 200", response.status_code == 200, json.dumps(response.json()))
    after = hub.gunicorn_pids()
    checks.check(
        "after: the same gunicorn processes, none restarted",
        after == before and hub.gunicorn is not None and hub.gunicorn.poll() is None,
        f"before {sorted(before)}, after {sorted(after)}",
    )
    source = make_source(server, "after-restart", 2)
    poll_source.delay(source.pk)
    done, waited = wait_for(lambda: polled(source.pk), 60)
    checks.check("after: the worker polls feeds again, without a restart", bool(done), f"in {waited} s")
