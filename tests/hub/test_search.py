"""Site search: results per language, pagination, limits and hostile input."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.listings.indexes import MAX_QUERY_LENGTH as SEARCH_MAX_QUERY_LENGTH
from hub.web.views import SEARCH_PAGE_SIZE
from tests.factories import ContentPageFactory


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def result_links(response) -> list[str]:
    result_list = soup_of(response).find("ol", class_="result-list")
    if result_list is None:
        return []
    return [a["href"] for a in result_list.select("h2.result__title a")]


def test_search_finds_a_demo_page_by_a_word_of_its_content(client, demo_pages):
    response = client.get("/en/search/", {"q": "outlives"})

    assert response.status_code == 200
    assert result_links(response) == ["/en/about/"]
    assert "1 result for “outlives”" in soup_of(response).find("p", class_="results-count").get_text()


def test_search_in_french_finds_french_pages(client, demo_pages):
    response = client.get("/fr/search/", {"q": "présidence"})

    assert response.status_code == 200
    links = result_links(response)
    assert "/fr/about/" in links
    assert all(link.startswith("/fr/") for link in links)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_results_are_only_in_the_active_language(client, demo_pages, language):
    # "G20" appears in every page of every language.
    response = client.get(f"/{language}/search/", {"q": "G20"})

    links = result_links(response)
    assert sorted(links) == sorted([f"/{language}/", f"/{language}/about/", f"/{language}/legal/"])


def test_english_word_finds_nothing_in_spanish(client, demo_pages):
    response = client.get("/es/search/", {"q": "outlives"})

    assert response.status_code == 200
    assert result_links(response) == []
    assert "outlives" in soup_of(response).find("main").get_text()


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_empty_query_shows_no_results(client, demo_pages, params):
    response = client.get("/en/search/", params)

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.find("ol", class_="result-list") is None
    assert soup.find(attrs={"role": "status"}) is None
    assert soup.find("input", id="search-page-q")["value"] == ""


def test_too_long_query_is_refused_with_a_message(client, demo_pages):
    response = client.get("/en/search/", {"q": "presidency " * 30})

    assert response.status_code == 400
    soup = soup_of(response)
    error = soup.find(id="search-error")
    assert error["role"] == "alert"
    assert str(SEARCH_MAX_QUERY_LENGTH) in error.get_text()
    field = soup.find("input", id="search-page-q")
    assert field["aria-invalid"] == "true"
    assert field["aria-describedby"] == "search-error"
    assert len(field["value"]) <= SEARCH_MAX_QUERY_LENGTH
    assert soup.find("main", id="main") is not None


def test_query_of_exactly_the_limit_is_accepted(client, demo_pages):
    response = client.get("/en/search/", {"q": "a" * SEARCH_MAX_QUERY_LENGTH})

    assert response.status_code == 200
    assert soup_of(response).find(id="search-error") is None


@pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1.5", ""])
def test_bad_page_numbers_do_not_fail(client, demo_pages, page):
    response = client.get("/en/search/", {"q": "G20", "page": page})

    assert response.status_code == 200
    assert len(result_links(response)) == 3


def test_results_are_paginated(client, home_page):
    for number in range(SEARCH_PAGE_SIZE + 2):
        ContentPageFactory(parent=home_page, title=f"Communique {number}", introduction="zanzibar", publish=True)

    first = client.get("/en/search/", {"q": "zanzibar"})
    second = client.get("/en/search/", {"q": "zanzibar", "page": 2})
    beyond = client.get("/en/search/", {"q": "zanzibar", "page": 999})

    assert len(result_links(first)) == SEARCH_PAGE_SIZE
    assert len(result_links(second)) == 2
    assert result_links(beyond) == result_links(second)
    assert set(result_links(first)).isdisjoint(result_links(second))
    next_link = soup_of(first).find("a", rel="next")
    assert next_link["href"] == "?q=zanzibar&page=2"


def test_search_excludes_unpublished_and_private_pages(client, home_page):
    from wagtail.models import PageViewRestriction

    ContentPageFactory(parent=home_page, title="Visible", introduction="quokka", publish=True)
    ContentPageFactory(parent=home_page, title="Draft", introduction="quokka", live=False)
    private = ContentPageFactory(parent=home_page, title="Private", introduction="quokka", publish=True)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")

    response = client.get("/en/search/", {"q": "quokka"})

    assert result_links(response) == ["/en/visible/"]


def test_search_query_count_does_not_grow_with_results(client, home_page):
    def queries_for_search() -> int:
        client.get("/en/search/", {"q": "wombat"})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/en/search/", {"q": "wombat"})
        assert response.status_code == 200
        return len(queries)

    ContentPageFactory(parent=home_page, introduction="wombat", publish=True)
    with_one = queries_for_search()
    for _ in range(SEARCH_PAGE_SIZE - 1):
        ContentPageFactory(parent=home_page, introduction="wombat", publish=True)

    assert queries_for_search() == with_one


HOSTILE_QUERIES = [
    "<script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "'; DROP TABLE wagtailcore_page; --",
    "a'b",
    "AND OR NOT",
    "*",
    "%_\\",
    "()",
    "{title} : x",
    "日本語 العربية 🙂",
    "ǅ̵̡̛̖̗̘̙̜̝̞̟̠",
]

# The SQLite full-text backend builds an FTS5 MATCH string from the words; a lone
# double quote or a NUL byte in the query makes SQLite raise "unterminated string".
QUERIES_THAT_BREAK_SQLITE_FTS = ['"', '"unbalanced', 'about"', '"><img src=x onerror=alert(1)>', "\x00", "a\x00b"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_query_never_fails_and_is_escaped(client, demo_pages, query, language):
    response = client.get(f"/{language}/search/", {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    soup = soup_of(response)
    assert [script for script in soup.find_all("script") if not script.get("src")] == []
    assert soup.find("input", id="search-page-q")["value"] == query.strip()


@pytest.mark.parametrize("query", QUERIES_THAT_BREAK_SQLITE_FTS)
def test_quotes_and_nul_bytes_in_query_never_fail(client, demo_pages, query):
    client.raise_request_exception = False

    response = client.get("/en/search/", {"q": query})

    assert response.status_code in (200, 400)
