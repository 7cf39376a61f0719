"""Private collections (issue 17, item 4): a presidency's "Working documents" stay with its officers.

Each presidency's collection holds a private child collection, "Working documents", readable by the
presidency's groups and the office only. Its files are kept in the private storage, never under
MEDIA_URL, and served only by Wagtail's document view after its privacy check. Public pages and the
library never link to them. The presidency's main collection stays public (pages and the library
publish from it).
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page

from hub.models import ContentPage
from presidencies.access import (
    WORKING_DOCUMENTS,
    ensure_every_working_documents,
    ensure_presidency_access,
)
from tests.factories.library import DocumentFactory, add_item
from tests.factories.users import UserFactory

US_EDITORS = "2026 United States editors"
US_MODERATORS = "2026 United States moderators"
ZA_EDITORS = "2025 South Africa editors"
OFFICE = "G20 communication office"
SECRET = b"Negotiating position: do not circulate."

Document = get_document_model()


def working_documents(presidency) -> Collection:
    presidency.refresh_from_db()
    return presidency.collection.get_children().get(name=WORKING_DOCUMENTS)


pytestmark = pytest.mark.usefixtures("disk_storages")


@pytest.fixture
def users(world, db):
    return {
        "us_editor": UserFactory(username="us-editor", groups=[US_EDITORS]),
        "us_moderator": UserFactory(username="us-moderator", groups=[US_MODERATORS]),
        "za_editor": UserFactory(username="za-editor", groups=[ZA_EDITORS]),
        "office": UserFactory(username="office", groups=[OFFICE]),
        "outsider": UserFactory(username="outsider"),
    }


@pytest.fixture
def upload(client, users, world, django_capture_on_commit_callbacks):
    """A document uploaded by a US editor through the admin's add form, into ``collection``."""

    def _upload(collection, title="US negotiating position") -> Document:
        client.force_login(users["us_editor"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("wagtaildocs:add"),
                {"title": title, "file": ContentFile(SECRET, name="position.txt"), "collection": str(collection.pk)},
            )
        assert response.status_code == 302, response.content.decode()[:500]
        client.logout()
        return Document.objects.get(title=title)

    return _upload


def stored_in(document) -> str:
    name = Document.objects.get(pk=document.pk).file.name
    in_media, in_private = storages["media"].exists(name), storages["private"].exists(name)
    assert in_media != in_private, f"{name}: media {in_media}, private {in_private}"
    return "private" if in_private else "media"


# --- the collection ---------------------------------------------------------------------------------


@pytest.mark.parametrize("presidency", ["us", "uk", "za"])
def test_each_presidency_has_private_working_documents(world, db, presidency):
    section = getattr(world, presidency)
    working = working_documents(section)
    restriction = working.view_restrictions.get()
    assert restriction.restriction_type == CollectionViewRestriction.GROUPS
    readers = set(restriction.groups.values_list("name", flat=True))
    base = f"{section.year} {section.country_name}"
    assert readers == {f"{base} editors", f"{base} moderators", OFFICE}
    assert not section.collection.get_view_restrictions().exists()  # the main collection stays public


def test_working_documents_setup_is_idempotent(world, db):
    assert not [change for change in ensure_presidency_access(world.us) if WORKING_DOCUMENTS in change]
    assert ensure_every_working_documents() == []


def test_presidencies_made_before_working_documents_get_them_after_migrate(world, db):
    working_documents(world.uk).delete()
    changes = ensure_every_working_documents()
    assert any("United Kingdom / Working documents" in change for change in changes)
    assert working_documents(world.uk).view_restrictions.exists()


# --- files and who may read them ------------------------------------------------------------------------


def test_upload_to_working_documents_goes_to_private_storage(world, upload):
    document = upload(working_documents(world.us))
    assert stored_in(document) == "private"
    with pytest.raises(NotImplementedError):
        storages["default"].url(document.file.name)  # no address under MEDIA_URL or on the bucket


def test_upload_to_the_main_collection_stays_public(world, upload):
    document = upload(world.us.collection)
    assert stored_in(document) == "media"
    assert storages["default"].url(document.file.name).startswith("/media/documents/")


@pytest.mark.parametrize("reader", [None, "outsider", "za_editor"])
def test_private_document_is_not_served_to_others(client, world, users, upload, reader):
    document = upload(working_documents(world.us))
    if reader:
        client.force_login(users[reader])
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login")) or "/login" in response["Location"]
    assert SECRET not in response.content


@pytest.mark.parametrize("reader", ["us_editor", "us_moderator", "office"])
def test_private_document_is_served_to_its_readers_and_never_cached(client, world, users, upload, reader):
    document = upload(working_documents(world.us))
    client.force_login(users[reader])
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SECRET
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_public_document_is_served_to_anyone(client, world, upload):
    document = upload(world.us.collection, title="US communique")
    response = client.get(document.url)
    assert response.status_code in {200, 302}
    assert "private" not in response.get("Cache-Control", "")


# --- moving documents and collections -----------------------------------------------------------------


def _edit(client, user, document, collection, capture):
    client.force_login(user)
    with capture(execute=True):
        response = client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": document.title, "collection": str(collection.pk), "tags": ""},
        )
    assert response.status_code == 302, response.content.decode()[:500]


