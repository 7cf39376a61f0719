"""Site search finds statements by their topics' names and shows each result's summary, in every language."""

import pytest
from bs4 import BeautifulSoup


def results(client, language: str, query: str) -> dict[str, str]:
    """{result address: its snippet} of the site search, as an anonymous reader sees it."""
    response = client.get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    found = {}
    for item in soup.select("ol.result-list li.result"):
        snippet = item.select_one("p.result__summary")
        found[item.select_one("h2.result__title a")["href"]] = " ".join(snippet.get_text().split()) if snippet else ""
    return found


@pytest.fixture
def world(statements_world, db):
    return statements_world


def test_a_topic_name_finds_the_statements_tagged_with_it(world, client):
    # Neither statement says "climate" in its title, summary or body: only its topic does.
    s = world.statements
    for key in ("za-leaders", "us-priorities"):
        page = s[key]
        assert "climate" not in f"{page.title} {page.summary} {page.body}".lower()
    found = results(client, "en", "climate")
    assert {s["za-leaders"].url, s["us-priorities"].url} <= set(found)
    assert s["us-finance"].url not in found
    assert s["office-draft"].url not in found
    assert s["us-private"].url not in found


def test_a_french_topic_name_finds_the_french_statement(world, client):
    s = world.statements
    found = results(client, "fr", "climat")
    assert s["za-leaders-fr"].url in found
    assert found[s["za-leaders-fr"].url] == "Les dirigeants se sont engagés pour la résilience face aux catastrophes."


def test_each_statement_result_shows_its_summary(world, client):
    s = world.statements
    found = results(client, "en", "climate")
    assert found[s["za-leaders"].url] == "Leaders committed to disaster resilience and debt sustainability."
    assert found[s["us-priorities"].url] == "Growth, affordable energy and new technologies."


def test_the_statements_index_filters_by_a_topic_word_too(world, client):
    response = client.get("/en/statements/", {"q": "climate"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    slugs = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")}
    assert slugs == {"za-leaders", "us-priorities"}


def test_search_follows_the_topics_of_the_published_revision(world, client):
    # The index is written before the page's topics are stored: it must be written again after.
    from statements.models import StatementPage
    from tests.factories.statements import topics_of

    page = StatementPage.objects.get(pk=world.statements["us-finance"].pk)
    assert page.url not in results(client, "en", "climate")
    page.topics.set(topics_of(page.locale, "climate-and-energy"))
    page.save_revision().publish()
    found = results(client, "en", "climate")
    assert found[page.url] == "Ministers discussed the resilience of the financial system."
    assert page.url not in results(client, "en", "finance track")
