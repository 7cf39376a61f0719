"""The filters of /<lang>/statements/: each alone and combined, pagination, active filters, the form."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.factories.statements import add_statement
from tests.statements.conftest import LIVE_ENGLISH


@pytest.fixture
def world(statements_world, db):
    return statements_world


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def slugs(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")]


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def listed(client, params, language="en") -> list[str]:
    return slugs(get(client, f"/{language}/statements/", params))


# --- Each filter alone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, LIVE_ENGLISH),
        ({"kind": "leaders_declaration"}, ["za-leaders"]),
        ({"kind": "ministerial_declaration"}, ["za-digital"]),
        ({"kind": "joint_statement"}, ["us-finance"]),  # not the private one
        ({"kind": "presidency_statement"}, ["us-priorities"]),
        ({"kind": "office_statement"}, ["office-integrity"]),
        ({"kind": "press_release"}, ["office-fake-accounts"]),  # not the draft
        ({"kind": ""}, LIVE_ENGLISH),
        ({"topic": "finance-track"}, ["us-finance", "za-leaders"]),
        ({"topic": "information-integrity"}, ["office-fake-accounts", "office-integrity"]),
        ({"topic": "artificial-intelligence"}, ["us-priorities", "za-digital"]),
        ({"topic": "global-health"}, []),
        ({"presidency": "2025"}, ["za-leaders", "za-digital"]),
        ({"presidency": "2026"}, ["us-finance", "us-priorities"]),
        ({"presidency": "office"}, ["office-fake-accounts", "office-integrity"]),
        ({"from": "2026-03-02"}, ["office-fake-accounts", "us-finance", "office-integrity"]),  # inclusive
        ({"from": "2026-03-03"}, ["office-fake-accounts", "us-finance"]),
        ({"to": "2025-12-01"}, ["us-priorities", "za-leaders", "za-digital"]),  # inclusive
        ({"to": "2025-11-30"}, ["za-leaders", "za-digital"]),
        ({"from": "2026-04-16", "to": "2026-04-16"}, ["us-finance"]),
        ({"from": "2026-12-01", "to": "2026-01-01"}, []),
        ({"q": "resilience"}, ["us-finance", "za-leaders"]),  # not the draft, not the private one
        ({"q": "Zanzibarquill"}, ["za-leaders"]),  # in the body only
        ({"q": "impersonate"}, ["office-fake-accounts"]),  # in the title only
        ({"q": "   "}, LIVE_ENGLISH),
    ],
)
def test_each_filter_alone(world, client, params, expected):
    assert listed(client, params) == expected


# --- Combined ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "resilience", "kind": "joint_statement"}, ["us-finance"]),
        ({"q": "resilience", "kind": "leaders_declaration"}, ["za-leaders"]),
        ({"q": "resilience", "kind": "press_release"}, []),
        ({"q": "resilience", "presidency": "2025"}, ["za-leaders"]),
        ({"q": "resilience", "topic": "finance-track", "to": "2025-12-31"}, ["za-leaders"]),
        ({"topic": "climate-and-energy", "presidency": "2026"}, ["us-priorities"]),
        ({"topic": "information-integrity", "kind": "office_statement"}, ["office-integrity"]),
        ({"presidency": "office", "from": "2026-06-18"}, ["office-fake-accounts"]),
        ({"presidency": "2026", "from": "2026-01-01", "to": "2026-12-31"}, ["us-finance"]),
        (
            {
                "kind": "leaders_declaration",
                "topic": "finance-track",
                "presidency": "2025",
                "from": "2025-11-22",
                "to": "2025-11-22",
                "q": "debt",
            },
            ["za-leaders"],
        ),
        ({"kind": "leaders_declaration", "presidency": "2026"}, []),
    ],
)
def test_filters_combined(world, client, params, expected):
    assert listed(client, params) == expected


def test_filtered_items_still_show_all_their_topics(world, client):
    soup = get(client, "/en/statements/", {"topic": "finance-track", "presidency": "2025"})
    assert [text_of(li) for li in soup.select("li.result .tag-list li")] == ["Climate and energy", "Finance track"]


def test_empty_result_says_so(world, client):
    soup = get(client, "/en/statements/", {"topic": "global-health"})
    assert text_of(soup.select_one(".results-count")) == "0 statements"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # French versions where they exist, English originals otherwise (each marked, see test_pages).
        ({"presidency": "2025"}, ["za-leaders", "za-digital"]),
        ({"presidency": "office"}, ["office-fake-accounts", "office-integrity"]),
        ({"topic": "finance-track"}, ["us-finance", "za-leaders"]),
        ({"kind": "office_statement"}, ["office-integrity"]),
        ({"q": "dirigeants"}, ["za-leaders"]),  # a French word of the French version
        # The English text of a statement shown in French does not match: the French version is listed.
        ({"q": "Zanzibarquill"}, []),
        # ?fallback=0: the French versions only.
        ({"presidency": "2025", "fallback": "0"}, ["za-leaders"]),
        ({"presidency": "office", "fallback": "0"}, ["office-integrity"]),
        ({"fallback": "0"}, ["office-integrity", "za-leaders"]),
        (
            {"fallback": "1"},
            ["office-fake-accounts", "us-finance", "office-integrity", "us-priorities", "za-leaders", "za-digital"],
        ),
    ],
)
def test_filters_in_french(world, client, params, expected):
    assert listed(client, params, language="fr") == expected


def test_french_choices_are_in_french(world, client):
    soup = get(client, "/fr/statements/")
    topics = [text_of(o) for o in soup.select("#id_topic option")][1:]
    assert "Volet financier" in topics
    assert "Finance track" not in topics
    presidencies = [o["value"] for o in soup.select("#id_presidency option")]
    assert presidencies == ["", "office", "2026", "2025"]


# --- Pagination --------------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """25 more office press releases (31 English statements in all: two pages)."""
    for number in range(25):
        add_statement(
            world.office,
            slug=f"bulk-{number:02d}",
            kind="press_release",
            date=f"2024-01-{number + 1:02d}",
            summary="Bulk statement.",
            revision=False,
        )
    return world


def test_pagination(many, client):
    first = get(client, "/en/statements/")
    assert len(slugs(first)) == 20
    assert slugs(first)[:6] == LIVE_ENGLISH
    assert text_of(first.select_one(".results-count")) == "31 statements"
    assert "Page 1 of 2" in text_of(first.select_one("nav.pagination"))
    assert first.select_one("nav.pagination a[rel=next]")["href"] == "?page=2"
    second = get(client, "/en/statements/", {"page": "2"})
    assert slugs(second) == [f"bulk-{n:02d}" for n in range(10, -1, -1)]
    assert second.select_one("nav.pagination a[rel=prev]")["href"] == "?page=1"
    assert second.select_one("nav.pagination a[rel=next]") is None
    assert not set(slugs(first)) & set(slugs(second))


def test_pagination_keeps_the_filters(many, client):
    soup = get(client, "/en/statements/", {"kind": "press_release", "page": "1"})
    assert len(slugs(soup)) == 20
    href = soup.select_one("nav.pagination a[rel=next]")["href"]
    assert parse_qs(urlsplit(href).query) == {"kind": ["press_release"], "page": ["2"]}
    second = get(client, "/en/statements/" + href)
    assert len(slugs(second)) == 6  # 25 bulk + office-fake-accounts


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "99999999999999999999", ""])
def test_bad_page_numbers_give_the_first_or_last_page(many, client, page):
    soup = get(client, "/en/statements/", {"page": page})
    assert len(slugs(soup)) in {20, 11}


def test_page_beyond_the_end_gives_the_last_page(many, client):
    soup = get(client, "/en/statements/", {"page": "999"})
    assert "Page 2 of 2" in text_of(soup.select_one("nav.pagination"))
    assert len(slugs(soup)) == 11
    soup = get(client, "/en/statements/", {"page": "abc"})
    assert "Page 1 of 2" in text_of(soup.select_one("nav.pagination"))


def test_no_pagination_with_one_page(world, client):
    assert get(client, "/en/statements/").select_one("nav.pagination") is None


# --- Active filters ----------------------------------------------------------------------------------

ALL_FILTERS = {
    "q": "resilience",
    "kind": "joint_statement",
    "topic": "finance-track",
    "presidency": "2026",
    "from": "2026-01-01",
    "to": "2026-12-31",
}
CHIPS = {
    "q": "Search: resilience",
    "kind": "Kind: Joint statement",
    "topic": "Topic: Finance track",
    "presidency": "Issued by: United States 2026",
    "from": "From: 2026-01-01",
    "to": "To: 2026-12-31",
}


def test_active_filters_each_removable(world, client):
    soup = get(client, "/en/statements/", {**ALL_FILTERS, "page": "1"})
    assert slugs(soup) == ["us-finance"]
    chips = soup.select(".active-filters a.active-filters__chip")
    assert len(chips) == len(ALL_FILTERS)
    seen = {}
    for chip in chips:
        shown = text_of(chip.select_one("span"))
        query = parse_qs(urlsplit(chip["href"]).query, keep_blank_values=True)
        removed = set(ALL_FILTERS) - set(query)
        assert len(removed) == 1, (shown, chip["href"])
        (name,) = removed
        # Exactly that filter goes, the others stay as they were, and so does the page number.
        assert query == {key: [value] for key, value in ALL_FILTERS.items() if key != name}
        assert "(remove this filter)" in text_of(chip)
        seen[name] = shown
    assert seen == CHIPS


def test_following_a_remove_link(world, client):
    soup = get(client, "/en/statements/", {"kind": "joint_statement", "presidency": "2025"})
    assert slugs(soup) == []
    chip = next(
        chip for chip in soup.select("a.active-filters__chip") if text_of(chip).startswith("Issued by: South Africa")
    )
    after = get(client, "/en/statements/" + chip["href"])
    assert slugs(after) == ["us-finance"]
    assert [text_of(c.select_one("span")) for c in after.select("a.active-filters__chip")] == ["Kind: Joint statement"]


def test_clear_all_filters(world, client):
    soup = get(client, "/en/statements/", {"kind": "joint_statement", "topic": "finance-track"})
    clear = next(a for a in soup.select(".active-filters a") if text_of(a) == "Clear all filters")
    assert clear["href"] == "?"
    assert slugs(get(client, "/en/statements/" + clear["href"])) == LIVE_ENGLISH


def test_no_active_filters_without_filters(world, client):
    for params in ({}, {"page": "1"}, {"q": "  ", "kind": ""}):
        soup = get(client, "/en/statements/", params)
        assert soup.select_one(".active-filters") is None, params


def test_active_office_filter_is_named(world, client):
    soup = get(client, "/en/statements/", {"presidency": "office"})
    assert [text_of(c.select_one("span")) for c in soup.select("a.active-filters__chip")] == [
        "Issued by: G20 communication office"
    ]


# --- The form ----------------------------------------------------------------------------------------


def test_filter_form_has_a_label_for_every_field(world, client):
    soup = get(client, "/en/statements/")
    form = soup.select_one("form.filter-form")
    assert form["method"] == "get"
    fields = form.select("input, select, textarea")
    assert sorted(f["name"] for f in fields) == sorted(["q", "kind", "topic", "presidency", "from", "to"])
    for field in fields:
        labels = form.select(f'label[for="{field["id"]}"]')
        assert len(labels) == 1, field["name"]
        assert text_of(labels[0]), field["name"]
    assert form.select_one("#id_from")["type"] == "date"
    assert form.select_one("#id_to")["type"] == "date"
    assert form.select_one("#id_q")["type"] == "search"
    assert form.select_one("button[type=submit]") is not None
    heading = soup.find(id=form["aria-labelledby"])
    assert heading is not None


def test_filter_form_keeps_the_current_values(world, client):
    soup = get(client, "/en/statements/", ALL_FILTERS)
    form = soup.select_one("form.filter-form")
    assert form.select_one("#id_q")["value"] == "resilience"
    assert form.select_one("#id_kind option[selected]")["value"] == "joint_statement"
    assert form.select_one("#id_topic option[selected]")["value"] == "finance-track"
    assert form.select_one("#id_presidency option[selected]")["value"] == "2026"
    assert form.select_one("#id_from")["value"] == "2026-01-01"
    assert form.select_one("#id_to")["value"] == "2026-12-31"


# --- Drafts stay out of the choices --------------------------------------------------------------------


def test_draft_presidency_is_not_offered(world, client):
    from wagtail.models import Page

    from presidencies.models import PresidencyPage

    index = Page.objects.get(pk=world.presidency_index.pk)
    draft = PresidencyPage(
        title="Secret presidency",
        slug="2027-secret",
        country="GB",
        country_name="Secretland",
        year=2027,
        start_date="2026-12-01",
        end_date="2027-11-30",
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision()
    soup = get(client, "/en/statements/")
    assert [o["value"] for o in soup.select("#id_presidency option")] == ["", "office", "2026", "2025"]
    assert "Secretland" not in soup.decode()
    get(client, "/en/statements/", {"presidency": "2027"}, status=400)


# --- On phones: the filters fold behind a "Filter" disclosure (issue #16) -----------------------------


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_filters_are_folded_until_one_is_used(world, client, language):
    disclosure = get(client, f"/{language}/statements/").select_one("details.filter-disclosure")

    assert disclosure is not None and not disclosure.has_attr("open")
    assert disclosure.has_attr("data-open-wide")  # open on wide screens (stylesheet and script)
    assert disclosure.select_one("summary").find_next_sibling("form")["class"] == ["filter-form"]

    used = get(client, f"/{language}/statements/", {"kind": "press_release", "topic": "finance-track"})
    disclosure = used.select_one("details.filter-disclosure")
    assert disclosure.has_attr("open")
    assert "(2 " in text_of(disclosure.select_one("summary"))  # "(2 active)", in the reader's language


@pytest.mark.parametrize("params", [{"from": "yesterday"}, {"kind": "<script>"}, {"presidency": "2027"}])
def test_the_filters_open_to_show_what_needs_correcting(world, client, params):
    soup = get(client, "/en/statements/", params, status=400)

    disclosure = soup.select_one("details.filter-disclosure")
    assert disclosure.has_attr("open")
    assert disclosure.select_one(".form-error[role=alert]") is not None
    assert "<script>" not in str(soup.select_one("main"))
