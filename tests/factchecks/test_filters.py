"""The filters of /<lang>/fact-checks/ and its feeds: each alone and combined, pagination, counts per
filter value, bad values (400 with the error by the field) and hostile search text."""

import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.http import QueryDict

from factchecks.filters import FactCheckFilter, build_fact_check_listing
from factchecks.models import FactCheckIndexPage
from factchecks.verdicts import Verdict
from tests.factchecks.conftest import LIVE_ENGLISH, SEARCH_WORD
from tests.factories.factchecks import add_debunk

INDEX = "/en/fact-checks/"


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def slugs(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")]


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def listed(client, params, language="en") -> list[str]:
    return slugs(get(client, f"/{language}/fact-checks/", params))


def options(soup, name: str) -> dict[str, str]:
    """The choices of a filter (value: label), without the empty one."""
    return {o["value"]: text_of(o) for o in soup.select(f"#id_{name} option") if o["value"]}


# --- Each filter alone -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, LIVE_ENGLISH),
        ({"verdict": ""}, LIVE_ENGLISH),
        ({"verdict": "false"}, ["ban", "summit"]),  # not the draft, private or withdrawn ones
        ({"verdict": "manipulated_media"}, ["video"]),
        ({"verdict": "misleading"}, ["debt"]),
        ({"verdict": "unsupported"}, ["deal"]),
        ({"verdict": "missing_context"}, ["climate"]),
        ({"keyword": "summit"}, ["ban", "video", "summit"]),
        ({"keyword": "elections"}, ["deal", "summit"]),
        ({"keyword": "debt"}, ["ban", "debt"]),
        ({"keyword": "climate"}, ["climate"]),
        ({"country": "ZA"}, ["ban", "debt", "summit"]),
        ({"country": "za"}, ["ban", "debt", "summit"]),
        ({"country": " Za "}, ["ban", "debt", "summit"]),
        ({"country": "US"}, ["deal", "summit"]),
        ({"country": "in"}, ["climate"]),
        ({"country": "BR"}, ["debt"]),
        ({"country": "DE"}, []),
        ({"language": "en"}, ["climate", "deal", "debt", "summit"]),
        ({"language": "EN"}, ["climate", "deal", "debt", "summit"]),
        ({"language": "ru"}, ["ban", "summit"]),
        ({"language": "fr"}, ["video"]),
        ({"language": "hi"}, ["climate"]),
        ({"language": "de"}, []),
        ({"outlet": "daily-rumour"}, ["debt", "summit"]),
        ({"outlet": "telegram-whispers"}, ["ban", "deal", "summit"]),
        ({"outlet": "channel-nine-truths"}, ["deal", "video"]),
        ({"outlet": "quiet-blog"}, []),
        ({"from": "2026-04-20"}, ["ban", "climate", "deal"]),  # inclusive
        ({"from": "2026-04-21"}, ["ban", "climate"]),
        ({"to": "2026-02-05"}, ["video", "summit"]),  # inclusive
        ({"to": "2026-02-04"}, ["summit"]),
        ({"from": "2026-03-15", "to": "2026-03-15"}, ["debt"]),
        ({"from": "2026-12-01", "to": "2026-01-01"}, []),
        ({"q": SEARCH_WORD}, ["ban", "summit"]),  # not the draft, private or withdrawn ones
        ({"q": "Johannesburg"}, ["summit"]),
        ({"q": "cash"}, ["ban"]),
        ({"q": "   "}, LIVE_ENGLISH),
    ],
)
def test_each_filter_alone(world, client, params, expected):
    assert listed(client, params) == expected


