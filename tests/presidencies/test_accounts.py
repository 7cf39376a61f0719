"""The official-accounts registry: address normalisation, the verify endpoint and the accounts list.

The first half tests the pure functions in ``presidencies.accounts`` (no
database); the second half the API over the ``world`` fixture.
"""

import datetime
from datetime import UTC
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from presidencies.accounts import InvalidAccountAddress, normalise_handle, normalise_url
from presidencies.models import AccountStatus, OfficialAccount

G20ORG = "https://x.com/g20org"

# Every ordinary spelling of the office's X account: all must give the key of https://x.com/g20org.
G20ORG_SPELLINGS = [
    "https://x.com/g20org",
    "http://x.com/g20org",
    "https://www.x.com/g20org",
    "http://www.x.com/g20org",
    "https://mobile.x.com/g20org",
    "https://m.x.com/g20org",
    "https://twitter.com/g20org",
    "http://twitter.com/g20org",
    "https://www.twitter.com/g20org",
    "https://mobile.twitter.com/g20org",
    "https://m.twitter.com/g20org",
    "https://x.com/g20org/",
    "https://twitter.com/g20org/",
    "https://x.com/g20org?s=20&t=abc",
    "https://twitter.com/g20org?s=20&t=abc",
    "https://x.com/g20org?utm_source=newsletter&utm_medium=email&utm_campaign=summit",
    "https://x.com/g20org/?ref_src=twsrc%5Egoogle%7Ctwcamp%5Eserp",
    "https://x.com/g20org#top",
    "https://x.com/g20org/?lang=fr#replies",
    "https://x.com/G20ORG",
    "https://x.com/G20Org",
    "HTTPS://X.COM/G20ORG",
    "https://TWITTER.com/G20org/",
    "  https://x.com/g20org  ",
    "\thttps://x.com/g20org\n",
    "x.com/g20org",
    "twitter.com/g20org",
    "www.twitter.com/G20org/",
    "https://x.com:443/g20org",
    "http://x.com:80/g20org",
    "https://x.com//g20org",
    "https://x.com./g20org",
]

# (handle, platform) pairs that name the same account.
G20ORG_HANDLES = [
    ("@g20org", "x"),
    ("g20org", "x"),
    ("@G20ORG", "x"),
    ("  @g20org  ", "x"),
    ("@g20org", "X"),
    ("@g20org", "twitter"),
    ("g20org", "twitter"),
    ("@g20org", "Twitter"),
    ("@g20org", " x "),
]


# --- normalise_url / normalise_handle: pure functions --------------------------------------------


@pytest.mark.parametrize("spelling", G20ORG_SPELLINGS)
def test_every_ordinary_spelling_gives_the_same_key(spelling):
    assert normalise_url(spelling) == normalise_url(G20ORG)


def test_there_are_at_least_25_spellings():
    assert len(G20ORG_SPELLINGS) + len(G20ORG_HANDLES) >= 25
    assert len(set(G20ORG_SPELLINGS)) == len(G20ORG_SPELLINGS)


@pytest.mark.parametrize(("handle", "platform"), G20ORG_HANDLES)
def test_a_handle_gives_the_key_of_its_profile_address(handle, platform):
    assert normalise_handle(handle, platform) == normalise_url(G20ORG)


def test_the_key_is_the_address_without_its_scheme():
    # The key is the address without scheme: what a person would recognise in a log.
    assert normalise_url(G20ORG) == "x.com/g20org"


def test_another_handle_gives_another_key():
    assert normalise_url("https://x.com/g20org2") != normalise_url(G20ORG)
    assert normalise_url("https://x.com/g20") != normalise_url(G20ORG)
    assert normalise_handle("@g20orq", "x") != normalise_url(G20ORG)


def test_the_same_handle_on_another_platform_is_another_account():
    assert normalise_handle("@g20org", "instagram") != normalise_handle("@g20org", "x")
    assert normalise_url("https://instagram.com/g20org") != normalise_url(G20ORG)


