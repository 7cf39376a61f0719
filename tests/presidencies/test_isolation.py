"""Isolation between presidencies (issue 3, item 6), through real admin HTTP requests.

Modelled on Wagtail's own permission tests (``wagtail/admin/tests/pages/test_*.py``):
a user is logged in with ``client.force_login`` and every admin view is requested
as a browser would request it. Wagtail answers a refused page action with a
redirect to the admin home and the message "Sorry, you do not have permission to
access this area." (some views answer 403); either way never a 200, and nothing
changes in the database.

Cast (built once per module, on top of the ``world`` fixture):

* users in "2026 United States editors", "2026 United States moderators",
  "2025 South Africa editors"/"... moderators" (archived) and "G20 communication office";
* a published statement (ContentPage) under the UK and the US "Statements" pages,
  in English and French, and an unpublished US draft;
* under the UK "Statements": a never-published page and a live page with a pending, retitled draft;
* an image and a document in the UK collection and in the US collection;
* official accounts owned by the UK, the US and the office.
"""

from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, Page
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, rich_text, streamfield

from hub.models import ContentPage
from presidencies.models import OfficialAccount, PresidencyPage
from tests.factories.users import UserFactory

US_EDITORS = "2026 United States editors"
US_MODERATORS = "2026 United States moderators"
ZA_EDITORS = "2025 South Africa editors"
ZA_MODERATORS = "2025 South Africa moderators"
OFFICE = "G20 communication office"

US_ROLES = ["us_editor", "us_moderator"]
LANGUAGES = ["en", "fr"]
# The presidency page and two of its children: a blueprint section and a statement under "Statements".
KINDS = ["presidency", "priorities", "statement"]

ADMIN_HOME = "/admin/"
PERMISSION_MESSAGE = "Sorry, you do not have permission to access this area."


# --- the cast ----------------------------------------------------------------------------------


def _publish_statement(parent, title: str, slug: str, fr: Locale) -> dict:
    page = ContentPage(title=title, slug=slug, introduction=f"{title}.")
    parent.add_child(instance=page)
    page.save_revision().publish()
    translated = page.copy_for_translation(fr)
    translated.title = f"{title} (fr)"
    translated.save_revision().publish()
    return {"en": page, "fr": translated}


def _presidency_pages(presidency: PresidencyPage, fr: Locale) -> dict:
    pages = {"presidency": {}, "priorities": {}, "statements": {}}
    for language, section in (("en", presidency), ("fr", presidency.get_translation(fr))):
        pages["presidency"][language] = section.specific
        pages["priorities"][language] = section.get_children().get(slug="priorities").specific
        pages["statements"][language] = section.get_children().get(slug="statements").specific
    return pages


def build_cast(world) -> SimpleNamespace:
    fr = Locale.objects.get(language_code="fr")
    pages = {
        key: _presidency_pages(presidency, fr)
        for key, presidency in (("za", world.za), ("us", world.us), ("uk", world.uk))
    }
    pages["uk"]["statement"] = _publish_statement(pages["uk"]["statements"]["en"], "UK statement", "uk-statement", fr)
    pages["us"]["statement"] = _publish_statement(pages["us"]["statements"]["en"], "US statement", "us-statement", fr)
    pages["za"]["statement"] = _publish_statement(pages["za"]["statements"]["en"], "ZA statement", "za-statement", fr)
    us_draft = ContentPage(title="US draft", slug="us-draft", live=False)
    pages["us"]["statements"]["en"].add_child(instance=us_draft)
    us_draft.save_revision()
    uk_secret = ContentPage(title="UK secret plans", slug="uk-secret-plans", live=False)
    pages["uk"]["statements"]["en"].add_child(instance=uk_secret)
    uk_secret.save_revision()
    uk_briefing = ContentPage(title="UK briefing", slug="uk-briefing", introduction="Briefing.")
    pages["uk"]["statements"]["en"].add_child(instance=uk_briefing)
    uk_briefing.save_revision().publish()
    uk_briefing.title = "UK briefing on unannounced sanctions"
    uk_briefing.save_revision()

    users = {
        "us_editor": UserFactory(username="us-editor", groups=[US_EDITORS]),
        "us_moderator": UserFactory(username="us-moderator", groups=[US_MODERATORS]),
        "za_editor": UserFactory(username="za-editor", groups=[ZA_EDITORS]),
        "za_moderator": UserFactory(username="za-moderator", groups=[ZA_MODERATORS]),
        "office": UserFactory(username="office", groups=[OFFICE]),
    }

    Image = get_image_model()
    Document = get_document_model()
    images, documents = {}, {}
    for key, presidency in (("us", world.us), ("uk", world.uk)):
        images[key] = Image.objects.create(
            title=f"{key.upper()} summit photo",
            file=get_test_image_file(filename=f"{key}-summit.png"),
            collection=presidency.collection,
        )
        documents[key] = Document.objects.create(
            title=f"{key.upper()} communique",
            file=ContentFile(b"Communique text.", name=f"{key}-communique.txt"),
            collection=presidency.collection,
        )

    accounts = {
        "uk": OfficialAccount(platform="x", handle="@ukpres2027", url="https://x.com/ukpres2027", owner=world.uk),
        "us": OfficialAccount(platform="x", handle="@uspres2026", url="https://x.com/uspres2026", owner=world.us),
        "office": OfficialAccount(platform="x", handle="@g20office", url="https://x.com/g20office", owner=None),
    }
    for account in accounts.values():
        account.save()

    return SimpleNamespace(
        pages=pages,
        us_draft=us_draft,
        uk_secret=uk_secret,
        uk_briefing=uk_briefing,
        users=users,
        images=images,
        documents=documents,
        accounts=accounts,
    )


