"""Languages: redirects from /, translated pages, the language switcher and translated error pages."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.factories import ContentPageFactory

LOCALE_DIR = Path(__file__).resolve().parents[2] / "hub" / "locale"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def switcher_links(response) -> dict[str, str]:
    switcher = soup_of(response).find("nav", class_="language-switcher")
    return {link["hreflang"]: link["href"] for link in switcher.find_all("a")}


def alternates(response) -> dict[str, str]:
    soup = soup_of(response)
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


def test_root_redirects_to_english_by_default(client, demo_pages):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(("accept", "expected"), [("fr", "/fr/"), ("es-ES,es;q=0.9", "/es/"), ("de", "/en/")])
def test_root_redirect_follows_accept_language(client, demo_pages, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_french_home_page_is_in_french(client, demo_pages):
    response = client.get("/fr/")

    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    soup = soup_of(response)
    assert soup.html["lang"] == "fr"
    assert soup.find("h1").get_text() == "Plateforme de communication du G20"
    assert "La maison permanente de la communication publique du G20" in soup.find("p", class_="lead").get_text()
    assert "Chaque année, la présidence du G20 change de pays." in soup.find("main").get_text()
    assert soup.find("aside", class_="callout")["aria-label"] == "Ce compte est-il officiel ?"


def test_spanish_about_page_is_in_spanish(client, demo_pages):
    soup = soup_of(client.get("/es/about/"))

    assert soup.html["lang"] == "es"
    assert soup.find("h1").get_text() == "Acerca del centro"
    assert soup.find("figure", class_="block-quote").find("figcaption").get_text() == "Oficina de Comunicación del G20"


def test_switcher_on_french_about_page_links_to_its_translations(client, demo_pages):
    response = client.get("/fr/about/")

    assert switcher_links(response) == {"en": "/en/about/", "fr": "/fr/about/", "es": "/es/about/"}
    assert alternates(response)["en"] == "http://testserver/en/about/"
    assert alternates(response)["es"] == "http://testserver/es/about/"


def test_switcher_keeps_the_reader_on_an_untranslated_page(client, demo_pages):
    page = ContentPageFactory(parent=demo_pages["home"]["en"], title="English only", publish=True)

    response = client.get(page.url)

    assert response.status_code == 200
    assert switcher_links(response) == {
        "en": "/en/english-only/",
        "fr": "/en/english-only/?untranslated=fr",
        "es": "/en/english-only/?untranslated=es",
    }
    # The home pages are not translations of this page, so they are not advertised as alternates.
    assert alternates(response) == {
        "en": "http://testserver/en/english-only/",
        "x-default": "http://testserver/en/english-only/",
    }


def test_switcher_ignores_unpublished_translation(client, demo_pages):
    french_legal = demo_pages["legal"]["fr"]
    french_legal.unpublish()

    response = client.get("/en/legal/")

    assert switcher_links(response)["fr"] == "/en/legal/?untranslated=fr"
    assert "fr" not in alternates(response)
    assert client.get("/fr/legal/").status_code == 404


def test_switcher_on_search_keeps_the_query(client, demo_pages):
    response = client.get("/fr/search/", {"q": "G20"})

    assert switcher_links(response) == {
        "en": "/en/search/?q=G20",
        "fr": "/fr/search/?q=G20",
        "es": "/es/search/?q=G20",
    }


def test_footer_links_point_to_pages_in_the_active_language(client, demo_pages):
    footer = soup_of(client.get("/es/")).find("footer")

    hrefs = [a["href"] for a in footer.find_all("a")]
    assert "/es/about/" in hrefs
    assert "/es/legal/" in hrefs
    assert "/en/about/" not in hrefs


def test_404_page_is_rendered_in_the_requested_language(client, demo_pages):
    response = client.get("/fr/does-not-exist/")

    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.html["lang"] == "fr"
    assert soup.find("main", id="main") is not None


def test_404_page_text_is_translated(client, demo_pages):
    response = client.get("/fr/does-not-exist/")

    main = soup_of(response).find("main")
    main_text = main.get_text(" ", strip=True)
    assert main.find("h1").get_text() != "Page not found"
    assert "We could not find that page" not in main_text
    assert "Search the site" not in main_text
    assert main.find("button").get_text() == "Rechercher"


def test_layout_strings_are_translated_in_french(client, demo_pages):
    soup = soup_of(client.get("/fr/about/"))

    assert "Published by" not in soup.find("p", class_="provenance").get_text()
    assert soup.find("footer").find("a", href="/fr/about/").get_text() != "About"
