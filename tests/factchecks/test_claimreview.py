"""ClaimReview JSON-LD on debunk pages: one block, the schema.org fields, and valid JSON whatever the text holds."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from factchecks.claimreview import claim_review, json_ld
from factchecks.models import ClaimAuthorType, DebunkPage, Outlet
from factchecks.verdicts import RATING_VALUES, Verdict
from hub.models import HubSettings
from tests.factories.factchecks import add_debunk


def ld_blocks(content: bytes) -> list:
    soup = BeautifulSoup(content, "html.parser")
    return soup.find_all("script", attrs={"type": "application/ld+json"})


def claim_review_of(client, url) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    blocks = ld_blocks(response.content)
    assert len(blocks) == 1
    return json.loads(blocks[0].string)


@pytest.mark.parametrize("key", ["summit", "video", "debt", "deal", "climate", "ban", "video_fr", "withdrawn"])
def test_exactly_one_json_ld_block_per_debunk(world, client, key):
    data = claim_review_of(client, world.debunks[key].url)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["identifier"] == world.debunks[key].case_id


def test_index_and_review_form_have_no_claim_review(world, client):
    assert ld_blocks(client.get("/en/fact-checks/").content) == []
    assert ld_blocks(client.get(world.debunks["summit"].url + "request-review/").content) == []


def test_claim_review_fields(world, client):
    summit = world.debunks["summit"]
    data = claim_review_of(client, summit.url)
    assert data["url"] == "http://testserver/en/fact-checks/summit/"
    assert data["inLanguage"] == "en"
    assert data["headline"] == summit.title
    assert data["claimReviewed"] == summit.claim
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "False",
        "ratingExplanation": "The summit took place on the planned dates.",
    }
    assert data["author"] == {"@type": "Organization", "name": "G20 Communication Office", "url": "http://testserver/"}
    assert data["datePublished"] == "2026-01-11"
    assert data["dateModified"].startswith("2026-01-11T12:00:00")


def test_date_modified_is_never_before_date_published(world, client):
    """An import that wrote an original publication date after the page's last publish (#16)."""
    summit = world.debunks["summit"]
    first = datetime.datetime(2026, 3, 5, 9, 0, tzinfo=datetime.UTC)
    DebunkPage.objects.filter(pk=summit.pk).update(first_published_at=first, last_published_at=first.replace(month=2))
    data = claim_review_of(client, summit.url)
    assert data["datePublished"] == "2026-03-05"
    assert data["dateModified"] == "2026-03-05T09:00:00+00:00"
    feed = client.get("/en/fact-checks/json/").json()
    (entry,) = [item for item in feed["items"] if item["url"].endswith("/summit/")]
    assert entry["date_published"] == "2026-03-05T09:00:00+00:00"
    assert entry["date_modified"] == "2026-03-05T09:00:00+00:00"


def test_item_reviewed_lists_the_appearances_earliest_first(world, client):
    claim = claim_review_of(client, world.debunks["summit"].url)["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["datePublished"] == "2026-01-10"
    assert claim["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://t.me/whispers/1",
            "datePublished": "2026-01-10",
            "publisher": {"@type": "Organization", "name": "Telegram Whispers", "url": "https://t.me/whispers"},
        },
        {
            "@type": "CreativeWork",
            "url": "https://rumour.example/summit",
            "datePublished": "2026-01-12",
            "publisher": {"@type": "Organization", "name": "Daily Rumour", "url": "https://rumour.example/"},
            "archivedAt": "https://web.archive.org/web/2026/https://rumour.example/summit",
        },
    ]
    assert claim["firstAppearance"] == claim["appearance"][0]
    assert claim["author"] == {"@type": "Organization", "name": "Rumour Network"}


def test_first_appearance_is_the_earliest_whatever_the_editors_order(world, client):
    claim = claim_review_of(client, world.debunks["deal"].url)["itemReviewed"]
    assert [a["url"] for a in claim["appearance"]] == ["https://t.me/whispers/2", "https://video.example/watch/2"]
    assert claim["firstAppearance"]["url"] == "https://t.me/whispers/2"


def test_claim_without_author_or_named_outlet(world, client):
    claim = claim_review_of(client, world.debunks["climate"].url)["itemReviewed"]
    assert "author" not in claim
    assert claim["appearance"] == [{"@type": "CreativeWork", "url": "https://social.example/post/5"}]
    assert "author" not in claim_review_of(client, world.debunks["ban"].url)["itemReviewed"]


def test_claim_without_appearances(world, client):
    page = add_debunk(
        world.index, slug="bare", title="Bare debunk", claim="A bare claim", verdict="false", first_seen="2026-07-01"
    )
    claim = claim_review_of(client, page.url)["itemReviewed"]
    assert claim == {"@type": "Claim", "datePublished": "2026-07-01"}


def test_claim_made_by_a_person(world, client):
    page = add_debunk(
        world.index,
        slug="person",
        title="Person claim",
        claim="A person said so",
        verdict="false",
        first_seen="2026-07-01",
        claim_author="Jane Doe",
        claim_author_type=ClaimAuthorType.PERSON,
    )
    assert claim_review_of(client, page.url)["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Doe"}


@pytest.mark.parametrize("key", ["video", "debt", "deal", "climate"])
def test_rating_value_follows_the_verdict(world, client, key):
    page = world.debunks[key]
    rating = claim_review_of(client, page.url)["reviewRating"]
    assert rating["ratingValue"] == RATING_VALUES[Verdict(page.verdict)]
    assert rating["alternateName"] == str(Verdict(page.verdict).label)
    assert (rating["worstRating"], rating["bestRating"]) == (1, 6)
    assert rating["ratingValue"] < rating["bestRating"]


