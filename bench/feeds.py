"""Feed ingest against raw feedparser, and a poll round of 500 sources answering 304 (part of
``make bench``, bench/run.py; from the aggregator issue).
"""

from __future__ import annotations

import http.server
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import feedparser
from django.conf import settings
from django.db import transaction

from feeds.ingest import ingest
from feeds.models import FeedItem, Source
from feeds.parsing import parse
from feeds.polling import poll_source

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


def run() -> dict:
    """Returns the "feeds" section of the results."""
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
    if FeedItem.objects.filter(source__name__startswith="Bench 304").exists():
        raise RuntimeError("a source answering 304 left items behind")

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
    return {
        "targets": {"ingest_vs_raw_ratio": "<= 1.5", "poll_round_304_seconds": "< 10"},
        "figures": figures,
    }
