"""Media storage failing on write (issue #8's fault drill): an officer uploading a document or an image
in the admin, alone or several at once, and a citizen attaching a file to a consultation, get a clear
error, not a 500; nothing is half-stored and what they typed is still on the form.

The failing storage (tests/failing_storage.py) raises OSError("disk full") on every write, as a full
disk does; CI runs as root, so a read-only folder would not fail. Django caches ``default_storage``
and each FileField keeps the storage it was built with, so the fixture swaps both: the STORAGES
setting (which resets ``default_storage``) and the fields' own storage objects.
"""

import io
import json
import logging
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from hub.web import storage_errors
from roundtable.models import ConsultationSubmission
from tests.failing_storage import FailingPrivateStorage, FailingStorage
from tests.roundtable.conftest import world  # noqa: F401 - the roundtable demo, for the consultation

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
DOCUMENT_ERROR = str(storage_errors.DOCUMENT_NOT_STORED)
IMAGE_ERROR = str(storage_errors.IMAGE_NOT_STORED)
ATTACHMENT_ERROR = str(storage_errors.ATTACHMENT_NOT_STORED)

Document = get_document_model()
Image = get_image_model()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (24, 16), (0, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_upload(name: str = "annual-report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_upload(name: str = "summit-photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def text_of(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())


@pytest.fixture
def media_storage(monkeypatch):
    """Point documents', images', uploads' and attachments' storage at ``storage`` (a working one by default)."""

    def use(storage, private_storage=None):
        fields = [
            Document._meta.get_field("file"),
            Image._meta.get_field("file"),
            UploadedFile._meta.get_field("file"),
        ]
        for field in fields:
            monkeypatch.setattr(field, "storage", storage)
        monkeypatch.setattr(ConsultationSubmission._meta.get_field("attachment"), "storage", private_storage or storage)
        return storage

    return use


@pytest.fixture
def failing_storage(media_storage):
    """Every media write fails; ``default_storage`` too, through the STORAGES setting."""
    from django.core.files.storage import storages

    backend = "tests.failing_storage.FailingStorage"
    # Leaving override_settings builds new storage instances, but model fields keep the ones they were
    # built with: put the originals back so later tests see one private storage, not two.
    originals = dict(storages._storages)  # noqa: SLF001
    with override_settings(
        STORAGES={
            "default": {"BACKEND": backend},
            "private": {"BACKEND": "tests.failing_storage.FailingPrivateStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        yield media_storage(FailingStorage(), FailingPrivateStorage())
    storages._storages = originals  # noqa: SLF001


@pytest.fixture
def officer(db, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("officer", "officer@example.org", "x"))
    return client


@pytest.fixture
def root_collection(db):
    return Collection.get_first_root_node()


# --- Admin: one document, one image ------------------------------------------------------------------


def test_admin_document_upload_to_a_failing_storage_keeps_the_form_and_stores_nothing(
    officer, failing_storage, root_collection, caplog
):
    before = Document.objects.count()
    with caplog.at_level(logging.ERROR, logger="hub.web.storage_errors"):
        response = officer.post(
            "/admin/documents/add/",
            {"title": "Annual report on information integrity", "file": pdf_upload(), "collection": root_collection.pk},
        )
    assert response.status_code == 200
    assert DOCUMENT_ERROR in text_of(response)
    form = response.context["form"]
    assert DOCUMENT_ERROR in form.errors["file"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=title]")["value"] == "Annual report on information integrity"
    assert Document.objects.count() == before
    assert any("disk full" in str(record.exc_info[1]) for record in caplog.records if record.exc_info)


def test_admin_document_upload_still_works_with_a_working_storage(officer, media_storage, root_collection):
    storage = media_storage(InMemoryStorage())
    response = officer.post(
        "/admin/documents/add/", {"title": "Working paper", "file": pdf_upload(), "collection": root_collection.pk}
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Working paper")
    assert storage.exists(document.file.name)
    assert document.file_size == len(PDF)


def test_admin_document_file_replacement_that_fails_keeps_the_old_file(officer, media_storage, root_collection):
    storage = media_storage(FailingStorage())
    # A document stored before the disk filled up.
    InMemoryStorage._save(storage, "documents/old-report.pdf", ContentFile(PDF))
    document = Document.objects.create(
        title="Old report", file="documents/old-report.pdf", collection=root_collection, file_size=len(PDF)
    )
    response = officer.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Old report, revised", "file": pdf_upload("revised.pdf"), "collection": root_collection.pk},
    )
    assert response.status_code == 200
    assert DOCUMENT_ERROR in text_of(response)
    document.refresh_from_db()
    assert document.title == "Old report"
    assert document.file.name == "documents/old-report.pdf"
    # Wagtail's form would have deleted the old file before writing the new one.
    assert storage.exists("documents/old-report.pdf")


def test_admin_image_upload_to_a_failing_storage_keeps_the_form_and_stores_nothing(
    officer, failing_storage, root_collection, caplog
):
    before = Image.objects.count()
    with caplog.at_level(logging.ERROR, logger="hub.web.storage_errors"):
        response = officer.post(
            "/admin/images/add/",
            {"title": "Leaders at the summit", "file": png_upload(), "collection": root_collection.pk},
        )
    assert response.status_code == 200
    assert IMAGE_ERROR in text_of(response)
    assert IMAGE_ERROR in response.context["form"].errors["file"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=title]")["value"] == "Leaders at the summit"
    assert Image.objects.count() == before
    assert [record for record in caplog.records if record.name == "hub.web.storage_errors"]


def test_admin_image_upload_still_works_with_a_working_storage(officer, media_storage, root_collection):
    storage = media_storage(InMemoryStorage())
    response = officer.post(
        "/admin/images/add/", {"title": "Family photo", "file": png_upload(), "collection": root_collection.pk}
    )
    assert response.status_code == 302
    image = Image.objects.get(title="Family photo")
    assert storage.exists(image.file.name)
    assert (image.width, image.height) == (24, 16)


# --- Admin: the multiple-upload endpoints ---------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "upload", "message", "model"),
    [
        ("/admin/documents/multiple/add/", pdf_upload, DOCUMENT_ERROR, Document),
        ("/admin/images/multiple/add/", png_upload, IMAGE_ERROR, Image),
    ],
    ids=["documents", "images"],
)
def test_multiple_upload_to_a_failing_storage_answers_the_upload_pages_error(
    officer, failing_storage, root_collection, url, upload, message, model
):
    before, uploads_before = model.objects.count(), UploadedFile.objects.count()
    response = officer.post(
        url, {"files[]": upload(), "collection": root_collection.pk}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {"success": False, "error_message": message}
    assert model.objects.count() == before
    assert UploadedFile.objects.count() == uploads_before


@pytest.mark.parametrize(
    ("url", "upload", "model"),
    [("/admin/documents/multiple/add/", pdf_upload, Document), ("/admin/images/multiple/add/", png_upload, Image)],
    ids=["documents", "images"],
)
def test_multiple_upload_still_works_with_a_working_storage(
    officer, media_storage, root_collection, url, upload, model
):
    storage = media_storage(InMemoryStorage())
    response = officer.post(
        url, {"files[]": upload(), "collection": root_collection.pk}, headers={"x-requested-with": "XMLHttpRequest"}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["success"] is True
    stored = model.objects.latest("pk")
    assert storage.exists(stored.file.name)


# --- A citizen's consultation attachment ----------------------------------------------------------


def consultation_data(page, **changes) -> dict:
    data = {
        "organisation_name": "Fact Desk Lagos",
        "organisation_kind": "civil_society",
        "country": "NG",
        "contact_email": "desk@factdesk.example",
        "consent_to_publish": "on",
        "website": "",
        "token": str(uuid.uuid4()),
    }
    for question in type(page).objects.get(pk=page.pk).question_list():
        data[f"answer_{question['id']}"] = f"Our answer to question {question['id']}: pin official updates."
    data.update(changes)
    return data


def test_consultation_attachment_to_a_failing_storage_keeps_the_answers_and_stores_nothing(
    world,  # noqa: F811 - the fixture imported above
    db,
    client,
    media_storage,
    caplog,
    django_capture_on_commit_callbacks,
):
    page = world.open_consultation
    media_storage(InMemoryStorage(), FailingPrivateStorage())
    data = consultation_data(page)
    before = ConsultationSubmission.objects.count()
    with (
        caplog.at_level(logging.ERROR, logger="hub.web.storage_errors"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(page.url, {**data, "attachment": pdf_upload("our-evidence.pdf")})
    assert response.status_code == 503
    assert ATTACHMENT_ERROR in text_of(response)
    assert ConsultationSubmission.objects.count() == before
    assert callbacks == []  # no receipt for a submission that was not stored
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("input[name=organisation_name]")["value"] == "Fact Desk Lagos"
    assert soup.select_one("input[name=contact_email]")["value"] == "desk@factdesk.example"
    assert soup.select_one("input[name=token]")["value"] == data["token"]
    for name, value in data.items():
        if name.startswith("answer_"):
            field = soup.select_one(f"[name={name}]")
            assert (field.get("value") or field.get_text()).strip() == value
    assert "no-store" in response["Cache-Control"]
    assert [record for record in caplog.records if record.name == "hub.web.storage_errors"]

    # Sent again once storage works: stored once, with its attachment.
    private = InMemoryStorage()
    media_storage(InMemoryStorage(), private)
    response = client.post(page.url, {**data, "attachment": pdf_upload("our-evidence.pdf")})
    assert response.status_code == 302
    submission = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    assert submission.attachment_name == "our-evidence.pdf"
    assert private.exists(submission.attachment.name)
    assert ConsultationSubmission.objects.count() == before + 1
