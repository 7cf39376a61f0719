"""Benchmark: feed ingest against raw feedparser, and a poll round of 500 sources answering 304.

Run with ``make bench`` (after bench/factchecks.py, which creates the database). Figures go
to bench/results.json under "feeds" and to stdout.
"""

from __future__ import annotations

import datetime
import http.server
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.bench")

import django  # noqa: E402

django.setup()

import feedparser  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from feeds.ingest import ingest  # noqa: E402
from feeds.models import FeedItem, Source  # noqa: E402
from feeds.parsing import parse  # noqa: E402
from feeds.polling import poll_source  # noqa: E402

ITEMS = 200
SOURCES = 500
ROUNDS = 5


def feed_document(items: int) -> bytes:
    entries = "".join(
        f"<item><title>Partner news {n}: the G20 and information integrity</title>"
        f"<link>https://partner.example/news/{n}</link><guid>partner-{n}</guid>"
        f"<pubDate>Mon, 16 Nov 2026 10:{n % 60:02d}:00 GMT</pubDate><category>information integrity</category>"
        f"<description>&lt;p&gt;Paragraph {n} with a &lt;a href='/more/{n}'&gt;link&lt;/a&gt; and "
        f"&lt;strong&gt;emphasis&lt;/strong&gt;.&lt;/p&gt;&lt;p&gt;{'Lorem ipsum dolor sit amet. ' * 8}&lt;/p&gt;"
        f"</description></item>"
        for n in range(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Partner</title>'
        f"<link>https://partner.example/</link>{entries}</channel></rss>"
    ).encode()


def median_ms(function, rounds: int = ROUNDS) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


class NotModified(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.send_response(304)
        self.send_header("ETag", '"same"')
        self.send_header("Content-Length", "0")
        self.end_headers()


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    document = feed_document(ITEMS)
    raw = median_ms(lambda: feedparser.parse(document))

    def hub_ingest():
        with transaction.atomic():
            source = Source.objects.create(name="Bench", feed_url=f"https://bench.example/{time.perf_counter_ns()}")
            ingest(source, parse(document))
            transaction.set_rollback(True)

    full = median_ms(hub_ingest)
    parse_only = median_ms(lambda: parse(document))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotModified)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.FEEDS_MIN_HOST_INTERVAL = 0
    Source.objects.filter(name__startswith="Bench 304").delete()
    sources = Source.objects.bulk_create(
        Source(name=f"Bench 304 {n}", feed_url=f"http://127.0.0.1:{server.server_port}/feed/{n}", etag='"same"')
        for n in range(SOURCES)
    )
    started = time.perf_counter()
    # Two workers' worth of concurrency, as on a 2-core machine.
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda source: poll_source(source.pk).status, sources))
    round_seconds = round(time.perf_counter() - started, 2)
    server.shutdown()
    not_modified = outcomes.count("not modified")
    Source.objects.filter(name__startswith="Bench 304").delete()
    assert FeedItem.objects.filter(source__name__startswith="Bench").count() == 0

    figures = {
        "raw_feedparser_ms": raw,
        "hub_parse_clean_ms": parse_only,
        "hub_parse_clean_ingest_ms": full,
        "ingest_vs_raw_ratio": round(full / raw, 2),
        "items": ITEMS,
        "poll_round_304_seconds": round_seconds,
        "poll_round_sources": SOURCES,
        "poll_round_not_modified": not_modified,
    }
    path = ROOT / "bench" / "results.json"
    results = json.loads(path.read_text()) if path.exists() else {}
    results["feeds"] = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": django.db.connection.vendor,
        "targets": {"ingest_vs_raw_ratio": "<= 1.5", "poll_round_304_seconds": "< 10"},
        "figures": figures,
    }
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(f"feedparser.parse of {ITEMS} items:           {raw} ms")
    print(f"hub parse + clean:                     {parse_only} ms")
    print(f"hub parse + clean + ingest (database): {full} ms  ({figures['ingest_vs_raw_ratio']}x raw; target <= 1.5x)")
    print(
        f"poll round, {SOURCES} sources answering 304: {round_seconds} s ({not_modified} not modified; target < 10 s)"
    )


if __name__ == "__main__":
    main()