def page_of(cast, country: str, kind: str, language: str) -> Page:
    return cast.pages[country][kind][language]


# --- helpers ---------------------------------------------------------------------------------


def assert_refused(response) -> None:
    """Wagtail's answer to a forbidden admin action: back to the admin home with its message, or 403."""
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME, f"redirected to {response['Location']}, not refused"
        messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
        assert PERMISSION_MESSAGE in messages
    else:
        assert response.status_code == 403, f"answered {response.status_code}, not refused"


def read_form(response, form_id: str) -> dict[str, list[str]]:
    """What a browser (without JavaScript) would submit from the form, read with Wagtail's own helper."""
    assert response.status_code == 200, response.status_code
    return dict(querydict_from_html(response.content.decode(), form_id=form_id).lists())


def edit_form_data(client, page: Page, **changes) -> dict:
    """The page's edit form as the logged-in user's browser would post it (StreamFields left empty)."""
    data = read_form(client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])), "page-edit-form")
    for field in type(page.specific)._meta.get_fields():
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", ["0"])
    data.update({key: [value] for key, value in changes.items()})
    return data


def office_edit_form_data(client, cast, page: Page, **changes) -> dict:
    """The edit form of a page the attacker cannot open, taken from the office's browser."""
    client.force_login(cast.users["office"])
    data = edit_form_data(client, page, **changes)
    client.logout()
    return data


def latest_title(page: Page) -> str:
    return Page.objects.get(pk=page.pk).get_latest_revision().content["title"]


def live_title(page: Page) -> str:
    return Page.objects.get(pk=page.pk).title


def revision_count(page: Page) -> int:
    return Page.objects.get(pk=page.pk).revisions.count()


page_targets = pytest.mark.parametrize(
    ("kind", "language"), [(kind, language) for kind in KINDS for language in LANGUAGES]
)
us_roles = pytest.mark.parametrize("role", US_ROLES)


# --- pages of another presidency -----------------------------------------------------------


