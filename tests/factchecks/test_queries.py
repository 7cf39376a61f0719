"""SQL queries do not grow with the number of debunks (index, feeds, API, export) nor with what one debunk holds.

``measured`` adds 5 debunks to the world, counts the queries of a warm request to each URL, adds 45
more (50 in all) and counts again, once for the module. Every bulk debunk has two keywords, two
appearances with outlets, a piece of evidence and a correction.
"""

import datetime
import json
from dataclasses import dataclass

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from factchecks.models import DebunkRelatedDebunk
from factchecks.verdicts import Verdict
from tests.factories.factchecks import add_debunk

BULK_WORD = "Zephyrine"
FILTERED = {"verdict": "false", "country": "ZA", "keyword": "bulk"}
URLS = {
    "index": ("/en/fact-checks/", {}),
    "index by keyword": ("/en/fact-checks/", {"keyword": "bulk"}),
    "index filtered": ("/en/fact-checks/", FILTERED),
    "index searched": ("/en/fact-checks/", {"q": BULK_WORD, "language": "en"}),
    "rss": ("/en/fact-checks/rss/", {}),
    "rss filtered": ("/en/fact-checks/rss/", FILTERED),
    "json": ("/en/fact-checks/json/", {}),
    "api": ("/api/v1/debunks/", {"page_size": "50"}),
    "api filtered": ("/api/v1/debunks/", {**FILTERED, "page_size": "50"}),
    "export.jsonl": ("/api/v1/debunks/export.jsonl", {}),
    "export.csv": ("/api/v1/debunks/export.csv", {}),
}


@dataclass
class Measure:
    queries: int
    items: int
    sql: list[str]


def count_items(url: str, content: bytes) -> int:
    if "/export." in url:
        lines = content.decode().strip().splitlines()
        return len(lines) - (1 if url.endswith(".csv") else 0)
    if url.startswith("/api/"):
        data = json.loads(content)
        return len(data["results"]) if "results" in data else 1
    if url.endswith("/json/"):
        return len(json.loads(content)["items"])
    if url.endswith(("/rss/", "/atom/")):
        return len(feedparser.parse(content).entries)
    return len(BeautifulSoup(content, "html.parser").select("ol.result-list li.result"))


def measure(client: Client, url: str, params: dict) -> Measure:
    """Queries of a second, warm request (the first fills per-process caches such as the site's root paths)."""
    cache.clear()
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    if response.streaming:
        b"".join(response.streaming_content)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
        content = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    cache.clear()
    return Measure(
        len(context.captured_queries), count_items(url, content), [q["sql"] for q in context.captured_queries]
    )


def add_bulk(world, start: int, count: int) -> None:
    for number in range(start, start + count):
        add_debunk(
            world.index,
            slug=f"bulk-{number:03d}",
            title=f"Bulk debunk {number}",
            claim=f"Bulk claim number {number}",
            claim_summary=f"{BULK_WORD} bulk summary {number}.",
            verdict=Verdict.FALSE if number % 2 == 0 else Verdict.MISLEADING,
            first_seen=datetime.date(2025, 1, 1) + datetime.timedelta(days=number),
            countries=["ZA"] if number % 2 == 0 else ["US", "BR"],
            languages=["en", "ru"],
            keywords=["Bulk", f"Theme {number % 4}"],
            appearances=[
                {"url": f"https://rumour.example/{number}", "outlet": world.outlets.daily, "appeared_on": "2025-01-02"},
                {"url": f"https://t.me/whispers/{number}", "outlet": world.outlets.whispers},
            ],
            evidence=[("Primary source", f"https://source.example/{number}", "Registry")],
            corrections=[("2025-03-01", f"Correction {number}.")],
            revision=False,
        )


@pytest.fixture(scope="module")
def measured(factchecks_world, django_db_blocker):
    """{name: (with 5 bulk debunks, with 50)} for every URL of ``URLS``, plus the API's page sizes."""
    client = Client()
    with django_db_blocker.unblock():
        add_bulk(factchecks_world, 0, 5)
        small = {name: measure(client, url, params) for name, (url, params) in URLS.items()}
        add_bulk(factchecks_world, 5, 45)
        large = {name: measure(client, url, params) for name, (url, params) in URLS.items()}
        large["api page_size=5"] = measure(client, "/api/v1/debunks/", {"page_size": "5"})
    return {name: (small.get(name), large[name]) for name in large}