def test_moving_a_document_in_and_out_of_working_documents_moves_its_file(
    client, world, users, upload, django_capture_on_commit_callbacks
):
    document = upload(world.us.collection)
    old_name = Document.objects.get(pk=document.pk).file.name

    _edit(client, users["us_editor"], document, working_documents(world.us), django_capture_on_commit_callbacks)
    assert stored_in(document) == "private"
    assert not storages["media"].exists(old_name)  # the public copy is gone

    _edit(client, users["us_editor"], document, world.us.collection, django_capture_on_commit_callbacks)
    assert stored_in(document) == "media"
    stored = Document.objects.get(pk=document.pk)
    with stored.file.open("rb") as content:
        assert content.read() == SECRET


def test_making_a_collection_private_moves_its_files(client, world, users, upload, django_capture_on_commit_callbacks):
    briefings = world.us.collection.add_child(name="Briefings")
    document = upload(briefings)
    assert stored_in(document) == "media"
    client.force_login(UserFactory(username="admin", is_superuser=True))  # who manages collections
    url = reverse("wagtailadmin_collections:set_privacy", args=[briefings.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"restriction_type": "login"}).status_code == 200
    assert stored_in(document) == "private"

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"restriction_type": "none"}).status_code == 200
    assert stored_in(document) == "media"


def test_moving_a_collection_under_a_private_one_moves_its_files(
    client, world, users, upload, django_capture_on_commit_callbacks
):
    """The moved collection inherits its new parent's privacy, and its files follow, both ways
    (treebeard's move sends no signal)."""
    drafts = world.us.collection.add_child(name="Drafts folder")
    document = upload(drafts)
    public_name = Document.objects.get(pk=document.pk).file.name
    assert stored_in(document) == "media"
    client.force_login(UserFactory(username="admin", is_superuser=True))  # who manages collections
    url = reverse("wagtailadmin_collections:edit", args=[drafts.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Drafts folder", "parent": str(working_documents(world.us).pk)})
    assert response.status_code == 302, response.content.decode()[:500]
    drafts.refresh_from_db()
    assert drafts.get_parent() == working_documents(world.us)
    assert drafts.get_view_restrictions().exists()
    assert stored_in(document) == "private"
    assert not storages["media"].exists(public_name)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Drafts folder", "parent": str(world.us.collection.pk)})
    assert response.status_code == 302, response.content.decode()[:500]
    assert stored_in(document) == "media"


def test_bulk_add_to_collection_moves_files(client, world, users, upload, django_capture_on_commit_callbacks):
    document = upload(world.us.collection)
    client.force_login(users["us_editor"])
    url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "add_to_collection"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}?id={document.pk}", {"collection": str(working_documents(world.us).pk)})
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).collection_id == working_documents(world.us).pk
    assert stored_in(document) == "private"


# --- public pages and the library do not link to them ------------------------------------------------------


def test_public_page_does_not_link_a_private_document(client, world, users, upload):
    private = upload(working_documents(world.us), title="US negotiating position")
    public = upload(world.us.collection, title="US communique")
    statements = world.us.get_children().get(slug="statements")
    page = ContentPage(title="US statement with files", slug="us-files", introduction="Files.")
    statements.add_child(instance=page)
    page.body = [
        ("document", {"document": private, "title": "", "description": ""}),
        ("document", {"document": public, "title": "", "description": ""}),
    ]
    page.save_revision().publish()

    html = client.get(Page.objects.get(pk=page.pk).url).content.decode()

    assert "US communique" in html
    assert public.url in html
    assert "US negotiating position" not in html
    assert private.url not in html


def test_library_does_not_list_a_private_file(client, world, users, upload):
    private = upload(working_documents(world.us), title="US negotiating position")
    public = upload(world.us.collection, title="US communique")
    documents_section = world.us.get_children().get(slug="documents")
    item = add_item(documents_section, "us-position-paper", files=[(public, "Report"), (private, "Annex")])

    html = client.get(item.url).content.decode()
    assert public.url in html
    assert private.url not in html
    assert "Annex" not in html

    api = client.get("/api/v1/library/", {"search": "", "locale": "en"}).json()
    files = [file for result in api["results"] if result["id"] == item.pk for file in result["files"]]
    assert [file["title"] for file in files] == ["Report"]


def test_documents_factory_in_working_documents_is_private(world, db, django_capture_on_commit_callbacks):
    """Documents saved in code (imports, the demo) follow the same rule as uploads."""
    with django_capture_on_commit_callbacks(execute=True):
        document = DocumentFactory(title="Imported note", collection=working_documents(world.us))
    assert stored_in(document) == "private"