# --- Combined ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"verdict": "false", "country": "ZA"}, ["ban", "summit"]),
        ({"verdict": "false", "language": "en"}, ["summit"]),
        ({"verdict": "false", "language": "ru"}, ["ban", "summit"]),
        ({"verdict": "misleading", "country": "US"}, []),
        ({"keyword": "summit", "outlet": "telegram-whispers"}, ["ban", "summit"]),
        ({"keyword": "elections", "country": "us", "from": "2026-04-01"}, ["deal"]),
        ({"q": SEARCH_WORD, "from": "2026-02-01"}, ["ban"]),
        ({"q": SEARCH_WORD, "verdict": "false", "to": "2026-05-31"}, ["summit"]),
        ({"outlet": "channel-nine-truths", "language": "fr"}, ["video"]),
        ({"outlet": "daily-rumour", "keyword": "debt", "country": "BR"}, ["debt"]),
        (
            {
                "q": SEARCH_WORD,
                "verdict": "false",
                "keyword": "summit",
                "country": "za",
                "language": "ru",
                "outlet": "telegram-whispers",
                "from": "2026-01-01",
                "to": "2026-01-31",
            },
            ["summit"],
        ),
    ],
)
def test_filters_combined(world, client, params, expected):
    assert listed(client, params) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # The French version where there is one, the English original otherwise.
        ({}, LIVE_ENGLISH),
        ({"verdict": "manipulated_media"}, ["video"]),
        ({"verdict": "false"}, ["ban", "summit"]),
        ({"country": "fr", "keyword": "video"}, ["video"]),
        ({"q": "dispute"}, ["video"]),
        ({"q": SEARCH_WORD}, ["ban", "summit"]),  # found in the English originals listed
        # ?fallback=0: French versions only; the English text of "video" does not leak into them.
        ({"fallback": "0"}, ["video"]),
        ({"verdict": "false", "fallback": "0"}, []),
        ({"q": SEARCH_WORD, "fallback": "0"}, []),
    ],
)
def test_filters_in_french(world, client, params, expected):
    assert listed(client, params, language="fr") == expected


def test_filtered_items_still_show_all_their_keywords(world, client):
    soup = get(client, INDEX, {"keyword": "elections", "verdict": "false"})
    assert sorted(text_of(li) for li in soup.select("li.result .tag-list li")) == ["Elections", "Summit"]


def test_results_count(world, client):
    assert text_of(get(client, INDEX, {"verdict": "false"}).select_one(".results-count")) == "2 debunks"
    assert text_of(get(client, INDEX, {"verdict": "misleading"}).select_one(".results-count")) == "1 debunk"
    assert text_of(get(client, INDEX, {"country": "DE"}).select_one(".results-count")) == "0 debunks"


# --- Pagination --------------------------------------------------------------------------------------


@pytest.fixture
def many(world):
    """25 more English debunks, seen in 2025 (31 listed in all: two pages)."""
    for number in range(25):
        add_debunk(
            world.index,
            slug=f"bulk-{number:02d}",
            title=f"Bulk debunk {number}",
            claim=f"Bulk claim {number}",
            verdict=Verdict.MISLEADING,
            first_seen=f"2025-01-{number + 1:02d}",
            countries=["ZA"],
            languages=["en"],
            keywords=["Bulk"],
            revision=False,
        )
    return world


def test_pagination(many, client):
    first = get(client, INDEX)
    assert len(slugs(first)) == 20
    assert slugs(first)[:6] == LIVE_ENGLISH
    assert text_of(first.select_one(".results-count")) == "31 debunks"
    assert "Page 1 of 2" in text_of(first.select_one("nav.pagination"))
    assert first.select_one("nav.pagination a[rel=next]")["href"] == "?page=2"
    second = get(client, INDEX, {"page": "2"})
    assert slugs(second) == [f"bulk-{n:02d}" for n in range(10, -1, -1)]
    assert not set(slugs(first)) & set(slugs(second))


def test_pagination_keeps_the_filters(many, client):
    soup = get(client, INDEX, {"country": "ZA", "page": "1"})
    assert len(slugs(soup)) == 20
    assert soup.select_one("nav.pagination a[rel=next]")["href"] == "?country=ZA&page=2"
    assert len(slugs(get(client, INDEX, {"country": "ZA", "page": "2"}))) == 8  # 25 bulk + ban, debt, summit


def test_bad_page_numbers_are_tolerated(many, client):
    for page, shown in [("abc", 20), ("0", 11), ("-1", 11), ("1.5", 20), ("99999999999999999999", 11), ("", 20)]:
        soup = get(client, INDEX, {"page": page})
        assert len(slugs(soup)) == shown, page
    assert "Page 2 of 2" in text_of(get(client, INDEX, {"page": "999"}).select_one("nav.pagination"))


# --- Counts per filter value -------------------------------------------------------------------------


