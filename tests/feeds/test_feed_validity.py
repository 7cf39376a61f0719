"""Valid feeds whatever partners send (#16): hostile partner items (no title, a title of spaces, a
``javascript:``, relative or spaced link, a 10 KB title) are re-published by the newsroom's page and its
RSS, Atom and JSON feeds with a title and without the invalid link; the hub's own items under
``?include=hub`` and partner items keep ids of their own."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from feeds import demo as feeds_demo
from feeds.models import FeedItem, NewsroomPage, Source
from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from statements.demo import INDEX_TITLES as STATEMENT_TITLES
from statements.models import StatementIndexPage
from tests.factories.statements import add_statement

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# A 10 KB title is cut to 500 characters at ingest (feeds.parsing.MAX_TITLE), the column's size on
# PostgreSQL: the longest title a stored item can have.
LONG_TITLE = ("Overlong " * 1200)[:500]
SUMMARY_WORDS = "Ministers of the twenty members met in Cape Town to agree on a shared approach to debt relief"
HOSTILE = {
    # key: (title, link, summary)
    "empty": ("", "https://partner.example/empty", f"<p>{SUMMARY_WORDS}</p>"),
    "spaces": ("   \t  ", "https://partner.example/spaces", ""),
    "javascript": ("Script link", "javascript:alert(document.cookie)", "A link that runs code."),
    "relative": ("Relative link", "/news/relative", "A link without a host."),
    "spaced": ("Spaced link", "https://partner.example/a b c", "A link with spaces."),
    "long": (LONG_TITLE, "https://partner.example/long", "A very long title."),
    "markup": ("<b></b>\x01", "", "<p>x</p>"),
}


@pytest.fixture
def hostile(db):
    out = io.StringIO()
    ensure_home(out)
    ensure_topics(out)
    feeds_demo.load(out)
    statements = ensure_section(StatementIndexPage, "statements", STATEMENT_TITLES, io.StringIO())
    add_statement(statements, "hub-own", title="The hub's own statement", date=datetime.date(2026, 11, 30))
    source = Source.objects.create(name="Hostile source", feed_url="https://hostile.example/feed.xml")
    now = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)
    items = {}
    for number, (key, (title, link, summary)) in enumerate(HOSTILE.items()):
        items[key] = FeedItem.objects.create(
            source=source,
            guid=f"hostile-{key}",
            link=link,
            title=title,
            summary=summary,
            content_hash=hashlib.sha256(key.encode()).hexdigest(),
            published_at=now + datetime.timedelta(minutes=number),
            first_seen_at=now,
        )
    return items


def is_absolute_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def fetch(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("query", ["", "?include=hub"])
def test_xml_feeds_stay_valid_with_hostile_items(hostile, client, language, kind, query):
    body = fetch(client, f"/{language}/newsroom/{kind}/{query}")
    parsed = feedparser.parse(body)
    assert parsed.bozo is False, parsed.get("bozo_exception")
    assert len(parsed.entries) >= 7 + len(HOSTILE)
    for entry in parsed.entries:
        assert entry.get("title", "").strip(), entry
        assert entry.get("id")
        for link in entry.get("links", []):
            assert is_absolute_http(link["href"]), link
    assert b"javascript:" not in body
    assert b"/news/relative" not in body
    assert b"a b c" not in body

    document = ET.fromstring(body)
    if kind == "rss":
        for item in document.iter("item"):
            assert (item.findtext("title") or "").strip()
            link = item.find("link")
            assert link is None or is_absolute_http(link.text or "")
    else:
        for entry in document.iter(f"{ATOM}entry"):
            assert (entry.findtext(f"{ATOM}title") or "").strip()
            assert entry.findtext(f"{ATOM}id")
            alternates = [link for link in entry.findall(f"{ATOM}link") if link.get("rel") == "alternate"]
            # RFC 4287: without an alternate link, an entry carries content.
            assert alternates or entry.find(f"{ATOM}content") is not None
            assert all(is_absolute_http(link.get("href", "")) for link in alternates)


def test_fallback_titles_and_dropped_links_in_the_feeds(hostile, client):
    parsed = feedparser.parse(fetch(client, "/en/newsroom/atom/"))
    by_id = {entry.id: entry for entry in parsed.entries}

    def entry_of(key):
        return by_id[f"tag:g20-hub,2026:feed-item-{hostile[key].pk}"]

    assert entry_of("empty").title == "Ministers of the twenty members met in Cape Town to…"
    assert entry_of("empty").link == "https://partner.example/empty"
    assert entry_of("spaces").title == "Untitled item from Hostile source"
    assert entry_of("markup").title == "x"
    for key in ("javascript", "relative", "spaced"):
        assert entry_of(key).title == HOSTILE[key][0]
        assert not entry_of(key).get("links")  # (feedparser's ``link`` would fall back to the id)
    assert entry_of("long").title == LONG_TITLE.strip()


def test_json_feed_stays_valid_with_hostile_items(hostile, client):
    document = json.loads(fetch(client, "/en/newsroom/json/?include=hub"))
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    for item in document["items"]:
        assert item["id"]
        assert item["title"].strip()
        assert "url" not in item or is_absolute_http(item["url"])
    titles = {item["title"] for item in document["items"]}
    assert "Untitled item from Hostile source" in titles
    assert "The hub's own statement" in titles


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_newsroom_page_shows_titles_and_only_safe_links(hostile, client, language):
    soup = BeautifulSoup(fetch(client, f"/{language}/newsroom/"), "html.parser")
    titles = {}
    for result in soup.select("ol.result-list li.result"):
        heading = result.select_one(".result__title")
        assert heading.get_text(strip=True), result
        for link in heading.select("a"):
            assert is_absolute_http(link["href"]), link
        titles[heading.get_text(" ", strip=True)] = heading
    for key in ("javascript", "relative", "spaced"):
        heading = titles[HOSTILE[key][0]]
        assert heading.select_one("a") is None
    empty = next(heading for text, heading in titles.items() if text.startswith("Ministers of the twenty"))
    assert empty.select_one("a")["href"] == "https://partner.example/empty"
    untitled_prefix = {"en": "Untitled item from", "fr": "Élément sans titre de", "es": "Elemento sin título de"}[
        language
    ]
    untitled = next(heading for text, heading in titles.items() if text.startswith(f"{untitled_prefix} Hostile"))
    # The fallback is in the reader's language, not marked as the item's.
    assert untitled.get("lang") is None


def test_hub_items_under_include_hub_have_ids_of_their_own(hostile, client):
    section = feedparser.parse(fetch(client, "/en/statements/atom/"))
    newsroom = feedparser.parse(fetch(client, "/en/newsroom/atom/?include=hub"))
    (own,) = [entry for entry in section.entries if entry.title == "The hub's own statement"]
    (copy,) = [entry for entry in newsroom.entries if entry.title == "The hub's own statement"]
    assert copy.link == own.link
    assert copy.id != own.id
    assert copy.id == own.id.replace("tag:g20-hub,2026:", "tag:g20-hub,2026:newsroom-")
    assert not {entry.id for entry in section.entries} & {entry.id for entry in newsroom.entries}
    # Nor does the hub reuse a partner's guid as the id of its copy.
    guids = set(FeedItem.objects.values_list("guid", flat=True))
    assert not guids & {entry.id for entry in newsroom.entries}
    assert NewsroomPage.objects.filter(locale__language_code="en").exists()
