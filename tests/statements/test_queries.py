"""SQL queries do not grow with the number of statements on the index, nor with a statement's topics."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from statements.models import StatementPage, StatementRelatedLink
from tests.factories.statements import add_statement, translate_statement

TOPICS = (
    "information-integrity",
    "digital-economy",
    "climate-and-energy",
    "global-health",
    "finance-track",
    "artificial-intelligence",
)


@pytest.fixture
def world(statements_world, db):
    return statements_world


def count_queries(client, url, params=None) -> tuple[int, BeautifulSoup, list[str]]:
    """Queries of a second, warm request (the first fills per-process caches such as the site's root paths)."""
    cache.clear()
    assert client.get(url, params or {}).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries), BeautifulSoup(response.content, "html.parser"), context.captured_queries


def items(soup) -> int:
    return len(soup.select("ol.result-list li.result"))


def add_bulk(world, count: int, start: int) -> None:
    """``count`` statements split between the office and both presidencies, all with topics and a search word."""
    parents = [world.office, world.za_statements, world.us_statements]
    for number in range(start, start + count):
        add_statement(
            parents[number % 3],
            slug=f"bulk-{number:03d}",
            kind="press_release",
            date=f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}",
            summary=f"Quokkaphrase bulk statement {number}.",
            topics=TOPICS[number % 3 : number % 3 + 3],
            revision=False,
        )


@pytest.mark.parametrize(
    ("params", "expected_small", "expected_large"),
    [
        # 6 statements of the world + 5 = 11; + 25 = 31, page 1 shows 20.
        ({}, 11, 20),
        # The world's 2 South African statements + a third of the bulk ones.
        ({"presidency": "2025"}, 2 + 2, 2 + 8),
        ({"q": "Quokkaphrase"}, 5, 20),
        ({"q": "Quokkaphrase", "kind": "press_release", "topic": "climate-and-energy"}, 5, 20),
        ({"presidency": "office", "from": "2024-01-01"}, 2 + 2, 2 + 9),
    ],
)
def test_index_query_count_does_not_grow_with_statements(world, client, params, expected_small, expected_large):
    add_bulk(world, 5, start=0)
    small, soup, _ = count_queries(client, "/en/statements/", params)
    assert items(soup) == expected_small
    add_bulk(world, 20, start=5)
    large, soup, queries = count_queries(client, "/en/statements/", params)
    assert items(soup) == expected_large
    assert large == small, "\n".join(q["sql"] for q in queries)


def test_french_index_query_count_does_not_grow(world, client):
    fr_count, soup, _ = count_queries(client, "/fr/statements/")
    assert items(soup) == 6  # two in French, four English originals
    assert len(soup.select(".language-note")) == 4
    # A statement more per French section: the office index and both presidencies' Statements pages.
    for statement in StatementPage.objects.filter(slug__in=["za-digital", "us-finance", "office-fake-accounts"]):
        translate_statement(statement, "fr", f"FR {statement.title}", "Résumé.")
    more, soup, queries = count_queries(client, "/fr/statements/")
    assert items(soup) == 6
    assert len(soup.select(".language-note")) == 1
    assert more == fr_count, "\n".join(q["sql"] for q in queries)
    # And with more English originals than French versions, the count is the same too.
    for number in range(5):
        add_statement(world.office, slug=f"english-only-{number}")
    most, soup, queries = count_queries(client, "/fr/statements/")
    assert items(soup) == 11
    assert most == fr_count, "\n".join(q["sql"] for q in queries)


def test_statement_page_query_count_does_not_grow_with_topics(world, client):
    two = add_statement(world.office, slug="two-topics", topics=TOPICS[:2])
    six = add_statement(world.office, slug="six-topics", topics=TOPICS)
    two_count, soup, _ = count_queries(client, two.url)
    assert len(soup.select("section[aria-labelledby=topics-heading] li")) == 2
    six_count, soup, queries = count_queries(client, six.url)
    assert len(soup.select("section[aria-labelledby=topics-heading] li")) == 6
    assert six_count == two_count, "\n".join(q["sql"] for q in queries)


def test_presidency_statement_page_query_count_does_not_grow_with_topics(world, client):
    two = add_statement(world.za_statements, slug="two-topics", topics=TOPICS[:2])
    six = add_statement(world.za_statements, slug="six-topics", topics=TOPICS)
    two_count, _, _ = count_queries(client, two.url)
    six_count, soup, queries = count_queries(client, six.url)
    assert soup.select_one(".banner--archive") is not None
    assert six_count == two_count, "\n".join(q["sql"] for q in queries)


def test_statement_page_query_count_does_not_grow_with_related_links(world, client):
    targets = [add_statement(world.office, slug=f"target-{n}") for n in range(4)]
    one = add_statement(world.office, slug="one-link")
    four = add_statement(world.office, slug="four-links")
    StatementRelatedLink.objects.create(statement=one, page=targets[0], sort_order=0)
    for n, target in enumerate(targets):
        StatementRelatedLink.objects.create(statement=four, page=target, sort_order=n)
    one_count, soup, _ = count_queries(client, one.url)
    assert len(soup.select("section[aria-labelledby=related-heading] a")) == 1
    four_count, soup, queries = count_queries(client, four.url)
    assert len(soup.select("section[aria-labelledby=related-heading] a")) == 4
    assert four_count == one_count, "\n".join(q["sql"] for q in queries)
