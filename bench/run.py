"""``make bench``: every benchmark in one go, each figure next to its reference from the same run.

1. Builds a throw-away hub: PostgreSQL database hub_bench (dropped and created; ``--sqlite`` for a
   SQLite file instead), Redis database 10 as the cache (only that database is flushed), the demo
   content (``load_demo``), then generated data: 1,000 debunks and 10,000 newsroom items (and
   ANALYZE after every bulk insert, as autovacuum would on a live server).
2. Pages (bench/pages.py): gunicorn as in production, uncached and cached, each public page type
   against the limit (a constant 20 KB view).
3. Scale (bench/factchecks.py, bench/newsroom.py): the fact-check database view and API at 1,000 and
   10,000 debunks; the newsroom and the items API at 10,000 and 100,000 items; search over 100,000.
4. Feeds (bench/feeds.py): ingest against raw feedparser, the 304 poll round.

Writes bench/results.json (its "load" key, written by bench/load.py, is kept), prints a table and
the total duration. The database is dropped afterwards unless BENCH_KEEP=1.

    .venv/bin/python bench/run.py [--seconds 5] [--connections 8] [--requests 30] [--sqlite]

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/hub_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/10), WEB_CONCURRENCY (gunicorn workers, default 4).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import RESULTS, analyze, drop_postgres, flush_redis, recreate_postgres, write_results  # noqa: E402

CPU_TARGET_MS = 15
QUERY_TARGET = 20
CACHED_SHARE_OF_LIMIT = 0.5
GROWTH_TARGET = 1.2
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("BENCH_SECONDS", 5)), help="per page figure")
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", 8)))
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS", 20)))
    parser.add_argument("--search-requests", type=int, default=int(os.environ.get("BENCH_SEARCH_REQUESTS", 10)))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 4)))
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL (faster setup)")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="hub-bench."))
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
    if args.sqlite:
        database_url = f"sqlite:///{work / 'bench.sqlite3'}"
    else:
        database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hub_bench")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.bench",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": "",
        "PAGE_CACHE_SECONDS": "0",
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    try:
        return bench(args, env, database_url, redis_url, work)
    finally:
        if not args.sqlite and os.environ.get("BENCH_KEEP") != "1":
            from django.db import connections

            connections.close_all()
            drop_postgres(database_url)
        flush_redis(redis_url)
        shutil.rmtree(work, ignore_errors=True)


def bench(args: argparse.Namespace, env: dict, database_url: str, redis_url: str, work: Path) -> int:
    from bench import pages

    generator = pages.ensure_wrk(log)
    log(f"database {'SQLite' if args.sqlite else database_url} (fresh), cache {redis_url}, files in {work}")
    if not args.sqlite:
        recreate_postgres(database_url)
    flush_redis(redis_url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench import factchecks, feeds, newsroom

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    log("demo content loaded")
    rng = random.Random(2026)
    factchecks.add_debunks(factchecks.fact_check_index(), factchecks.SIZES[0], rng)
    newsroom.add_items(newsroom.SIZES[0], rng)
    analyze()
    log(f"generated data in place: {factchecks.SIZES[0]} debunks, {newsroom.SIZES[0]} feed items")
    connection.close()

    options = {
        "generator": generator,
        "seconds": args.seconds,
        "connections": args.connections,
        "threads": args.threads,
        "workers": args.workers,
    }
    results = {"pages": pages.run(env, redis_url, work, options, log)}
    results["pages"]["data"] = (
        f"demo content plus {factchecks.SIZES[0]} generated debunks and {newsroom.SIZES[0]} feed items"
    )
    log("fact-check scale")
    results["factchecks"] = factchecks.run(rng, args.requests, log)
    log("newsroom scale and search")
    results["newsroom"], results["search"] = newsroom.run(rng, args.requests, args.search_requests, log)
    log("feeds")
    results["feeds"] = feeds.run()
    results["targets"] = targets(results)
    duration = round(time.monotonic() - STARTED)
    results["bench"] = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": "postgresql" if connection.vendor == "postgresql" else connection.vendor,
        "cache": f"redis ({redis_url})",
        "load_generator": generator,
        "machine": f"{os.cpu_count()} cores, shared with the load generator (and with any other work on it)",
        "duration_s": duration,
        "command": "make bench",
    }
    write_results(results)
    print_table(results)
    print(f"\nWritten to {RESULTS.relative_to(ROOT)}. Total duration: {duration // 60} min {duration % 60} s.")
    return 0


def targets(results: dict) -> dict:
    """Met or not met, with the figure, for each target of issue #8."""
    uncached, cached = results["pages"]["uncached"], results["pages"]["cached"]
    page_names = [name for name in uncached if name != "limit"]
    pages_uncached = {
        name: {
            "worker_cpu_ms": uncached[name]["worker_cpu_ms"],
            "queries": uncached[name]["queries"],
            "met": uncached[name]["worker_cpu_ms"] < CPU_TARGET_MS and 0 <= uncached[name]["queries"] < QUERY_TARGET,
        }
        for name in page_names
    }
    limit = cached["limit"]["requests_per_s"]
    pages_cached = {
        name: {
            "requests_per_s": cached[name]["requests_per_s"],
            "limit_requests_per_s": limit,
            "ratio_to_limit": cached[name]["ratio_to_limit"],
            "page_cache": cached[name]["page_cache"],
            "met": cached[name]["page_cache"] == "hit"
            and cached[name]["requests_per_s"] >= CACHED_SHARE_OF_LIMIT * limit,
        }
        for name in page_names
    }
    growth = {}
    for section in ("factchecks", "newsroom"):
        for name, figure in results[section]["figures"].items():
            growth[f"{section}: {name}"] = {
                "growth_p50": figure["growth_p50"],
                "met": figure["growth_p50"] <= GROWTH_TARGET,
            }

    def summary(rows: dict) -> str:
        met = sum(row["met"] for row in rows.values())
        return "met" if met == len(rows) else f"not met ({met} of {len(rows)})"

    return {
        "uncached_pages_cpu_and_queries": {
            "target": f"every page type under {CPU_TARGET_MS} ms worker CPU and under {QUERY_TARGET} queries, uncached",
            "result": summary(pages_uncached),
            "pages": pages_uncached,
        },
        "cached_pages_vs_limit": {
            "target": f"cached pages at least {CACHED_SHARE_OF_LIMIT:.0%} of the limit's requests/s (and a cache hit)",
            "result": summary(pages_cached),
            "pages": pages_cached,
        },
        "lists_at_10x": {
            "target": f"list views and API lists at 10x the data no more than {GROWTH_TARGET}x slower (p50)",
            "result": summary(growth),
            "figures": growth,
        },
        "feeds": {
            "target": "ingest no more than 1.5x raw feedparser; a 304 poll round of 500 sources under 10 s",
            "result": (
                "met"
                if results["feeds"]["figures"]["ingest_vs_raw_ratio"] <= 1.5
                and results["feeds"]["figures"]["poll_round_304_seconds"] < 10
                else "not met"
            ),
        },
    }


