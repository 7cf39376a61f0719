"""The public "is this account official?" page at /<lang>/accounts/verify/, as an anonymous reader.

Each answer (official, archived, unknown, not a valid address) in English, French and Spanish; bad and
hostile input answers 400 with the form, what was typed and the message beside the field; everything
echoed is escaped; the page and the API give the same answer (one function); the registry page and the
home page's call-out link to it. The French and Spanish words come once translations are compiled:
here the other languages are checked by their route, their ``lang`` and the answer they show.
"""

import io
from urllib.parse import quote, urlencode

import pytest
from bs4 import BeautifulSoup

from presidencies import demo
from presidencies.models import OfficialAccountsPage
from presidencies.verification import ARCHIVED, OFFICIAL, UNKNOWN, InvalidAccountAddress, verify_account
from tests.presidencies.test_accounts import G20ORG, accounts, make_account  # noqa: F401 - fixture

LANGUAGES = ["en", "fr", "es"]


@pytest.fixture
def registry(world, db):
    """The registry page in English, French and Spanish, as load_demo builds it."""
    return demo.ensure_section(OfficialAccountsPage, "accounts", demo.ACCOUNTS_TITLES, io.StringIO())


def page_url(language: str, **params) -> str:
    return f"/{language}/accounts/verify/" + (f"?{urlencode(params)}" if params else "")


def get(client, language: str = "en", query: str = "", **params):
    return client.get(page_url(language, **params) + query)


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def handle_of(card) -> str:
    """A card's handle as read: its text without the <wbr> wrap points."""
    return card.select_one(".account__handle").get_text().strip()


def words_of(node) -> str:
    """The text as read: inline links and times run on with the words around them."""
    return " ".join(node.get_text().split())


def result_of(response):
    return soup_of(response).select_one("section.verify-result")


def api_answer(client, params: dict):
    response = client.get("/api/v1/accounts/verify/", params)
    return response.status_code, response.json().get("status") if response.status_code == 200 else None


# --- The form --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_empty_form(world, db, client, registry, language):
    response = get(client, language)

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.select_one("section.verify-result") is None
    assert not soup.select(".field-error")
    form = soup.select_one("form.plain-form")
    assert form["method"] == "get"
    assert form["action"] == f"/{language}/accounts/verify/"
    # Every field has its label; the hints are tied to their fields.
    for field_id in ("verify-url", "verify-handle", "verify-platform"):
        assert soup.select_one(f"label[for={field_id}]") is not None
        assert soup.select_one(f"#{field_id}") is not None
    assert soup.select_one("#verify-url")["aria-describedby"] == "verify-url-hint"
    assert soup.select_one("#verify-handle")["aria-describedby"] == "verify-handle-hint"
    platforms = [option["value"] for option in soup.select("#verify-platform option")]
    assert platforms[0] == "" and {"x", "mastodon", "youtube", "website"} <= set(platforms)
    # The form alone may be indexed, under its own address; no script is needed.
    assert soup.select_one("meta[name=robots]") is None
    assert soup.select_one("link[rel=canonical]")["href"].endswith(f"/{language}/accounts/verify/")
    assert soup.select_one("main script") is None
    assert soup.select_one("h1") is not None


def test_the_english_form_in_words(world, db, client, registry):
    soup = soup_of(get(client))

    assert text_of(soup.select_one("h1")) == "Is this account official?"
    assert text_of(soup.select_one("label[for=verify-url]")) == "The account's address"
    assert text_of(soup.select_one("#verify-form-heading")) == "Check an account"
    assert soup.title.get_text().startswith("Is this account official?")
    crumbs = soup.select("nav.breadcrumbs li")
    assert crumbs[-2].a["href"] == "/en/accounts/"
    assert crumbs[-1].select_one("[aria-current=page]") is not None


def test_unrelated_parameters_show_the_empty_form(world, db, client, registry):
    response = get(client, utm_source="newsletter")

    assert response.status_code == 200
    assert result_of(response) is None
    assert not soup_of(response).select(".field-error")


# --- The answers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_official_office_account(world, db, client, registry, accounts, language):  # noqa: F811
    response = get(client, language, url="https://twitter.com/G20org/?s=20")

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == language
    result = soup.select_one("section.verify-result")
    assert "verify-result--official" in result["class"]
    heading = result.select_one("h2")
    assert result["aria-labelledby"] == heading["id"]
    # The account's card, with its real address.
    cards = result.select(".account")
    assert len(cards) == 1
    assert handle_of(cards[0]) == "@g20org"
    assert cards[0].select_one(".account__handle a")["href"] == G20ORG
    assert cards[0].select_one(".status--active") is not None
    # A result page is not for search engines; the form is still there, with what was typed.
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"
    assert soup.select_one("#verify-url")["value"] == "https://twitter.com/G20org/?s=20"