@us_roles
@page_targets
def test_cannot_open_the_edit_view(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    response = login(role).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert_refused(response)


@us_roles
@page_targets
def test_cannot_post_an_edit(client, login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    data = office_edit_form_data(client, cast, page, title="Hijacked")
    before = revision_count(page)

    response = login(role).post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert_refused(response)
    assert revision_count(page) == before
    assert latest_title(page) != "Hijacked"


@us_roles
@page_targets
def test_cannot_publish(client, login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    data = office_edit_form_data(client, cast, page, title="Hijacked", **{"action-publish": "action-publish"})
    live_revision = Page.objects.get(pk=page.pk).live_revision_id

    response = login(role).post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert_refused(response)
    assert live_title(page) == page.title
    assert Page.objects.get(pk=page.pk).live_revision_id == live_revision


@us_roles
@page_targets
def test_cannot_copy_out(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    destination = page_of(cast, "us", "statements", language)
    client = login(role)
    url = reverse("wagtailadmin_pages:copy", args=[page.pk])

    assert_refused(client.get(url))
    response = client.post(
        url,
        {
            "new_title": "Copied out",
            "new_slug": "copied-out",
            "new_parent_page": str(destination.pk),
            "copy_subpages": "on",
            "publish_copies": "on",
        },
    )

    assert_refused(response)
    assert not Page.objects.filter(slug="copied-out").exists()


@us_roles
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("destination_kind", ["presidency", "statements"])
def test_cannot_copy_into(login, cast, role, language, destination_kind):
    source = page_of(cast, "us", "statement", language)
    destination = page_of(cast, "uk", destination_kind, language)
    client = login(role)
    url = reverse("wagtailadmin_pages:copy", args=[source.pk])
    assert client.get(url).status_code == 200  # they may copy their own page, just not there

    response = client.post(
        url,
        {"new_title": "Copied in", "new_slug": "copied-in", "new_parent_page": str(destination.pk)},
    )

    assert response.status_code == 200
    assert "You do not have permission to copy to page" in response.content.decode()
    assert not Page.objects.filter(slug="copied-in").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_can_copy_within_their_own_presidency(login, cast, language):
    """Positive control for the copy tests: the same form works inside the US section."""
    source = page_of(cast, "us", "statement", language)
    destination = page_of(cast, "us", "priorities", language)
    response = login("us_editor").post(
        reverse("wagtailadmin_pages:copy", args=[source.pk]),
        {"new_title": "Copied", "new_slug": "copied-within", "new_parent_page": str(destination.pk)},
    )
    assert response.status_code == 302
    copy = Page.objects.get(slug="copied-within")
    assert copy.get_parent().pk == destination.pk


@us_roles
@page_targets
def test_cannot_move_a_page_of_another_presidency(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    destination = page_of(cast, "us", "statements", language)
    parent = page.get_parent()
    client = login(role)

    assert_refused(client.get(reverse("wagtailadmin_pages:move", args=[page.pk])))
    assert_refused(
        client.post(reverse("wagtailadmin_pages:move", args=[page.pk]), {"new_parent_page": str(destination.pk)})
    )
    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))

    assert response.status_code in {302, 403}
    if response.status_code == 302:
        assert response["Location"] in {ADMIN_HOME, reverse("wagtailadmin_pages:move", args=[page.pk])}
    assert Page.objects.get(pk=page.pk).get_parent().pk == parent.pk


@us_roles
@pytest.mark.parametrize("language", LANGUAGES)
def test_move_confirmation_of_a_page_of_another_presidency_is_refused(login, cast, role, language):
    """The confirmation screen (GET) of a move the user may not make is refused too."""
    page = page_of(cast, "uk", "statement", language)
    destination = page_of(cast, "us", "statements", language)
    response = login(role).get(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))
    assert_refused(response)


@pytest.mark.parametrize(
    ("role", "source"),
    [("us_editor", "us_draft"), ("us_moderator", "us_draft"), ("us_moderator", "us_statement")],
)
@pytest.mark.parametrize("destination_kind", ["presidency", "statements"])
def test_cannot_move_own_page_into_another_presidency(login, cast, role, source, destination_kind):
    page = cast.us_draft if source == "us_draft" else page_of(cast, "us", "statement", "en")
    destination = page_of(cast, "uk", destination_kind, "en")
    parent = page.get_parent()
    client = login(role)
    assert client.get(reverse("wagtailadmin_pages:move", args=[page.pk])).status_code == 200

    response = client.post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))

    assert_refused(response)
    assert Page.objects.get(pk=page.pk).get_parent().pk == parent.pk
    assert not Page.objects.child_of(destination).filter(slug=page.slug).exists()


