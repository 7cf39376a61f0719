"""Storages that fail on write, for the media-storage failure drill (CI runs as root, so a read-only
folder would not fail): reading, listing and deleting work; saving raises as a full disk would."""

from django.core.files.storage import InMemoryStorage

from roundtable.storage import NoURLMixin


class FailingStorage(InMemoryStorage):
    def _save(self, name, content):
        raise OSError(28, "No space left on device (disk full)")


class FailingPrivateStorage(NoURLMixin, FailingStorage):
    pass
