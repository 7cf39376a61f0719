"""Newsroom scale (part of ``make bench``, bench/run.py): the newsroom and the feed-items API at 10,000
and 100,000 items, and search latency (the newsroom's ``?q=`` and the site search) over the larger set,
timed in-process (Django test client, DEBUG off, page cache off).

Items are inserted as ingest inserts them (feeds/ingest.py ``_create``: ``bulk_create``, topic links,
then the search index with ``add_bulk``), in batches, from a few dozen generated sources.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from urllib.parse import urlsplit

from django.db import transaction
from django.test import Client
from wagtail.models import Locale
from wagtail.search.backends import get_search_backend

from bench.common import analyze, growth, measure_in_process
from feeds.models import FeedItem, NewsroomPage, Source, SourceKind
from hub.models import Topic

SIZES = (10_000, 100_000)
BATCH = 5_000
SOURCES = 40
LANGUAGES = ["en", "fr", "es", "de", "pt", "ru", "ar"]
WORDS = [
    "information",
    "integrity",
    "disinformation",
    "summit",
    "platforms",
    "elections",
    "climate",
    "finance",
    "health",
    "trade",
    "ministers",
    "observatory",
    "taskforce",
    "transparency",
]
LIST_SCENARIOS = [
    ("newsroom", "{newsroom}"),
    ("newsroom, filtered", "{newsroom}?kind=research&language=fr"),
    ("newsroom, page 40", "{newsroom}?page=40"),
    ("API items list", "/api/v1/items/"),
    ("API items, 100 per page", "/api/v1/items/?page_size=100"),
    ("API items, filtered", "/api/v1/items/?kind=research&language=fr"),
]
SEARCH_SCENARIOS = [
    ("newsroom search", "{newsroom}?q=integrity"),
    ("newsroom search, two words", "{newsroom}?q=climate+finance"),
    ("site search", "/en/search/?q=summit"),
]


def newsroom_path() -> str:
    page = NewsroomPage.objects.live().get(locale=Locale.objects.get(language_code="en"))
    return urlsplit(page.get_url()).path


def bench_sources() -> list[Source]:
    kinds = list(SourceKind)
    sources = []
    for number in range(SOURCES):
        source, _created = Source.objects.get_or_create(
            feed_url=f"https://partner{number}.bench.example/feed.xml",
            defaults={
                "name": f"Bench partner {number}",
                "kind": kinds[number % len(kinds)],
                "default_language": LANGUAGES[number % len(LANGUAGES)],
                # Generated addresses do not exist: never poll them.
                "active": False,
            },
        )
        sources.append(source)
    return sources


def add_items(upto: int, rng: random.Random) -> None:
    """Grow the newsroom to ``upto`` generated items (the demo's are not counted)."""
    sources = bench_sources()
    topics = list(Topic.objects.all())
    existing = FeedItem.objects.filter(source__in=sources).count()
    now = datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC)
    backend = get_search_backend()
    for start in range(existing, upto, BATCH):
        with transaction.atomic():
            items = []
            for number in range(start, min(start + BATCH, upto)):
                source = sources[number % SOURCES]
                words = rng.sample(WORDS, 4)
                link = f"https://partner{number % SOURCES}.bench.example/news/{number}"
                title = f"Partner news {number}: {words[0]}, {words[1]} and the G20"
                summary = (
                    f"<p>How {words[2]} and {words[3]} shape the G20's work on {words[0]}.</p>"
                    f"<p>{'The taskforce met the ministers and the observatory. ' * 3}</p>"
                )
                items.append(
                    FeedItem(
                        source=source,
                        guid=f"bench-{number}",
                        link=link,
                        normalised_link=link,
                        content_hash=hashlib.sha256(f"{title}{summary}".encode()).hexdigest(),
                        title=title,
                        summary=summary,
                        language=source.default_language,
                        categories=words[:2],
                        published_at=now - datetime.timedelta(minutes=number),
                        first_seen_at=now,
                        updated_at=now,
                    )
                )
            created = FeedItem.objects.bulk_create(items)
            if topics:
                FeedItem.topics.through.objects.bulk_create(
                    FeedItem.topics.through(feeditem_id=item.pk, topic_id=rng.choice(topics).pk)
                    for item in created
                    if item.pk % 3 == 0
                )
            backend.add_bulk(FeedItem, created)


def run(rng: random.Random, requests: int, search_requests: int, log) -> tuple[dict, dict]:
    """Returns the "newsroom" and "search" sections of the results."""
    newsroom = newsroom_path()
    client = Client()
    lists: dict[str, dict] = {}
    searches: dict[str, dict] = {}
    for size in SIZES:
        started = datetime.datetime.now()
        add_items(size, rng)
        analyze()
        log(f"{size} feed items in place ({(datetime.datetime.now() - started).total_seconds():.0f} s)")
        for name, url in LIST_SCENARIOS:
            url = url.format(newsroom=newsroom)
            lists.setdefault(name, {"url": url})[str(size)] = measure_in_process(client, url, requests)
        for name, url in SEARCH_SCENARIOS:
            url = url.format(newsroom=newsroom)
            searches.setdefault(name, {"url": url})[str(size)] = measure_in_process(client, url, search_requests)
    for figure in (*lists.values(), *searches.values()):
        figure["growth_p50"] = growth(figure, *SIZES)
    method = "in-process Django test client, DEBUG off, anonymous, page cache off"
    return (
        {"requests_per_figure": requests, "method": method, "sizes": list(SIZES), "figures": lists},
        {
            "requests_per_figure": search_requests,
            "method": method,
            "items": SIZES[-1],
            "search_backend": "wagtail.search.backends.database",
            "figures": searches,
        },
    )