@pytest.mark.parametrize(
    ("role", "source"),
    [("us_editor", "us_draft"), ("us_moderator", "us_statement")],
)
def test_can_move_own_page_within_own_presidency(login, cast, role, source):
    """Positive control for the move tests."""
    page = cast.us_draft if source == "us_draft" else page_of(cast, "us", "statement", "en")
    destination = page_of(cast, "us", "priorities", "en")

    response = login(role).post(reverse("wagtailadmin_pages:move_confirm", args=[page.pk, destination.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_explore", args=[destination.pk])
    assert Page.objects.get(pk=page.pk).get_parent().pk == destination.pk


@us_roles
@page_targets
def test_cannot_delete(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    client = login(role)
    url = reverse("wagtailadmin_pages:delete", args=[page.pk])

    assert_refused(client.get(url))
    assert_refused(client.post(url))
    assert Page.objects.filter(pk=page.pk).exists()


@us_roles
@page_targets
def test_cannot_bulk_delete_unpublish_or_publish(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    draft = Page.objects.get(pk=page.pk).specific
    live_revision = draft.live_revision_id
    draft.title = "Unreviewed draft"
    draft.save_revision()  # something a bulk publish would put live
    client = login(role)

    for action in ("delete", "unpublish", "publish"):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action]) + f"?id={page.pk}"
        client.post(url, {"include_descendants": "on"})

    refreshed = Page.objects.get(pk=page.pk)
    assert refreshed.live
    assert refreshed.title == page.title
    assert refreshed.live_revision_id == live_revision


@us_roles
@page_targets
def test_cannot_see_history_or_revisions(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    revision = page.get_latest_revision()
    client = login(role)
    for url in (
        reverse("wagtailadmin_pages:history", args=[page.pk]),
        reverse("wagtailadmin_pages:history_results", args=[page.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "earliest", "latest"]),
        reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", str(revision.pk)]),
        reverse("wagtailadmin_pages:workflow_history", args=[page.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
    ):
        response = client.get(url)
        assert response.status_code != 200, url
        assert_refused(response)


@us_roles
@pytest.mark.parametrize("language", LANGUAGES)
def test_cannot_reach_another_presidencys_revision_through_own_page(login, cast, role, language):
    """A UK revision id under a US page's URL: not found, never rendered, never restored."""
    own = page_of(cast, "us", "statement", language)
    foreign = page_of(cast, "uk", "statement", language)
    foreign_revision = foreign.get_latest_revision()
    own_revision = own.get_latest_revision()
    before = revision_count(own)
    client = login(role)
    for url in (
        reverse("wagtailadmin_pages:revisions_view", args=[own.pk, foreign_revision.pk]),
        reverse("wagtailadmin_pages:revisions_revert", args=[own.pk, foreign_revision.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[own.pk, str(foreign_revision.pk), str(own_revision.pk)]),
        reverse("wagtailadmin_pages:revisions_compare", args=[own.pk, "earliest", str(foreign_revision.pk)]),
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 404, url
        assert foreign.title not in response.content.decode()
    assert revision_count(own) == before


@us_roles
@page_targets
def test_cannot_reorder(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    siblings = list(page.get_parent().get_children().values_list("pk", flat=True))
    response = login(role).post(reverse("wagtailadmin_pages:set_page_position", args=[page.pk]) + "?position=0")
    assert_refused(response)
    assert list(page.get_parent().get_children().values_list("pk", flat=True)) == siblings


@us_roles
@page_targets
def test_cannot_preview(client, login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    data = office_edit_form_data(client, cast, page, title="Previewed")
    client = login(role)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])

    assert_refused(client.post(url, data))
    assert_refused(client.get(url))


@us_roles
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("parent_kind", ["presidency", "statements"])
def test_cannot_add_a_child(login, cast, role, language, parent_kind):
    parent = page_of(cast, "uk", parent_kind, language)
    client = login(role)
    add_url = reverse("wagtailadmin_pages:add", args=["hub", "contentpage", parent.pk])

    assert_refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[parent.pk])))
    assert_refused(client.get(add_url))
    assert_refused(
        client.post(
            reverse("wagtailadmin_pages:preview_on_add", args=["hub", "contentpage", parent.pk]),
            {"title": "Planted", "slug": "planted", "body-count": "0"},
        )
    )
    response = client.post(
        add_url,
        {
            "title": "Planted",
            "slug": "planted",
            "introduction": "",
            "body-count": "0",
            "comments-TOTAL_FORMS": "0",
            "comments-INITIAL_FORMS": "0",
            "comments-MIN_NUM_FORMS": "0",
            "comments-MAX_NUM_FORMS": "1000",
            "action-publish": "action-publish",
        },
    )
    assert_refused(response)
    assert not Page.objects.filter(slug="planted").exists()


@us_roles
@page_targets
def test_cannot_unpublish_lock_or_restrict(login, cast, role, kind, language):
    page = page_of(cast, "uk", kind, language)
    client = login(role)
    assert_refused(client.get(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    assert_refused(client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk])))
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    client.post(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]), {"restriction_type": "login"})

    refreshed = Page.objects.get(pk=page.pk)
    assert refreshed.live
    assert not refreshed.locked
    assert not refreshed.view_restrictions.exists()


@us_roles
def test_explorer_does_not_list_another_presidencys_pages(login, cast, role):
    uk = page_of(cast, "uk", "presidency", "en")
    response = login(role).get(reverse("wagtailadmin_explore", args=[uk.pk]))
    html = response.content.decode()
    for child in uk.get_children():
        assert reverse("wagtailadmin_pages:edit", args=[child.pk]) not in html


# --- the archived presidency -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["za_editor", "za_moderator"])
@pytest.mark.parametrize(("kind", "language"), [(kind, language) for kind in KINDS for language in LANGUAGES])
def test_archived_presidency_groups_can_no_longer_edit(client, login, cast, role, kind, language):
    page = page_of(cast, "za", kind, language)
    data = office_edit_form_data(client, cast, page, title="Rewritten", **{"action-publish": "action-publish"})
    before = revision_count(page)
    client = login(role)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    assert_refused(client.get(url))
    assert_refused(client.post(url, data))
    assert_refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[page.pk])))
    assert_refused(client.get(reverse("wagtailadmin_pages:delete", args=[page.pk])))
    assert revision_count(page) == before
    assert live_title(page) == page.title


@pytest.mark.parametrize("role", ["za_editor", "za_moderator"])
def test_archived_presidency_groups_cannot_touch_the_current_one(login, cast, role):
    page = page_of(cast, "us", "presidency", "en")
    assert_refused(login(role).get(reverse("wagtailadmin_pages:edit", args=[page.pk])))


# --- positive controls ---------------------------------------------------------------------------


@us_roles
@page_targets
def test_us_groups_can_edit_their_own_pages(login, cast, role, kind, language):
    page = page_of(cast, "us", kind, language)
    client = login(role)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form_data(client, page, title=f"{page.title} (draft)")

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url
    assert latest_title(page) == f"{page.title} (draft)"


@page_targets
def test_us_editor_cannot_publish_even_own_pages(login, cast, kind, language):
    """Editors save drafts; moderators publish."""
    page = page_of(cast, "us", kind, language)
    client = login("us_editor")
    data = edit_form_data(client, page, title="Published by an editor", **{"action-publish": "action-publish"})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert live_title(page) == page.title
    assert latest_title(page) == "Published by an editor"


