"""Bad query strings on /<lang>/statements/: never a 500; invalid filters get a 400 that says why."""

import pytest
from bs4 import BeautifulSoup

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture
def world(statements_world, db):
    return statements_world


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def slugs(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")]


@pytest.mark.parametrize(
    ("params", "field_label"),
    [
        ({"kind": "bogus"}, "Kind"),
        ({"kind": PAYLOAD}, "Kind"),
        ({"topic": "unknown"}, "Topic"),
        ({"topic": "Finance-Track"}, "Topic"),
        ({"presidency": "1066"}, "Issued by"),
        ({"presidency": "2027"}, "Issued by"),  # no such presidency (yet)
        ({"presidency": "abc"}, "Issued by"),
        ({"presidency": "2025.0"}, "Issued by"),
        ({"from": "notadate"}, "From"),
        ({"from": PAYLOAD}, "From"),
        ({"to": "2026-13-45"}, "To"),
        ({"to": "2026-02-30"}, "To"),
        ({"from": "99999-01-01"}, "From"),
        ({"q": "x" * 10_000}, "Search"),
        ({"q": "climate\x00finance"}, "Search"),
        ({"kind": "bogus", "page": "2"}, "Kind"),
        ({"kind": "a\x00b"}, "Kind"),
    ],
)
def test_invalid_filter_answers_400_with_the_error_and_the_form(world, client, params, field_label):
    response = client.get("/en/statements/", params)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("form.filter-form [role=alert]")
    assert alert is not None
    errors = [text_of(li) for li in alert.select("li")]
    assert len(errors) == 1
    assert errors[0].startswith(f"{field_label}: ")
    # The error links to its field, and the whole form is still there to correct it.
    name = next(iter(k for k in params if k != "page"))
    link = alert.select_one("li a")["href"]
    assert link == f"#id_{name}"
    assert soup.select_one(link) is not None
    form = soup.select_one("form.filter-form")
    assert len(form.select("input, select")) == 6
    assert form.select_one("button[type=submit]") is not None
    assert slugs(soup) == []
    assert soup.select_one(".active-filters") is None
    assert PAYLOAD.encode() not in response.content


def test_several_invalid_filters_are_all_reported(world, client):
    response = client.get("/en/statements/", {"kind": "bogus", "topic": "unknown", "from": "x", "to": "y"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [text_of(li) for li in soup.select("[role=alert] li")]
    assert [e.split(":")[0] for e in errors] == ["Kind", "Topic", "From", "To"]


def test_invalid_choice_is_escaped_in_the_message(world, client):
    response = client.get("/en/statements/", {"kind": PAYLOAD})
    assert response.status_code == 400
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert PAYLOAD.encode() not in response.content


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"resilience"',
        "resilience\"'",
        PAYLOAD,
        "' OR 1=1 --",
        "resilience AND",
        "AND",
        "OR NOT",
        "NOT resilience",
        "(",
        ")",
        "*",
        "resilience*",
        "-resilience",
        "+",
        "a:b",
        "title:resilience",
        "^resilience",
        "NEAR(resilience debt)",
        "%",
        "_",
        "\\",
        "{}[]",
        "\u202eevil\u202c",
        "\x01\x02",
        "\t",
        "😀",
        "مرونة",
        "x" * 200,
    ],
)
def test_odd_search_text_never_fails(world, client, query):
    response = client.get("/en/statements/", {"q": query})
    assert response.status_code == 200, query
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("form.filter-form") is not None
    assert soup.select_one("[role=alert]") is None
    assert PAYLOAD.encode() not in response.content


def test_search_text_is_escaped_in_the_form_and_the_active_filter(world, client):
    response = client.get("/en/statements/", {"q": PAYLOAD, "kind": "press_release"})
    assert response.status_code == 200
    assert PAYLOAD.encode() not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    # Escaped in the HTML, the same text once parsed back.
    assert soup.select_one("#id_q")["value"] == PAYLOAD
    chips = [text_of(chip.select_one("span")) for chip in soup.select("a.active-filters__chip")]
    assert f"Search: {PAYLOAD}" in chips
    assert not soup.select("main script")


def test_quoted_search_still_finds(world, client):
    response = client.get("/en/statements/", {"q": '"resilience"', "kind": "joint_statement"})
    assert slugs(BeautifulSoup(response.content, "html.parser")) == ["us-finance"]


def test_unknown_parameters_are_ignored(world, client):
    response = client.get("/en/statements/", {"utm_source": PAYLOAD, "format": "json"})
    assert response.status_code == 200
    assert len(slugs(BeautifulSoup(response.content, "html.parser"))) == 6
    assert PAYLOAD.encode() not in response.content


def test_repeated_parameters_do_not_fail(world, client):
    response = client.get("/en/statements/?kind=press_release&kind=bogus&topic=finance-track&topic=unknown")
    assert response.status_code in {200, 400}
    response = client.get("/en/statements/?kind=bogus&kind=press_release")
    assert response.status_code in {200, 400}


def test_french_error_messages(world, client):
    response = client.get("/fr/statements/", {"kind": "bogus"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[role=alert]") is not None
    assert soup.select_one("form.filter-form") is not None
