"""/api/v1/debunks/ (list, filters, ?since=, ?locale=, detail by case id), /api/v1/outlets/ and the schema."""

import datetime
from urllib.parse import quote

import pytest
from django.utils import timezone

from factchecks.models import DebunkPage, Outlet
from tests.factchecks.conftest import SEARCH_WORD

LIST = "/api/v1/debunks/"
# Every live, public debunk in every language (withdrawn ones stay, marked), newest first.
ALL_ITEMS = ["ban", "withdrawn", "climate", "deal", "debt", "video_fr", "video", "summit"]


def results(client, url, params=None) -> list[dict]:
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def keys_of(world, items: list[dict]) -> list[str]:
    by_pk = {page.pk: key for key, page in world.debunks.items()}
    return [by_pk[item["id"]] for item in items]


def listed(world, client, params=None) -> list[str]:
    return keys_of(world, results(client, LIST, params))


# --- The list ----------------------------------------------------------------------------------------


def test_list_holds_live_public_debunks_of_every_language(world, client):
    assert listed(world, client) == ALL_ITEMS
    response = client.get(LIST).json()
    assert response["count"] == len(ALL_ITEMS)
    text = client.get(LIST).content.decode()
    for key in ("draft", "private"):
        assert world.debunks[key].title not in text, key


def test_debunk_fields(world, client):
    summit = world.debunks["summit"]
    (item,) = [item for item in results(client, LIST) if item["id"] == summit.pk]
    assert item["case_id"] == summit.case_id
    assert item["title"] == summit.title
    assert item["url"] == "http://testserver/en/fact-checks/summit/"
    assert item["locale"] == "en"
    assert item["claim"] == summit.claim
    assert item["claim_summary"] == summit.claim_summary
    assert item["verdict"] == "false"
    assert item["verdict_label"] == "False"
    assert item["rating"] == {
        "value": 1,
        "best": 6,
        "worst": 1,
        "label": "False",
        "explanation": "The summit took place on the planned dates.",
    }
    assert item["disproof"] == (
        '<p>The summit opened as planned; see the <a href="https://g20.example/programme">programme</a>.</p>'
    )
    assert item["first_seen"] == "2026-01-10"
    assert sorted(item["countries"]) == ["US", "ZA"]
    assert item["languages"] == ["en", "ru"]
    assert item["keywords"] == ["Elections", "Summit"]
    assert item["claim_author"] == "Rumour Network"
    assert item["appearances"] == [
        {
            "url": "https://t.me/whispers/1",
            "archive_url": "",
            "outlet": "telegram-whispers",
            "outlet_name": "Telegram Whispers",
            "platform": "Telegram",
            "date": "2026-01-10",
        },
        {
            "url": "https://rumour.example/summit",
            "archive_url": "https://web.archive.org/web/2026/https://rumour.example/summit",
            "outlet": "daily-rumour",
            "outlet_name": "Daily Rumour",
            "platform": "website",
            "date": "2026-01-12",
        },
    ]
    assert item["evidence"] == [
        {"title": "Official summit programme", "url": "https://g20.example/programme", "publisher": "G20"},
        {
            "title": "Live broadcast of the opening",
            "url": "https://broadcast.example/opening",
            "publisher": "Public broadcaster",
        },
    ]
    assert item["corrections"] == [{"date": "2026-02-01", "text": "The date of the first appearance was corrected."}]
    assert item["corrected"] is True
    assert world.debunks["video"].case_id in item["related_debunks"]
    assert item["related_statements"] == [world.statement.pk]
    assert item["withdrawn"] is False
    assert item["withdrawn_at"] is None
    assert item["withdrawal_reason"] == ""
    assert item["translations"] == []
    assert item["first_published_at"].startswith("2026-01-11T12:00:00")
    assert item["updated_at"].startswith("2026-01-11T12:00:00")