def test_author_is_the_organisation_from_the_settings(world, client):
    settings = HubSettings.load()
    settings.organisation_name = 'Bureau "G20" & Co'
    settings.save()
    data = claim_review_of(client, world.debunks["summit"].url)
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["name"] == 'Bureau "G20" & Co'


def test_french_claim_review(world, client):
    video_fr = world.debunks["video_fr"]
    response = client.get(video_fr.url)
    data = json.loads(ld_blocks(response.content)[0].string)
    assert data["url"] == "http://testserver/fr/fact-checks/video/"
    assert data["inLanguage"] == "fr"
    assert data["claimReviewed"] == video_fr.claim
    assert data["identifier"] == world.debunks["video"].case_id
    # The rating's name is the one the page shows.
    shown = BeautifulSoup(response.content, "html.parser").select_one(".verdict-box .verdict").get_text(strip=True)
    assert data["reviewRating"]["alternateName"] == shown
    assert data["reviewRating"]["ratingExplanation"] == video_fr.rating_explanation
    assert (data["reviewRating"]["ratingValue"], data["reviewRating"]["bestRating"]) == (2, 6)


def test_missing_context_is_not_rated_at_the_top_of_the_scale(world, client):
    # "Missing context" once sat at bestRating, which aggregators read as "true".
    climate = world.debunks["climate"]
    assert climate.verdict == Verdict.MISSING_CONTEXT
    rating = claim_review_of(client, climate.url)["reviewRating"]
    assert (rating["ratingValue"], rating["worstRating"], rating["bestRating"]) == (5, 1, 6)


def test_french_rating_name_is_translated(world, client):
    data = claim_review_of(client, world.debunks["video_fr"].url)
    with translation.override("fr"):
        french = str(Verdict.MANIPULATED_MEDIA.label)
    assert data["reviewRating"]["alternateName"] == french
    assert french != "Manipulated media", "the verdict labels have no French translation"


# --- Hostile text ------------------------------------------------------------------------------------

BREAKOUT = "</script><script>alert(1)</script>"
HOSTILE_CLAIM = f'{BREAKOUT}<!-- "q" \\ \u2028 \u2029 &amp;'
HOSTILE_TITLE = f'Title {BREAKOUT} <!-- "quoted" \\back\\slash \u2028 line'
HOSTILE_OUTLET = f'Outlet {BREAKOUT} <!-- "o" \\'


@pytest.fixture
def hostile(world):
    outlet = Outlet.objects.create(name=HOSTILE_OUTLET, url="https://hostile.example/")
    return add_debunk(
        world.index,
        slug="hostile",
        title=HOSTILE_TITLE,
        claim=HOSTILE_CLAIM,
        verdict=Verdict.FALSE,
        first_seen="2026-07-01",
        rating_explanation=f"Because {BREAKOUT} <!--",
        claim_author=f"Author {BREAKOUT}",
        appearances=[{"url": "https://hostile.example/post", "outlet": outlet, "appeared_on": "2026-07-01"}],
    )


def test_hostile_text_keeps_the_json_ld_valid(hostile, client):
    assert len(HOSTILE_CLAIM) <= 74
    response = client.get(hostile.url)
    assert response.status_code == 200
    assert b"</script><script>alert" not in response.content
    assert b"<script>alert" not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    blocks = soup.find_all("script", attrs={"type": "application/ld+json"})
    assert len(blocks) == 1
    raw = blocks[0].string
    assert "<" not in raw and ">" not in raw
    assert "\u2028" not in raw and "\u2029" not in raw
    data = json.loads(raw)
    assert data["claimReviewed"] == HOSTILE_CLAIM
    assert data["headline"] == HOSTILE_TITLE
    assert data["reviewRating"]["ratingExplanation"] == f"Because {BREAKOUT} <!--"
    assert data["itemReviewed"]["author"]["name"] == f"Author {BREAKOUT}"
    assert data["itemReviewed"]["appearance"][0]["publisher"]["name"] == HOSTILE_OUTLET
    # The JSON-LD block is the only inline script on the page: the payload never became one (the
    # site's own deferred script is a file).
    assert [script for script in soup.find_all("script") if not script.get("src")] == blocks
    assert {script["src"] for script in soup.find_all("script", src=True)} == {"/static/hub/js/disclosures.js"}
    # The visible text is the exact text, escaped.
    assert soup.find("h1").get_text() == HOSTILE_TITLE
    assert soup.select_one(".claim-quote q").get_text() == HOSTILE_CLAIM


def test_json_ld_helper_round_trips_any_text(world):
    texts = [BREAKOUT, "<!--", "-->", '"', "\\", "\u2028\u2029", "&lt;", "</SCRIPT >", "\x00", "😀 مرحبا"]
    for text in texts:
        encoded = json_ld({"claimReviewed": text})
        assert "<" not in encoded and ">" not in encoded and "\u2028" not in encoded
        assert json.loads(encoded) == {"claimReviewed": text}


def test_claim_review_without_a_request(world):
    page = DebunkPage.objects.get(pk=world.debunks["summit"].pk)
    data = claim_review(page)
    assert data["author"] == {"@type": "Organization", "name": "G20 Communication Office"}
    assert data["url"].endswith("/en/fact-checks/summit/")