def test_a_port_other_than_the_default_is_kept():
    assert normalise_url("https://x.com:8443/g20org") != normalise_url(G20ORG)


@pytest.mark.parametrize(
    "spelling",
    [
        "https://www.facebook.com/profile.php?id=123",
        "https://facebook.com/profile.php?id=123",
        "http://facebook.com/profile.php?id=123",
        "https://m.facebook.com/profile.php?id=123",
        "https://web.facebook.com/profile.php?id=123",
        "https://www.facebook.com/profile.php?id=123&fbclid=IwAR0abc",
        "https://www.facebook.com/profile.php?fbclid=IwAR0abc&id=123",
        "https://www.facebook.com/profile.php?id=123&mibextid=ZbWKwL#posts",
        "https://www.facebook.com/profile.php/?id=123",
        "https://fb.com/profile.php?id=123",
    ],
)
def test_facebook_profile_id_is_kept_and_tracking_dropped(spelling):
    assert normalise_url(spelling) == normalise_url("https://www.facebook.com/profile.php?id=123")


def test_facebook_profile_ids_are_different_accounts():
    first = normalise_url("https://www.facebook.com/profile.php?id=123")
    second = normalise_url("https://www.facebook.com/profile.php?id=456")
    assert first != second
    assert "123" in first
    assert "456" in second
    assert "fbclid" not in normalise_url("https://www.facebook.com/profile.php?id=123&fbclid=abc")


def test_facebook_named_page_drops_the_query():
    assert normalise_url("https://www.facebook.com/G20Org?ref=bookmarks") == normalise_url(
        "https://facebook.com/g20org"
    )


def test_youtube_handle_and_channel_id():
    handle_key = normalise_url("https://www.youtube.com/@G20")
    assert normalise_url("https://youtube.com/@g20/") == handle_key
    assert normalise_url("https://m.youtube.com/@G20?si=abc") == handle_key
    assert normalise_handle("@G20", "youtube") == handle_key
    channel_key = normalise_url("https://www.youtube.com/channel/UCxyz")
    assert channel_key != handle_key
    assert normalise_url("https://m.youtube.com/channel/UCxyz/") == channel_key
    assert normalise_url("https://youtube.com/channel/UCxyz?feature=shared") == channel_key


def test_youtube_channel_id_is_case_sensitive():
    assert normalise_url("https://www.youtube.com/channel/UCxyz") != normalise_url(
        "https://www.youtube.com/channel/UCXYZ"
    )


@pytest.mark.parametrize(
    "spelling",
    [
        "@user@instance.social",
        "user@instance.social",
        "@User@Instance.Social",
        "https://instance.social/@user",
        "https://instance.social/@user/",
        "https://instance.social/@User",
        "http://instance.social/@user",
        "https://instance.social/users/user",
        "https://instance.social/users/user/",
    ],
)
def test_mastodon_spellings(spelling):
    assert normalise_url(spelling) == normalise_handle("@user@instance.social", "mastodon")


def test_mastodon_accounts_on_other_instances_differ():
    assert normalise_handle("@user@instance.social", "mastodon") != normalise_handle("@user@other.social", "mastodon")


def test_threads_net_is_threads_com():
    key = normalise_url("https://www.threads.com/@g20org")
    assert normalise_url("https://www.threads.net/@g20org") == key
    assert normalise_url("https://threads.net/@G20org/") == key
    assert normalise_handle("@g20org", "threads") == key


def test_idn_host_is_folded_to_punycode():
    key = normalise_url("https://xn--bcher-kva.example/@g20")
    assert normalise_url("https://bücher.example/@g20") == key
    assert normalise_url("https://BÜCHER.example/@g20/") == key
    assert key.startswith("xn--bcher-kva.example")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://x.com/g20org",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "mailto:office@g20.org",
        "g20org",
        "hello",
        "",
        "   ",
        "https://x.com/g20\x00org",
        "https://x.com/g20\torg",
        "https://x.com/g20\x1borg",
        "https://x.com/g20\x7forg",
        "https://x.com/" + "a" * 500,
        "http:///nohost",
        "https://",
        "http://localhost/g20org",
        "https://x.com:notaport/g20org",
    ],
)
def test_refused_addresses(value):
    with pytest.raises(InvalidAccountAddress) as error:
        normalise_url(value)
    assert str(error.value)


