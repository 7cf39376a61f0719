"""No language sees less than English, beyond the indexes: a presidency's sections, search, and the
language switcher on a page that has no translation. As an anonymous reader in French and Spanish."""

import pytest
from bs4 import BeautifulSoup

ZA_STATEMENTS = "/{}/presidencies/2025-south-africa/statements/"


@pytest.fixture
def world(statements_world, db):
    return statements_world


def soup_of(client, url, status=200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def titles(soup) -> dict[str, object]:
    return {a["href"]: a for a in soup.select("main .result-list .result__title a")}


@pytest.mark.parametrize(("language", "label"), [("fr", "En anglais"), ("es", "En inglés")])
def test_a_presidency_section_lists_every_item_in_the_readers_language_or_its_original(world, client, language, label):
    english = titles(soup_of(client, ZA_STATEMENTS.format("en")))
    assert len(english) == 2

    listed = titles(soup_of(client, ZA_STATEMENTS.format(language)))

    assert len(listed) == 2
    digital = listed["/en/presidencies/2025-south-africa/statements/za-digital/"]
    assert digital["lang"] == "en"
    assert text_of(digital.find_next_sibling(class_="language-note")) == label
    if language == "fr":
        leaders = listed["/fr/presidencies/2025-south-africa/statements/za-leaders/"]
        assert text_of(leaders) == "Déclaration des dirigeants de Johannesburg"
        assert not leaders.has_attr("lang")


def test_search_in_french_finds_english_originals_marked_and_french_versions(world, client):
    soup = soup_of(client, "/fr/search/?q=Digital")
    found = titles(soup)
    digital = found["/en/presidencies/2025-south-africa/statements/za-digital/"]
    assert digital["lang"] == "en" and text_of(digital.find_next_sibling(class_="language-note")) == "En anglais"
    # A statement translated into French is found by its French text, never by its English one.
    assert "/fr/presidencies/2025-south-africa/statements/za-leaders/" in titles(
        soup_of(client, "/fr/search/?q=Johannesburg")
    )
    assert titles(soup_of(client, "/fr/search/?q=Zanzibarquill")) == {}


@pytest.mark.parametrize(
    ("language", "notice"),
    [
        ("fr", "Cette page n'a pas encore été traduite dans votre langue : voici l'original."),
        ("es", "Esta página aún no se ha traducido a su idioma: aquí está el original."),
    ],
)
def test_switching_to_a_language_without_translation_keeps_the_reader_on_the_original(world, client, language, notice):
    digital = world.statements["za-digital"]
    soup = soup_of(client, digital.url)
    switch = soup.select_one(f'nav.language-switcher a[lang="{language}"]')
    assert switch["href"] == f"{digital.url}?untranslated={language}"
    # The original, with a notice in the language the reader chose.
    soup = soup_of(client, switch["href"])
    assert text_of(soup.find("h1")) == digital.title
    shown = soup.select_one("main .notice--language")
    assert shown["lang"] == language and shown["role"] == "status"
    assert text_of(shown) == notice
    # Not an alternate of the page for search engines.
    assert not soup.select(f'link[rel=alternate][hreflang="{language}"]')


def test_a_translated_page_switches_to_its_translation(world, client):
    leaders = world.statements["za-leaders"]
    soup = soup_of(client, leaders.url)
    assert (
        soup.select_one('nav.language-switcher a[lang="fr"]')["href"]
        == "/fr/presidencies/2025-south-africa/statements/za-leaders/"
    )


@pytest.mark.parametrize("value", ["xx", "en", "", "fr\x00", "<script>", "f" * 300])
def test_the_notice_ignores_values_it_does_not_know(world, client, value):
    digital = world.statements["za-digital"]
    response = client.get(digital.url, {"untranslated": value})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".notice--language") is None
    assert "<script>" not in response.content.decode().split("<main", 1)[1]