def facet_counts(world, params: str) -> dict[str, dict[str, int]]:
    index = FactCheckIndexPage.objects.get(pk=world.index.pk)
    filterset = FactCheckFilter(QueryDict(params), queryset=index.listing_queryset())
    return {facet: dict(counter) for facet, counter in filterset.facet_counts().items()}


ALL_COUNTS = {
    "verdict": {"false": 2, "manipulated_media": 1, "misleading": 1, "unsupported": 1, "missing_context": 1},
    "keyword": {"summit": 3, "elections": 2, "debt": 2, "video": 1, "climate": 1},
    "country": {"ZA": 3, "US": 2, "FR": 1, "BR": 1, "IN": 1},
    "language": {"en": 4, "ru": 2, "fr": 1, "pt": 1, "hi": 1},
    "outlet": {"daily-rumour": 2, "telegram-whispers": 3, "channel-nine-truths": 2},
}


def test_counts_without_filters(world):
    assert facet_counts(world, "") == ALL_COUNTS


def test_counts_apply_the_other_filters_but_not_their_own(world):
    counts = facet_counts(world, "verdict=false")
    # The verdict counts ignore the verdict filter itself...
    assert counts["verdict"] == ALL_COUNTS["verdict"]
    # ...and every other count only counts false debunks (ban and summit).
    assert counts["country"] == {"ZA": 2, "US": 1}
    assert counts["language"] == {"en": 1, "ru": 2}
    assert counts["keyword"] == {"summit": 2, "elections": 1, "debt": 1}
    assert counts["outlet"] == {"daily-rumour": 1, "telegram-whispers": 2}


def test_counts_with_several_filters(world):
    counts = facet_counts(world, "country=ZA&keyword=summit")
    assert counts["country"] == {"ZA": 2, "FR": 1, "US": 1}  # summit debunks: video, summit, ban
    assert counts["keyword"] == {"summit": 2, "debt": 2, "elections": 1}  # ZA debunks: summit, debt, ban
    assert counts["verdict"] == {"false": 2}
    assert counts["outlet"] == {"daily-rumour": 1, "telegram-whispers": 2}


def test_counts_follow_search_and_dates(world):
    counts = facet_counts(world, f"q={SEARCH_WORD}&from=2026-02-01")
    assert counts["verdict"] == {"false": 1}
    assert counts["country"] == {"ZA": 1}


def test_counts_are_empty_when_a_filter_is_invalid(world):
    assert all(not counter for counter in facet_counts(world, "verdict=nonsense").values())


def test_option_labels_show_the_counts(world, client):
    soup = get(client, INDEX)
    assert options(soup, "verdict") == {
        "false": "False (2)",
        "manipulated_media": "Manipulated media (1)",
        "misleading": "Misleading (1)",
        "unsupported": "Unsupported (1)",
        "missing_context": "Missing context (1)",
    }
    assert options(soup, "country") == {
        "BR": "Brazil (1)",
        "FR": "France (1)",
        "IN": "India (1)",
        "ZA": "South Africa (3)",
        "US": "United States of America (2)",
    }
    assert options(soup, "language")["en"] == "English (4)"
    assert options(soup, "keyword") == {
        "climate": "Climate (1)",
        "debt": "Debt (2)",
        "elections": "Elections (2)",
        "summit": "Summit (3)",
        "video": "Video (1)",
    }
    # Outlets where no listed claim appeared are not offered.
    assert options(soup, "outlet") == {
        "channel-nine-truths": "Channel Nine Truths (2)",
        "daily-rumour": "Daily Rumour (2)",
        "telegram-whispers": "Telegram Whispers (3)",
    }


def test_option_labels_with_a_filter(world, client):
    soup = get(client, INDEX, {"verdict": "false"})
    assert options(soup, "verdict")["false"] == "False (2)"
    assert options(soup, "verdict")["misleading"] == "Misleading (1)"
    assert options(soup, "country") == {"ZA": "South Africa (2)", "US": "United States of America (1)"}
    assert soup.select_one("#id_verdict option[selected]")["value"] == "false"


def test_chosen_value_without_results_is_still_offered(world, client):
    soup = get(client, INDEX, {"verdict": "false", "keyword": "climate"})
    assert slugs(soup) == []
    assert options(soup, "keyword")["climate"] == "Climate (0)"
    assert soup.select_one("#id_keyword option[selected]")["value"] == "climate"


