"""``manage.py handover``: build the incoming presidency, archive the outgoing one, twice without change."""

import datetime
import io
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_countries import countries
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Revision,
)

from presidencies.access import OFFICE_GROUP
from presidencies.countries import resolve_country
from presidencies.models import AccountStatus, OfficialAccount, PresidencyPage
from tests.presidencies.conftest import on_date

LANGUAGES = ["en", "fr", "es"]
# Handovers run on the first day of the incoming term: the outgoing presidency's term has ended.
UK_HANDOVER_DAY = datetime.date(2026, 12, 1)
FRANCE_HANDOVER_DAY = datetime.date(2027, 12, 1)
BANNER = "Archived: published under the %(country)s %(year)s presidency"


@pytest.fixture(autouse=True, scope="module")
def _on_suite_date():
    with on_date(UK_HANDOVER_DAY):
        yield


@pytest.fixture
def france_handover_day():
    with on_date(FRANCE_HANDOVER_DAY):
        yield


def run(*args) -> str:
    out = io.StringIO()
    # As from manage.py: in the default language (a test request to /es/ leaves Spanish active in this thread).
    with translation.override("en"):
        call_command("handover", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> dict:
    """Everything a handover may touch, in comparable form."""
    return {
        "pages": sorted(Page.objects.values_list("pk", "live", "url_path", "locale_id", "title", "slug")),
        "presidencies": sorted(
            PresidencyPage.objects.values_list(
                "pk", "is_archived", "archived_at", "start_date", "end_date", "collection_id"
            )
        ),
        "revisions": Revision.objects.count(),
        "groups": sorted(Group.objects.values_list("pk", "name")),
        "group_permissions": sorted(Group.permissions.through.objects.values_list("group_id", "permission_id")),
        "page_permissions": sorted(GroupPagePermission.objects.values_list("group_id", "page_id", "permission_id")),
        "collection_permissions": sorted(
            GroupCollectionPermission.objects.values_list("group_id", "collection_id", "permission_id")
        ),
        "collections": sorted(Collection.objects.values_list("pk", "name", "path")),
        "accounts": sorted(OfficialAccount.objects.values_list("pk", "status", "active_until", "owner_id")),
    }


def live_urls() -> list[str]:
    urls = []
    for page in Page.objects.live().order_by("path"):
        url = page.get_url()
        if url:
            urls.append(url)
    return urls


def fetch(client, url: str):
    """GET a page URL as Wagtail gives it: relative, or absolute on another Site (then with its Host)."""
    parts = urlsplit(url)
    if parts.netloc:
        return client.get(parts.path, HTTP_HOST=parts.netloc, secure=parts.scheme == "https")
    return client.get(url)


def banner(country: str, year: int, language: str = "en") -> str:
    """The archive banner as the HTML carries it: the country named in the visitor's language, escaped."""
    code, _name = resolve_country(country)
    with translation.override(language):
        if language != "en":
            country = str(countries.name(code))
        return escape(gettext(BANNER) % {"country": country, "year": year})


@pytest.fixture
def accounts(world, db):
    """The office's account, two US accounts and a UK account, all active before the handover."""

    def make(platform, handle, url, owner):
        account = OfficialAccount(platform=platform, handle=handle, url=url, owner=owner)
        account.full_clean()
        account.save()
        return account

    return {
        "office": make("x", "@g20org", "https://x.com/g20org", None),
        "us_x": make("x", "@g20usa2026", "https://x.com/g20usa2026", world.us),
        "us_instagram": make("instagram", "@g20usa2026", "https://www.instagram.com/g20usa2026/", world.us),
        "uk": make("x", "@g20uk2027", "https://x.com/g20uk2027", world.uk),
    }


def test_handover_twice(world, accounts):
    first = run("--country", "United Kingdom", "--year", "2027")

    assert "archived 2026 United States" in first
    assert "Handover done" in first
    after_first = snapshot()

    second = run("--country", "United Kingdom", "--year", "2027")

    assert "Nothing to do" in second
    assert "archived" not in second.replace("already complete", "")
    assert snapshot() == after_first


@pytest.mark.parametrize("country", ["GB", "gb", "United Kingdom", "united kingdom"])
def test_country_by_iso_code_or_short_name(world, accounts, country):
    reference = run("--country", "United Kingdom", "--year", "2027")
    assert "archived 2026 United States" in reference

    assert "Nothing to do" in run("--country", country, "--year", "2027")


def test_iso_code_does_the_same_as_the_short_name(world, accounts):
    out = run("--country", "GB", "--year", "2027")

    assert "archived 2026 United States" in out
    us = PresidencyPage.objects.get(pk=world.us.pk)
    assert us.is_archived
    assert "Nothing to do" in run("--country", "United Kingdom", "--year", "2027")


def test_outgoing_pages_show_the_archive_banner_in_every_language(world, accounts, client):
    before = {
        path: client.get(path).content.decode()
        for path in (
            "/en/presidencies/2026-united-states/",
            "/en/presidencies/2026-united-states/priorities/",
        )
    }
    assert all(banner("United States", 2026) not in html for html in before.values())

    run("--country", "United Kingdom", "--year", "2027")

    for language in LANGUAGES:
        for path in ("", "priorities/", "calendar/", "statements/", "documents/", "accounts/"):
            url = f"/{language}/presidencies/2026-united-states/{path}"
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert "banner--archive" in html, url
            assert banner("United States", 2026, language) in html, url
    for url in ("/en/presidencies/2027-united-kingdom/", "/fr/presidencies/2027-united-kingdom/calendar/", "/en/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "banner--archive" not in response.content.decode(), url


def test_the_handover_purges_the_page_cache(world, accounts, client, settings, django_capture_on_commit_callbacks):
    # The outgoing presidency is archived with row updates (no publish signal): the handover purges itself.
    settings.PAGE_CACHE_SECONDS = 300
    url = "/en/presidencies/2026-united-states/priorities/"
    client.get(url)
    assert client.get(url)["X-Hub-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        run("--country", "United Kingdom", "--year", "2027")
    response = client.get(url)
    assert response["X-Hub-Cache"] == "miss"
    assert banner("United States", 2026) in response.content.decode()


def test_every_url_still_answers_and_nothing_is_deleted_unpublished_or_moved(world, accounts, client):
    urls = live_urls()
    assert len(urls) > 60  # home, about, legal, index and 3 × 6 presidency pages, in 3 languages
    before = {url: fetch(client, url).status_code for url in urls}
    answered = [url for url, status in before.items() if status == 200]
    assert any(url.endswith("/en/presidencies/2026-united-states/") for url in answered)
    assert any(url.endswith("/fr/presidencies/2026-united-states/documents/") for url in answered)
    pages_before = sorted(Page.objects.values_list("pk", "live", "url_path", "locale_id", "path"))

    run("--country", "United Kingdom", "--year", "2027")

    assert sorted(Page.objects.values_list("pk", "live", "url_path", "locale_id", "path")) == pages_before
    assert live_urls() == urls
    for url in answered:
        assert fetch(client, url).status_code == 200, url
    assert client.get("/en/presidencies/2027-united-kingdom/").status_code == 200


def test_outgoing_groups_lose_their_rights(world, accounts):
    us_groups = Group.objects.filter(name__in=["2026 United States editors", "2026 United States moderators"])
    assert us_groups.count() == 2
    assert GroupPagePermission.objects.filter(group__in=us_groups).exists()

    run("--country", "United Kingdom", "--year", "2027")

    assert us_groups.count() == 2  # the groups stay, with their members
    assert not GroupPagePermission.objects.filter(group__in=us_groups).exists()
    media = GroupCollectionPermission.objects.filter(group__in=us_groups)
    assert set(media.values_list("permission__codename", flat=True)) <= {"choose_image", "choose_document"}
    for group in us_groups:
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert not codenames & {"add_officialaccount", "change_officialaccount", "delete_officialaccount"}


def test_outgoing_pages_are_archived_in_every_language(world, accounts):
    run("--country", "United Kingdom", "--year", "2027")

    for presidency in PresidencyPage.objects.filter(translation_key=world.us.translation_key):
        assert presidency.is_archived, presidency.locale
        assert presidency.archived_at is not None
        assert presidency.live
    assert not PresidencyPage.objects.filter(translation_key=world.uk.translation_key, is_archived=True).exists()


def test_outgoing_accounts_are_archived_and_others_untouched(world, accounts):
    run("--country", "United Kingdom", "--year", "2027")

    for key in ("us_x", "us_instagram"):
        account = OfficialAccount.objects.get(pk=accounts[key].pk)
        assert account.status == AccountStatus.ARCHIVED
        assert account.active_until == timezone.localdate()
    assert OfficialAccount.objects.get(pk=accounts["office"].pk).status == AccountStatus.ACTIVE
    assert OfficialAccount.objects.get(pk=accounts["uk"].pk).status == AccountStatus.ACTIVE


def test_incoming_groups_and_collection(world, accounts):
    run("--country", "United Kingdom", "--year", "2027")

    uk_pages = set(PresidencyPage.objects.filter(translation_key=world.uk.translation_key).values_list("pk", flat=True))
    assert len(uk_pages) == 3
    expected = {
        "2027 United Kingdom editors": {"add_page", "change_page"},
        "2027 United Kingdom moderators": {"add_page", "change_page", "publish_page"},
    }
    for name, required in expected.items():
        group = Group.objects.get(name=name)
        rows = GroupPagePermission.objects.filter(group=group)
        assert set(rows.values_list("page_id", flat=True)) == uk_pages, name
        for page_id in uk_pages:
            codenames = set(rows.filter(page_id=page_id).values_list("permission__codename", flat=True))
            assert required <= codenames, (name, page_id)
        assert "access_admin" in set(group.permissions.values_list("codename", flat=True))
    editors = Group.objects.get(name="2027 United Kingdom editors")
    assert not GroupPagePermission.objects.filter(group=editors, permission__codename="publish_page").exists()

    collection = Collection.objects.get(name="2027 United Kingdom")
    assert set(
        PresidencyPage.objects.filter(translation_key=world.uk.translation_key).values_list("collection_id", flat=True)
    ) == {collection.pk}
    assert GroupCollectionPermission.objects.filter(
        group__name__startswith="2027 United Kingdom", collection=collection
    )


def test_office_group_is_untouched(world, accounts):
    office = Group.objects.get(name=OFFICE_GROUP)
    page_rights = sorted(GroupPagePermission.objects.filter(group=office).values_list("page_id", "permission_id"))
    model_rights = sorted(office.permissions.values_list("pk", flat=True))

    run("--country", "United Kingdom", "--year", "2027")

    assert sorted(GroupPagePermission.objects.filter(group=office).values_list("page_id", "permission_id")) == (
        page_rights
    )
    assert sorted(office.permissions.values_list("pk", flat=True)) == model_rights


def test_republishing_an_archived_page_keeps_it_archived(world, accounts, client):
    run("--country", "United Kingdom", "--year", "2027")
    us = PresidencyPage.objects.get(pk=world.us.pk)

    us.save_revision().publish()
    us.get_latest_revision().publish()

    assert PresidencyPage.objects.get(pk=world.us.pk).is_archived
    assert banner("United States", 2026) in client.get("/en/presidencies/2026-united-states/").content.decode()


def test_handover_to_a_new_presidency_builds_it(france_handover_day, world, accounts, client):
    out = run("--country", "France", "--year", "2028")

    assert "created 2028 France" in out
    assert "archived 2027 United Kingdom" in out
    france = PresidencyPage.objects.get(year=2028, locale=Locale.get_default())
    assert france.slug == "2028-france"
    assert france.start_date == datetime.date(2027, 12, 1)
    assert france.end_date == datetime.date(2028, 11, 30)
    for language in LANGUAGES:
        translated = france.get_translation(Locale.objects.get(language_code=language))
        assert [child.slug for child in translated.get_children().order_by("path")] == [
            "priorities",
            "calendar",
            "statements",
            "documents",
            "accounts",
        ]
        assert client.get(f"/{language}/presidencies/2028-france/").status_code == 200
    assert Group.objects.filter(name__in=["2028 France editors", "2028 France moderators"]).count() == 2
    assert Collection.objects.filter(name="2028 France").exists()
    assert "Nothing to do" in run("--country", "FR", "--year", "2028")


def test_handover_with_custom_dates(france_handover_day, world, accounts):
    out = run("--country", "FR", "--year", "2028", "--start", "2027-12-15", "--end", "2028-11-15")

    assert "created 2028 France" in out
    dates = set(PresidencyPage.objects.filter(year=2028).values_list("locale__language_code", "start_date", "end_date"))
    assert dates == {(language, datetime.date(2027, 12, 15), datetime.date(2028, 11, 15)) for language in LANGUAGES}
    assert "Nothing to do" in run("--country", "FR", "--year", "2028", "--start", "2027-12-15", "--end", "2028-11-15")


def test_handover_changes_the_dates_of_an_existing_incoming_presidency(world, accounts):
    out = run("--country", "GB", "--year", "2027", "--start", "2026-12-15", "--end", "2027-11-20")

    assert "set the dates of 2027 United Kingdom" in out
    dates = set(
        PresidencyPage.objects.filter(translation_key=world.uk.translation_key).values_list(
            "locale__language_code", "start_date", "end_date"
        )
    )
    assert dates == {(language, datetime.date(2026, 12, 15), datetime.date(2027, 11, 20)) for language in LANGUAGES}
    assert "Nothing to do" in run("--country", "GB", "--year", "2027", "--start", "2026-12-15", "--end", "2027-11-20")


def test_new_dates_survive_publishing_a_pending_draft(world, accounts):
    # A UK editor has a draft in progress when the office runs the handover with new dates.
    uk = PresidencyPage.objects.get(pk=world.uk.pk)
    uk.theme = "Growth for all"
    draft = uk.save_revision()

    run("--country", "GB", "--year", "2027", "--start", "2026-12-15", "--end", "2027-11-20")
    # The editor opens the page in the admin (the latest revision) and publishes the draft.
    edited = PresidencyPage.objects.get(pk=world.uk.pk).get_latest_revision_as_object()
    assert edited.theme == "Growth for all"
    draft.refresh_from_db()
    draft.publish()

    uk = PresidencyPage.objects.get(pk=world.uk.pk)
    assert uk.theme == "Growth for all"
    assert (uk.start_date, uk.end_date) == (datetime.date(2026, 12, 15), datetime.date(2027, 11, 20))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "Atlantis", "--year", "2027"], "Atlantis"),
        (["--country", "", "--year", "2027"], "country"),
        (["--country", "XX", "--year", "2027"], "XX"),
        (
            ["--country", "United Kingdom", "--year", "2027", "--start", "2027-05-01", "--end", "2027-01-01"],
            "end date",
        ),
        (["--country", "United Kingdom", "--year", "2027", "--start", "not-a-date"], "not-a-date"),
        (["--country", "United Kingdom", "--year", "2027", "--end", "2027-13-45"], "2027-13-45"),
        (["--country", "France", "--year", "2027"], "United Kingdom"),
        (["--country", "US", "--year", "2027"], "United Kingdom"),
        (["--country", "South Africa", "--year", "2025"], "archived"),
        (["--country", "Brazil", "--year", "2024"], "archived"),
        (["--country", "United Kingdom", "--year", "twenty"], "year"),
        (["--country", "United Kingdom"], "year"),
        (["--year", "2027"], "country"),
    ],
)
def test_errors_change_nothing(world, accounts, args, message):
    before = snapshot()

    with pytest.raises(CommandError) as error:
        run(*args)

    assert str(error.value).strip()
    assert message.lower() in str(error.value).lower()
    assert snapshot() == before


def test_an_error_after_changes_rolls_everything_back(france_handover_day, world, accounts, monkeypatch):
    """The handover is one transaction: a failure late in the run leaves no trace of the early steps."""
    from presidencies import handover as handover_module

    def fail(presidency):
        raise RuntimeError("disk full")

    monkeypatch.setattr(handover_module, "archive_presidency", fail)
    before = snapshot()

    with pytest.raises(RuntimeError):
        run("--country", "France", "--year", "2028")

    assert snapshot() == before
    assert not PresidencyPage.objects.filter(year=2028).exists()