def test_appearance_without_outlet_and_uncorrected_debunk(world, client):
    (item,) = [item for item in results(client, LIST) if item["id"] == world.debunks["climate"].pk]
    assert item["appearances"] == [
        {
            "url": "https://social.example/post/5",
            "archive_url": "",
            "outlet": None,
            "outlet_name": None,
            "platform": "X",
            "date": None,
        }
    ]
    assert item["corrections"] == []
    assert item["corrected"] is False
    assert item["rating"]["value"] == 5
    assert item["verdict_label"] == "Missing context"


def test_related_debunks_in_the_api_leave_out_drafts_and_protected_debunks(world, client):
    items = {item["id"]: item for item in results(client, LIST)}
    video = world.debunks["video"].case_id
    assert items[world.debunks["summit"].pk]["related_debunks"] == [video]
    assert items[world.debunks["deal"].pk]["related_debunks"] == [video]


def test_translations_are_linked(world, client):
    items = {item["id"]: item for item in results(client, LIST)}
    video, video_fr = items[world.debunks["video"].pk], items[world.debunks["video_fr"].pk]
    assert video["translations"] == [{"locale": "fr", "url": "http://testserver/fr/fact-checks/video/"}]
    assert video_fr["translations"] == [{"locale": "en", "url": "http://testserver/en/fact-checks/video/"}]
    assert video_fr["case_id"] == video["case_id"]
    assert video_fr["translation_key"] == video["translation_key"]
    assert video_fr["locale"] == "fr"


def test_withdrawn_debunk_stays_marked(world, client):
    (item,) = [item for item in results(client, LIST) if item["id"] == world.debunks["withdrawn"].pk]
    assert item["withdrawn"] is True
    assert item["withdrawal_reason"] == "Published in error: the claim was never made."
    assert item["withdrawn_at"]


def test_pagination(world, client):
    body = client.get(LIST, {"page_size": 3}).json()
    assert body["count"] == 8
    assert keys_of(world, body["results"]) == ALL_ITEMS[:3]
    assert body["next"] == "http://testserver/api/v1/debunks/?page=2&page_size=3"
    assert keys_of(world, results(client, LIST, {"page_size": 3, "page": 3})) == ALL_ITEMS[6:]


# --- Filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"verdict": "false"}, ["ban", "withdrawn", "summit"]),
        ({"verdict": "manipulated_media"}, ["video_fr", "video"]),
        ({"keyword": "elections"}, ["deal", "summit"]),
        ({"keyword": "video"}, ["video_fr", "video"]),
        ({"country": "za"}, ["ban", "withdrawn", "debt", "summit"]),
        ({"country": "US"}, ["deal", "summit"]),
        ({"language": "RU"}, ["ban", "summit"]),
        ({"outlet": "telegram-whispers"}, ["ban", "deal", "summit"]),
        ({"outlet": "quiet-blog"}, []),
        ({"from": "2026-04-20"}, ["ban", "withdrawn", "climate", "deal"]),
        ({"to": "2026-02-05"}, ["video_fr", "video", "summit"]),
        ({"q": SEARCH_WORD}, ["ban", "withdrawn", "summit"]),
        # ?locale=fr: the French version of "video", the English original of every other debunk.
        ({"locale": "fr"}, ["ban", "withdrawn", "climate", "deal", "debt", "video_fr", "summit"]),
        ({"locale": "en"}, ["ban", "withdrawn", "climate", "deal", "debt", "video", "summit"]),
        ({"locale": "es"}, ["ban", "withdrawn", "climate", "deal", "debt", "video", "summit"]),
        # ?fallback=0: that language's own debunks only.
        ({"locale": "fr", "fallback": "0"}, ["video_fr"]),
        ({"locale": "es", "fallback": "0"}, []),
        ({"locale": "en", "fallback": "0"}, ["ban", "withdrawn", "climate", "deal", "debt", "video", "summit"]),
        (
            {"verdict": "false", "country": "ZA", "locale": "en", "from": "2026-01-01", "to": "2026-05-31"},
            ["withdrawn", "summit"],
        ),
        ({"keyword": "summit", "language": "fr", "locale": "fr"}, ["video_fr"]),
    ],
)
def test_filters(world, client, params, expected):
    assert listed(world, client, params) == expected