def test_an_official_account_in_words(world, db, client, registry, accounts):  # noqa: F811
    result = result_of(get(client, url=G20ORG))

    assert text_of(result.select_one("h2")) == "Yes: this is an official account"
    assert "It is an official account of the G20 communication office." in words_of(result)
    assert text_of(result.select_one(".account__facts")).startswith("Speaks for G20 communication office")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_official_presidency_account_by_handle(world, db, client, registry, accounts, language):  # noqa: F811
    response = get(client, language, handle="@G20USA2026", platform="x")

    assert response.status_code == 200
    result = result_of(response)
    assert "verify-result--official" in result["class"]
    # The presidency it speaks for, linked in the reader's language.
    assert result.select_one(f"a[href='/{language}/presidencies/2026-united-states/']") is not None
    assert handle_of(result) == "@g20usa2026"
    if language == "en":
        assert "It is an official account of the United States 2026 G20 presidency." in words_of(result)


def test_a_mastodon_handle_needs_no_platform(world, db, client, registry, accounts):  # noqa: F811
    response = get(client, handle="@g20@mastodon.social", platform="")

    assert response.status_code == 200
    assert handle_of(result_of(response)) == "@g20@mastodon.social"


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_archived_presidency_account(world, db, client, registry, accounts, language):  # noqa: F811
    response = get(client, language, url="https://m.facebook.com/profile.php?id=123&fbclid=tracking")

    assert response.status_code == 200
    result = result_of(response)
    assert "verify-result--archived" in result["class"]
    # Archived since its last day, naming (and linking) the presidency it served.
    first_paragraph = result.select_one("p")
    assert first_paragraph.select_one("time")["datetime"] == "2025-11-30"
    assert first_paragraph.select_one(f"a[href='/{language}/presidencies/2025-south-africa/']") is not None
    assert result.select_one(f"a[href='/{language}/accounts/']") is not None  # the current accounts
    card = result.select_one(".account")
    assert handle_of(card) == "G20 South Africa"
    assert card.select_one(".status--archived") is not None
    if language == "en":
        words = words_of(result)
        assert "Archived: this account is no longer official" in words
        assert "archived since Nov. 30, 2025" in words
        assert "It served the South Africa 2025 G20 presidency." in words
        assert "It no longer speaks for the G20" in words


def test_a_retired_office_account(world, db, client, registry, accounts):  # noqa: F811
    result = result_of(get(client, url="https://twitter.com/G20Summit/"))

    assert "verify-result--archived" in result["class"]
    assert result.select_one("time")["datetime"] == "2015-06-30"
    assert "It served the G20 communication office." in words_of(result)
    assert result.select_one(".status--retired") is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_account_not_in_the_registry(world, db, client, registry, accounts, language):  # noqa: F811
    response = get(client, language, url="https://x.com/g20_official_news")

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == language
    result = soup.select_one("section.verify-result")
    assert "verify-result--unknown" in result["class"]
    assert result.select_one(".account") is None
    assert result.select_one(f"a[href='/{language}/accounts/']") is not None
    if language == "en":
        words = words_of(result)
        assert "Not in our registry: this account is not official" in words
        assert "Do not trust what it says in the G20's name." in words
        assert "report it to the platform" in words


def test_the_unknown_answer_gives_the_contact_address(world, db, client, registry, accounts):  # noqa: F811
    from hub.models import HubSettings

    settings = HubSettings.load()
    settings.contact_email = "press@g20-hub.example"
    settings.save()

    result = result_of(get(client, handle="@g20_official_news", platform="x"))

    assert result.select_one("a[href='mailto:press@g20-hub.example']") is not None


# --- Input that cannot be checked: 400, the form again, the message by the field ---------------------------