def test_lower_case_country_is_selected_in_the_form(world, client):
    soup = get(client, INDEX, {"country": "za"})
    assert soup.select_one("#id_country option[selected]")["value"] == "ZA"


def test_active_filter_names_a_lower_case_country(world, client):
    soup = get(client, INDEX, {"country": "za"})
    chips = [text_of(chip.select_one("span")) for chip in soup.select("a.active-filters__chip")]
    assert chips == ["Country targeted: South Africa"]


def test_each_select_has_a_single_empty_choice(world, client):
    soup = get(client, INDEX)
    for name in ("verdict", "keyword", "country", "language", "outlet"):
        values = [o["value"] for o in soup.select(f"#id_{name} option")]
        assert values.count("") == 1, (name, values[:3])
        assert values[0] == ""


def test_filter_form_has_a_label_for_every_field(world, client):
    form = get(client, INDEX).select_one("form.filter-form")
    fields = form.select("input, select")
    assert [f["name"] for f in fields] == ["q", "verdict", "keyword", "country", "language", "outlet", "from", "to"]
    for field in fields:
        labels = form.select(f'label[for="{field["id"]}"]')
        assert len(labels) == 1 and text_of(labels[0]), field["name"]
    assert form.select_one("#id_from")["type"] == "date"
    assert form.select_one("#id_q")["type"] == "search"


def test_listing_helper_reports_counts(world):
    index = FactCheckIndexPage.objects.get(pk=world.index.pk)
    listing = build_fact_check_listing(QueryDict("verdict=false"), index.listing_queryset())
    assert listing.is_valid
    assert [page.slug for page in listing.page] == ["ban", "summit"]
    assert dict(listing.facet_counts["country"]) == {"ZA": 2, "US": 1}


# --- Bad values --------------------------------------------------------------------------------------

PAYLOAD = "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("params", "field_label"),
    [
        ({"verdict": "nonsense"}, "Verdict"),
        ({"verdict": PAYLOAD}, "Verdict"),
        ({"verdict": "FALSE"}, "Verdict"),
        ({"keyword": "no-such-keyword"}, "Keyword"),
        ({"country": "XX"}, "Country targeted"),
        ({"country": "ZAF"}, "Country targeted"),
        ({"language": "zz"}, "Language of the claim"),
        ({"language": "eng"}, "Language of the claim"),
        ({"outlet": "no-such-outlet"}, "Outlet where the claim appeared"),
        ({"from": "2026-13-01"}, "First seen from"),
        ({"from": PAYLOAD}, "First seen from"),
        ({"to": "2026-02-30"}, "First seen until"),
        ({"to": "notadate"}, "First seen until"),
        ({"q": "x" * 10_000}, "Search"),
        ({"q": "summit\x00cancelled"}, "Search"),
        ({"verdict": "nonsense", "page": "abc"}, "Verdict"),
    ],
)
def test_invalid_filter_answers_400_with_the_error_by_the_field(world, client, params, field_label):
    response = client.get(INDEX, params)
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    alert = soup.select_one("form.filter-form [role=alert]")
    assert alert is not None
    errors = [text_of(li) for li in alert.select("li")]
    assert len(errors) == 1
    assert errors[0].startswith(f"{field_label}: ")
    name = next(key for key in params if key != "page")
    assert alert.select_one("li a")["href"] == f"#id_{name}"
    assert soup.select_one(f"#id_{name}") is not None
    assert slugs(soup) == []
    assert PAYLOAD.encode() not in response.content
    assert b"\x00" not in response.content


def test_several_invalid_filters_are_all_reported(world, client):
    response = client.get(INDEX, {"verdict": "bogus", "country": "XX", "language": "zz", "from": "x"})
    assert response.status_code == 400
    soup = BeautifulSoup(response.content, "html.parser")
    errors = [text_of(li).split(":")[0] for li in soup.select("[role=alert] li")]
    assert errors == ["Verdict", "Country targeted", "Language of the claim", "First seen from"]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"summit"',
        "summit\"'",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "summit AND",
        "NOT summit",
        "(",
        "*",
        "summit*",
        "-summit",
        "a:b",
        "%",
        "_",
        "\\",
        "{}[]",
        "\u202eevil\u202c",
        "\x01\x02",
        "😀",
        "قمة",
        PAYLOAD,
        "x" * 200,
    ],
)
def test_odd_search_text_never_fails(world, client, query):
    response = client.get(INDEX, {"q": query})
    assert response.status_code == 200, query
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[role=alert]") is None
    assert PAYLOAD.encode() not in response.content
    for feed in ("rss/", "atom/", "json/"):
        assert client.get(INDEX + feed, {"q": query}).status_code == 200, (feed, query)


