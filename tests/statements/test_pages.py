"""Statement pages and the statement indexes render: what is listed, what a statement shows, provenance."""

import datetime

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from statements.models import StatementIndexPage, StatementPage
from tests.factories.statements import add_statement
from tests.statements.conftest import LIVE_ENGLISH


def get_soup(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def listed_slugs(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")]


@pytest.fixture
def world(statements_world, db):
    return statements_world


# --- The index ---------------------------------------------------------------------------------------


def test_index_lists_live_public_statements_of_its_language_newest_first(world, client):
    soup = get_soup(client, "/en/statements/")
    assert listed_slugs(soup) == LIVE_ENGLISH
    assert text_of(soup.select_one(".results-count")) == "6 statements"
    page_text = text_of(soup.find("main"))
    assert "Unpublished draft statement" not in page_text
    assert "Private sherpa note" not in page_text
    assert "Le bureau du G20" not in page_text
    hrefs = [a["href"] for a in soup.select("ol.result-list li.result h3 a")]
    assert all(href.startswith("/en/") for href in hrefs)


def test_index_items_show_kind_date_issuer_summary_and_topics(world, client):
    soup = get_soup(client, "/en/statements/")
    items = {
        item.select_one("h3 a")["href"].rstrip("/").rsplit("/", 1)[-1]: item
        for item in soup.select("ol.result-list li.result")
    }
    za = items["za-leaders"]
    assert (
        text_of(za.select_one(".result__meta")) == "Leaders' declaration · Nov. 22, 2025 · South Africa 2025 presidency"
    )
    assert za.select_one("time")["datetime"] == "2025-11-22"
    assert "Leaders committed to disaster resilience" in text_of(za)
    assert [text_of(li) for li in za.select(".tag-list li")] == ["Climate and energy", "Finance track"]
    office = items["office-integrity"]
    assert text_of(office.select_one(".result__meta")).endswith("· G20 communication office")
    assert "United States 2026 presidency" in text_of(items["us-finance"].select_one(".result__meta"))


def test_index_leaves_out_statements_under_a_restricted_section(world, client):
    PageViewRestriction.objects.create(
        page=world.us_statements, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    soup = get_soup(client, "/en/statements/")
    assert listed_slugs(soup) == ["office-fake-accounts", "office-integrity", "za-leaders", "za-digital"]


def test_french_index_shows_french_versions_and_english_originals_marked(world, client):
    soup = get_soup(client, "/fr/statements/")
    links = soup.select("ol.result-list li.result h3 a")
    # No language sees less than English: the same six statements, in French where translated.
    assert listed_slugs(soup) == LIVE_ENGLISH
    french = {a["href"]: text_of(a) for a in links if a["href"].startswith("/fr/")}
    assert french == {
        "/fr/statements/office-integrity/": "Le bureau du G20 énonce ses principes d'intégrité de l'information",
        "/fr/presidencies/2025-south-africa/statements/za-leaders/": "Déclaration des dirigeants de Johannesburg",
    }
    for item in soup.select("ol.result-list li.result"):
        link = item.select_one("h3 a")
        if link["href"].startswith("/fr/"):
            assert not link.has_attr("lang") and item.select_one(".language-note") is None
        else:
            assert link["href"].startswith("/en/")
            assert link["lang"] == "en" and link["hreflang"] == "en"
            assert text_of(item.select_one(".language-note")) == "En anglais"
            assert item.select_one("p.result__meta + p")["lang"] == "en"
    integrity = soup.select("ol.result-list li.result")[LIVE_ENGLISH.index("office-integrity")]
    assert [text_of(li) for li in integrity.select(".tag-list li")] == ["Intégrité de l'information"]
    assert text_of(soup.select_one(".results-count")) == "6 déclarations"
    assert soup.find("h1").get_text(strip=True) == "Déclarations"


def test_spanish_index_lists_every_statement_in_its_original(world, client):
    soup = get_soup(client, "/es/statements/")
    assert listed_slugs(soup) == LIVE_ENGLISH
    notes = [text_of(note) for note in soup.select("ol.result-list .language-note")]
    assert notes == ["En inglés"] * len(LIVE_ENGLISH)
    assert soup.select_one("form.filter-form") is not None


def test_strictly_spanish_index_is_empty_but_renders(world, client):
    soup = get_soup(client, "/es/statements/?fallback=0")
    assert listed_slugs(soup) == []
    # The strict choice survives the filter form.
    assert soup.select_one("form.filter-form input[type=hidden][name=fallback]")["value"] == "0"


def test_a_bad_fallback_value_answers_400(world, client):
    soup = get_soup(client, "/fr/statements/?fallback=maybe", status=400)
    assert soup.select_one(".form-error") is not None
    assert client.get("/fr/statements/rss/?fallback=2").status_code == 400


# --- A statement -------------------------------------------------------------------------------------


def test_office_statement_page(world, client):
    statement = world.statements["office-integrity"]
    soup = get_soup(client, statement.url)
    header = soup.select_one("header.page-header")
    assert text_of(header.select_one(".page-header__kicker")) == "Office statement · March 2, 2026"
    assert header.select_one(".page-header__kicker time")["datetime"] == "2026-03-02"
    assert text_of(header.find("h1")) == statement.title
    assert text_of(header.select_one(".lead")) == "The office commits to correcting false claims in public."
    assert "Every correction cites its sources." in text_of(soup.select_one(".streamfield"))
    topics = soup.find(id="topics-heading").find_parent("section")
    assert [text_of(li) for li in topics.select("li")] == ["Information integrity"]
    related = soup.find(id="related-heading").find_parent("section")
    # The related draft is not linked; the live related statement is.
    assert [(a["href"], text_of(a)) for a in related.select("a")] == [
        ("/en/presidencies/2025-south-africa/statements/za-leaders/", "Johannesburg Leaders' Declaration")
    ]
    provenance = text_of(soup.select_one(".provenance"))
    # Dated March 2, 2026 but published on the hub later: the hub's day is not called "First published".
    assert provenance.startswith("Published by G20 Communication Office · On the hub since ")
    assert "First published" not in provenance
    assert "presidency" not in provenance
    assert soup.select_one(".provenance time")["datetime"].startswith(statement.first_published_at.date().isoformat())
    assert soup.select_one(".banner--archive") is None


def test_statement_under_the_archived_presidency(world, client):
    statement = world.statements["za-leaders"]
    assert statement.url == "/en/presidencies/2025-south-africa/statements/za-leaders/"
    soup = get_soup(client, statement.url)
    assert text_of(soup.select_one(".page-header__kicker")) == "Leaders' declaration · Nov. 22, 2025"
    assert text_of(soup.select_one(".lead")) == "Leaders committed to disaster resilience and debt sustainability."
    assert "Zanzibarquill annex follows." in text_of(soup.select_one(".streamfield"))
    topics = soup.find(id="topics-heading").find_parent("section")
    assert [text_of(li) for li in topics.select("li")] == ["Climate and energy", "Finance track"]
    assert soup.find(id="related-heading") is None
    assert text_of(soup.select_one(".provenance")).startswith(
        "Published under the South Africa 2025 presidency · On the hub since "
    )
    banner = soup.select_one(".banner--archive")
    assert banner is not None
    assert "Archived: published under the South Africa 2025 presidency" in text_of(banner)


def test_statement_under_the_current_presidency_has_no_archive_banner(world, client):
    soup = get_soup(client, world.statements["us-finance"].url)
    assert text_of(soup.select_one(".provenance")).startswith("Published under the United States 2026 presidency")
    assert soup.select_one(".banner--archive") is None


def test_french_statement_of_the_archived_presidency(world, client):
    soup = get_soup(client, "/fr/presidencies/2025-south-africa/statements/za-leaders/")
    assert text_of(soup.find("h1")) == "Déclaration des dirigeants de Johannesburg"
    assert soup.select_one(".banner--archive") is not None
    assert "2025" in text_of(soup.select_one(".provenance"))
    assert "Afrique du Sud" in text_of(soup.select_one(".provenance"))


def test_provenance_shows_last_updated_only_when_it_differs(world, client):
    statement = world.statements["us-priorities"]
    soup = get_soup(client, statement.url)
    assert "Last updated" not in text_of(soup.select_one(".provenance"))
    later = statement.first_published_at + datetime.timedelta(days=40)
    StatementPage.objects.filter(pk=statement.pk).update(last_published_at=later)
    soup = get_soup(client, statement.url)
    provenance = soup.select_one(".provenance")
    assert "Last updated" in text_of(provenance)
    assert [t["datetime"][:10] for t in provenance.select("time")] == [
        statement.first_published_at.date().isoformat(),
        later.date().isoformat(),
    ]


def test_issuer_comes_from_where_the_statement_lives(world):
    s = world.statements
    assert s["office-integrity"].issuer is None
    assert s["za-leaders"].issuer.pk == world.za.pk
    assert s["us-finance"].issuer.pk == world.us.pk
    assert s["za-leaders-fr"].issuer.year == 2025
    assert s["za-leaders-fr"].issuer.locale.language_code == "fr"


def test_draft_is_not_served_and_private_asks_for_a_password(world, client):
    assert client.get("/en/statements/office-draft/").status_code == 404
    response = client.get(world.statements["us-private"].url)
    assert b"Confidential resilience note" not in response.content
    assert b"password" in response.content.lower()


# --- Presidency Statements pages ---------------------------------------------------------------------


def test_presidency_statements_page_lists_its_own_statements(world, client):
    za = get_soup(client, "/en/presidencies/2025-south-africa/statements/")
    assert sorted(listed_slugs_any(za)) == ["za-digital", "za-leaders"]
    assert za.select_one(".banner--archive") is not None
    us = get_soup(client, "/en/presidencies/2026-united-states/statements/")
    assert sorted(listed_slugs_any(us)) == ["us-finance", "us-priorities"]


def test_french_presidency_statements_page(world, client):
    soup = get_soup(client, "/fr/presidencies/2025-south-africa/statements/")
    # The French version of the leaders' declaration, the English original of the digital one (marked).
    assert listed_slugs_any(soup) == ["za-leaders", "za-digital"]
    assert text_of(soup.select_one("ul.result-list a")) == "Déclaration des dirigeants de Johannesburg"
    assert soup.select("ul.result-list a")[1]["lang"] == "en"


def listed_slugs_any(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("main .result-list .result__title a")]


def test_the_office_index_is_the_single_statements_section(world):
    assert StatementIndexPage.objects.filter(locale=world.office.locale).count() == 1
    assert world.office.url == "/en/statements/"
    assert sorted(StatementIndexPage.objects.values_list("locale__language_code", flat=True)) == ["en", "es", "fr"]


# --- Hostile content ---------------------------------------------------------------------------------

HOSTILE_TITLE = '<script>alert("t")</script> & "quoted" \u202eevil'
HOSTILE_SUMMARY = "<img src=x onerror=alert(1)> ]]> 😀 مرونة"


def test_hostile_title_and_summary_are_escaped(world, client):
    statement = add_statement(world.office, slug="hostile", title=HOSTILE_TITLE, summary=HOSTILE_SUMMARY)
    for url in ("/en/statements/", statement.url):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert b"<img src=x" not in response.content
        soup = BeautifulSoup(response.content, "html.parser")
        assert HOSTILE_TITLE in [a.get_text() for a in soup.select("main a, main h1")]
        assert any(p.get_text().strip() == HOSTILE_SUMMARY for p in soup.select("main p"))
        assert not soup.select("main img, main script")
    soup = get_soup(client, statement.url)
    assert soup.find("meta", attrs={"name": "description"})["content"] == HOSTILE_SUMMARY


# --- Languages ---------------------------------------------------------------------------------------


def test_french_provenance_is_in_french(world, client):
    soup = get_soup(client, "/fr/presidencies/2025-south-africa/statements/za-leaders/")
    provenance = text_of(soup.select_one(".provenance"))
    # A statement of 2025 published on the hub later never reads "first published" on the hub's day.
    assert "Première publication" not in provenance
    assert "Published" not in provenance
    assert "Afrique du Sud" in provenance
    assert "presidency" not in provenance


def test_french_index_chrome_is_in_french(world, client):
    soup = get_soup(client, "/fr/statements/?kind=leaders_declaration")
    main = text_of(soup.find("main"))
    for english in ("Apply filters", "All kinds", "Issued by", "Leaders' declaration", "Clear all filters"):
        assert english not in main, english
    assert "statement" not in text_of(soup.select_one(".results-count"))
