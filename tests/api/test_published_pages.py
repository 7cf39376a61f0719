"""/api/v1/statements/ and /api/v1/library/: filters, ?since=, ?locale=, translations, withdrawal, constant queries."""

import io
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from hub.publishing.withdrawal import withdraw
from library.demo import INDEX_TITLES as LIBRARY_TITLES
from library.models import LibraryIndexPage
from presidencies.handover import create_presidency, presidency_index
from presidencies.models import PresidencyDocumentsPage, PresidencyStatementsPage
from statements.demo import INDEX_TITLES as STATEMENT_TITLES
from statements.models import StatementIndexPage, StatementKind, StatementPage
from tests.factories.library import DocumentFactory, add_item
from tests.factories.statements import add_statement

pytestmark = pytest.mark.django_db

# Each library item of these tests has two authors, two PDFs and two topics.
AUTHORS = (("Author 0", ""), ("Author 1", ""))
TOPICS = ("finance-track", "global-health")


@pytest.fixture
def tree():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    us = create_presidency(presidency_index(), code="US", name="United States", year=2026)
    statements = ensure_section(StatementIndexPage, "statements", STATEMENT_TITLES, io.StringIO())
    library = ensure_section(LibraryIndexPage, "library", LIBRARY_TITLES, io.StringIO())
    return {
        "us": us,
        "statements": statements,
        "us_statements": PresidencyStatementsPage.objects.child_of(us).get(),
        "library": library,
        "us_documents": PresidencyDocumentsPage.objects.child_of(us).get(),
    }


def results(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def test_statement_fields_issuer_and_translations(client, tree):
    office = add_statement(tree["statements"], "office-one", title="Statement office-one", topics=["finance-track"])
    french = office.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.save_revision().publish()
    add_statement(tree["us_statements"], "us-one", title="Statement us-one", kind=StatementKind.PRESIDENCY_STATEMENT)

    items = {item["title"]: item for item in results(client, "/api/v1/statements/?locale=en")}
    office_item = items["Statement office-one"]
    assert office_item["url"] == "http://testserver/en/statements/office-one/"
    assert office_item["issuer"] == {
        "kind": "office",
        "name": "G20 communication office",
        "year": None,
        "country": None,
    }
    assert office_item["topics"] == ["finance-track"]
    assert office_item["translations"] == [{"locale": "fr", "url": "http://testserver/fr/statements/office-one/"}]
    assert office_item["withdrawn"] is False
    us_item = items["Statement us-one"]
    assert us_item["issuer"]["kind"] == "presidency" and us_item["issuer"]["year"] == 2026
    assert us_item["url"].startswith("http://testserver/en/presidencies/2026-united-states/statements/")


def test_drafts_and_private_pages_never_appear(client, tree):
    add_statement(tree["statements"], "draft", publish=False)
    private = add_statement(tree["statements"], "private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")  # noqa: S106
    add_statement(tree["statements"], "public", title="Statement public")
    assert [item["title"] for item in results(client, "/api/v1/statements/")] == ["Statement public"]
    assert client.get(f"/api/v1/statements/{private.pk}/").status_code == 404


def test_withdrawn_items_stay_in_the_api_marked(client, tree):
    page = add_statement(tree["statements"], "gone", title="Statement gone")
    withdraw(page, "Replaced.")
    (item,) = results(client, "/api/v1/statements/")
    assert item["withdrawn"] is True and item["withdrawal_reason"] == "Replaced."
    assert "Statement gone" not in client.get("/en/statements/").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=leaders_declaration", {"Statement a"}),
        ("?presidency=2026", {"Statement b"}),
        ("?presidency=office", {"Statement a", "Statement c"}),
        ("?from=2026-02-01&to=2026-03-01", {"Statement b", "Statement c"}),
        ("?topic=global-health", {"Statement c"}),
    ],
)
def test_statement_filters(client, tree, query, expected):
    add_statement(
        tree["statements"], "a", title="Statement a", kind=StatementKind.LEADERS_DECLARATION, date="2026-01-10"
    )
    add_statement(tree["us_statements"], "b", title="Statement b", date="2026-02-01")
    add_statement(tree["statements"], "c", title="Statement c", date="2026-03-01", topics=["global-health"])
    assert {item["title"] for item in results(client, "/api/v1/statements/" + query)} == expected


@pytest.mark.parametrize(
    "query",
    ["?kind=bogus", "?locale=xx", "?since=yesterday", "?from=2026-13-01", "?presidency=abc", "?page_size=500"],
)
def test_bad_query_values_answer_400(client, tree, query):
    response = client.get("/api/v1/statements/" + query)
    assert response.status_code == 400
    assert response.json()


def test_since_is_inclusive_and_sees_withdrawals(client, tree):
    first = add_statement(tree["statements"], "first", title="Statement first")
    add_statement(tree["statements"], "second", title="Statement second")
    since = StatementPage.objects.get(pk=first.pk).last_published_at
    titles = [item["title"] for item in results(client, f"/api/v1/statements/?since={quote(since.isoformat())}")]
    assert titles == ["Statement first", "Statement second"]

    withdraw(first, "Replaced.")
    latest = StatementPage.objects.get(slug="second").last_published_at
    titles = [item["title"] for item in results(client, f"/api/v1/statements/?since={quote(latest.isoformat())}")]
    assert titles[-1] == "Statement first"


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_statement_list_query_count_does_not_grow(client, tree):
    for n in range(5):
        add_statement(tree["statements"] if n % 2 else tree["us_statements"], f"s{n}", topics=["finance-track"])
    few = count_queries(client, "/api/v1/statements/?page_size=50")
    for n in range(5, 50):
        add_statement(tree["statements"] if n % 2 else tree["us_statements"], f"s{n}", topics=["finance-track"])
    assert count_queries(client, "/api/v1/statements/?page_size=50") == few


def test_library_items_carry_files_authors_and_publisher(client, tree):
    add_item(
        tree["us_documents"],
        "us-report",
        authors=AUTHORS,
        files=[(pdf, "") for pdf in DocumentFactory.create_batch(2)],
        topics=TOPICS,
    )
    (item,) = results(client, "/api/v1/library/")
    assert item["authors"] == ["Author 0", "Author 1"]
    assert item["publisher"] == "G20 United States 2026 presidency"
    assert [file["format"] for file in item["files"]] == ["pdf", "pdf"]
    assert all(file["url"].startswith("http://testserver/") and file["size"] for file in item["files"])


def test_library_list_query_count_does_not_grow(client, tree):
    for n in range(3):
        add_item(
            tree["library"] if n % 2 else tree["us_documents"],
            f"i{n}",
            authors=AUTHORS,
            files=[(pdf, "") for pdf in DocumentFactory.create_batch(2)],
            topics=TOPICS,
        )
    few = count_queries(client, "/api/v1/library/?page_size=50")
    for n in range(3, 12):
        add_item(
            tree["library"] if n % 2 else tree["us_documents"],
            f"i{n}",
            authors=AUTHORS,
            files=[(pdf, "") for pdf in DocumentFactory.create_batch(2)],
            topics=TOPICS,
        )
    assert count_queries(client, "/api/v1/library/?page_size=50") == few