def yes(met: bool) -> str:
    return "met" if met else "NOT MET"


def print_table(results: dict) -> None:
    pages = results["pages"]
    print(f"\nPages: {pages['server']}; {pages['load_generator']}; cache {pages['cache_backend']}")
    header = (
        f"{'page':26} {'mode':8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>8} {'db cpu':>7} {'queries':>7} "
        f"{'x limit':>8} {'cache':>6} {'err':>4}"
    )
    print(header)
    print("-" * len(header))
    for name in pages["uncached"]:
        for mode in ("uncached", "cached"):
            row = pages[mode][name]
            print(
                f"{name:26} {mode:8} {row['requests_per_s']:>8} {row['p50_ms']:>8} {row['p99_ms']:>8} "
                f"{row['worker_cpu_ms']:>8} {row['database_cpu_ms'] if row['database_cpu_ms'] is not None else '-':>7} "
                f"{row['queries']:>7} {row['ratio_to_limit']:>8} {row['page_cache']:>6} "
                f"{row['errors']:>4}"
            )
    for section, title in (("factchecks", "Fact-checks"), ("newsroom", "Newsroom"), ("search", "Search")):
        data = results[section]
        sizes = data.get("sizes") or [int(key) for key in next(iter(data["figures"].values())) if key.isdigit()]
        print(f"\n{title} ({data['method']}, {data['requests_per_figure']} requests per figure)")
        header = f"{'scenario':30} {'size':>7} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>7}"
        print(header)
        print("-" * len(header))
        for name, figure in data["figures"].items():
            for size in sizes:
                row = figure[str(size)]
                if row.get("timed_out"):
                    print(f"{name:30} {size:>7} timed out (a statement over {row['statement_timeout_s']} s)")
                    continue
                print(
                    f"{name:30} {size:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['cpu_ms']:>8} {row['queries']:>7}"
                )
            print(f"{'':30} {'10x':>7} {figure['growth_p50'] or '-':>8}x (p50)")
    feeds = results["feeds"]["figures"]
    print(
        f"\nFeeds: ingest of {feeds['items']} items {feeds['hub_parse_clean_ingest_ms']} ms vs raw feedparser "
        f"{feeds['raw_feedparser_ms']} ms ({feeds['ingest_vs_raw_ratio']}x); 304 poll round of "
        f"{feeds['poll_round_sources']} sources {feeds['poll_round_304_seconds']} s "
        f"({feeds['poll_round_not_modified']} not modified)"
    )
    print("\nTargets")
    for target in results["targets"].values():
        print(f"  {target['target']}: {target['result']}")
        for name, row in {**target.get("pages", {}), **target.get("figures", {})}.items():
            if not row["met"]:
                detail = ", ".join(f"{field} {value}" for field, value in row.items() if field != "met")
                print(f"    not met: {name} ({detail})")


if __name__ == "__main__":
    sys.exit(main())
