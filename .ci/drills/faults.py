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
"""

from __future__ import annotations

import http.server
import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email.utils import format_datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
WORK = Path(os.environ["DRILL_WORK"])
PG_BIN = Path(os.environ["DRILL_PG_BIN"])
PG_PORT = int(os.environ["DRILL_PG_PORT"])
REDIS_PORT = int(os.environ["DRILL_REDIS_PORT"])
PG_AS = os.environ.get("DRILL_PG_AS", "")
# Short enough for a drill, and still longer than any poll in it (a longer poll would be handed out twice).
VISIBILITY_TIMEOUT = 20
SLOW_FEED_SECONDS = 20
# Where production's default puts a redelivery (hub/settings/base.py) and how long polling locks a source.
PRODUCTION_VISIBILITY_TIMEOUT = 600


def say(line: str = "") -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# --- Checks -------------------------------------------------------------------------------------


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        say(f"{'PASS' if ok else 'FAIL'}  {name}{f' ({detail})' if detail else ''}")
        if ok:
            self.passed += 1
        else:
            self.failures.append(name)
        return ok


def wait_for(predicate: Callable[[], object], timeout: float, interval: float = 0.5) -> tuple[object, float]:
    """Call ``predicate`` until it returns something true or ``timeout`` passes: (last value, seconds waited)."""
    started = time.monotonic()
    while True:
        try:
            value = predicate()
        except Exception:  # noqa: BLE001 - a service on its way up answers with errors
            value = None
        if value or time.monotonic() - started > timeout:
            return value, round(time.monotonic() - started, 1)
        time.sleep(interval)


# --- Partner feeds served from this process -----------------------------------------------------


def rss(feed: str, entries: int) -> bytes:
    items = []
    for number in range(1, entries + 1):
        published = format_datetime(_utc(1_760_000_000 + number * 3600))
        items.append(
            f"<item><guid isPermaLink='false'>drill-{feed}-{number}</guid>"
            f"<title>Drill {feed} item {number}</title>"
            f"<link>https://partner.example/{feed}/{number}</link>"
            f"<description>Entry {number} of the {feed} drill feed.</description>"
            f"<pubDate>{published}</pubDate></item>"
        )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Drill feed {feed}</title><link>https://partner.example/{feed}/</link>"
        f"<description>Fault drill</description>{''.join(items)}</channel></rss>"
    ).encode()


def _utc(timestamp: int):
    import datetime

    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


class FeedServer:
    """Feeds by path; a slow one sleeps before answering its first request only."""

    def __init__(self) -> None:
        self.feeds: dict[str, tuple[bytes, float]] = {}
        self.requests: dict[str, int] = {}
        self.arrived: dict[str, threading.Event] = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                path = self.path.split("?")[0]
                if path not in server.feeds:
                    self.send_error(404)
                    return
                body, delay = server.feeds[path]
                count = server.requests[path] = server.requests.get(path, 0) + 1
                server.arrived[path].set()
                if count == 1 and delay:
                    time.sleep(delay)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the worker that asked was killed meanwhile

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def add(self, name: str, entries: int, delay: float = 0) -> str:
        path = f"/{name}.xml"
        self.feeds[path] = (rss(name, entries), delay)
        self.arrived[path] = threading.Event()
        return f"http://127.0.0.1:{self.port}{path}"

    def count(self, name: str) -> int:
        return self.requests.get(f"/{name}.xml", 0)

    def wait_for_request(self, name: str, timeout: float) -> bool:
        return self.arrived[f"/{name}.xml"].wait(timeout)


# --- Processes ----------------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Processes:
    """Children started in their own process groups, recorded for .ci/fault-drills' cleanup."""

    def __init__(self) -> None:
        self.running: list[subprocess.Popen] = []

    def start(self, command: list[str], log: str, env: dict) -> subprocess.Popen:
        with open(WORK / log, "ab") as output:
            process = subprocess.Popen(  # noqa: S603 - our own commands
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        with open(WORK / "process-groups", "a") as groups:
            groups.write(f"{process.pid}\n")
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen, timeout: float = 20) -> None:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            except ProcessLookupError:
                pass
        if process in self.running:
            self.running.remove(process)

    def stop_all(self) -> None:
        for process in reversed(list(self.running)):
            self.stop(process)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, check=True, **kwargs)  # noqa: S603 - our own commands


def as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", PG_AS, "--", *command] if PG_AS else command


def pg_ctl(action: str, *extra: str) -> None:
    command = [str(PG_BIN / "pg_ctl"), "-D", str(WORK / "pg"), "-l", str(WORK / "pg.log"), "-w", action, *extra]
    run(as_postgres(command), stdout=subprocess.DEVNULL)


def redis_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own command
        ["redis-cli", "-p", str(REDIS_PORT), *args],  # noqa: S607 - the system's redis-cli, whatever its path
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def redis_up() -> bool:
    return redis_cli("ping").stdout.strip() == "PONG"


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in {"Z", "X"}