def test_quoted_search_still_finds(world, client):
    assert listed(client, {"q": f'"{SEARCH_WORD}"', "verdict": "false"}) == ["ban", "summit"]


def test_unknown_parameters_are_ignored(world, client):
    assert listed(client, {"utm_source": PAYLOAD, "format": "json"}) == LIVE_ENGLISH


# --- Feeds -------------------------------------------------------------------------------------------


def feed_links(client, kind: str, params=None) -> list[str]:
    response = client.get(f"{INDEX}{kind}/", params or {})
    assert response.status_code == 200, (kind, params, response.content[:300])
    if kind == "json":
        return [item["url"] for item in json.loads(response.content)["items"]]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return [entry.link for entry in parsed.entries]


def page_links(client, params=None) -> list[str]:
    soup = get(client, INDEX, params)
    return ["http://testserver" + a["href"] for a in soup.select("ol.result-list li.result h3 a")]


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"verdict": "false"},
        {"keyword": "summit"},
        {"country": "za"},
        {"language": "en"},
        {"outlet": "telegram-whispers"},
        {"from": "2026-04-20", "to": "2026-05-31"},
        {"q": SEARCH_WORD},
        {"verdict": "false", "country": "ZA", "keyword": "summit"},
    ],
)
def test_feeds_apply_the_same_filters_as_the_page(world, client, kind, params):
    expected = page_links(client, params)
    assert feed_links(client, kind, params) == expected


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_feeds_leave_out_withdrawn_draft_and_protected_debunks(world, client, kind):
    links = feed_links(client, kind, {"verdict": "false"})
    assert links == ["http://testserver/en/fact-checks/ban/", "http://testserver/en/fact-checks/summit/"]
    response = client.get(f"{INDEX}{kind}/", {"q": SEARCH_WORD})
    for key in ("private", "draft", "withdrawn"):
        assert world.debunks[key].title.encode() not in response.content, key
        assert world.debunks[key].case_id.encode() not in response.content, key


def test_rss_entry_content(world, client):
    parsed = feedparser.parse(client.get(INDEX + "rss/", {"keyword": "elections", "country": "ZA"}).content)
    assert parsed.feed.link == "http://testserver/en/fact-checks/"
    (entry,) = parsed.entries
    summit = world.debunks["summit"]
    assert entry.title == f"{summit.case_id}: {summit.title}"
    assert entry.summary == f"False: {summit.claim}. {summit.rating_explanation}"
    assert sorted(tag.term for tag in entry.tags) == ["Elections", "False", "Summit"]
    assert entry.published_parsed[:3] == (2026, 1, 11)


def test_french_feed(world, client):
    parsed = feedparser.parse(client.get("/fr/fact-checks/atom/").content)
    links = [entry.link for entry in parsed.entries]
    assert len(links) == len(LIVE_ENGLISH)
    assert "http://testserver/fr/fact-checks/video/" in links
    assert "http://testserver/en/fact-checks/video/" not in links
    assert sum(link.startswith("http://testserver/en/") for link in links) == len(LIVE_ENGLISH) - 1
    strict = feedparser.parse(client.get("/fr/fact-checks/atom/?fallback=0").content)
    assert [entry.link for entry in strict.entries] == ["http://testserver/fr/fact-checks/video/"]
    assert strict.entries[0].title.startswith(world.debunks["video_fr"].case_id)


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
@pytest.mark.parametrize(
    "params",
    [{"verdict": "nonsense"}, {"country": "XX"}, {"language": "zz"}, {"from": "2026-13-01"}, {"q": "a\x00b"}],
)
def test_feed_with_a_bad_filter_answers_400(world, client, kind, params):
    response = client.get(f"{INDEX}{kind}/", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert next(iter(params)).encode() in response.content