BAD_INPUT = [
    # (query, the field the message stands by, the message in English)
    ("?url=&handle=&platform=", "url", "Enter the account's address, or its handle and its platform."),
    ("?url=+++", "url", "Enter the account's address, or its handle and its platform."),
    (f"?url={quote(G20ORG)}&handle=%40g20org&platform=x", "url", "Fill in either the address or the handle"),
    ("?url=&handle=%40g20org&platform=", "platform", "Choose the platform of this handle."),
    ("?handle=%40g20org&platform=myspace", "platform", "Choose a platform from the list."),
    ("?handle=%40g20&platform=mastodon", "handle", "A Mastodon handle looks like @user@instance.social."),
    ("?handle=g20+org&platform=x", "handle", "That is not a valid handle."),
    ("?url=javascript:alert(1)", "url", "Only http and https addresses can be checked."),
    ("?url=javascript%3Aalert%281%29", "url", "Only http and https addresses can be checked."),
    ("?url=data:text/html,%3Cscript%3Ealert(1)%3C/script%3E", "url", "Only http and https addresses"),
    ("?url=ftp://x.com/g20org", "url", "Only http and https addresses can be checked."),
    ("?url=garbage", "url", "Only http and https addresses can be checked."),
    ("?url=http:///nohost", "url", "The address has no valid host name."),
    ("?url=https://x.com:99999999/g20org", "url", "That is not a valid address."),
    ("?url=https://x.com/g20%00org", "url", "The address contains control characters."),
    ("?url=%00", "url", "The address contains control characters."),
    ("?url=https://%ff%fe.com/g20", "url", "The address has no valid host name."),
    ("?handle=%ff%fe&platform=x", "handle", "That is not a valid handle."),
    ("?url=https://x.com/g20org%0D%0ASet-Cookie:x=1", "url", "The address contains control characters."),
    ("?url=https://x.com/" + "a" * 10240, "url", "That is too long: at most 500 characters."),
    ("?handle=%40" + "a" * 10240 + "&platform=x", "handle", "That is too long: at most 500 characters."),
]


@pytest.mark.parametrize(("query", "field", "message"), BAD_INPUT)
def test_bad_input_answers_400_with_the_form_and_the_message(world, db, client, registry, query, field, message):
    response = client.get("/en/accounts/verify/" + query)

    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"].startswith("text/html")
    soup = soup_of(response)
    assert soup.select_one("section.verify-result") is None
    assert soup.select_one("form.plain-form") is not None
    error = soup.select_one(f"#verify-{field}-error")
    assert error is not None, soup.select(".field-error")
    assert message in text_of(error)
    assert len(soup.select(".field-error")) == 1
    control = soup.select_one(f"#verify-{field}")
    assert f"verify-{field}-error" in control["aria-describedby"].split()
    assert control["aria-invalid"] == "true"
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_bad_input_answers_400_in_every_language(world, db, client, registry, language):
    response = get(client, language, url="javascript:alert(1)")

    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.select_one("#verify-url-error").get_text(strip=True)
    assert soup.select_one("#verify-url")["value"] == "javascript:alert(1)"


def test_what_was_typed_is_shown_again(world, db, client, registry):
    response = get(client, url="", handle="@g20org", platform="")

    soup = soup_of(response)
    assert soup.select_one("#verify-handle")["value"] == "@g20org"
    assert soup.select_one("#verify-url")["value"] == ""
    assert soup.select_one("#verify-platform option[selected]") is None


def test_the_chosen_platform_stays_chosen(world, db, client, registry):
    soup = soup_of(get(client, handle="g20 org", platform="youtube"))

    assert [option["value"] for option in soup.select("#verify-platform option[selected]")] == ["youtube"]


def test_a_very_long_input_is_shown_again_cut_short(world, db, client, registry):
    response = get(client, url="https://x.com/" + "a" * 10240)

    assert response.status_code == 400
    assert len(soup_of(response).select_one("#verify-url")["value"]) == 500


def test_control_characters_are_not_echoed(world, db, client, registry):
    response = client.get("/en/accounts/verify/?url=https://x.com/g20%00org%0D%0A")

    assert response.status_code == 400
    assert b"\x00" not in response.content
    assert soup_of(response).select_one("#verify-url")["value"] == "https://x.com/g20org"


HOSTILE = [
    {"url": '"><script>alert(1)</script>'},
    {"url": "https://x.com/<script>alert(1)</script>"},
    {"handle": "<script>alert(1)</script>", "platform": "x"},
    {"handle": "@g20org", "platform": "<script>alert(1)</script>"},
    {"url": '" onfocus="alert(1)" autofocus="'},
]


@pytest.mark.parametrize("params", HOSTILE)
def test_everything_echoed_is_escaped(world, db, client, registry, accounts, params):  # noqa: F811
    response = get(client, **params)

    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert 'onfocus="alert(1)"' not in html
    soup = soup_of(response)
    assert soup.select("[onfocus]") == [] and soup.select("[autofocus]") == []
    for name in ("url", "handle"):
        if name in params:
            assert soup.select_one(f"#verify-{name}")["value"] == params[name]


