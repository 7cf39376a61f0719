"""Public pages against the limit (part of ``make bench``, bench/run.py).

gunicorn is started exactly as the Procfile and deploy/systemd/g20-hub-web.service start it (sync
workers, ``--workers WEB_CONCURRENCY`` (4), ``--timeout 30``, an access log) with hub.settings.bench
(DEBUG off, ``ROOT_URLCONF = "bench.urls"``), twice: uncached (``PAGE_CACHE_SECONDS=0``) and cached
(``PAGE_CACHE_SECONDS=300``, Redis shared by the workers). In each run the limit, ``/_bench/limit``
(a constant 20 KB view), and every public page type are loaded by the same generator at the same
concurrency: requests/s, p50/p99 latency, worker CPU per request (utime+stime of the gunicorn
workers from /proc, before and after, divided by the requests answered), SQL queries per request
(the ``X-Bench-Queries`` header of bench.middleware) and the ratio to the limit's requests/s.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import ROOT, flush_redis

BIN = Path(sys.executable).parent
LIMIT_PATH = "/_bench/limit"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SEARCH_TERM = "G20"


def page_paths() -> dict[str, str]:
    """Each public page type's path on the demo site (English), found from the content itself."""
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale, Page

    from factchecks.models import DebunkPage, FactCheckIndexPage
    from feeds.models import NewsroomPage
    from hub.models import HomePage
    from library.models import LibraryItemPage
    from presidencies.models import PresidencyPage
    from roundtable.models import RoundtableIndexPage, RoundtableMeetingPage
    from statements.models import StatementPage

    english = Locale.objects.get(language_code="en")

    def first(model) -> str:
        page = Page.objects.live().public().type(model).filter(locale=english).order_by("path").first()
        if page is None:
            raise RuntimeError(f"the demo content has no live English {model.__name__}")
        return urlsplit(page.get_url()).path

    with translation.override("en"):
        search = reverse("search")
    return {
        "home": first(HomePage),
        "presidency": first(PresidencyPage),
        "statement": first(StatementPage),
        "library item": first(LibraryItemPage),
        "debunk": first(DebunkPage),
        "fact-check database view": first(FactCheckIndexPage),
        "newsroom": first(NewsroomPage),
        "meeting": first(RoundtableMeetingPage),
        "commitments tracker": first(RoundtableIndexPage) + "commitments/",
        "search": f"{search}?q={SEARCH_TERM}",
    }


# --- gunicorn -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """gunicorn with the production flags, in its own process group, stopped on exit."""

    def __init__(self, env: dict[str, str], workers: int, work: Path, label: str):
        self.port = free_port()
        self.workers = workers
        self.log = work / f"gunicorn-{label}.log"
        command = [
            str(BIN / "gunicorn"),
            "hub.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
            "--access-logfile",
            str(work / f"access-{label}.log"),
            "--error-logfile",
            str(self.log),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603

    def wait_until_up(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log}")
            try:
                status, _headers, _size = get(self.port, "/healthz")
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout:.0f} s; see {self.log}")

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of the given processes (fields 14 and 15 of /proc/<pid>/stat), in seconds."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


def database_backend_pids() -> list[int]:
    """The PostgreSQL server processes serving the benchmark database (the workers' connections), when
    PostgreSQL runs on this machine: their CPU is the part of a page's cost the workers do not see."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        pids = [row[0] for row in cursor.fetchall()]
    return [pid for pid in pids if Path(f"/proc/{pid}/stat").exists()]


def process_cpu_seconds(pids: list[int]) -> dict[int, float]:
    """Like cpu_seconds, per process, leaving out processes that have gone."""
    seconds = {}
    for pid in pids:
        try:
            seconds[pid] = cpu_seconds([pid])
        except OSError:
            continue
    return seconds


def get(port: int, path: str) -> tuple[int, dict[str, str], int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, len(body)
    finally:
        connection.close()


# --- load generators ------------------------------------------------------------------------------

_DURATION = re.compile(r"([\d.]+)(us|ms|s|m)\b")
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = _DURATION.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return round(float(match.group(1)) * _UNITS_MS[match.group(2)], 2)


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def ensure_wrk(log) -> str:
    """Debian's wrk if it is there or apt can install it (make bench runs as root); else the Python client."""
    if wrk_available():
        return "wrk"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: apt-get install -y wrk")
        subprocess.run(  # noqa: S603
            ["apt-get", "install", "-y", "-q", "wrk"],  # noqa: S607
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    if wrk_available():
        return "wrk"
    log("wrk is unavailable: falling back to the threaded Python client (keep-alive)")
    return "python"


def run_wrk(port: int, path: str, seconds: int, connections: int, threads: int) -> dict:
    output = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "requests_per_s": round(float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)), 1),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        # Read errors are the sync workers closing each connection after answering: not failures.
        + (int(socket_errors.group(1)) + int(socket_errors.group(4)) if socket_errors else 0),
    }


