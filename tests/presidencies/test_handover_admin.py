"""The handover as an admin action (issue 3, items 4 and 5) and permanent URLs (item 8).

The permanent office runs the yearly handover at /admin/handover/ (the same code as
``manage.py handover``); it builds the incoming presidency from the blueprint in every
language with its groups, and archives the outgoing one. Renaming or moving a page in
the admin leaves a Wagtail redirect from its old URL.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import GroupPagePermission, Locale, Page
from wagtail.test.utils.form_data import querydict_from_html

from hub.models import ContentPage
from presidencies.models import AccountStatus, OfficialAccount, PresidencyPage
from tests.factories.users import UserFactory
from tests.presidencies.conftest import on_date

HANDOVER = "/admin/handover/"
# Germany 2028 takes over once the United Kingdom's 2027 term has ended.
GERMANY_HANDOVER_DAY = datetime.date(2027, 12, 1)
OFFICE = "G20 communication office"
SECTIONS = ["priorities", "calendar", "statements", "documents", "accounts"]
UK_URL = "/en/presidencies/2027-united-kingdom/"
UK_BANNER = "Archived: published under the United Kingdom 2027 presidency"


@pytest.fixture(autouse=True, scope="module")
def _on_suite_date():
    with on_date(GERMANY_HANDOVER_DAY):
        yield


@pytest.fixture
def office(world, db, client):
    client.force_login(UserFactory(username="office", groups=[OFFICE]))
    return client


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def public_urls(presidency: PresidencyPage) -> list[str]:
    """Every public URL of a presidency's section, in every language."""
    urls = []
    for section in PresidencyPage.objects.filter(translation_key=presidency.translation_key):
        urls.extend(page.url for page in Page.objects.descendant_of(section, inclusive=True).live())
    return sorted(urls)


def snapshot() -> dict:
    """What a refused or repeated handover must not change."""
    return {
        "pages": Page.objects.count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
        "presidencies": sorted(PresidencyPage.objects.values_list("pk", "is_archived")),
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "page_permissions": GroupPagePermission.objects.count(),
        "accounts": sorted(OfficialAccount.objects.values_list("pk", "status")),
    }


# --- who may run it --------------------------------------------------------------------------


def test_office_can_open_the_handover_form(office):
    response = office.get(HANDOVER)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="country"' in html
    assert 'name="year"' in html


def test_office_sees_the_handover_menu_item(office):
    assert HANDOVER in office.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("group", ["2026 United States editors", "2026 United States moderators"])