@page_targets
def test_us_moderator_can_publish_own_pages(login, cast, kind, language):
    page = page_of(cast, "us", kind, language)
    client = login("us_moderator")
    data = edit_form_data(client, page, title="Published by the moderator", **{"action-publish": "action-publish"})

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert response.status_code == 302
    assert live_title(page) == "Published by the moderator"


@page_targets
def test_office_can_edit_and_publish_another_presidencys_pages(login, cast, kind, language):
    page = page_of(cast, "uk", kind, language)
    client = login("office")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form_data(client, page, title="Published by the office", **{"action-publish": "action-publish"})

    response = client.post(url, data)

    assert response.status_code == 302
    assert live_title(page) == "Published by the office"
    assert client.get(reverse("wagtailadmin_pages:history", args=[page.pk])).status_code == 200


# --- images and documents --------------------------------------------------------------------------


MEDIA = {
    "image": {
        "chooser": "wagtailimages_chooser:choose",
        "chooser_results": "wagtailimages_chooser:choose_results",
        "chosen": "wagtailimages_chooser:chosen",
        "index": "wagtailimages:index",
        "edit": "wagtailimages:edit",
        "delete": "wagtailimages:delete",
        "usage": "wagtailimages:image_usage",
        "edit_multiple": "wagtailimages:edit_multiple",
        "delete_multiple": "wagtailimages:delete_multiple",
    },
    "document": {
        "chooser": "wagtaildocs_chooser:choose",
        "chooser_results": "wagtaildocs_chooser:choose_results",
        "chosen": "wagtaildocs_chooser:chosen",
        "index": "wagtaildocs:index",
        "edit": "wagtaildocs:edit",
        "delete": "wagtaildocs:delete",
        "usage": "wagtaildocs:document_usage",
        "edit_multiple": "wagtaildocs:edit_multiple",
        "delete_multiple": "wagtaildocs:delete_multiple",
    },
}


def _media(cast, kind: str, owner: str):
    return (cast.images if kind == "image" else cast.documents)[owner]


def _media_model(kind: str):
    return get_image_model() if kind == "image" else get_document_model()


media_kinds = pytest.mark.parametrize("media", ["image", "document"])


@us_roles
@media_kinds
@pytest.mark.parametrize("view", ["chooser", "chooser_results", "index"])
def test_media_listings_show_only_own_collection(login, cast, role, media, view):
    response = login(role).get(reverse(MEDIA[media][view]))
    assert response.status_code == 200
    html = response.content.decode()
    assert _media(cast, media, "us").title in html
    assert _media(cast, media, "uk").title not in html


@us_roles
@media_kinds
def test_cannot_choose_edit_or_delete_another_presidencys_media(login, cast, role, media):
    item = _media(cast, media, "uk")
    client = login(role)
    urls = MEDIA[media]

    assert_refused(client.get(reverse(urls["chosen"], args=[item.pk])))
    assert_refused(client.get(reverse(urls["edit"], args=[item.pk])))
    assert_refused(client.post(reverse(urls["edit"], args=[item.pk]), {"title": "Hijacked"}))
    assert_refused(client.get(reverse(urls["delete"], args=[item.pk])))
    assert_refused(client.post(reverse(urls["delete"], args=[item.pk])))
    assert_refused(client.get(reverse(urls["usage"], args=[item.pk])))
    prefix = "image" if media == "image" else "doc"
    assert_refused(
        client.post(reverse(urls["edit_multiple"], args=[item.pk]), {f"{prefix}-{item.pk}-title": "Hijacked"})
    )
    assert_refused(client.post(reverse(urls["delete_multiple"], args=[item.pk])))

    refreshed = _media_model(media).objects.get(pk=item.pk)
    assert refreshed.title == item.title


@us_roles
@media_kinds
def test_cannot_upload_into_another_presidencys_collection(login, cast, role, world, media):
    client = login(role)
    upload = (
        get_test_image_file(filename="planted.png")
        if media == "image"
        else ContentFile(b"Planted.", name="planted.txt")
    )
    add = "wagtailimages:add" if media == "image" else "wagtaildocs:add"
    client.post(reverse(add), {"title": "Planted media", "file": upload, "collection": str(world.uk.collection_id)})
    assert not _media_model(media).objects.filter(title="Planted media", collection=world.uk.collection).exists()


@us_roles
@media_kinds
def test_can_choose_and_edit_own_media(login, cast, role, media):
    item = _media(cast, media, "us")
    client = login(role)
    urls = MEDIA[media]

    assert client.get(reverse(urls["chosen"], args=[item.pk])).status_code == 200
    assert client.get(reverse(urls["edit"], args=[item.pk])).status_code == 200


def _latest(page: Page):
    return Page.objects.get(pk=page.pk).get_latest_revision().as_object()


