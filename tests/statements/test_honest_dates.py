"""Honest dates (#16): a statement or library item dated 2024 and published on the hub today shows and
syndicates 2024 (its page, RSS/Atom/JSON Feed, the API, search), the hub's own days only where they add
information, and an update never earlier than the first publication."""

from __future__ import annotations

import datetime
import io
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.models import Locale, Page

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from library.demo import INDEX_TITLES as LIBRARY_TITLES
from library.models import LibraryIndexPage
from statements.demo import INDEX_TITLES as STATEMENT_TITLES
from statements.models import StatementIndexPage, StatementKind
from tests.factories.library import DocumentFactory, add_item
from tests.factories.statements import add_statement, translate_statement

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ISSUED = datetime.date(2024, 3, 12)


@pytest.fixture
def dated():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    statements = ensure_section(StatementIndexPage, "statements", STATEMENT_TITLES, io.StringIO())
    library = ensure_section(LibraryIndexPage, "library", LIBRARY_TITLES, io.StringIO())
    statement = add_statement(
        statements,
        "backfilled",
        title="Quillwort ministerial statement",
        kind=StatementKind.OFFICE_STATEMENT,
        date=ISSUED,
        summary="Issued in 2024, brought to the hub today.",
    )
    french = translate_statement(
        statement, "fr", "Déclaration ministérielle quillwort", "Publiée en 2024, ajoutée au hub aujourd'hui."
    )
    spanish = translate_statement(
        statement, "es", "Declaración ministerial quillwort", "Publicada en 2024, añadida al hub hoy."
    )
    item = add_item(
        library,
        "backfilled-report",
        title="Quillwort report",
        date=ISSUED,
        files=[(DocumentFactory(title="Quillwort report (PDF)"), "Full report")],
    )
    return {"statement": statement, "fr": french, "es": spanish, "item": item}


def soup_of(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def today() -> datetime.date:
    return timezone.localdate()


# --- Pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["statement", "item"])
def test_a_backfilled_page_shows_its_own_date_and_never_first_published_today(dated, client, which):
    page = dated[which]
    assert page.first_published_at.date() == today()
    soup = soup_of(client, page.url)

    kicker = soup.select_one(".page-header__kicker")
    assert "March 12, 2024" in text_of(kicker)
    assert kicker.time["datetime"] == "2024-03-12"
    provenance = soup.select_one(".provenance")
    assert "First published" not in text_of(provenance)
    assert "Last updated" not in text_of(provenance)
    assert "On the hub since" in text_of(provenance)
    assert [time["datetime"][:10] for time in provenance.select("time")] == [today().isoformat()]


@pytest.mark.parametrize(
    ("language", "shown", "first_published"),
    [("fr", "12 mars 2024", "Première publication"), ("es", "12 de marzo de 2024", "Primera publicación")],
)
def test_a_translation_shows_the_2024_date_in_its_language(dated, client, language, shown, first_published):
    page = dated[language]
    assert page.url.startswith(f"/{language}/")
    soup = soup_of(client, page.url)
    kicker = soup.select_one(".page-header__kicker")
    assert shown in text_of(kicker)
    assert kicker.time["datetime"] == "2024-03-12"
    assert first_published not in text_of(soup.select_one(".provenance"))


def test_last_updated_is_never_shown_before_the_first_publication(dated, client):
    statement = dated["statement"]
    first = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    # An import wrote a first publication after the page's last publish.
    Page.objects.filter(pk=statement.pk).update(first_published_at=first, last_published_at=first.replace(month=2))

    provenance = soup_of(client, statement.url).select_one(".provenance")
    assert text_of(provenance).endswith("On the hub since May 1, 2026")
    assert "Last updated" not in text_of(provenance)

    (item,) = client.get("/api/v1/statements/?locale=en").json()["results"]
    assert item["last_published_at"] == item["first_published_at"] == "2026-05-01T09:00:00Z"

    feed = feedparser.parse(client.get("/en/statements/atom/").content)
    (entry,) = feed.entries
    assert entry.published.startswith("2024-03-12")
    assert entry.updated.startswith("2026-05-01")


def test_a_later_update_is_shown_after_the_hubs_first_day(dated, client):
    statement = dated["statement"]
    first = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    Page.objects.filter(pk=statement.pk).update(first_published_at=first, last_published_at=first.replace(month=7))
    provenance = soup_of(client, statement.url).select_one(".provenance")
    assert text_of(provenance).endswith("On the hub since May 1, 2026 · Last updated July 1, 2026")


def test_a_page_published_on_its_own_day_shows_no_hub_date(dated, client):
    statements = StatementIndexPage.objects.get(locale__language_code="en")
    fresh = add_statement(statements, "fresh", title="Fresh statement", date=today())
    provenance = soup_of(client, fresh.url).select_one(".provenance")
    assert text_of(provenance) == "Published by G20 Communication Office"
    # The same day: the feed keeps the hub's time of first publication.
    items = {item["title"]: item for item in client.get("/en/statements/json/").json()["items"]}
    assert datetime.datetime.fromisoformat(items["Fresh statement"]["date_published"]) == fresh.first_published_at


# --- Feeds ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "title"), [("statements", "Quillwort ministerial statement"), ("library", "Quillwort report")]
)
def test_rss_and_atom_publish_the_items_own_date(dated, client, section, title):
    rss = client.get(f"/en/{section}/rss/")
    parsed = feedparser.parse(rss.content)
    assert parsed.bozo is False
    (entry,) = [entry for entry in parsed.entries if entry.title == title]
    assert entry.published_parsed[:3] == (2024, 3, 12)
    pub_dates = [element.text for element in ET.fromstring(rss.content).iter("pubDate")]
    assert pub_dates == ["Tue, 12 Mar 2024 12:00:00 +0000"]

    atom = client.get(f"/en/{section}/atom/")
    parsed = feedparser.parse(atom.content)
    assert parsed.bozo is False
    (entry,) = parsed.entries
    assert entry.published_parsed[:3] == (2024, 3, 12)
    # ``updated`` is the hub's last change: today, never earlier than ``published``.
    assert entry.updated_parsed[:3] == today().timetuple()[:3]
    document = ET.fromstring(atom.content)
    (element,) = document.iter(f"{ATOM}entry")
    assert element.find(f"{ATOM}published").text == "2024-03-12T12:00:00+00:00"
    assert element.find(f"{ATOM}updated").text >= element.find(f"{ATOM}published").text