@pytest.mark.parametrize(
    ("handle", "platform"),
    [
        ("@g20org", "myspace"),
        ("@g20org", ""),
        ("@g20org", None),
        ("@g20", "mastodon"),
        ("g20", "mastodon"),
        ("", "x"),
        ("@g20 org", "x"),
        ("@g20/org", "x"),
        ("@g20\x00org", "x"),
        ("@" + "a" * 600, "x"),
    ],
)
def test_refused_handles(handle, platform):
    with pytest.raises(InvalidAccountAddress) as error:
        normalise_handle(handle, platform)
    assert str(error.value)


def test_a_url_just_under_the_limit_is_accepted():
    address = "https://x.com/" + "a" * (500 - len("https://x.com/"))
    assert normalise_url(address) == "x.com/" + "a" * (500 - len("https://x.com/"))


# --- The registry in the database and its API ------------------------------------------------------


def make_account(platform, handle, url, *, owner=None, status=AccountStatus.ACTIVE, **fields) -> OfficialAccount:
    account = OfficialAccount(platform=platform, handle=handle, url=url, owner=owner, status=status, **fields)
    account.full_clean()
    account.save()
    return account


@pytest.fixture
def accounts(world, db):
    """Office accounts (active and retired), the archived South African and the active US accounts."""
    return {
        "g20org": make_account("x", "@g20org", G20ORG, active_from=datetime.date(2008, 11, 15)),
        "youtube": make_account(
            "youtube",
            "@G20",
            "https://www.youtube.com/@G20",
            alias_urls="https://www.youtube.com/channel/UCxyz\n",
        ),
        "mastodon": make_account("mastodon", "@g20@mastodon.social", "https://mastodon.social/@g20"),
        "retired": make_account(
            "x",
            "@g20summit",
            "https://x.com/g20summit",
            status=AccountStatus.RETIRED,
            active_from=datetime.date(2010, 1, 1),
            active_until=datetime.date(2015, 6, 30),
        ),
        "za": make_account(
            "facebook",
            "G20 South Africa",
            "https://www.facebook.com/profile.php?id=123",
            owner=world.za,
            status=AccountStatus.ARCHIVED,
            active_from=datetime.date(2024, 12, 1),
            active_until=datetime.date(2025, 11, 30),
        ),
        "us": make_account(
            "x", "@g20usa2026", "https://x.com/g20usa2026", owner=world.us, active_from=datetime.date(2025, 12, 1)
        ),
        "uk": make_account("instagram", "@g20uk2027", "https://www.instagram.com/g20uk2027/", owner=world.uk),
    }


def verify(client, **params):
    return client.get("/api/v1/accounts/verify/", params)


def error_text(response) -> str:
    """Every message in a 400 body, flattened."""
    body = response.json()

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)
        else:
            yield str(value)

    return " ".join(walk(body))


@pytest.mark.parametrize("spelling", G20ORG_SPELLINGS)
def test_verify_recognises_an_active_account_under_every_spelling(client, accounts, spelling):
    response = verify(client, url=spelling)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "official"
    account = body["account"]
    assert account["id"] == accounts["g20org"].pk
    assert account["platform"] == "x"
    assert account["handle"] == "@g20org"
    assert account["url"] == G20ORG
    assert account["status"] == "active"
    assert account["owner"]["kind"] == "office"
    assert account["active_from"] == "2008-11-15"
    assert account["active_until"] is None


@pytest.mark.parametrize(("handle", "platform"), [("@g20org", "x"), ("@g20org", "twitter"), ("G20ORG", "X")])
def test_verify_by_handle_and_platform(client, accounts, handle, platform):
    response = verify(client, handle=handle, platform=platform)

    assert response.status_code == 200
    assert response.json()["status"] == "official"
    assert response.json()["account"]["id"] == accounts["g20org"].pk


