"""Load test: mixed anonymous traffic (pages, search, feeds, API) against gunicorn on PostgreSQL and Redis.

Builds a hub of its own (a fresh PostgreSQL database, Redis database 11 for the cache and the broker,
the demo content, static files), starts gunicorn as production does (Procfile, hub.settings.production,
deploy/env.example), runs bench/locustfile.py headless and writes the figures to the results file under
"load" (other keys in that file are left as they are). Exits non-zero on any failed request.

    .venv/bin/python bench/load.py                          # 50 users, 60 s, into bench/results.json
    .venv/bin/python bench/load.py --duration 15s --output /tmp/load.json   # the short form CI runs

Environment: LOAD_DATABASE_URL (default postgres://postgres:postgres@127.0.0.1:5432/hub_load; the
database is dropped and created), LOAD_REDIS_URL (default redis://127.0.0.1:6379/11; only that database
is flushed), WEB_CONCURRENCY (gunicorn workers, default 4 as in deploy/env.example), LOAD_KEEP=1 to keep the
database afterwards (it is dropped otherwise), LOAD_WAIT_MIN/LOAD_WAIT_MAX (each visitor's pause, seconds).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
GROUPS = ("pages", "search", "feeds", "api")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", 50)))
    parser.add_argument("--spawn-rate", type=float, default=float(os.environ.get("LOAD_SPAWN_RATE", 10)))
    parser.add_argument("--duration", default=os.environ.get("LOAD_DURATION", "60s"), help="locust's -t, e.g. 60s")
    parser.add_argument("--output", type=Path, default=Path(os.environ.get("LOAD_OUTPUT", ROOT / "bench/results.json")))
    parser.add_argument("--mode", default=None, help='recorded as "mode" (default: full for 60 s or more, else short)')
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 4)))
    return parser.parse_args()


def seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    total, number = 0, ""
    for char in duration.strip():
        if char.isdigit():
            number += char
        else:
            total += int(number) * units[char]
            number = ""
    return total + int(number or 0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name.startswith("hub_load"):
        raise SystemExit(f"refusing to drop {name!r}: the load database's name must start with hub_load")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    client.close()


def wait_until_up(base_url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before it answered")
        try:
            with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {base_url}/healthz within {timeout:.0f} s")


def read_stats(prefix: str) -> dict[str, dict]:
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            requests = int(row["Request Count"])
            rows[row["Name"]] = {
                "requests": requests,
                "failures": int(row["Failure Count"]),
                "requests_per_s": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"]) if requests else None,
                "p95_ms": float(row["95%"]) if requests else None,
                "p99_ms": float(row["99%"]) if requests else None,
                "max_ms": round(float(row["Max Response Time"]), 1) if requests else None,
            }
    return rows


def read_failures(prefix: str) -> list[dict]:
    with open(f"{prefix}_failures.csv", newline="") as handle:
        return [
            {"method": row["Method"], "name": row["Name"], "error": row["Error"], "count": int(row["Occurrences"])}
            for row in csv.DictReader(handle)
        ]


def write_results(path: Path, figures: dict) -> None:
    # Read-modify-write: the other keys belong to the other benchmarks.
    results = json.loads(path.read_text()) if path.exists() and path.stat().st_size else {}
    results["load"] = figures
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    temporary.replace(path)


def main() -> int:
    args = parse_args()
    database_url = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/hub_load")
    redis_url = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/11")
    work = Path(tempfile.mkdtemp(prefix="hub-load."))
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        # deploy/env.example, pointed at this machine and at plain HTTP.
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "SECRET_KEY": "load-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": base_url,
        "WAGTAILADMIN_BASE_URL": base_url,
        # Passkeys need an HTTPS origin (django-otp-webauthn's check); no visitor here signs in.
        "OTP_WEBAUTHN_RP_ID": "localhost",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": "https://localhost",
        "SECURE_SSL_REDIRECT": "False",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        # One proxy in front, as in production: each simulated visitor comes with its own address.
        "NUM_PROXIES": "1",
        "EMAIL_URL": "console://",
        "PAGE_CACHE_SECONDS": os.environ.get("PAGE_CACHE_SECONDS", "300"),
        "MEDIA_ROOT": str(work / "media"),
        "PRIVATE_MEDIA_ROOT": str(work / "private"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "WARNING",
        "MEDIA_S3_BUCKET": "",
        "PRIVATE_S3_BUCKET": "",
        "FRONTEND_CACHE_PURGE_URL": "",
    }

    def manage(*command: str, **extra: str) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env={**env, **extra},
            check=True,
            stdout=subprocess.DEVNULL,
        )

    print(f"--- database {urlsplit(database_url).path.lstrip('/')} (fresh), Redis {redis_url}, files in {work}")
    recreate_database(database_url)
    flush_redis(redis_url)
    manage("migrate", "--noinput")
    # The demo is built as `make run` builds it: tasks run in the process, none left in the broker.
    manage("load_demo", CELERY_TASK_ALWAYS_EAGER="true")
    manage("collectstatic", "--noinput")
    flush_redis(redis_url)

    gunicorn_log = work / "gunicorn.log"
    command = [
        str(BIN / "gunicorn"),
        "hub.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(args.workers),
        "--timeout",
        "30",
        "--access-logfile",
        str(work / "access.log"),
        "--error-logfile",
        str(gunicorn_log),
    ]
    print(f"--- gunicorn, {args.workers} workers, on {base_url}")
    gunicorn = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603

    def stop_gunicorn(*_signal_args) -> None:
        if gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait()

    def on_signal(signum, _frame) -> None:
        stop_gunicorn()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        wait_until_up(base_url, gunicorn)
        prefix = str(work / "locust")
        detail_path = work / "detail.json"
        print(f"--- locust: {args.users} users, spawn rate {args.spawn_rate}/s, {args.duration}")
        locust = subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench/locustfile.py"),
                "--headless",
                "--host",
                base_url,
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                args.duration,
                "--stop-timeout",
                "10",
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={**os.environ, "LOAD_DETAIL_JSON": str(detail_path), "LOAD_CSV_PREFIX": prefix},
            check=False,
        )
    finally:
        stop_gunicorn()
        if os.environ.get("LOAD_KEEP") != "1":
            drop_database(database_url)
            flush_redis(redis_url)

    stats = read_stats(prefix)
    overall = stats.get("Aggregated")
    if overall is None or not overall["requests"]:
        print("locust recorded no request", file=sys.stderr)
        return 1
    detail = json.loads(detail_path.read_text()) if detail_path.exists() else {}
    failures = read_failures(prefix)
    figures = {
        "measured_at": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
        "mode": args.mode or ("full" if seconds(args.duration) >= 60 else "short"),
        "database": "postgresql",
        "cache_and_broker": "redis (db 11)",
        "server": f"gunicorn, {args.workers} workers, hub.settings.production",
        "page_cache_seconds": int(env["PAGE_CACHE_SECONDS"]),
        "machine": f"{os.cpu_count()} cores shared with locust and with other work on the machine: noisy figures",
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration_s": seconds(args.duration),
        "requests": overall["requests"],
        "failures": overall["failures"],
        "requests_per_s": overall["requests_per_s"],
        "p50_ms": overall["p50_ms"],
        "p95_ms": overall["p95_ms"],
        "p99_ms": overall["p99_ms"],
        "max_ms": overall["max_ms"],
        "groups": {group: stats[group] for group in GROUPS if group in stats},
        "page_cache": detail.get("page_cache", {}),
        "not_modified_304": detail.get("not_modified", 0),
        "by_kind": detail.get("by_kind", {}),
        "failed_requests": failures,
    }
    write_results(args.output, figures)

    print(f"\n{'group':<8} {'requests':>9} {'fail':>5} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for name in (*GROUPS, "Aggregated"):
        row = stats.get(name)
        if row:
            print(
                f"{name:<8} {row['requests']:>9} {row['failures']:>5} {row['requests_per_s']:>7} "
                f"{row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7}"
            )
    print(f'\nwritten to {args.output} under "load"')
    for failure in failures:
        print(f"FAILED {failure['count']}x {failure['method']} {failure['name']}: {failure['error']}", file=sys.stderr)
    if overall["failures"] or locust.returncode != 0:
        print(
            f"load test failed: {overall['failures']} failed requests, locust exit {locust.returncode}; "
            f"gunicorn's log: {gunicorn_log}",
            file=sys.stderr,
        )
        return 1
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
