"""Query counts: the index does not grow with the number of items (prefetches), nor an item page with
its authors and files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.listings.indexes import PAGE_SIZE
from library.models import LibraryKind
from tests.factories.library import DocumentFactory, add_item

from .conftest import CSV_SIZE, PDF_SIZE

INDEX = "/en/library/"
KINDS = list(LibraryKind)
TOPIC_PAIRS = [
    ("information-integrity", "digital-economy"),
    ("climate-and-energy", "finance-track"),
    ("artificial-intelligence", "global-health"),
]


@pytest.fixture
def documents(library_base, db):
    return (
        DocumentFactory(title="Query-count report", name="query-count.pdf", size=PDF_SIZE),
        DocumentFactory(title="Query-count data", name="query-count.csv", size=CSV_SIZE),
    )


def add_items(base, documents, start: int, count: int) -> None:
    """``count`` items spread over the office and both presidencies, each with 2 authors, 2 files, 2 topics."""
    parents = [base.library, base.za_documents, base.us_documents]
    for number in range(start, start + count):
        add_item(
            parents[number % 3],
            slug=f"item-{number}",
            kind=KINDS[number % len(KINDS)],
            date=f"2026-01-{number % 28 + 1:02d}",
            authors=((f"Author {number}a", "University"), (f"Author {number}b", "")),
            files=((documents[0], "Report"), (documents[1], "Data")),
            topics=TOPIC_PAIRS[number % 3],
            publisher="Organisation for Economic Co-operation and Development" if number % 2 else None,
        )


def count_queries(client, url: str, status: int = 200) -> tuple[int, bytes]:
    client.get(url)  # warm the per-process caches (site root paths, locales)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries.captured_queries), response.content


QUERIES = ["", "?kind=report", "?topic=digital-economy&presidency=office", "?q=item", "?from=2026-01-05&to=2026-01-20"]


def test_index_query_count_does_not_grow_with_the_items(library_base, db, client, documents):
    add_items(library_base, documents, 0, 5)
    few = {query: count_queries(client, INDEX + query)[0] for query in QUERIES}

    add_items(library_base, documents, 5, 20)
    many = {}
    for query in QUERIES:
        many[query], content = count_queries(client, INDEX + query)
        assert content.count(b'class="result"') > 5, query

    assert many == few
    content = count_queries(client, INDEX)[1]
    assert content.count(b'class="result"') == PAGE_SIZE
    assert b"25 documents" in content


def test_index_second_page_costs_the_same(library_base, db, client, documents):
    add_items(library_base, documents, 0, 25)
    first, _content = count_queries(client, INDEX)

    second, content = count_queries(client, INDEX + "?page=2")

    assert second == first
    assert content.count(b'class="result"') == 5


def test_item_page_query_count_does_not_grow_with_the_authors(library_base, db, client, documents):
    two = add_item(
        library_base.library,
        slug="two-authors",
        authors=[(f"Author {n}", f"University {n}") for n in range(2)],
        files=((documents[0], "Report"),),
        topics=("information-integrity", "digital-economy"),
    )
    six = add_item(
        library_base.library,
        slug="six-authors",
        authors=[(f"Author {n}", f"University {n}") for n in range(6)],
        files=((documents[0], "Report"),),
        topics=("information-integrity", "digital-economy"),
    )

    assert count_queries(client, six.url)[0] == count_queries(client, two.url)[0]


def test_item_page_query_count_does_not_grow_with_the_files(library_base, db, client, documents):
    two = add_item(
        library_base.library,
        slug="two-files",
        authors=(("Author, One", ""), ("Author, Two", "")),
        files=[(documents[n % 2], f"File {n}") for n in range(2)],
    )
    six = add_item(
        library_base.library,
        slug="six-files",
        authors=[(f"Author {n}", "") for n in range(6)],
        files=[(documents[n % 2], f"File {n}") for n in range(6)],
    )

    assert count_queries(client, six.url)[0] == count_queries(client, two.url)[0]


@pytest.mark.parametrize("route", ["cite/bibtex/", "cite/ris/"])
def test_citation_query_count_does_not_grow_with_the_authors(library_base, db, client, documents, route):
    two = add_item(
        library_base.us_documents,
        slug="cite-two",
        authors=[(f"Author {n}", "") for n in range(2)],
        files=((documents[0], ""),),
    )
    six = add_item(
        library_base.us_documents,
        slug="cite-six",
        authors=[(f"Author {n}", "") for n in range(6)],
        files=((documents[0], ""),) * 6,
    )

    assert count_queries(client, six.url + route)[0] == count_queries(client, two.url + route)[0]