def run_python_client(port: int, path: str, seconds: int, connections: int) -> dict:
    """The fallback: one thread per connection, keep-alive when the server allows it."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    started = time.perf_counter()
    deadline = started + seconds

    def visitor() -> None:
        mine, failed = [], 0
        connection = None
        while time.perf_counter() < deadline:
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                began = time.perf_counter()
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                mine.append((time.perf_counter() - began) * 1000)
                if response.status != 200:
                    failed += 1
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                failed += 1
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=visitor) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(share: float) -> float:
        return round(latencies[min(int(len(latencies) * share), len(latencies) - 1)], 2) if latencies else 0.0

    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "errors": errors[0],
    }


# --- one server run -------------------------------------------------------------------------------


def measure_server(server: Gunicorn, paths: dict[str, str], options: dict, cached: bool, log) -> dict:
    """Warm up and load the limit, then each page, on one running gunicorn; ratios to that limit."""
    figures: dict[str, dict] = {}
    for name, path in {"limit": LIMIT_PATH, **paths}.items():
        status, headers, size = get(server.port, path)
        if status != 200:
            raise RuntimeError(f"{name} ({path}) answered {status}; see {server.log}")
        # The second request: what the page costs once one-off work (and, when cached, the store) is done.
        status, headers, size = get(server.port, path)
        cache_status = headers.get("x-hub-cache", "absent")
        pids = server.worker_pids()
        database_before = process_cpu_seconds(database_backend_pids())
        before = cpu_seconds(pids)
        if options["generator"] == "wrk":
            result = run_wrk(server.port, path, options["seconds"], options["connections"], options["threads"])
        else:
            result = run_python_client(server.port, path, options["seconds"], options["connections"])
        after = cpu_seconds(pids)
        database_after = process_cpu_seconds(database_backend_pids())
        # A connection opened during the run counts from zero; one closed during it is lost (rare:
        # the workers keep theirs for DB_CONN_MAX_AGE).
        database_cpu = sum(value - database_before.get(pid, 0.0) for pid, value in database_after.items())
        if server.worker_pids() != pids:
            raise RuntimeError(f"a gunicorn worker was replaced while {path} was loaded; see {server.log}")
        figures[name] = {
            "url": path,
            **result,
            "worker_cpu_ms": round((after - before) * 1000 / max(result["requests"], 1), 2),
            "database_cpu_ms": (round(database_cpu * 1000 / max(result["requests"], 1), 2) if database_after else None),
            "queries": int(headers.get("x-bench-queries", "-1")),
            "bytes": size,
            "page_cache": cache_status,
        }
        log(
            f"  {'cached' if cached else 'uncached'} {name}: {result['requests_per_s']} req/s, "
            f"cache {cache_status}, {figures[name]['worker_cpu_ms']} ms worker CPU, "
            f"{figures[name]['database_cpu_ms']} ms database CPU"
        )
    limit = figures["limit"]["requests_per_s"]
    for figure in figures.values():
        figure["ratio_to_limit"] = round(figure["requests_per_s"] / limit, 3) if limit else None
    return figures


def run(base_env: dict[str, str], redis_url: str, work: Path, options: dict, log) -> dict:
    """Both gunicorn runs; returns the "pages" section of the results."""
    paths = page_paths()
    runs = {}
    for label, seconds in (("uncached", 0), ("cached", 300)):
        flush_redis(redis_url)
        env = {**base_env, "PAGE_CACHE_SECONDS": str(seconds)}
        log(f"gunicorn {label} (PAGE_CACHE_SECONDS={seconds}), {options['workers']} workers")
        server = Gunicorn(env, options["workers"], work, label)
        try:
            server.wait_until_up()
            runs[label] = measure_server(server, paths, options, cached=bool(seconds), log=log)
        finally:
            server.stop()
    flush_redis(redis_url)
    cache_present = any(figure["page_cache"] != "absent" for figure in runs["cached"].values())
    return {
        "server": (
            f"gunicorn hub.wsgi:application --workers {options['workers']} --timeout 30 (sync workers, "
            "as the Procfile and deploy/systemd/g20-hub-web.service), hub.settings.bench, DEBUG off"
        ),
        "load_generator": (
            f"wrk -t{options['threads']} -c{options['connections']} -d{options['seconds']}s"
            if options["generator"] == "wrk"
            else f"threaded Python client, {options['connections']} keep-alive connections, {options['seconds']} s"
        ),
        "concurrency": options["connections"],
        "seconds_per_figure": options["seconds"],
        "cache_backend": f"django-redis, {redis_url} (shared by the workers)",
        "page_cache_present": cache_present,
        "limit": (
            f"{LIMIT_PATH}: a constant 20,480-byte HTML view through the same middleware, never page-cached; "
            "in the cached run it still pays the page cache's lookup (two Redis reads, a miss), as any page does"
        ),
        "worker_cpu": "utime+stime of every gunicorn worker from /proc, after minus before, per request answered",
        "database_cpu": "the same for the PostgreSQL server processes of the workers' connections (local server)",
        "queries": "X-Bench-Queries of a warmed-up request (bench.middleware.QueryCountMiddleware)",
        "uncached": runs["uncached"],
        "cached": runs["cached"],
    }
