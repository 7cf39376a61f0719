"""Private storage for consultation attachments: never under MEDIA_ROOT or MEDIA_URL, served only
to moderators through the admin (``STORAGES["private"]``; settings choose where it lives)."""

import uuid

from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages


class NoURLMixin:
    """A storage whose files have no address: ``.url`` raises, so no template or API can link one."""

    def url(self, name):
        raise ValueError("Private files have no public URL; moderators download them through the admin.")


class PrivateFileSystemStorage(NoURLMixin, FileSystemStorage):
    pass


class PrivateInMemoryStorage(NoURLMixin, InMemoryStorage):
    pass


def private_storage():
    return storages["private"]


def attachment_path(instance, filename: str) -> str:
    # The submitter's file name is kept in a field, never in the path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consultations/{instance.consultation_id}/{uuid.uuid4().hex}.{extension}"
