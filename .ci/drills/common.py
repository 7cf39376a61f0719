"""What the fault drills share: the own-port PostgreSQL and Redis that .ci/fault-drills started (their
ports and files come in DRILL_* variables), the hub's processes (gunicorn, Celery workers), HTTP and
Django helpers, and the PASS/FAIL checks."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from feed_server import FeedServer

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
    for name in ("django_redis", "django.request", "hub.publishing.pagecache", "wagtail", "celery", "kombu"):
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