def test_since_is_inclusive_and_ordered_by_update(world, client):
    since = world.debunks["climate"].last_published_at
    items = results(client, LIST, {"since": since.isoformat()})
    # Oldest update first; the withdrawal counts as an update.
    assert keys_of(world, items) == ["climate", "ban", "withdrawn"]
    just_after = since + datetime.timedelta(microseconds=1)
    assert keys_of(world, results(client, LIST, {"since": just_after.isoformat()})) == ["ban", "withdrawn"]
    future = timezone.now() + datetime.timedelta(days=1)
    assert results(client, LIST, {"since": future.isoformat()}) == []


def test_since_sees_a_new_revision(world, client):
    debt = DebunkPage.objects.get(pk=world.debunks["debt"].pk)
    before = timezone.now()
    debt.rating_explanation = "Updated explanation."
    debt.save_revision().publish()
    items = results(client, LIST + f"?since={quote(before.isoformat())}")
    assert [item["case_id"] for item in items][0] == debt.case_id
    assert items[0]["rating"]["explanation"] == "Updated explanation."


def test_since_with_locale(world, client):
    items = results(client, LIST, {"since": "2026-02-01T00:00:00Z", "locale": "fr", "fallback": "0"})
    assert keys_of(world, items) == ["video_fr"]
    items = results(client, LIST, {"since": "2026-02-01T00:00:00Z", "locale": "fr"})
    assert "video_fr" in keys_of(world, items) and "video" not in keys_of(world, items)
    assert {item["locale"] for item in items} == {"en", "fr"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"verdict": "nonsense"}, "verdict"),
        ({"keyword": "no-such-keyword"}, "keyword"),
        ({"country": "XX"}, "country"),
        ({"language": "zz"}, "language"),
        ({"outlet": "nowhere"}, "outlet"),
        ({"from": "2026-13-01"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"since": "yesterday"}, "since"),
        ({"locale": "xx"}, "locale"),
        ({"locale": "fr", "fallback": "maybe"}, "fallback"),
        ({"q": "a\x00b"}, "q"),
        ({"page_size": "500"}, "page_size"),
        ({"page": "abc"}, "page"),
    ],
)
def test_bad_filter_answers_400_json(world, client, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert field in body
    assert body[field]


# --- Detail ------------------------------------------------------------------------------------------


def test_detail_by_case_id_gives_the_default_language(world, client):
    video = world.debunks["video"]
    response = client.get(f"{LIST}{video.case_id}/")
    assert response.status_code == 200
    item = response.json()
    assert item["id"] == video.pk
    assert item["locale"] == "en"
    assert item["url"] == "http://testserver/en/fact-checks/video/"
    assert item["translations"] == [{"locale": "fr", "url": "http://testserver/fr/fact-checks/video/"}]


def test_detail_in_another_language(world, client):
    video_fr = world.debunks["video_fr"]
    item = client.get(f"{LIST}{video_fr.case_id}/", {"locale": "fr"}).json()
    assert item["id"] == video_fr.pk
    assert item["claim"] == video_fr.claim
    assert item["locale"] == "fr"
    assert client.get(f"{LIST}{video_fr.case_id}/", {"locale": "es"}).status_code == 404


def test_detail_of_the_first_case_id(world, client):
    year = timezone.now().year
    response = client.get(f"{LIST}G20-DB-{year}-0001/")
    assert response.status_code == 200
    assert response.json()["id"] == world.debunks["video"].pk


@pytest.mark.parametrize(
    "case_id",
    ["G20-DB-2026-9999", "G20-DB-1999-0001", "G20-DB-26-1", "g20-db-2026-0001", "G20-DB-2026-0001x", "1", "%00"],
)
def test_unknown_or_malformed_case_id_answers_404(world, client, case_id):
    assert client.get(f"{LIST}{case_id}/").status_code == 404


def test_draft_and_protected_debunks_have_no_detail(world, client):
    for key in ("draft", "private"):
        response = client.get(f"{LIST}{world.debunks[key].case_id}/")
        assert response.status_code == 404, key
        assert world.debunks[key].title.encode() not in response.content


def test_withdrawn_detail_is_marked(world, client):
    item = client.get(f"{LIST}{world.debunks['withdrawn'].case_id}/").json()
    assert item["withdrawn"] is True


def test_draft_and_protected_never_appear_anywhere_in_the_list(world, client):
    content = client.get(LIST, {"page_size": 100}).content.decode()
    for key in ("draft", "private"):
        page = world.debunks[key]
        assert page.title not in content, key
        assert page.claim not in content, key
        assert page.case_id not in content, key


# --- Outlets -----------------------------------------------------------------------------------------

OUTLETS = "/api/v1/outlets/"


def test_outlets_list(world, client):
    items = results(client, OUTLETS)
    assert [item["name"] for item in items] == [
        "Channel Nine Truths",
        "Daily Rumour",
        "Quiet Blog",
        "Telegram Whispers",
    ]
    whispers = items[3]
    assert set(whispers) == {
        "id",
        "name",
        "slug",
        "url",
        "country",
        "kind",
        "kind_label",
        "state_affiliation_note",
        "updated_at",
    }
    assert whispers["slug"] == "telegram-whispers"
    assert whispers["country"] == "RU"
    assert whispers["kind"] == "messaging_channel"
    assert whispers["kind_label"] == "Messaging channel"
    assert whispers["state_affiliation_note"].startswith("Registered to a state-funded")
    assert items[2]["country"] == ""


def test_outlet_detail(world, client):
    outlet = world.outlets.daily
    item = client.get(f"{OUTLETS}{outlet.pk}/").json()
    assert item["name"] == "Daily Rumour"
    assert item["url"] == "https://rumour.example/"
    assert client.get(f"{OUTLETS}999999/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "blog"}, ["Quiet Blog"]),
        ({"kind": "video_channel"}, ["Channel Nine Truths"]),
        ({"kind": "broadcaster"}, []),
        ({"country": "GB"}, ["Daily Rumour"]),
    ],
)
def test_outlet_filters(world, client, params, expected):
    assert [item["name"] for item in results(client, OUTLETS, params)] == expected


