"""The library index, the item pages (metadata, files, provenance, archive banner) and a presidency's
Documents page."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from library.models import LibraryIndexPage, LibraryKind
from tests.factories.library import add_item

from .conftest import LIVE_ENGLISH

INDEX = "/en/library/"


def soup_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def results(soup) -> dict[str, object]:
    """The listed items by slug, in order."""
    return {slug_of(node.select_one(".result__title a")["href"]): node for node in soup.select(".result-list .result")}


def files_of(node) -> list[tuple[str, str, str]]:
    """(link text, href, format and size) of each file in a file list."""
    return [
        (text_of(entry.a), entry.a["href"], text_of(entry.select_one(".block-document__meta")))
        for entry in node.select(".file-list li")
    ]


def facts_of(soup) -> dict[str, object]:
    return {text_of(entry.dt): entry.dd for entry in soup.select("dl.facts > div")}


# --- The index ----------------------------------------------------------------------------------------


def test_index_lists_live_public_items_newest_first(library_world, db, client):
    soup = soup_of(client, INDEX)

    assert list(results(soup)) == LIVE_ENGLISH
    assert text_of(soup.select_one(".results-count")) == "4 documents"
    page = str(soup)
    assert "Unpublished draft report" not in page
    assert "Private sherpa paper" not in page
    assert "Confidential" not in page


def test_index_shows_each_item_with_its_issuer_kind_date_and_authors(library_world, db, client):
    listed = results(soup_of(client, INDEX))

    meta = {slug: text_of(node.select_one(".result__meta")) for slug, node in listed.items()}
    assert meta == {
        "us-paper": "Paper · June 2, 2026 · United States 2026 presidency · Miller, Jordan",
        "office-report": "Report · March 10, 2026 · G20 communication office · Okafor, Adaeze; Lindqvist, Erik",
        "office-dataset": "Dataset · Jan. 15, 2026 · G20 communication office · G20 Communication Office",
        "za-study": "Study · Aug. 30, 2025 · South Africa 2025 presidency · Naidoo, Thandi",
    }
    assert listed["office-report"].select_one("time")["datetime"] == "2026-03-10"
    assert listed["us-paper"].select_one(".result__title a")["href"] == library_world.items["us-paper"].url


def test_index_shows_the_files_with_format_and_size(library_world, db, client):
    documents = library_world.documents
    listed = results(soup_of(client, INDEX))

    assert files_of(listed["office-report"]) == [
        ("Full report", documents.pdf.url, "(PDF, 2.0 KB)"),
        ("Data (CSV)", documents.csv.url, "(CSV, 300 bytes)"),
    ]
    # Without a label, the document's title.
    assert files_of(listed["office-dataset"]) == [("Debunked claims (CSV)", documents.csv.url, "(CSV, 300 bytes)")]
    assert files_of(listed["za-study"]) == [("Study", documents.study_pdf.url, "(PDF, 2.0 KB)")]
    for node in listed.values():
        for link in node.select(".file-list a"):
            assert link.has_attr("download")


def test_index_in_another_language_lists_the_originals_marked(library_world, db, client):
    french = LibraryIndexPage.objects.get(locale__language_code="fr")
    english = results(soup_of(client, INDEX))

    soup = soup_of(client, french.url)

    # Nothing is translated: every item is listed in English, linked to the English page and marked so.
    listed = results(soup)
    assert list(listed) == list(english)
    for node in listed.values():
        link = node.select_one(".result__title a")
        assert link["href"].startswith("/en/") and link["lang"] == "en"
        assert text_of(node.select_one(".language-note")) == "En anglais"
    strict = soup_of(client, french.url + "?fallback=0")
    assert results(strict) == {}
    for item in library_world.items.values():
        assert item.title not in str(strict.find("main"))


def test_index_links_the_filter_form_to_its_fields(library_world, db, client):
    soup = soup_of(client, INDEX)

    form = soup.select_one("form.filter-form")
    assert form["method"] == "get"
    for name in ("q", "kind", "topic", "presidency", "language", "from", "to"):
        field = form.select_one(f'[name="{name}"]')
        assert field is not None, name
        assert form.select_one(f'label[for="{field["id"]}"]') is not None, name
    options = [option["value"] for option in form.select('select[name="presidency"] option')]
    assert options == ["", "office", "2026", "2025"]


# --- An item page -------------------------------------------------------------------------------------


def test_item_page_shows_every_field(library_world, db, client):
    item = library_world.items["office-report"]
    documents = library_world.documents

    soup = soup_of(client, item.url)

    assert text_of(soup.h1) == "State of information integrity 2026"
    assert text_of(soup.select_one(".page-header__kicker")) == "Report · March 10, 2026"
    abstract = soup.select_one('section[aria-labelledby="abstract-heading"] p')
    assert abstract.decode_contents() == "How false claims spread around G20 summits.<br/>Which answers worked."
    assert files_of(soup) == [
        ("Full report", documents.pdf.url, "(PDF, 2.0 KB)"),
        ("Data (CSV)", documents.csv.url, "(CSV, 300 bytes)"),
    ]
    facts = facts_of(soup)
    assert {name: text_of(value) for name, value in facts.items()} == {
        "Authors": "Okafor, Adaeze (University of Lagos); Lindqvist, Erik (Stockholm University)",
        "Publisher": "G20",
        "Language": "English",
        "Licence": "CC BY 4.0",
        "Persistent identifier": "10.5555/g20hub.2026.042",
        "Topics": "Digital economy, Information integrity",
    }
    assert facts["Persistent identifier"].a["href"] == "https://doi.org/10.5555/g20hub.2026.042"
    cite = [(text_of(link), link["href"]) for link in soup.select(".cite-links a")]
    assert cite == [
        ("BibTeX", f"{item.url}cite/bibtex/"),
        ("RIS (Zotero, EndNote, Mendeley)", f"{item.url}cite/ris/"),
    ]


@pytest.mark.parametrize(
    ("slug", "expected", "identifier_href"),
    [
        (
            "office-dataset",
            {
                "Authors": "G20 Communication Office",
                "Publisher": "Organisation for Economic Co-operation and Development",
                "Language": "French",
                "Licence": "CC0 1.0",
                "Persistent identifier": "https://hdl.handle.net/20.500.12345/67890",
                "Topics": "Finance track",
            },
            "https://hdl.handle.net/20.500.12345/67890",
        ),
        (
            "za-study",
            {
                "Authors": "Naidoo, Thandi (University of Cape Town)",
                "Publisher": "G20 South Africa 2025 presidency",
                "Language": "English",
                "Licence": "CC BY-SA 4.0",
                "Topics": "Climate and energy, Digital economy",
            },
            None,
        ),
        (
            "us-paper",
            {
                "Authors": "Miller, Jordan (Stanford University)",
                "Publisher": "Government of the United States",
                "Language": "Spanish",
                "Licence": "All rights reserved",
                "Persistent identifier": "ISBN 978-3-16-148410-0",
                "Topics": "Artificial intelligence",
            },
            None,
        ),
    ],
)
def test_item_page_facts(library_world, db, client, slug, expected, identifier_href):
    facts = facts_of(soup_of(client, library_world.items[slug].url))

    assert {name: text_of(value) for name, value in facts.items()} == expected
    if "Persistent identifier" in facts:
        link = facts["Persistent identifier"].a
        assert (link["href"] if link else None) == identifier_href


def test_item_page_without_authors_or_topics_leaves_them_out(library_world, db, client):
    item = add_item(
        library_world.library,
        slug="bare",
        kind=LibraryKind.DATASET,
        authors=(),
        files=((library_world.documents.csv, ""),),
    )

    facts = facts_of(soup_of(client, item.url))

    assert list(facts) == ["Publisher", "Language", "Licence"]


def test_doi_with_spaces_around_still_links(library_world, db, client):
    item = add_item(
        library_world.library,
        slug="doi-spaces",
        identifier="  10.5555/ABC-1 ",
        files=((library_world.documents.pdf, ""),),
    )

    link = facts_of(soup_of(client, item.url))["Persistent identifier"].a

    assert link["href"] == "https://doi.org/10.5555/ABC-1"


def test_hostile_text_is_escaped(library_world, db, client):
    item = add_item(
        library_world.library,
        slug="hostile-html",
        title='<script>alert("t")</script> & co',
        abstract="<img src=x onerror=alert(1)>\nsecond line",
        authors=(("<b>Bold</b>", '"><script>alert(2)</script>'),),
        files=((library_world.documents.pdf, "<i>label</i>"),),
        identifier='javascript:alert(3)"',
    )

    for url in (item.url, INDEX):
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert "<b>Bold</b>" not in page, url
        assert "<i>label</i>" not in page, url
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; co" in page, url
    soup = soup_of(client, item.url)
    assert facts_of(soup)["Persistent identifier"].a is None  # neither a DOI nor an http(s) URL: no link


# --- Provenance and archive -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "published_by", "archived"),
    [
        ("office-report", "Published by G20 Communication Office", False),
        ("office-dataset", "Published by G20 Communication Office", False),
        ("za-study", "Published under the South Africa 2025 presidency", True),
        ("us-paper", "Published under the United States 2026 presidency", False),
    ],
)
def test_provenance_and_archive_banner(library_world, db, client, slug, published_by, archived):
    item = library_world.items[slug]
    first = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
    Page.objects.filter(pk=item.pk).update(first_published_at=first, last_published_at=first)

    soup = soup_of(client, item.url)

    provenance = soup.select_one(".provenance")
    if item.date == first.date():
        # The header shows the item's date; the hub publishing it that same day adds nothing.
        assert text_of(provenance) == published_by
        assert provenance.time is None
    else:
        # Never "First published" for a dated item: the hub's day is not the item's.
        assert text_of(provenance) == f"{published_by} · On the hub since March 10, 2026"
        assert provenance.time["datetime"] == "2026-03-10T09:00:00+00:00"
    banner = soup.select_one(".banner--archive")
    if archived:
        assert text_of(banner) == (
            "Archived: published under the South Africa 2025 presidency. Kept online unchanged for the record."
        )
    else:
        assert banner is None


def test_provenance_shows_the_last_update_when_republished_later(library_world, db, client):
    item = library_world.items["us-paper"]
    first = datetime.datetime(2026, 6, 2, 12, 0, tzinfo=datetime.UTC)
    Page.objects.filter(pk=item.pk).update(
        first_published_at=first, last_published_at=datetime.datetime(2026, 7, 20, 8, 30, tzinfo=datetime.UTC)
    )

    provenance = soup_of(client, item.url).select_one(".provenance")

    # us-paper is dated June 2, 2026, the day the hub first published it: only the update adds information.
    assert text_of(provenance) == "Published under the United States 2026 presidency · Last updated July 20, 2026"
    assert [time["datetime"] for time in provenance.select("time")] == ["2026-07-20T08:30:00+00:00"]


def test_publishing_again_keeps_the_first_publication_date(library_world, db, client):
    item = library_world.items["office-dataset"]
    first = datetime.datetime(2026, 1, 15, 12, 0, tzinfo=datetime.UTC)
    Page.objects.filter(pk=item.pk).update(first_published_at=first, last_published_at=first)
    item.refresh_from_db()

    item.save_revision().publish()

    item.refresh_from_db()
    assert item.first_published_at == first
    provenance = soup_of(client, item.url).select_one(".provenance")
    # office-dataset is dated Jan. 15, 2026, its first publication day: the header already says it.
    assert "First published" not in text_of(provenance)
    assert "Last updated" in text_of(provenance)


# --- Visibility ---------------------------------------------------------------------------------------


def test_draft_item_is_not_found(library_world, db, client):
    assert client.get(library_world.items["office-draft"].url).status_code == 404
    assert client.get("/en/library/office-draft/").status_code == 404


def test_private_item_asks_for_its_password(library_world, db, client):
    response = client.get(library_world.items["us-private"].url)

    page = response.content.decode()
    assert "Confidential" not in page
    assert 'name="password"' in page


# --- A presidency's Documents page ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("documents", "listed", "archived"),
    [("za_documents", ["za-study"], True), ("us_documents", ["us-paper"], False)],
)
def test_presidency_documents_page_lists_its_items(library_world, db, client, documents, listed, archived):
    soup = soup_of(client, getattr(library_world, documents).url)

    links = [slug_of(link["href"]) for link in soup.select(".result-list .result__title a")]
    assert links == listed
    assert "Private sherpa paper" not in str(soup)
    assert "Unpublished draft report" not in str(soup)
    assert (soup.select_one(".banner--archive") is not None) is archived