def explain(large: Measure, small: Measure | None = None) -> str:
    """The queries of the larger request, shortened, for the failure message."""
    head = f"{small.queries} queries, then {large.queries}:\n" if small else ""
    return head + "\n".join(sql[:200] for sql in large.sql)


# The world lists 6 English debunks and holds 8 in the API and the export (withdrawn and French ones too).
@pytest.mark.parametrize(
    ("name", "small_items", "large_items"),
    [
        ("index", 6 + 5, 20),
        ("index by keyword", 5, 20),
        ("index filtered", 3, 20),
        ("index searched", 5, 20),
        ("rss", 6 + 5, 50),
        ("rss filtered", 3, 25),
        ("json", 6 + 5, 50),
        ("api", 8 + 5, 50),
        ("api filtered", 3, 25),
    ],
)
def test_query_count_does_not_grow_with_debunks(measured, db, name, small_items, large_items):
    small, large = measured[name]
    assert (small.items, large.items) == (small_items, large_items)
    assert large.queries == small.queries, explain(large, small)


def test_api_page_size_does_not_change_the_query_count(measured, db):
    _, five = measured["api page_size=5"]
    _, fifty = measured["api"]
    assert (five.items, fifty.items) == (5, 50)
    assert fifty.queries == five.queries, explain(fifty, five)


@pytest.mark.parametrize("name", ["export.jsonl", "export.csv"])
def test_export_query_count_does_not_grow_linearly(measured, db, name):
    small, large = measured[name]
    assert (small.items, large.items) == (8 + 5, 8 + 50)
    # Prefetching runs per chunk of records, so a few more queries are allowed; one per record is not.
    assert large.queries <= small.queries + 7, explain(large, small)


# --- One debunk --------------------------------------------------------------------------------------


@pytest.fixture
def world(factchecks_world, db):
    return factchecks_world


def debunk_with(world, slug: str, appearances: int, related: int = 0):
    outlets = [world.outlets.daily, world.outlets.whispers, world.outlets.channel, world.outlets.quiet]
    page = add_debunk(
        world.index,
        slug=slug,
        title=f"Debunk {slug}",
        claim="A claim seen in many places",
        verdict=Verdict.FALSE,
        first_seen="2026-07-01",
        countries=["ZA", "US"],
        languages=["en", "fr"],
        keywords=["Many", "Places"],
        appearances=[
            {
                "url": f"https://example.org/{slug}/{n}",
                "outlet": outlets[n % len(outlets)],
                "appeared_on": f"2026-07-{n + 1:02d}",
                "archive_url": f"https://archive.example/{slug}/{n}",
            }
            for n in range(appearances)
        ],
        evidence=[("Source", "https://source.example/", "Registry")],
        corrections=[("2026-07-20", "Fixed.")],
    )
    targets = ["summit", "debt", "deal", "climate", "ban"]
    for n in range(related):
        DebunkRelatedDebunk.objects.create(debunk=page, page=world.debunks[targets[n]], sort_order=n)
    return page


def test_debunk_page_query_count_does_not_grow_with_appearances(world, client):
    one = debunk_with(world, "one-appearance", 1)
    ten = debunk_with(world, "ten-appearances", 10)
    small = measure(client, one.url, {})
    large = measure(client, ten.url, {})
    soup = BeautifulSoup(client.get(ten.url).content, "html.parser")
    assert len(soup.select("li.appearance")) == 10
    assert large.queries == small.queries, explain(large, small)


def test_debunk_page_query_count_does_not_grow_with_related_debunks(world, client):
    one = debunk_with(world, "one-related", 1, related=1)
    five = debunk_with(world, "five-related", 1, related=5)
    small = measure(client, one.url, {})
    large = measure(client, five.url, {})
    soup = BeautifulSoup(client.get(five.url).content, "html.parser")
    assert len(soup.find(id="related-heading").find_parent("section").select("a")) == 5
    assert large.queries == small.queries, explain(large, small)


def test_api_detail_query_count_does_not_grow_with_appearances(world, client):
    one = debunk_with(world, "api-one", 1)
    ten = debunk_with(world, "api-ten", 10)
    small = measure(client, f"/api/v1/debunks/{one.case_id}/", {})
    large = measure(client, f"/api/v1/debunks/{ten.case_id}/", {})
    assert large.queries == small.queries, explain(large, small)
