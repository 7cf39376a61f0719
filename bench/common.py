"""What the benchmarks share: the throw-away database and cache, in-process timing, the results file."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"


def recreate_postgres(url: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database (its name must start with hub_bench)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("hub_bench"):
        raise SystemExit(f"refusing to drop {name!r}: the benchmark database's name must start with hub_bench")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_postgres(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    """Empty the one Redis database the benchmark owns (never FLUSHALL)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def analyze() -> None:
    """Refresh the planner's statistics after bulk inserts, as autovacuum soon would on a live server:
    without it PostgreSQL plans for empty tables and a 10,000-debunk listing takes seconds, not ms."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure_in_process(client, url: str, requests: int, budget_s: float = 10.0, timeout_s: int = 15) -> dict:
    """Time up to ``requests`` anonymous GETs of ``url`` through the Django test client (after up to
    2 warm-ups): p50 and p95 wall time, median CPU time and the most SQL queries any one of them ran.

    A slow figure gets fewer requests (at least 3, or 1 when one takes over a third of the budget) so
    that it fits about ``budget_s`` seconds, and on
    PostgreSQL any one statement longer than ``timeout_s`` seconds is cancelled: the figure then says
    it timed out instead of holding up the whole run."""
    from django.db import OperationalError, connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = '{int(timeout_s)}s'")
    walls, cpus, queries = [], [], []
    warm_ups = 2
    try:
        while True:
            # The query log is a bounded deque that only a request signal empties, and the context
            # silences that signal: empty it here, or once full it shows no new query at all.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed = time.perf_counter() - wall
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            if warm_ups:
                warm_ups -= 1
                slow = elapsed > budget_s / 3
                if slow:
                    warm_ups = 0
                requests = min(requests, max(1 if slow else 3, int(budget_s / max(elapsed, 0.001))))
                continue
            walls.append(elapsed * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
            queries.append(len(captured.captured_queries))
            if len(walls) >= requests:
                break
    except OperationalError as error:
        if "statement timeout" not in str(error):
            raise
        return {"timed_out": True, "statement_timeout_s": timeout_s, "p50_ms": None, "requests": len(walls)}
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
    walls.sort()
    return {
        "p50_ms": round(statistics.median(walls), 2),
        "p95_ms": round(walls[max(int(len(walls) * 0.95) - 1, 0)], 2),
        "cpu_ms": round(statistics.median(cpus), 2),
        "queries": max(queries),
        "requests": len(walls),
    }


def growth(figure: dict, small: int, large: int) -> float | None:
    """p50 at the large size over p50 at the small one; None when either timed out."""
    before, after = figure[str(small)]["p50_ms"], figure[str(large)]["p50_ms"]
    return round(after / before, 2) if before and after else None


def write_results(sections: dict) -> None:
    """Replace the given top-level keys of bench/results.json, keeping every other key (e.g. "load")."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() and RESULTS.stat().st_size else {}
    results.update(sections)
    temporary = RESULTS.with_name(RESULTS.name + ".tmp")
    temporary.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    temporary.replace(RESULTS)