@pytest.mark.parametrize(
    "params",
    [
        {"handle": "@g20@mastodon.social"},
        {"handle": "g20@mastodon.social"},
        {"handle": "@g20@mastodon.social", "platform": "mastodon"},
        {"url": "@g20@mastodon.social"},
        {"url": "https://mastodon.social/users/g20"},
        {"url": "https://mastodon.social/@G20/"},
    ],
)
def test_verify_mastodon_account(client, accounts, params):
    response = verify(client, **params)

    assert response.status_code == 200
    assert response.json()["status"] == "official"
    assert response.json()["account"]["id"] == accounts["mastodon"].pk


def test_verify_recognises_alias_urls(client, accounts):
    for url in ("https://www.youtube.com/channel/UCxyz", "https://m.youtube.com/channel/UCxyz/"):
        response = verify(client, url=url)
        assert response.json()["status"] == "official"
        assert response.json()["account"]["id"] == accounts["youtube"].pk
        assert response.json()["account"]["alias_urls"] == ["https://www.youtube.com/channel/UCxyz"]
    # Channel ids are case-sensitive: another capitalisation is another channel.
    assert verify(client, url="https://www.youtube.com/channel/UCXYZ").json() == {"status": "unknown", "account": None}


def test_verify_archived_account_with_its_dates(client, accounts):
    response = verify(client, url="https://m.facebook.com/profile.php?id=123&fbclid=tracking")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "archived"
    assert body["account"]["id"] == accounts["za"].pk
    assert body["account"]["status"] == "archived"
    assert body["account"]["active_from"] == "2024-12-01"
    assert body["account"]["active_until"] == "2025-11-30"
    assert body["account"]["owner"] == {
        "kind": "presidency",
        "name": "South Africa 2025",
        "year": 2025,
        "country": "ZA",
        "slug": "2025-south-africa",
    }


def test_verify_another_facebook_profile_id_is_unknown(client, accounts):
    assert verify(client, url="https://www.facebook.com/profile.php?id=456").json() == {
        "status": "unknown",
        "account": None,
    }


def test_verify_retired_account_is_archived_with_its_dates(client, accounts):
    response = verify(client, url="https://twitter.com/G20Summit/")

    body = response.json()
    assert body["status"] == "archived"
    assert body["account"]["status"] == "retired"
    assert body["account"]["active_from"] == "2010-01-01"
    assert body["account"]["active_until"] == "2015-06-30"


def test_verify_unknown_account(client, accounts):
    response = verify(client, url="https://x.com/g20_official_news")

    assert response.status_code == 200
    assert response.json() == {"status": "unknown", "account": None}
    assert verify(client, handle="@g20_official_news", platform="x").json() == {"status": "unknown", "account": None}


def test_verify_presidency_account(client, accounts):
    body = verify(client, handle="@G20USA2026", platform="twitter").json()

    assert body["status"] == "official"
    assert body["account"]["owner"]["kind"] == "presidency"
    assert body["account"]["owner"]["year"] == 2026
    assert body["account"]["owner"]["country"] == "US"


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?url=",
        "?handle=",
        f"?url={quote(G20ORG)}&handle=%40g20org",
        f"?url={quote(G20ORG)}&handle=%40g20org&platform=x",
        "?handle=%40g20org",
        "?handle=g20org",
        "?handle=%40g20org&platform=myspace",
        "?handle=%40g20&platform=mastodon",
        "?url=javascript:alert(1)",
        "?url=javascript%3Aalert%281%29",
        "?url=ftp://x.com/g20org",
        "?url=data:text/html,%3Cscript%3Ealert(1)%3C/script%3E",
        "?url=garbage",
        "?url=%3C%3E%22%27%7B%7D",
        "?url=http:///nohost",
        "?url=https://x.com:99999999/g20org",
        "?url=https://x.com/g20%00org",
        "?url=%00",
        "?url=https://x.com/g20org%0D%0ASet-Cookie:x=1",
        "?url=https://x.com/" + "a" * 10240,
        "?handle=%40" + "a" * 10240 + "&platform=x",
    ],
)
def test_verify_refuses_malformed_input_with_400_and_a_message(client, accounts, query):
    response = client.get("/api/v1/accounts/verify/" + query)

    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert error_text(response).strip()