def _body_with(block_type: str, item) -> dict:
    value = (
        {"image": item.pk, "alt_text": "", "caption": "", "credit": ""}
        if block_type == "image"
        else {"document": item.pk, "title": "", "description": ""}
    )
    return nested_form_data({"body": streamfield([(block_type, value)])})


def _used_media(page, block_type: str) -> set[int]:
    return {block.value[block_type].pk for block in page.body if block.block_type == block_type}


@us_roles
@pytest.mark.parametrize(
    ("kind", "field"), [("presidency", "logo"), ("presidency", "share_image"), ("statement", "share_image")]
)
@pytest.mark.parametrize("owner", ["uk", "us"])
def test_page_image_fields_take_only_own_images(login, cast, role, kind, field, owner):
    """A US page may show a US image; a UK image id posted by hand must not be saved."""
    page = page_of(cast, "us", kind, "en")
    image = cast.images[owner]
    client = login(role)
    data = edit_form_data(client, page, **{field: str(image.pk)})

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    saved = getattr(_latest(page), f"{field}_id")
    assert (saved == image.pk) is (owner == "us")


@us_roles
@pytest.mark.parametrize("media", ["image", "document"])
@pytest.mark.parametrize("owner", ["uk", "us"])
def test_page_body_takes_only_own_media(login, cast, role, media, owner):
    page = page_of(cast, "us", "statement", "en")
    item = _media(cast, media, owner)
    client = login(role)
    data = edit_form_data(client, page)
    data.update(_body_with(media, item))

    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    assert (item.pk in _used_media(_latest(page), media)) is (owner == "us")


@us_roles
@pytest.mark.parametrize("owner", ["uk", "us"])
def test_page_body_rich_text_links_only_own_documents(login, cast, role, owner):
    """A document linked from inside rich text is media too: a UK document id in a US statement's text
    is refused like one chosen in a document block."""
    page = page_of(cast, "us", "statement", "en")
    document = cast.documents[owner]
    client = login(role)
    data = edit_form_data(client, page)
    data.update(
        nested_form_data(
            {"body": streamfield([("text", rich_text(f'<p><a linktype="document" id="{document.pk}">Read</a></p>'))])}
        )
    )

    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)

    linked = any(
        f'id="{document.pk}"' in block.value.source for block in _latest(page).body if block.block_type == "text"
    )
    assert linked is (owner == "us")
    if owner == "uk":
        assert "a document from a collection you may not use" in response.content.decode()


# --- official accounts -------------------------------------------------------------------------------


ACCOUNTS = "wagtailsnippets_presidencies_officialaccount"


def _account_form(owner: PresidencyPage | None, handle: str) -> dict:
    return {
        "platform": "x",
        "handle": f"@{handle}",
        "url": f"https://x.com/{handle}",
        "alias_urls": "",
        "owner": str(owner.pk) if owner else "",
        "status": "active",
        "verified_on": "",
        "active_from": "",
        "active_until": "",
    }


