"""When media storage fails on write (a full disk, an unreachable or refusing S3 bucket), the person
uploading is told so clearly and nothing is lost.

The file is written before its row is inserted (Django's FileField writes in ``pre_save``) and every
save here runs in one transaction, so a failed write leaves no Document, Image, UploadedFile or
consultation submission behind, let alone one pointing at a file that is not there. What the person
typed stays on the form: the admin's document and image forms re-render with Wagtail's error message
(status 200, or Wagtail's JSON error for its modal flows), the multiple-upload endpoints answer their
JSON error, which the upload page shows next to the file, and the public consultation form
re-renders with the answers kept (``roundtable/views.py`` calls :func:`attachment_not_stored`).
Each failure is logged with its traceback for the operators.

The admin views are Wagtail's own, with the failure caught: this module registers them for the same
admin addresses, ahead of Wagtail's (``register_admin_urls`` with a lower order), and is imported by
``hub/wagtail_hooks.py``.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents.views import documents as document_views
from wagtail.documents.views import multiple as document_multiple_views
from wagtail.images.views import images as image_views
from wagtail.images.views import multiple as image_multiple_views

logger = logging.getLogger(__name__)


def _storage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [OSError]
    try:
        # django-storages' S3 backend raises botocore's errors, which are not OSErrors.
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - botocore is in requirements.txt
        pass
    else:
        errors += [BotoCoreError, ClientError]
    return tuple(errors)


STORAGE_ERRORS = _storage_errors()

DOCUMENT_NOT_STORED = _(
    "The document could not be saved: the file store did not accept the file. Nothing was saved. "
    "Try again in a few minutes; if it keeps failing, tell the site's administrators."
)
IMAGE_NOT_STORED = _(
    "The image could not be saved: the file store did not accept the file. Nothing was saved. "
    "Try again in a few minutes; if it keeps failing, tell the site's administrators."
)
ATTACHMENT_NOT_STORED = _(
    "We could not store your attachment just now, so your submission was not sent yet. Your answers are "
    "kept below: choose the file again and send the form once more, or send it without the attachment."
)


def log_storage_failure(request: HttpRequest, what: str) -> None:
    """Log the exception being handled, with who and where, for the operators (call inside ``except``)."""
    user = getattr(request, "user", None)
    logger.exception(
        "Media storage failed while saving %s (%s %s, user %s)",
        what,
        request.method,
        request.path,
        getattr(user, "pk", None) if user is not None and user.is_authenticated else "anonymous",
    )


def attachment_not_stored(request: HttpRequest, form) -> None:
    """The consultation form's answer to a failed attachment write: logged, and the error on the form."""
    log_storage_failure(request, "a consultation attachment")
    form.add_error("attachment", ATTACHMENT_NOT_STORED)


# --- The admin's upload views -----------------------------------------------------------------------


class StorageSafeFormMixin:
    """For Wagtail's create and edit views: a failed write re-renders the form with an error message."""

    storage_error_message = DOCUMENT_NOT_STORED
    storage_error_subject = "a document"

    def form_valid(self, form):
        try:
            # Wagtail's form_valid saves inside transaction.atomic(): the failure rolls it all back.
            return super().form_valid(form)
        except STORAGE_ERRORS:
            log_storage_failure(self.request, self.storage_error_subject)
        form.add_error("file", self.storage_error_message)
        self.produced_error_code = "storage_error"
        self.produced_error_message = self.storage_error_message
        if getattr(self.object, "pk", None):
            # An edit: show what is stored, not the instance the failed save left half-changed.
            self.object = self.get_object()
        else:
            # A create: the transaction was rolled back, whatever the instance says.
            form.instance.pk = None
            form.instance._state.adding = True
        return self.form_invalid(form)


class StorageSafeMultipleAddMixin:
    """For Wagtail's multiple-upload endpoint: a failed write is the JSON error the upload page shows."""

    storage_error_message = DOCUMENT_NOT_STORED
    storage_error_subject = "a document"

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except STORAGE_ERRORS:
            log_storage_failure(request, self.storage_error_subject + " (multiple upload)")
        return JsonResponse({"success": False, "error_message": str(self.storage_error_message)})


class DocumentCreateView(StorageSafeFormMixin, document_views.CreateView):
    pass


class DocumentEditView(StorageSafeFormMixin, document_views.EditView):
    def save_instance(self):
        # Wagtail's document form deletes the old file before it writes the new one, so a failed write
        # would leave the document pointing at nothing: write the new file first (the form then finds
        # it written and only deletes the old one once the new one is safe).
        if "file" in self.form.changed_data:
            upload = self.form.cleaned_data["file"]
            self.form.instance.file.save(upload.name, upload, save=False)
        return super().save_instance()


class DocumentMultipleAddView(StorageSafeMultipleAddMixin, document_multiple_views.AddView):
    pass


class ImageCreateView(StorageSafeFormMixin, image_views.CreateView):
    storage_error_message = IMAGE_NOT_STORED
    storage_error_subject = "an image"


class ImageEditView(StorageSafeFormMixin, image_views.EditView):
    storage_error_message = IMAGE_NOT_STORED
    storage_error_subject = "an image"


class ImageMultipleAddView(StorageSafeMultipleAddMixin, image_multiple_views.AddView):
    storage_error_message = IMAGE_NOT_STORED
    storage_error_subject = "an image"


@hooks.register("register_admin_urls", order=-100)
def register_storage_safe_upload_urls():
    # The same addresses as wagtail.documents' and wagtail.images' admin_urls, matched first; the names
    # are our own, so reverse("wagtaildocs:add") and friends still give these addresses.
    return [
        path("documents/add/", DocumentCreateView.as_view(), name="hub_documents_add"),
        path("documents/edit/<int:document_id>/", DocumentEditView.as_view(), name="hub_documents_edit"),
        path("documents/multiple/add/", DocumentMultipleAddView.as_view(), name="hub_documents_add_multiple"),
        path("images/add/", ImageCreateView.as_view(), name="hub_images_add"),
        path("images/<int:image_id>/", ImageEditView.as_view(), name="hub_images_edit"),
        path("images/multiple/add/", ImageMultipleAddView.as_view(), name="hub_images_add_multiple"),
    ]