def test_an_unknown_address_is_shown_escaped_in_the_card_free_answer(world, db, client, registry, accounts):  # noqa: F811
    # Well-formed, not registered: answered "unknown" with what was typed in the field, escaped.
    response = get(client, url="https://x.com/<b>fake</b>")

    assert response.status_code == 200
    assert "verify-result--unknown" in result_of(response)["class"]
    assert "<b>fake</b>" not in response.content.decode()


# --- One logic for the API and the page ------------------------------------------------------------------

AGREEMENT = [
    {"url": G20ORG},
    {"url": "https://mobile.twitter.com/G20ORG/?s=20"},
    {"url": "x.com/g20org"},
    {"url": "@g20@mastodon.social"},
    {"url": "https://www.youtube.com/channel/UCxyz"},
    {"url": "https://www.youtube.com/channel/UCXYZ"},
    {"url": "https://www.facebook.com/profile.php?id=123"},
    {"url": "https://www.facebook.com/profile.php?id=456"},
    {"url": "https://twitter.com/G20Summit/"},
    {"url": "https://x.com/g20_official_news"},
    {"handle": "@g20org", "platform": "twitter"},
    {"handle": "@g20@mastodon.social"},
    {"handle": "@G20USA2026", "platform": "x"},
    {"handle": "@g20uk2027", "platform": "instagram"},
    {"handle": "@g20_official_news", "platform": "x"},
    {"url": "https://x.com/g20org", "platform": "myspace"},  # the platform goes with a handle only
    {"url": "", "handle": "@g20org", "platform": "x"},
    {"url": "javascript:alert(1)"},
    {"url": G20ORG, "handle": "@g20org"},
    {"handle": "@g20org"},
    {"handle": "@g20org", "platform": "myspace"},
    {"url": "https://x.com/" + "a" * 600},
    {"url": ""},
]


@pytest.mark.parametrize("params", AGREEMENT)
def test_the_page_and_the_api_agree(world, db, client, registry, accounts, params):  # noqa: F811
    api_status, api_verdict = api_answer(client, params)
    page = get(client, **params)

    assert page.status_code == api_status
    result = result_of(page)
    if api_status == 400:
        assert result is None
        with pytest.raises(InvalidAccountAddress):
            verify_account(params.get("url"), params.get("handle"), params.get("platform"))
    else:
        assert f"verify-result--{api_verdict}" in result["class"]
        verification = verify_account(params.get("url"), params.get("handle"), params.get("platform"))
        assert verification.status == api_verdict
        card = result.select_one(".account__handle a")
        assert (card["href"] if card else None) == (verification.account.url if verification.account else None)


def test_verify_account_answers_each_kind(world, db, accounts):  # noqa: F811
    official = verify_account(url=G20ORG)
    assert official.status == OFFICIAL and official.is_official and official.account == accounts["g20org"]
    archived = verify_account(handle="@g20summit", platform="x")
    assert archived.status == ARCHIVED and archived.is_archived and archived.account == accounts["retired"]
    unknown = verify_account(url="https://x.com/nobody_here")
    assert unknown.status == UNKNOWN and unknown.is_unknown and unknown.account is None
    with pytest.raises(InvalidAccountAddress) as raised:
        verify_account(url=G20ORG, handle="@g20org")
    assert (raised.value.code, raised.value.field) == ("both", "url")
    assert str(raised.value) == "Give either url or handle, not both."


def test_a_new_account_is_official_at_once(world, db, client, registry):
    assert "verify-result--unknown" in result_of(get(client, url="https://bsky.app/profile/g20.bsky.social"))["class"]

    make_account("bluesky", "@g20.bsky.social", "https://bsky.app/profile/g20.bsky.social")

    assert "verify-result--official" in result_of(get(client, url="https://bsky.app/profile/g20.bsky.social"))["class"]


# --- Links to the page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_registry_page_links_to_the_verifier(world, db, client, registry, language):
    response = client.get(f"/{language}/accounts/")

    assert response.status_code == 200
    link = soup_of(response).select_one(".verify-box a.verify-box__link")
    assert link["href"] == f"/{language}/accounts/verify/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_call_out_links_to_the_verifier(world, db, client, registry, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    callout = soup_of(response).select_one("aside.callout")
    link = callout.select_one(f"a[href='/{language}/accounts/verify/']")
    assert link is not None and link.get_text(strip=True)
    assert client.get(link["href"]).status_code == 200