@us_roles
def test_account_listing_shows_only_own_accounts(login, cast, role):
    response = login(role).get(reverse(f"{ACCOUNTS}:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "@uspres2026" in html
    assert "@ukpres2027" not in html
    assert "@g20office" not in html


ACCOUNT_VIEWS = [
    "edit",
    "delete",
    "copy",
    "history",
    "usage",
]


@us_roles
@pytest.mark.parametrize("owner", ["uk", "office"])
@pytest.mark.parametrize("view", ACCOUNT_VIEWS)
def test_cannot_open_accounts_they_do_not_own(login, cast, role, owner, view):
    account = cast.accounts[owner]
    response = login(role).get(reverse(f"{ACCOUNTS}:{view}", args=[account.pk]))
    assert response.status_code in {302, 403}, response.status_code
    if response.status_code == 302:
        assert response["Location"] == ADMIN_HOME


@us_roles
@pytest.mark.parametrize("owner", ["uk", "office"])
def test_cannot_change_or_delete_accounts_they_do_not_own(login, cast, role, owner):
    account = cast.accounts[owner]
    client = login(role)
    form = _account_form(account.owner, "hijacked")

    client.post(reverse(f"{ACCOUNTS}:edit", args=[account.pk]), form)
    client.post(reverse(f"{ACCOUNTS}:delete", args=[account.pk]))
    client.post(
        reverse("wagtail_bulk_action", args=["presidencies", "officialaccount", "delete"]) + f"?id={account.pk}"
    )

    refreshed = OfficialAccount.objects.get(pk=account.pk)
    assert refreshed.handle == account.handle
    assert refreshed.url == account.url


@us_roles
@pytest.mark.parametrize(
    "view",
    [
        "edit",
        "copy",
        "history",
        "usage",
    ],
)
def test_can_open_own_account(login, cast, role, view):
    response = login(role).get(reverse(f"{ACCOUNTS}:{view}", args=[cast.accounts["us"].pk]))
    assert response.status_code == 200
    assert "@uspres2026" in response.content.decode()


@us_roles
def test_can_edit_own_account(login, cast, role):
    account = cast.accounts["us"]
    client = login(role)
    url = reverse(f"{ACCOUNTS}:edit", args=[account.pk])
    assert client.get(url).status_code == 200

    form = _account_form(account.owner, "uspres2026")
    form["verified_on"] = "2026-01-15"
    response = client.post(url, form)

    assert response.status_code == 302
    assert str(OfficialAccount.objects.get(pk=account.pk).verified_on) == "2026-01-15"


@us_roles
@pytest.mark.parametrize("owner", ["uk", "office"])
def test_cannot_create_an_account_for_another_owner(login, cast, world, role, owner):
    client = login(role)
    response = client.post(
        reverse(f"{ACCOUNTS}:add"), _account_form(world.uk if owner == "uk" else None, "plantedaccount")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.get("owner")
    assert not OfficialAccount.objects.filter(handle="@plantedaccount").exists()


@us_roles
def test_cannot_hand_own_account_to_another_owner(login, cast, world, role):
    account = cast.accounts["us"]
    response = login(role).post(reverse(f"{ACCOUNTS}:edit", args=[account.pk]), _account_form(world.uk, "uspres2026"))
    assert response.status_code == 200
    assert response.context["form"].errors.get("owner")
    assert OfficialAccount.objects.get(pk=account.pk).owner_id == world.us.pk


@us_roles
def test_can_create_an_account_for_own_presidency(login, cast, world, role):
    response = login(role).post(reverse(f"{ACCOUNTS}:add"), _account_form(world.us, "usnewaccount"))
    assert response.status_code == 302
    assert OfficialAccount.objects.get(handle="@usnewaccount").owner_id == world.us.pk


def test_archived_presidency_groups_cannot_manage_accounts(login, cast):
    client = login("za_editor")
    response = client.get(reverse(f"{ACCOUNTS}:list"))
    assert response.status_code in {302, 403}
    response = client.post(reverse(f"{ACCOUNTS}:add"), _account_form(None, "zaplanted"))
    assert response.status_code in {302, 403}
    assert not OfficialAccount.objects.filter(handle="@zaplanted").exists()


def test_office_sees_and_edits_every_account(login, cast):
    client = login("office")
    html = client.get(reverse(f"{ACCOUNTS}:list")).content.decode()
    for handle in ("@uspres2026", "@ukpres2027", "@g20office"):
        assert handle in html
    for account in cast.accounts.values():
        assert client.get(reverse(f"{ACCOUNTS}:edit", args=[account.pk])).status_code == 200


# --- the page chooser ----------------------------------------------------------------------------
#
# The chooser shows what the explorer shows, plus other presidencies' live pages under their live title
# (a statement may link to them). A never-published page, and a draft's title, stay with the presidency.

SECRET_TITLES = ("UK secret plans", "unannounced sanctions")


def _chooser_html(response) -> str:
    """The chooser's browse answer is a modal-workflow JSON; its search answer is HTML."""
    assert response.status_code == 200, response.status_code
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html", "")
    return response.content.decode()


def assert_no_secret(html: str) -> None:
    for secret in SECRET_TITLES:
        assert secret not in html


@us_roles
def test_chooser_browse_of_another_presidency_hides_its_unpublished_work(login, cast, role):
    statements = page_of(cast, "uk", "statements", "en")
    html = _chooser_html(login(role).get(reverse("wagtailadmin_choose_page_child", args=[statements.pk])))
    assert_no_secret(html)
    assert f'data-id="{cast.uk_secret.pk}"' not in html
    assert "UK statement" in html  # live: a US statement may link to it
    assert 'data-admin-title="UK briefing"' in html  # under its live title


@us_roles
@pytest.mark.parametrize("secret", ["uk_secret", "uk_briefing_draft"])
def test_chooser_search_hides_another_presidencys_unpublished_work(login, cast, role, secret):
    query = "secret plans" if secret == "uk_secret" else "briefing"
    html = _chooser_html(login(role).get(reverse("wagtailadmin_choose_page_search"), {"q": query}))
    assert_no_secret(html)
    if secret == "uk_briefing_draft":
        assert "UK briefing" in html


@us_roles
def test_chooser_does_not_open_another_presidencys_never_published_page(login, cast, role):
    response = login(role).get(reverse("wagtailadmin_choose_page_child", args=[cast.uk_secret.pk]))
    assert response.status_code == 404
    assert_no_secret(response.content.decode())


@us_roles
def test_chooser_opens_another_presidencys_live_page_under_its_live_title(login, cast, role):
    html = _chooser_html(login(role).get(reverse("wagtailadmin_choose_page_child", args=[cast.uk_briefing.pk])))
    assert 'data-admin-title="UK briefing"' in html
    assert_no_secret(html)


@us_roles
def test_chosen_multiple_answers_only_visible_pages_under_their_live_titles(login, cast, role):
    response = login(role).get(
        reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [cast.uk_secret.pk, cast.uk_briefing.pk]}
    )
    assert response.status_code == 200
    result = response.json()["result"]
    assert [(page["id"], page["adminTitle"]) for page in result] == [(cast.uk_briefing.pk, "UK briefing")]


@pytest.mark.parametrize("pk", ["1", "\uff11", "\u00b2", "9" * 30, "-3", ""])
def test_chosen_multiple_answers_hostile_ids_without_a_server_error(login, cast, pk):
    """The tree's root (no parent), digits of other scripts and ids beyond any row: ignored, never a 500."""
    response = login("us_editor").get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [pk]})

    assert response.status_code == 200
    assert response.json()["result"] == []