def test_two_accounts_cannot_share_an_address(accounts):
    same_url = OfficialAccount(platform="x", handle="@g20org_copy", url="https://twitter.com/G20ORG/")
    with pytest.raises(ValidationError):
        same_url.full_clean()

    # The handle is an address too.
    same_handle = OfficialAccount(platform="x", handle="@G20org", url="https://x.com/g20org_other")
    with pytest.raises(ValidationError):
        same_handle.full_clean()

    # An alias that is another account's address.
    same_alias = OfficialAccount(
        platform="youtube",
        handle="@g20news",
        url="https://www.youtube.com/@g20news",
        alias_urls="https://youtube.com/channel/UCxyz",
    )
    with pytest.raises(ValidationError):
        same_alias.full_clean()

    # The same handle on another platform is another account.
    OfficialAccount(platform="instagram", handle="@g20org", url="https://www.instagram.com/g20org/").full_clean()


def test_an_account_may_be_saved_again_under_its_own_address(accounts):
    account = accounts["g20org"]
    account.url = "https://twitter.com/g20org"
    account.full_clean()
    account.save()


def test_an_account_owned_by_a_translation_points_at_the_default_language_presidency(world, db, client):
    french_us = world.us.get_translation(Locale.objects.get(language_code="fr"))
    account = make_account("tiktok", "@g20usa", "https://www.tiktok.com/@g20usa", owner=french_us)

    assert account.owner_id == world.us.pk
    assert list(OfficialAccount.objects.for_presidency(french_us)) == [account]
    assert [item["handle"] for item in list_accounts(client, "?owner=2026")["results"]] == ["@g20usa"]


def test_an_account_with_a_non_http_address_is_refused(db):
    with pytest.raises(ValidationError):
        OfficialAccount(platform="x", handle="@g20org", url="javascript:alert(1)").full_clean()
    with pytest.raises(ValidationError):
        OfficialAccount(
            platform="youtube", handle="@G20", url="https://youtube.com/@G20", alias_urls="ftp://youtube.com/x"
        ).full_clean()


# --- GET /api/v1/accounts/ ------------------------------------------------------------------------


