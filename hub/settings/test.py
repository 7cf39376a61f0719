"""Test settings: fast hashing, no outside services unless the environment names them."""

from hub.web.hosts import AllowedHosts

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - deliberately public, never used in production
ALLOWED_HOSTS = AllowedHosts(["testserver", "localhost", "127.0.0.1", "[::1]"])
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# CI runs the suite a second time with REDIS_URL and CELERY_BROKER_URL set; tests
# that need a worker ask for it explicitly, everything else runs tasks eagerly.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = env("CELERY_BROKER_URL", env("REDIS_URL", "memory://"))
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "hub.web.private_documents.UploadStorage"},
    "media": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "roundtable.storage.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Second factor enforced, as in production (tests/conftest.py signs officers in through it); passkeys'
# settings must name a secure origin, though no test runs a browser's WebAuthn ceremony.
MFA_ENFORCED = True
OTP_WEBAUTHN_RP_ID = "testserver"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://testserver"]
# Tests see every page rendered; tests/hub/test_pagecache.py turns the page cache on where it is the subject.
PAGE_CACHE_SECONDS = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, so --reuse-db can keep the migrated schema between local runs.
    # HUB_TEST_DB lets parallel runs on one machine use separate files.
    DATABASES["default"]["TEST"] = {"NAME": env("HUB_TEST_DB", str(BASE_DIR / ".test-db.sqlite3"))}  # noqa: F405

# pytest-xdist: each worker gets its own test database (pytest-django's suffix) and, on Redis, its own
# database number below REDIS_URL's, because every test clears the cache (django-redis flushes the db).
_xdist_worker = env("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _xdist_worker.startswith("gw"):  # noqa: F405
    _base, _, _db = REDIS_URL.rpartition("/")  # noqa: F405
    if _db.isdigit():
        CACHES["default"]["LOCATION"] = f"{_base}/{int(_db) - int(_xdist_worker[2:])}"  # noqa: F405
