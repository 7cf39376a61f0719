"""Site search finds library items by their topics' names and shows each result's abstract."""

import pytest
from bs4 import BeautifulSoup

from library.models import LibraryItemPage
from tests.factories.library import add_item


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
def world(library_world, db):
    return library_world


def test_a_topic_name_finds_the_items_tagged_with_it(world, client):
    study = world.items["za-study"]
    assert "climate" not in f"{study.title} {study.abstract}".lower()
    found = results(client, "en", "climate")
    assert found[study.url] == "Disaster resilience and digital public infrastructure in twelve countries."
    assert world.items["office-report"].url not in found
    assert world.items["office-draft"].url not in found


def test_each_item_result_shows_its_abstract_cut_to_forty_words(world, client):
    long_abstract = " ".join(f"word{n}" for n in range(60)) + " zebrafinch"
    item = add_item(world.library, slug="long-abstract", abstract=long_abstract, topics=("climate-and-energy",))
    found = results(client, "en", "zebrafinch")
    assert found[item.url] == " ".join(f"word{n}" for n in range(40)) + " …"


def test_a_french_topic_name_finds_the_french_item(world, client):
    from wagtail.models import Locale

    from hub.demo.helpers import publish_translation
    from tests.factories.statements import topics_of

    study = LibraryItemPage.objects.get(pk=world.items["za-study"].pk)
    french = Locale.objects.get(language_code="fr")
    translated = publish_translation(
        study, french, {"title": "Infrastructure publique numérique", "abstract": "Résumé de l'étude en français."}
    )
    translated.topics.set(topics_of(french, "climate-and-energy"))
    translated.save_revision().publish()
    translated.refresh_from_db()
    found = results(client, "fr", "climat")
    assert found[translated.url] == "Résumé de l'étude en français."
    assert all(url.startswith("/fr/") for url in found)
