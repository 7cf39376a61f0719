"""rss/, atom/ and json/ of the statements and library indexes: each format's rules, parsed back, hostile text."""

import datetime
import email.utils
import io
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from hub.listings.syndication import FEED_SIZE
from hub.publishing.withdrawal import withdraw
from library.demo import INDEX_TITLES as LIBRARY_TITLES
from library.models import LibraryIndexPage
from statements.demo import INDEX_TITLES
from statements.models import StatementIndexPage, StatementKind
from tests.factories.statements import add_statement

pytestmark = pytest.mark.django_db

HOSTILE = 'Ctrl\x01\x08 chars ]]> <script>alert(1)</script> & "quotes" 🌍 مرحبا'


@pytest.fixture
def index():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    ensure_section(LibraryIndexPage, "library", LIBRARY_TITLES, io.StringIO())
    return ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())


def test_rss_follows_rss_2_with_a_self_link(client, index):
    add_statement(index, "one")
    response = client.get("/en/statements/rss/?kind=press_release")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.find(required).text
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self"
    assert self_link.get("href") == "http://testserver/en/statements/rss/?kind=press_release"
    item = channel.find("item")
    assert item.find("link").text == "http://testserver/en/statements/one/"
    assert email.utils.parsedate_to_datetime(item.find("pubDate").text).tzinfo is not None
    assert item.find("guid").get("isPermaLink") == "false"


def test_atom_follows_atom_1(client, index):
    add_statement(index, "one")
    response = client.get("/en/statements/atom/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    assert root.find("a:id", ns).text and root.find("a:title", ns).text and root.find("a:updated", ns).text
    assert root.find("a:link[@rel='self']", ns).get("href") == "http://testserver/en/statements/atom/"
    entry = root.find("a:entry", ns)
    for required in ("id", "title", "updated"):
        assert entry.find(f"a:{required}", ns).text
    datetime.datetime.fromisoformat(entry.find("a:updated", ns).text)  # RFC 3339


def test_json_feed_follows_version_1_1(client, index):
    add_statement(index, "one")
    response = client.get("/en/statements/json/")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    document = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "http://testserver/en/statements/json/"
    (item,) = document["items"]
    assert item["id"] and item["url"] == "http://testserver/en/statements/one/"
    datetime.datetime.fromisoformat(item["date_published"])


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_hostile_titles_stay_well_formed(client, index, kind):
    add_statement(index, "hostile", title=HOSTILE)
    response = client.get(f"/en/statements/{kind}/")
    assert response.status_code == 200
    if kind == "json":
        title = json.loads(response.content)["items"][0]["title"]
        assert title == HOSTILE
        return
    ET.fromstring(response.content)  # well-formed XML, or this raises
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    title = parsed.entries[0].title
    assert "]]>" in title and "🌍" in title and "مرحبا" in title and "\x01" not in title
    assert b"<script>" not in response.content


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_feeds_take_the_page_filters_and_skip_withdrawn_items(client, index, kind):
    add_statement(index, "declaration", title="Statement declaration", kind=StatementKind.LEADERS_DECLARATION)
    add_statement(index, "release")
    withdrawn = add_statement(index, "withdrawn", kind=StatementKind.LEADERS_DECLARATION)
    withdraw(withdrawn, "Replaced.")
    parsed = feedparser.parse(client.get(f"/en/statements/{kind}/?kind=leaders_declaration").content)
    if kind == "json":
        titles = [
            item["title"] for item in client.get(f"/en/statements/{kind}/?kind=leaders_declaration").json()["items"]
        ]
    else:
        titles = [entry.title for entry in parsed.entries]
    assert titles == ["Statement declaration"]


def test_bad_filter_values_answer_400_with_a_message(client, index):
    response = client.get("/en/statements/rss/?kind=bogus&from=yesterday")
    assert response.status_code == 400
    assert "kind" in response.content.decode() and "from" in response.content.decode()


def test_feeds_hold_the_newest_fifty_and_run_constant_queries(client, index):
    for n in range(3):
        add_statement(index, f"early-{n}", date=f"2025-01-{n + 1:02d}")
    with CaptureQueriesContext(connection) as few:
        client.get("/en/statements/rss/")
    for n in range(FEED_SIZE):
        add_statement(index, f"later-{n}", date="2026-06-01")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/en/statements/rss/")
    assert len(feedparser.parse(response.content).entries) == FEED_SIZE
    assert len(many) == len(few)


def test_index_pages_link_their_feeds(client, index):
    html = client.get("/en/statements/?kind=press_release").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert "http://testserver/en/statements/atom/?kind=press_release" in html
    assert 'type="application/feed+json"' in client.get("/en/library/").content.decode()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("path", ["statements", "library"])
def test_feed_links_name_the_formats_as_they_are_spelled(client, index, language, path):
    from bs4 import BeautifulSoup

    response = client.get(f"/{language}/{path}/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [a.get_text(strip=True) for a in soup.select("p.feed-links a")] == ["RSS", "Atom", "JSON Feed"]
    titles = [link["title"] for link in soup.select('link[rel="alternate"][type*="+"]')]
    assert [title[title.rindex("(") :] for title in titles] == ["(RSS)", "(Atom)", "(JSON Feed)"]
    assert "ATOM" not in response.content.decode()