@pytest.mark.parametrize("section", ["statements", "library"])
def test_json_feed_publishes_the_items_own_date(dated, client, section):
    (item,) = client.get(f"/en/{section}/json/").json()["items"]
    assert item["date_published"] == "2024-03-12T12:00:00+00:00"
    assert item["date_modified"][:10] == today().isoformat()


def test_the_french_feed_publishes_the_same_own_date(dated, client):
    parsed = feedparser.parse(client.get("/fr/statements/atom/").content)
    assert parsed.bozo is False
    (entry,) = parsed.entries
    assert entry.title == "Déclaration ministérielle quillwort"
    assert entry.published_parsed[:3] == (2024, 3, 12)


# --- API --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "title"), [("statements", "Quillwort ministerial statement"), ("library", "Quillwort report")]
)
def test_api_gives_the_items_date_and_the_hubs(dated, client, endpoint, title):
    response = client.get(f"/api/v1/{endpoint}/?locale=en")
    assert response.status_code == 200
    (item,) = [item for item in response.json()["results"] if item["title"] == title]
    assert item["date"] == "2024-03-12"
    assert item["first_published_at"][:10] == today().isoformat()
    assert item["last_published_at"][:10] == today().isoformat()
    assert item["last_published_at"] >= item["first_published_at"]


def test_the_schema_documents_the_three_dates(client, db):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()["components"]["schemas"]
    for name in ("Statement", "LibraryItem"):
        properties = schema[name]["properties"]
        assert "own date" in properties["date"]["description"]
        assert "first published" in properties["first_published_at"]["description"]
        assert properties["last_published_at"]["format"] == "date-time"
        assert "never earlier" in properties["last_published_at"]["description"]


# --- Search -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "March 12, 2024"), ("fr", "12 mars 2024"), ("es", "12 de marzo de 2024")]
)
def test_search_results_show_the_items_date(dated, client, language, shown):
    soup = soup_of(client, f"/{language}/search/?q=quillwort")
    results = soup.select("li.result")
    assert results
    for result in results:
        meta = result.select_one(".result__meta")
        assert meta.time["datetime"] == "2024-03-12"
        assert shown in text_of(meta)
    assert Locale.objects.filter(language_code=language).exists()


def test_a_presidency_lists_its_statements_by_their_own_dates(client):
    from presidencies.handover import create_presidency, presidency_index
    from presidencies.models import PresidencyStatementsPage

    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    us = create_presidency(presidency_index(), code="US", name="United States", year=2026)
    parent = PresidencyStatementsPage.objects.child_of(us).get()
    add_statement(parent, "newer", title="Issued in April 2026", date="2026-04-16")
    # Added to the hub last, but issued first.
    add_statement(parent, "backfilled", title="Issued in December 2025", date="2025-12-01")
    add_statement(parent, "newest", title="Issued in June 2026", date="2026-06-18")

    soup = soup_of(client, "/en/presidencies/2026-united-states/statements/")
    assert [text_of(title) for title in soup.select(".result__title")] == [
        "Issued in June 2026",
        "Issued in April 2026",
        "Issued in December 2025",
    ]
