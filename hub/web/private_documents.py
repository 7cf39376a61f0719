"""Documents of private collections: served to the people the collection names, never to anyone else.

Wagtail lets a collection be made private (*Settings → Collections → Privacy*: signed-in users, some
groups, or a password), and its document view (``/documents/<id>/<name>``) checks that privacy. But the
file itself sits with every other upload under ``MEDIA_URL``, which the web server, the bucket or the
CDN hand out to anyone who knows (or guesses) its name. So a private collection's files live elsewhere:

* uploads go through :class:`UploadStorage`, the default storage: a name under ``documents/private/``
  is kept in the private storage (``STORAGES["private"]``: no URL, outside ``MEDIA_ROOT``, a private
  bucket), every other name in the public media storage (``STORAGES["media"]``) as before;
* a document uploaded into a private collection is named under ``documents/private/`` before its file
  is written; a document moved into or out of one, a collection made private or public again, and
  documents moved by the admin's bulk action have their files moved after the transaction commits;
* a collection moved under a private one (or out from under it) in the admin has its documents' files
  moved too: treebeard's ``move()`` sends no signal, so :class:`CollectionEdit` replaces Wagtail's view;
* only Wagtail's view serves them, after its privacy check, with ``Cache-Control: private``.

Images have no privacy in Wagtail: every image and rendition is public.
"""

from __future__ import annotations

import posixpath
from functools import wraps

from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible

PRIVATE_DOCUMENTS = "documents/private/"
PUBLIC_DOCUMENTS = "documents/"


def is_private_name(name: str) -> bool:
    return name.startswith(PRIVATE_DOCUMENTS)


def is_private_document(document) -> bool:
    """Whether ``document`` belongs to a private collection, read from its file name (no query): the
    signals below keep the name and the collection's privacy in step."""
    return bool(document and document.file and is_private_name(document.file.name))


@deconstructible
class UploadStorage(Storage):
    """The default storage: private documents in ``STORAGES["private"]``, everything else in
    ``STORAGES["media"]``. Each call goes to the storage the name belongs to."""

    def _backend(self, name: str) -> Storage:
        return storages["private"] if is_private_name(name or "") else storages["media"]

    def _open(self, name, mode="rb"):
        return self._backend(name).open(name, mode)

    def _save(self, name, content):
        return self._backend(name).save(name, content)

    def get_valid_name(self, name):
        return storages["media"].get_valid_name(name)

    def get_available_name(self, name, max_length=None):
        return self._backend(name).get_available_name(name, max_length=max_length)

    def delete(self, name):
        return self._backend(name).delete(name)

    def exists(self, name):
        return self._backend(name).exists(name)

    def listdir(self, path):
        return self._backend(path).listdir(path)

    def size(self, name):
        return self._backend(name).size(name)

    def path(self, name):
        return self._backend(name).path(name)

    def url(self, name):
        if is_private_name(name or ""):
            # Wagtail's document view reads this: NotImplementedError makes it stream the file itself
            # (after its privacy check) instead of redirecting to an address anyone could use.
            raise NotImplementedError("Private documents have no URL; Wagtail's document view serves them.")
        return storages["media"].url(name)

    def get_accessed_time(self, name):
        return self._backend(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self._backend(name).get_created_time(name)

    def get_modified_time(self, name):
        return self._backend(name).get_modified_time(name)


def collection_is_private(collection) -> bool:
    return collection is not None and collection.get_view_restrictions().exists()


def name_for_upload(document) -> None:
    """Before a new file is written: a document of a private collection is named to go to the private
    storage straight away (the upload path ``documents/`` is added by the field)."""
    if document.file and not document.file._committed and collection_is_private(document.collection):
        document.file.name = "private/" + posixpath.basename(document.file.name)


def move_file(document, private: bool) -> None:
    """Copy ``document``'s file to the storage its collection's privacy asks for, point the row at the
    copy, and delete the old file once the transaction commits (a rollback keeps the row's file)."""
    old_name = document.file.name
    if not old_name or is_private_name(old_name) == private:
        return
    storage = document.file.storage
    target = (PRIVATE_DOCUMENTS if private else PUBLIC_DOCUMENTS) + posixpath.basename(old_name)
    with storage.open(old_name, "rb") as content:
        new_name = storage.save(target, content)
    type(document).objects.filter(pk=document.pk).update(file=new_name)
    document.file.name = new_name
    transaction.on_commit(lambda: storage.delete(old_name))


def sync_files(documents) -> None:
    """Move the files of ``documents`` whose collection's privacy changed."""
    for document in documents:
        move_file(document, collection_is_private(document.collection))


def sync_collection(collection) -> None:
    """After a collection's privacy changed: its documents', and its descendants', files follow."""
    from wagtail.documents import get_document_model

    documents = get_document_model().objects.filter(collection__in=collection.get_descendants(inclusive=True))
    sync_files(documents.select_related("collection"))


def collection_edit_view():
    """Wagtail's collection edit view, whose move of a collection to a new parent also moves its
    documents' files: the privacy a collection inherits changes with its parent, and treebeard's
    ``move()`` sends no signal for :func:`sync_collection` to follow."""
    from wagtail.admin.views.collections import Edit
    from wagtail.models import Collection

    class CollectionEdit(Edit):
        def save_instance(self):
            instance = super().save_instance()
            if "parent" in self.form.changed_data:
                sync_collection(Collection.objects.get(pk=instance.pk))  # its new path, after the move
            return instance

    return CollectionEdit.as_view()


def private_when_restricted(serve_view):
    """Wagtail's document view, whose answer for a private collection's document no shared cache keeps."""

    @wraps(serve_view)
    def serve(request, document_id, document_filename):
        response = serve_view(request, document_id, document_filename)
        if response.status_code == 200 and is_private_document(_document(document_id)):
            patch_cache_control(response, private=True, no_store=True)
        return response

    return serve


def _document(document_id):
    from wagtail.documents import get_document_model

    return get_document_model().objects.filter(pk=document_id).first()


def _before_document_saved(sender, instance, **kwargs):
    name_for_upload(instance)


def _after_document_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.file:
        sync_files([instance])


def _after_restriction_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_collection(instance.collection)


def _after_bulk_action(request, action_type, objects, action):
    """The admin's "Add to collection" moves documents with ``update()``, which sends no signal."""
    from wagtail.documents import get_document_model

    Document = get_document_model()
    documents = [item for item in objects if isinstance(item, Document)]
    if documents:
        sync_files(Document.objects.filter(pk__in=[item.pk for item in documents]).select_related("collection"))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save
    from wagtail import hooks
    from wagtail.documents import get_document_model
    from wagtail.models import CollectionViewRestriction

    Document = get_document_model()
    pre_save.connect(_before_document_saved, sender=Document, dispatch_uid="private-documents-upload")
    post_save.connect(_after_document_saved, sender=Document, dispatch_uid="private-documents-saved")
    post_save.connect(_after_restriction_changed, sender=CollectionViewRestriction, dispatch_uid="private-on")
    post_delete.connect(_after_restriction_changed, sender=CollectionViewRestriction, dispatch_uid="private-off")
    hooks.register("after_bulk_action", _after_bulk_action)
