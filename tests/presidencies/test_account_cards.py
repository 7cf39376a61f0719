"""The registry's account cards, as an anonymous reader: labels aligned, archived cards that do not say
"Active" beside "Archived", handles that wrap only at their natural break points."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from presidencies.templatetags.presidencies_tags import handle_breaks
from tests.presidencies.test_pages import accounts  # noqa: F401 - fixture
from tests.presidencies.test_verify_page import registry  # noqa: F401 - fixture


def cards(client, language: str) -> dict[str, BeautifulSoup]:
    response = client.get(f"/{language}/accounts/")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {card.select_one(".account__handle a")["href"]: card for card in soup.select("li.account")}


def facts(card) -> dict[str, str]:
    return {
        " ".join(dt.get_text(" ").split()): " ".join(dt.find_next_sibling("dd").get_text(" ").split())
        for dt in card.select(".account__facts dt")
    }


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_archived_card_gives_its_dates_without_calling_it_active(world, db, client, accounts, registry, language):  # noqa: F811
    za = cards(client, language)["https://x.com/g20southafrica"]
    assert za.select_one(".status--archived") is not None
    assert [t["datetime"] for t in za.select(".account__facts time")] == ["2024-12-01", "2025-11-30"]
    if language == "en":
        assert facts(za) == {"Status": "Archived", "In use": "Dec. 1, 2024 – Nov. 30, 2025"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_an_active_card_runs_to_today(world, db, client, accounts, registry, language):  # noqa: F811
    office = cards(client, language)["https://x.com/g20org"]
    assert [t["datetime"] for t in office.select(".account__facts time")] == ["2008-11-15"]
    if language == "en":
        assert facts(office) == {
            "Speaks for": "G20 communication office",
            "Status": "Active",
            "In use": "Nov. 15, 2008 – today",
        }


def test_an_account_archived_without_an_end_date_does_not_run_to_today(world, db, client, accounts, registry):  # noqa: F811
    from presidencies.models import OfficialAccount

    # Saved directly (as an import would), so the model's "until today" default is not applied.
    OfficialAccount.objects.filter(handle="@g20southafrica").update(active_until=None)
    za = cards(client, "en")["https://x.com/g20southafrica"]
    assert facts(za)["In use"] == "Dec. 1, 2024 –"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_handles_wrap_only_at_their_break_points(world, db, client, accounts, registry, language):  # noqa: F811
    mastodon = cards(client, language)["https://mastodon.social/@g20"].select_one(".account__handle a")
    assert mastodon.decode_contents() == "@g20<wbr/>@mastodon.<wbr/>social"
    assert mastodon.get_text() == "@g20@mastodon.social"


@pytest.mark.parametrize(
    ("handle", "expected"),
    [
        ("@g20org", "@g20org"),
        ("@g20@mastodon.social", "@g20<wbr>@mastodon.<wbr>social"),
        ("@g20.bsky.social", "@g20.<wbr>bsky.<wbr>social"),
        ("g20_usa-2026", "g20<wbr>_usa<wbr>-2026"),
        ("G20 South Africa", "G20 South Africa"),
        ("<script>@x</script>", "&lt;script&gt;<wbr>@x&lt;/<wbr>script&gt;"),
        ("", ""),
        ("@", "@"),
        ("..", ".<wbr>."),
    ],
)
def test_handle_breaks_escapes_and_marks_the_wrap_points(handle, expected):
    assert handle_breaks(handle) == expected


def test_the_card_styles_align_labels_and_do_not_break_handles_anywhere():
    css = (Path(settings.BASE_DIR) / "hub/static/hub/css/site.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = {
        selector.strip(): body
        for selector, body in (rule.split("{", 1) for rule in css.split("}") if "{" in rule)
        if selector.strip().startswith(".account")
    }
    assert "overflow-wrap: anywhere" not in rules[".account__handle"]
    assert "overflow-wrap: break-word" in rules[".account__handle"]
    assert "display: grid" in rules[".account__facts"]
    assert "grid-template-columns: max-content" in rules[".account__facts"]
    assert "display: contents" in rules[".account__facts div"]
