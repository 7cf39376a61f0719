"""Filters of /<lang>/library/: each one, combined, bad values (400, never 500), escaping, active chips."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from .conftest import LIVE_ENGLISH

INDEX = "/en/library/"


def get(client, query):
    query = query if isinstance(query, str) else urlencode(query)
    return client.get(f"{INDEX}?{query}" if query else INDEX)


def listed(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in soup.select(".result-list .result__title a")]


def errors(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one('.form-error[role="alert"]')
    return [" ".join(item.get_text(" ").split()) for item in alert.select("li")] if alert else []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", LIVE_ENGLISH),
        # ?kind=
        ("kind=report", ["office-report"]),
        ("kind=study", ["za-study"]),
        ("kind=paper", ["us-paper"]),
        ("kind=dataset", ["office-dataset"]),
        ("kind=", LIVE_ENGLISH),
        # ?language= (of the document, not of the site)
        ("language=en", ["office-report", "za-study"]),
        ("language=fr", ["office-dataset"]),
        ("language=es", ["us-paper"]),
        ("language=de", []),
        # ?topic=
        ("topic=digital-economy", ["office-report", "za-study"]),
        ("topic=finance-track", ["office-dataset"]),
        ("topic=artificial-intelligence", ["us-paper"]),
        ("topic=global-health", []),
        # ?presidency=
        ("presidency=office", ["office-report", "office-dataset"]),
        ("presidency=2025", ["za-study"]),
        ("presidency=2026", ["us-paper"]),
        # ?from= / ?to=, inclusive
        ("from=2026-01-15", ["us-paper", "office-report", "office-dataset"]),
        ("from=2026-01-16", ["us-paper", "office-report"]),
        ("to=2026-01-15", ["office-dataset", "za-study"]),
        ("to=2026-01-14", ["za-study"]),
        ("from=2026-01-15&to=2026-01-15", ["office-dataset"]),
        ("from=2025-08-30&to=2026-06-02", LIVE_ENGLISH),
        ("from=2026-07-01&to=2026-01-01", []),
        # ?q=
        ("q=resilience", ["office-dataset", "za-study"]),
        ("q=productivity", ["us-paper"]),
        ("q=information+integrity", ["office-report"]),
        ("q=zanzibarquill", []),
        ("q=%20%20", LIVE_ENGLISH),
        # combined
        ("presidency=office&kind=dataset", ["office-dataset"]),
        ("presidency=office&kind=study", []),
        ("topic=digital-economy&from=2026-01-01", ["office-report"]),
        ("topic=digital-economy&language=en&presidency=2025", ["za-study"]),
        ("q=resilience&language=en", ["za-study"]),
        ("q=resilience&presidency=office&to=2026-12-31", ["office-dataset"]),
        ("kind=paper&topic=artificial-intelligence&from=2026-06-02&to=2026-06-02&language=es", ["us-paper"]),
        # Unknown parameters and pages are ignored.
        ("utm_source=newsletter", LIVE_ENGLISH),
        ("page=abc", LIVE_ENGLISH),
        ("page=999", LIVE_ENGLISH),
    ],
)
def test_filters(library_world, db, client, query, expected):
    response = get(client, query)

    assert response.status_code == 200, errors(response)
    assert listed(response) == expected


def test_search_never_finds_drafts_or_private_items(library_world, db, client):
    for word in ("resilience", "Draft", "Confidential", "sherpa", "Unpublished"):
        found = listed(get(client, {"q": word}))
        assert "office-draft" not in found and "us-private" not in found, word


@pytest.mark.parametrize(
    ("query", "messages"),
    [
        ("kind=bogus", ["Kind: Select a valid choice. bogus is not one of the available choices."]),
        ("language=xx", ["Language of the document: Select a valid choice. xx is not one of the available choices."]),
        ("topic=no-such-topic", ["Topic: Select a valid choice. no-such-topic is not one of the available choices."]),
        ("presidency=2027", ["Issued by: Select a valid choice. 2027 is not one of the available choices."]),
        ("presidency=Office", ["Issued by: Select a valid choice. Office is not one of the available choices."]),
        ("from=garbage", ["From: Enter a valid date."]),
        ("to=2026-02-30", ["To: Enter a valid date."]),
        ("from=99999-01-01", ["From: Enter a valid date."]),
        ("q=%00", ["Search: Null characters are not allowed."]),
        ("q=resilience%00", ["Search: Null characters are not allowed."]),
        ("q=" + "a" * 201, ["Search: Ensure this value has at most 200 characters (it has 201)."]),
        (
            "kind=bogus&from=garbage&q=%00",
            [
                "Search: Null characters are not allowed.",
                "Kind: Select a valid choice. bogus is not one of the available choices.",
                "From: Enter a valid date.",
            ],
        ),
    ],
)
def test_bad_values_answer_400_with_the_message(library_world, db, client, query, messages):
    response = get(client, query)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert errors(response) == messages
    assert listed(response) == []
    # Each message links to its field.
    soup = BeautifulSoup(response.content, "html.parser")
    for link in soup.select(".form-error a"):
        assert soup.select_one(link["href"]) is not None


@pytest.mark.parametrize(
    "query",
    [
        "q=(",
        "q=*",
        "q=AND",
        "q=NEAR(",
        "q=a+OR",
        "q=-x",
        "q=%27",
        "q=%22%22%22",
        "q=%5C",
        "q=%E2%80%AE",
        "q=%F0%9F%8C%8D",
        "q=%D8%AA%D9%82%D8%B1%D9%8A%D8%B1",
        "q=%FF%FE",
        "kind=%FF",
        "topic=%00",
        "presidency=office%00",
        "presidency=-1",
        "presidency=99999999999999999999",
        "language=%0A",
        "from=0000-00-00",
        "from=0001-01-01&to=9999-12-31",
        "to=2026-13-01",
        "from[]=x",
        "kind=report&kind=bogus",
        "page=-1",
        "page=1e9",
        "page=%00",
    ],
)
def test_odd_values_never_crash(library_world, db, client, query):
    response = get(client, query)

    assert response.status_code in (200, 400), query
    if response.status_code == 400:
        assert errors(response)


def test_error_messages_and_values_are_escaped(library_world, db, client):
    response = get(client, {"kind": '<script>alert("k")</script>', "from": "<img src=x onerror=alert(1)>"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;k&quot;)&lt;/script&gt;" in page


def test_search_text_is_escaped_in_the_form_and_the_chip(library_world, db, client):
    response = get(client, {"q": '"><script>alert(1)</script>'})

    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select_one("#id_q")["value"] == '"><script>alert(1)</script>'
    chip = soup.select_one(".active-filters__chip span")
    assert chip.get_text() == 'Search: "><script>alert(1)</script>'


def test_the_form_keeps_the_chosen_values(library_world, db, client):
    response = get(client, "kind=report&topic=digital-economy&presidency=office&from=2026-01-01&q=claims")

    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("#id_kind option[selected]")["value"] == "report"
    assert soup.select_one("#id_topic option[selected]")["value"] == "digital-economy"
    assert soup.select_one("#id_presidency option[selected]")["value"] == "office"
    assert soup.select_one("#id_from")["value"] == "2026-01-01"
    assert soup.select_one("#id_q")["value"] == "claims"
    assert listed(response) == ["office-report"]


def test_active_filters_are_shown_and_removable(library_world, db, client):
    response = get(client, "kind=report&topic=digital-economy&presidency=2025&page=2")

    soup = BeautifulSoup(response.content, "html.parser")
    chips = {
        " ".join(link.select_one("span").get_text(" ").split()): link["href"]
        for link in soup.select(".active-filters a.active-filters__chip")
    }
    assert chips == {
        "Kind: Report": "?topic=digital-economy&presidency=2025",
        "Topic: Digital economy": "?kind=report&presidency=2025",
        "Issued by: South Africa 2025": "?kind=report&topic=digital-economy",
    }
    assert soup.select_one('.active-filters a[href="?"]').get_text() == "Clear all filters"
    for chip in soup.select(".active-filters__chip"):
        assert "(remove this filter)" in chip.get_text()


def test_no_active_filters_without_filters(library_world, db, client):
    soup = BeautifulSoup(get(client, "").content, "html.parser")

    assert soup.select_one(".active-filters") is None
    assert soup.select_one(".form-error") is None


def test_no_nul_character_in_the_html(library_world, db, client):
    response = get(client, "q=a%00b")

    assert response.status_code == 400
    assert b"\x00" not in response.content
