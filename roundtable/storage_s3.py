"""Private attachments on S3-compatible object storage, for deployments on several machines
(``PRIVATE_S3_BUCKET``): a private bucket, and the same rule as on disk, no URL."""

from storages.backends.s3 import S3Storage

from .storage import NoURLMixin


class PrivateS3Storage(NoURLMixin, S3Storage):
    default_acl = "private"
    querystring_auth = True