def children(pid: int) -> list[int]:
    command = ["pgrep", "-P", str(pid)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603, S607 - procps' pgrep
    return [int(line) for line in result.stdout.split()]


# --- The hub ------------------------------------------------------------------------------------


def hub_environment() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "hub.settings.production",
            "SECRET_KEY": f"fault-drills-{secrets.token_urlsafe(40)}",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/hub_fault_drills",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{REDIS_PORT}/1",
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_URL": "console://",
            "STATIC_ROOT": str(WORK / "static"),
            "MEDIA_ROOT": str(WORK / "media"),
            "PRIVATE_MEDIA_ROOT": str(WORK / "private-media"),
            "FEEDS_ALLOWED_PRIVATE_HOSTS": "127.0.0.1",
            # Every drill feed is on one host: the per-host spacing would defer all but one poll.
            "FEEDS_MIN_HOST_INTERVAL": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


class Hub:
    def __init__(self, processes: Processes, env: dict) -> None:
        self.processes = processes
        self.env = env
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.gunicorn: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None
        self.workers_started = 0
        self.http = httpx.Client(base_url=self.base, timeout=15, follow_redirects=False)

    def start_gunicorn(self) -> None:
        command = [
            str(BIN / "gunicorn"),
            "hub.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            "--workers=2",
            "--timeout=30",
            f"--pid={WORK / 'gunicorn.pid'}",
            "--access-logfile=-",
            # Not the shared default under ~/.gunicorn: another gunicorn on the machine may own it.
            "--no-control-socket",
        ]
        self.gunicorn = self.processes.start(command, "gunicorn.log", self.env)
        response, waited = wait_for(lambda: self.get("/healthz").status_code == 200, 60)
        if not response:
            raise SystemExit(f"gunicorn did not answer /healthz within {waited} s")

    def gunicorn_pids(self) -> set[int]:
        assert self.gunicorn is not None  # noqa: S101
        return {self.gunicorn.pid, *children(self.gunicorn.pid)}

    def start_worker(self) -> subprocess.Popen:
        self.workers_started += 1
        number = self.workers_started
        command = [
            str(BIN / "celery"),
            "-A",
            "hub",
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            f"--hostname=drill{number}@%h",
        ]
        self.worker = self.processes.start(command, f"worker{number}.log", self.env)
        return self.worker

    def get(self, path: str) -> httpx.Response:
        return self.http.get(path)


# --- Django, in this process, with the same settings --------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # The drill provokes these on purpose; their tracebacks would drown the PASS/FAIL lines.
    for name in ("django_redis", "django.request", "hub.pagecache", "wagtail", "celery", "kombu"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def reconnect_database() -> None:
    from django.db import connection

    connection.close()


def make_source(server: FeedServer, name: str, entries: int, delay: float = 0):
    from feeds.models import Source

    source = Source(
        name=f"Drill {name}",
        feed_url=server.add(name, entries, delay),
        min_interval=3600,
        max_interval=24 * 3600,
        default_language="en",
    )
    # The SSRF guard runs here too: 127.0.0.1 passes only because FEEDS_ALLOWED_PRIVATE_HOSTS names it.
    source.full_clean()
    source.save()
    return source


def polled(source_id: int):
    from feeds.models import Source

    source = Source.objects.get(pk=source_id)
    return source if source.last_success_at else None


def stored_once(checks: Checks, name: str, source, entries: int) -> None:
    """Every entry of the feed stored exactly once, with every field written."""
    from django.db.models import Count

    from feeds.models import FeedItem

    items = list(FeedItem.objects.filter(source=source))
    guids = {item.guid for item in items}
    duplicated = list(FeedItem.objects.filter(source=source).values("guid").annotate(n=Count("id")).filter(n__gt=1))
    expected = {f"drill-{name}-{number}" for number in range(1, entries + 1)}
    checks.check(
        f"feed {name}: each of its {entries} entries stored exactly once",
        len(items) == entries and guids == expected and not duplicated,
        f"{len(items)} rows, {len(guids)} distinct GUIDs",
    )
    half_written = [
        item.pk
        for item in items
        if not (
            item.title
            and item.link
            and item.normalised_link
            and len(item.content_hash) == 64
            and item.summary
            and item.published_at
            and item.first_seen_at
            and item.updated_at
            and item.language == "en"
        )
    ]
    checks.check(
        f"feed {name}: no half-written item", not half_written, f"incomplete: {half_written}" if half_written else ""
    )


def broker_queue_lengths() -> tuple[int, int]:
    """Messages waiting in the broker's queue, and delivered but not acknowledged ones."""
    waiting = redis_cli("-n", "1", "llen", "celery").stdout.strip()
    unacked = redis_cli("-n", "1", "hlen", "unacked").stdout.strip()
    return int(waiting or 0), int(unacked or 0)


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

    from hub.pagecache import GENERATION_KEY

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

    from hub.pagecache import GENERATION_KEY

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


def path_of(page) -> str:
    """The page's path on this hub (its URL names the demo site's host, not gunicorn's address)."""
    return page.get_url_parts()[2]


def public_pages() -> dict[str, str]:
    """One live English page of each main type, by URL."""
    from wagtail.models import Page

    wanted = ["homepage", "newsroompage", "statementpage", "debunkpage", "libraryitempage", "contentpage"]
    pages = {}
    for page in Page.objects.live().public().filter(locale__language_code="en").select_related("content_type"):
        model = page.content_type.model
        if model in wanted and model not in pages:
            pages[model] = path_of(page)
    pages["home"] = pages.pop("homepage")
    return pages


if __name__ == "__main__":
    sys.exit(main())