def test_outlets_since(world, client):
    Outlet.objects.filter(pk=world.outlets.daily.pk).update(updated_at=timezone.now() + datetime.timedelta(hours=1))
    Outlet.objects.filter(pk=world.outlets.quiet.pk).update(updated_at=timezone.now() + datetime.timedelta(hours=2))
    since = Outlet.objects.get(pk=world.outlets.daily.pk).updated_at
    assert [item["name"] for item in results(client, OUTLETS, {"since": since.isoformat()})] == [
        "Daily Rumour",
        "Quiet Blog",
    ]


@pytest.mark.parametrize("params", [{"kind": "bogus"}, {"since": "yesterday"}, {"page_size": "0"}])
def test_outlets_bad_filter_answers_400(world, client, params):
    response = client.get(OUTLETS, params)
    assert response.status_code == 400
    assert next(iter(params)) in response.json()


def test_the_api_is_read_only(world, client):
    assert client.post(LIST, {}).status_code in {401, 403, 405}
    assert client.delete(f"{LIST}{world.debunks['summit'].case_id}/").status_code in {401, 403, 405}
    assert client.post(OUTLETS, {"name": "New"}).status_code in {401, 403, 405}


# --- Schema ------------------------------------------------------------------------------------------


def test_openapi_schema_documents_the_fact_check_endpoints(world, client):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/debunks/",
        "/api/v1/debunks/{case_id}/",
        "/api/v1/outlets/",
        "/api/v1/outlets/{id}/",
        "/api/v1/debunks/export.csv",
        "/api/v1/debunks/export.jsonl",
    ):
        assert path in paths, path
    parameters = {parameter["name"] for parameter in paths["/api/v1/debunks/"]["get"]["parameters"]}
    assert {"q", "verdict", "keyword", "country", "language", "outlet", "from", "to", "since", "locale"} <= parameters


def test_api_root_lists_debunks_and_outlets(world, client):
    body = client.get("/api/v1/").json()
    assert body["debunks"] == "http://testserver/api/v1/debunks/"
    assert body["outlets"] == "http://testserver/api/v1/outlets/"