def list_accounts(client, query=""):
    response = client.get("/api/v1/accounts/" + query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_list_has_the_standard_envelope_and_fields(client, accounts):
    body = list_accounts(client)

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(accounts)
    by_handle = {item["handle"]: item for item in body["results"]}
    item = by_handle["@g20org"]
    for key in ("platform", "handle", "url", "owner", "status", "active_from", "active_until", "verified_on"):
        assert key in item
    assert item["platform"] == "x"
    assert item["url"] == G20ORG
    assert item["owner"]["kind"] == "office"
    assert by_handle["G20 South Africa"]["status"] == "archived"
    assert by_handle["G20 South Africa"]["active_until"] == "2025-11-30"
    assert by_handle["@g20usa2026"]["owner"]["year"] == 2026


def test_list_paginates(client, accounts):
    body = list_accounts(client, "?page_size=2")

    assert body["count"] == len(accounts)
    assert len(body["results"]) == 2
    assert body["next"].startswith("http://testserver/api/v1/accounts/")


@pytest.mark.parametrize(("platform", "expected"), [("x", 3), ("twitter", 3), ("X", 3), ("mastodon", 1)])
def test_list_filters_by_platform(client, accounts, platform, expected):
    body = list_accounts(client, f"?platform={platform}")

    assert body["count"] == expected
    assert {item["platform"] for item in body["results"]} == {platform.lower().replace("twitter", "x")}


def test_list_refuses_an_unknown_platform(client, accounts):
    response = client.get("/api/v1/accounts/?platform=myspace")

    assert response.status_code == 400
    assert "platform" in response.json()


def test_list_filters_by_status(client, accounts):
    assert {item["handle"] for item in list_accounts(client, "?status=archived")["results"]} == {"G20 South Africa"}
    assert {item["handle"] for item in list_accounts(client, "?status=retired")["results"]} == {"@g20summit"}
    assert list_accounts(client, "?status=active")["count"] == 5
    assert client.get("/api/v1/accounts/?status=deleted").status_code == 400


def test_list_filters_by_owner(client, accounts):
    office = list_accounts(client, "?owner=office")["results"]
    assert {item["handle"] for item in office} == {"@g20org", "@G20", "@g20@mastodon.social", "@g20summit"}
    assert {item["owner"]["kind"] for item in office} == {"office"}

    us = list_accounts(client, "?owner=2026")["results"]
    assert [item["handle"] for item in us] == ["@g20usa2026"]
    assert list_accounts(client, "?owner=2030")["count"] == 0

    for bad in ("abc", "-1", "2026.0", "office;drop"):
        response = client.get(f"/api/v1/accounts/?owner={bad}")
        assert response.status_code == 400, bad
        assert "owner" in response.json()


def test_list_since_is_inclusive(client, accounts):
    since = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    OfficialAccount.objects.update(updated_at=since - datetime.timedelta(days=30))
    OfficialAccount.objects.filter(pk=accounts["us"].pk).update(updated_at=since)
    OfficialAccount.objects.filter(pk=accounts["uk"].pk).update(updated_at=since + datetime.timedelta(seconds=1))

    body = list_accounts(client, "?since=2026-03-01T12:00:00Z")

    assert [item["id"] for item in body["results"]] == [accounts["us"].pk, accounts["uk"].pk]
    assert client.get("/api/v1/accounts/?since=yesterday").status_code == 400


def test_list_query_count_does_not_grow_with_the_accounts(client, accounts, django_assert_num_queries):
    OfficialAccount.objects.exclude(pk__in=[a.pk for a in list(accounts.values())[:5]]).delete()
    assert OfficialAccount.objects.count() == 5
    list_accounts(client, "?page_size=100")  # warm the per-process caches
    with CaptureQueriesContext(connection) as five:
        assert list_accounts(client, "?page_size=100")["count"] == 5
    queries = len(five.captured_queries)  # now: the log is reset by the next request

    owners = [None, accounts["za"].owner, accounts["us"].owner, accounts["uk"].owner]
    for number in range(45):
        OfficialAccount.objects.create(
            platform="instagram",
            handle=f"@g20account{number}",
            url=f"https://www.instagram.com/g20account{number}/",
            owner=owners[number % len(owners)],
            status=AccountStatus.ACTIVE if number % 3 else AccountStatus.ARCHIVED,
        )
    assert OfficialAccount.objects.count() == 50

    with django_assert_num_queries(queries):
        assert len(list_accounts(client, "?page_size=100")["results"]) == 50


def test_the_api_is_read_only(client, accounts):
    before = OfficialAccount.objects.count()
    payload = {"platform": "x", "handle": "@fake_g20", "url": "https://x.com/fake_g20", "status": "active"}

    responses = [
        client.post("/api/v1/accounts/", payload),
        client.post("/api/v1/accounts/verify/", {"url": G20ORG}),
        client.put(f"/api/v1/accounts/{accounts['g20org'].pk}/", payload, content_type="application/json"),
        client.delete(f"/api/v1/accounts/{accounts['g20org'].pk}/"),
    ]

    for response in responses:
        assert response.status_code in (401, 403, 405)
    assert OfficialAccount.objects.count() == before
    assert OfficialAccount.objects.get(pk=accounts["g20org"].pk).handle == "@g20org"


def test_detail_of_one_account(client, accounts):
    response = client.get(f"/api/v1/accounts/{accounts['retired'].pk}/")

    assert response.status_code == 200
    assert response.json()["handle"] == "@g20summit"
    assert response.json()["status"] == "retired"