@us_roles
def test_chooser_shows_own_drafts(login, cast, role):
    """Positive control: their own never-published page, in browse and search."""
    statements = page_of(cast, "us", "statements", "en")
    client = login(role)
    assert "US draft" in _chooser_html(client.get(reverse("wagtailadmin_choose_page_child", args=[statements.pk])))
    assert "US draft" in _chooser_html(client.get(reverse("wagtailadmin_choose_page_search"), {"q": "draft"}))
    chosen = client.get(reverse("wagtailadmin_choose_page_chosen_multiple"), {"id": [cast.us_draft.pk]}).json()
    assert [page["adminTitle"] for page in chosen["result"]] == ["US draft"]


def test_office_chooses_among_every_presidencys_drafts(login, cast):
    statements = page_of(cast, "uk", "statements", "en")
    html = _chooser_html(login("office").get(reverse("wagtailadmin_choose_page_child", args=[statements.pk])))
    assert "UK secret plans" in html
    assert "UK briefing on unannounced sanctions" in html


@pytest.mark.parametrize("role", ["us_editor", "office"])
def test_chooser_scope_costs_three_queries_whatever_the_rows(cast, db, role):
    """Against Wagtail's own browse view on the same request (a table of five rows): the private sections
    and the parent, to check the parent may be seen, and once per table the rows to show as published;
    never a query per row."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from wagtail.admin.views.chooser import BrowseView

    from hub.web.admin_scope import ScopedBrowseView

    statements = page_of(cast, "uk", "statements", "en")
    user = cast.users[role]

    def count(view_class) -> int:
        request = RequestFactory().get(reverse("wagtailadmin_choose_page_child", args=[statements.pk]))
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            assert view_class.as_view()(request, parent_page_id=statements.pk).status_code == 200
        return len(queries)

    count(ScopedBrowseView)  # warm the content-type and permission caches
    assert count(ScopedBrowseView) - count(BrowseView) == 3


@us_roles
@pytest.mark.parametrize(
    "view",
    [
        "wagtailadmin_choose_page_external_link",
        "wagtailadmin_choose_page_email_link",
        "wagtailadmin_choose_page_phone_link",
        "wagtailadmin_choose_page_anchor_link",
    ],
)
def test_chooser_link_tabs_are_unaffected(login, cast, role, view):
    assert login(role).get(reverse(view)).status_code == 200


# --- the admin API (read by the explorer menu and the choosers' scripts) -----------------------------

ADMIN_API = "/admin/api/main/"


@us_roles
@media_kinds
def test_admin_api_lists_only_choosable_media(login, cast, role, media):
    endpoint = f"{ADMIN_API}{media}s/"
    client = login(role)
    listing = client.get(endpoint)
    assert listing.status_code == 200
    titles = [item["title"] for item in listing.json()["items"]]
    assert _media(cast, media, "us").title in titles
    assert _media(cast, media, "uk").title not in titles
    searched = client.get(endpoint, {"search": "UK"}).content.decode()
    assert _media(cast, media, "uk").title not in searched
    assert client.get(f"{endpoint}{_media(cast, media, 'uk').pk}/").status_code == 404
    assert client.get(f"{endpoint}{_media(cast, media, 'us').pk}/").status_code == 200


@us_roles
def test_admin_api_documents_give_no_download_link_of_another_presidency(login, cast, role):
    uk = cast.documents["uk"]
    body = login(role).get(f"{ADMIN_API}documents/").content.decode()
    assert uk.filename not in body
    assert uk.url not in body


@us_roles
@pytest.mark.parametrize("secret", ["uk_secret", "uk_briefing"])
def test_admin_api_pages_hide_another_presidencys_pages(login, cast, role, secret):
    """Regression guard: the pages endpoint already starts from the explorer's pages."""
    page = getattr(cast, secret)
    client = login(role)
    assert client.get(f"{ADMIN_API}pages/{page.pk}/").status_code == 404
    listing = client.get(f"{ADMIN_API}pages/", {"child_of": page_of(cast, "uk", "statements", "en").pk})
    assert_no_secret(listing.content.decode())
    assert_no_secret(client.get(f"{ADMIN_API}pages/", {"search": "UK"}).content.decode())