def test_presidency_groups_cannot_run_the_handover(world, db, client, group):
    client.force_login(UserFactory(username="presidency-user", groups=[group]))
    before = snapshot()

    assert client.get(HANDOVER).status_code in {302, 403}
    response = client.post(HANDOVER, {"country": "Germany", "year": "2028"})

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
    assert snapshot() == before
    assert not PresidencyPage.objects.filter(year=2028).exists()
    assert HANDOVER not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login(world, db, client):
    response = client.post(HANDOVER, {"country": "Germany", "year": "2028"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not PresidencyPage.objects.filter(year=2028).exists()


# --- the handover ----------------------------------------------------------------------------


@pytest.fixture
def uk_account(world, db):
    account = OfficialAccount(platform="x", handle="@ukpres2027", url="https://x.com/ukpres2027", owner=world.uk)
    account.save()
    return account


@pytest.fixture
def handed_over(world, office, uk_account):
    """Germany 2028 through the admin form; returns the response and the UK's URLs before."""
    uk_urls = public_urls(world.uk)
    uk_paths = sorted(Page.objects.descendant_of(world.uk, inclusive=True).values_list("pk", "url_path"))
    response = office.post(HANDOVER, {"country": "Germany", "year": "2028"})
    return {"response": response, "uk_urls": uk_urls, "uk_paths": uk_paths}


def test_handover_redirects_back_with_a_success_message(handed_over):
    response = handed_over["response"]
    assert response.status_code == 302
    assert response["Location"] == HANDOVER
    assert any(message.startswith("Handover done: 2028 Germany is in place") for message in messages_of(response))


def test_handover_creates_the_incoming_presidency_in_every_language(handed_over):
    presidencies = PresidencyPage.objects.filter(year=2028).select_related("locale")
    assert sorted(page.locale.language_code for page in presidencies) == ["en", "es", "fr"]
    for presidency in presidencies:
        assert presidency.live
        assert presidency.country == "DE"
        assert presidency.country_name == "Germany"
        assert presidency.slug == "2028-germany"
        assert str(presidency.start_date) == "2027-12-01"
        assert str(presidency.end_date) == "2028-11-30"
        children = presidency.get_children()
        assert sorted(children.values_list("slug", flat=True)) == sorted(SECTIONS)
        assert all(child.live for child in children)


def test_the_incoming_presidency_is_public(handed_over, client):
    for url in (
        "/en/presidencies/2028-germany/",
        "/fr/presidencies/2028-germany/",
        "/en/presidencies/2028-germany/calendar/",
    ):
        assert client.get(url).status_code == 200, url


def test_handover_creates_the_incoming_groups_on_its_subtree_only(handed_over):
    germany = set(PresidencyPage.objects.filter(year=2028).values_list("pk", flat=True))
    for name, codenames in (
        ("2028 Germany editors", {"add_page", "change_page"}),
        ("2028 Germany moderators", {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}),
    ):
        group = Group.objects.get(name=name)
        permissions = GroupPagePermission.objects.filter(group=group)
        assert {permission.page_id for permission in permissions} == germany
        assert {permission.permission.codename for permission in permissions} == codenames
        assert group.permissions.filter(codename="access_admin").exists()
    collection = PresidencyPage.objects.get(year=2028, locale=Locale.get_default()).collection
    assert collection is not None
    assert collection.name == "2028 Germany"


def test_incoming_editors_can_edit_their_section_only(handed_over, world, client):
    client.force_login(UserFactory(username="de-editor", groups=["2028 Germany editors"]))
    germany = PresidencyPage.objects.get(year=2028, locale=Locale.get_default())
    assert client.get(reverse("wagtailadmin_pages:edit", args=[germany.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[world.uk.pk])).status_code == 302


def test_handover_archives_the_outgoing_presidency(handed_over, world):
    for presidency in PresidencyPage.objects.filter(translation_key=world.uk.translation_key):
        assert presidency.is_archived
        assert presidency.archived_at is not None
        assert presidency.live


@pytest.mark.parametrize("path", ["", "priorities/", "calendar/", "statements/", "documents/", "accounts/"])
def test_archived_pages_show_the_banner(handed_over, client, path):
    response = client.get(f"{UK_URL}{path}")
    assert response.status_code == 200
    assert UK_BANNER in response.content.decode()


def test_the_incoming_and_current_presidencies_show_no_banner(handed_over, client):
    for url in ("/en/presidencies/2028-germany/", "/en/presidencies/2026-united-states/"):
        assert "Archived: published under" not in client.get(url).content.decode()


def test_handover_moves_deletes_and_unpublishes_nothing(handed_over, world, client):
    assert public_urls(world.uk) == handed_over["uk_urls"]
    assert (
        sorted(Page.objects.descendant_of(world.uk, inclusive=True).values_list("pk", "url_path"))
        == (handed_over["uk_paths"])
    )
    for url in handed_over["uk_urls"]:
        assert client.get(url).status_code == 200, url


def test_outgoing_groups_lose_their_page_permissions(handed_over, world, client):
    uk_groups = Group.objects.filter(name__in=["2027 United Kingdom editors", "2027 United Kingdom moderators"])
    assert uk_groups.count() == 2
    assert not GroupPagePermission.objects.filter(group__in=uk_groups).exists()
    for group in uk_groups:
        assert not group.permissions.filter(codename__in=["add_officialaccount", "change_officialaccount"]).exists()

    client.force_login(UserFactory(username="uk-moderator", groups=["2027 United Kingdom moderators"]))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.uk.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_outgoing_accounts_are_archived(handed_over, uk_account):
    uk_account.refresh_from_db()
    assert uk_account.status == AccountStatus.ARCHIVED
    assert uk_account.active_until is not None


def test_the_office_is_untouched(handed_over, world, client):
    office = Group.objects.get(name=OFFICE)
    root = Page.get_first_root_node()
    assert set(GroupPagePermission.objects.filter(group=office).values_list("page_id", "permission__codename")) == {
        (root.pk, codename)
        for codename in ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
    }
    client.force_login(UserFactory(username="office-2", groups=[OFFICE]))
    assert client.get(reverse("wagtailadmin_pages:edit", args=[world.uk.pk])).status_code == 200


def test_running_the_same_handover_again_changes_nothing(handed_over, office):
    before = snapshot()

    response = office.post(HANDOVER, {"country": "Germany", "year": "2028"}, follow=True)

    assert response.status_code == 200
    assert "Nothing to do: the handover to 2028 Germany is already complete." in response.content.decode()
    assert snapshot() == before


def test_the_iso_code_names_the_same_handover(handed_over, office):
    before = snapshot()
    response = office.post(HANDOVER, {"country": "de", "year": "2028"})
    assert any(message.startswith("Nothing to do") for message in messages_of(response))
    assert snapshot() == before


# --- refused input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"country": "Atlantis", "year": "2028"}, "country", "Unknown country"),
        ({"country": "", "year": "2028"}, "country", "This field is required."),
        ({"country": "Germany", "year": ""}, "year", "This field is required."),
        ({"country": "Germany", "year": "1850"}, "year", "greater than or equal to 1999"),
        (
            {"country": "Germany", "year": "2028", "start": "2028-11-30", "end": "2027-12-01"},
            "end",
            "The end date must be after the start date.",
        ),
        ({"country": "Germany", "year": "2028", "start": "1 December"}, "start", "Enter a valid date."),
        (
            {"country": "Germany", "year": "2026"},
            "__all__",
            "The 2026 presidency is already held by United States.",
        ),
        (
            {"country": "India", "year": "2024"},
            "__all__",
            "is already archived: a handover only goes forward.",
        ),
        (
            {"country": "South Africa", "year": "2025"},
            "__all__",
            "is archived: a handover only goes forward.",
        ),
    ],
    ids=[
        "unknown-country",
        "no-country",
        "no-year",
        "year-too-early",
        "end-before-start",
        "bad-date",
        "year-held-by-another-country",
        "backwards",
        "archived-again",
    ],
)
def test_bad_input_shows_form_errors_and_changes_nothing(office, uk_account, data, field, message):
    before = snapshot()

    response = office.post(HANDOVER, data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert any(message in error for error in errors[field]), errors[field]
    assert message in response.content.decode().replace("&#x27;", "'")
    assert snapshot() == before
    assert not PresidencyPage.objects.filter(year=2028).exists()
    assert not Group.objects.filter(name__startswith="2028").exists()


# --- permanent URLs: Wagtail redirects --------------------------------------------------------


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what Wagtail defers to the commit of the request (page_slug_changed, hence redirects).

    The test runs inside a transaction that never commits, so on_commit callbacks would never fire.
    """

    def _commit(request, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(*args, **kwargs)

    return _commit


def _edit_and_publish(client, commit, page: Page, **changes):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = dict(querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").lists())
    data.setdefault("body-count", ["0"])
    data.update({key: [value] for key, value in changes.items()})
    data["action-publish"] = ["action-publish"]
    return commit(client.post, url, data)


@pytest.fixture
def statement(world, db):
    """A published statement under the 2026 United States "Statements" page, in English and French."""
    parent = world.us.get_children().get(slug="statements")
    page = ContentPage(title="Joint statement", slug="joint-statement", introduction="A statement.")
    parent.add_child(instance=page)
    page.save_revision().publish()
    french = page.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    return {"en": page, "fr": french}


def assert_redirects_permanently(client, old: str, new: str) -> None:
    response = client.get(old)
    assert response.status_code in {301, 302}, (old, response.status_code)
    assert response["Location"] in {new, f"http://testserver{new}"}, response["Location"]
    assert client.get(new).status_code == 200


def test_renaming_a_slug_in_the_admin_leaves_a_redirect(office, commit, statement):
    page = statement["en"]
    old = "/en/presidencies/2026-united-states/statements/joint-statement/"
    new = "/en/presidencies/2026-united-states/statements/g20-joint-statement/"
    assert office.get(old).status_code == 200

    response = _edit_and_publish(office, commit, page, slug="g20-joint-statement")

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Page.objects.get(pk=page.pk).url == new
    assert Redirect.objects.filter(redirect_page_id=page.pk).exists()
    assert_redirects_permanently(office, old, new)


def test_renaming_a_translation_leaves_a_redirect_too(office, commit, statement):
    page = statement["fr"]
    old = "/fr/presidencies/2026-united-states/statements/joint-statement/"
    new = "/fr/presidencies/2026-united-states/statements/declaration-commune/"

    response = _edit_and_publish(office, commit, page, slug="declaration-commune")

    assert response.status_code == 302
    assert_redirects_permanently(office, old, new)


def test_moving_a_page_in_the_admin_leaves_a_redirect(office, commit, world, statement):
    page = statement["en"]
    # Moved up to the presidency itself, where content pages are allowed.
    destination = world.us
    old = "/en/presidencies/2026-united-states/statements/joint-statement/"
    new = "/en/presidencies/2026-united-states/joint-statement/"

    response = commit(office.post, reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))

    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).url == new
    assert Redirect.objects.filter(redirect_page_id=page.pk, old_path=old.rstrip("/")).exists()
    assert_redirects_permanently(office, old, new)
    # The French translation's own URL keeps answering, moved with it or not.
    assert office.get("/fr/presidencies/2026-united-states/statements/joint-statement/", follow=True).status_code == 200


def test_moving_a_page_redirects_the_pages_below_it(office, commit, world):
    """A statement moved with its parent: the descendants' old URLs redirect too."""
    statements = world.us.get_children().get(slug="statements")
    dossier = ContentPage(title="Summit dossier", slug="summit-dossier")
    statements.add_child(instance=dossier)
    dossier.save_revision().publish()
    child = ContentPage(title="Opening remarks", slug="opening-remarks")
    dossier.add_child(instance=child)
    child.save_revision().publish()
    destination = world.us

    response = commit(office.post, reverse("wagtailadmin_pages:move_confirm", args=[dossier.pk, destination.pk]))

    assert response.status_code == 302
    assert_redirects_permanently(
        office,
        "/en/presidencies/2026-united-states/statements/summit-dossier/opening-remarks/",
        "/en/presidencies/2026-united-states/summit-dossier/opening-remarks/",
    )


def test_renaming_a_section_redirects_the_pages_below_it(office, commit, world, statement):
    section = world.us.get_children().get(slug="statements")

    response = _edit_and_publish(office, commit, section, slug="press")

    assert response.status_code == 302
    assert_redirects_permanently(
        office,
        "/en/presidencies/2026-united-states/statements/joint-statement/",
        "/en/presidencies/2026-united-states/press/joint-statement/",
    )
    assert_redirects_permanently(
        office, "/en/presidencies/2026-united-states/statements/", "/en/presidencies/2026-united-states/press/"
    )


def test_a_handover_changes_no_existing_url(world, office, statement, client):
    before = public_urls(world.us) + public_urls(world.uk) + public_urls(world.za)

    office.post(HANDOVER, {"country": "Germany", "year": "2028"})

    assert public_urls(world.us) + public_urls(world.uk) + public_urls(world.za) == before
    for url in before:
        assert client.get(url).status_code == 200, url
