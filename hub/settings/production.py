"""Production: PostgreSQL, Redis, gunicorn, Celery worker and beat.

Refuses to start without SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS.
"""

from django.core.exceptions import ImproperlyConfigured

from hub.web.hosts import AllowedHosts

from .base import *  # noqa: F403
from .base import env, env_bool, env_int, env_list

_missing = [name for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS") if not env(name)]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need the environment variable(s) " + ", ".join(_missing) + ". See README.md, 'Production'."
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = AllowedHosts(env_list("ALLOWED_HOSTS"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP inside the network; a redirect would hide a 503.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_int("NUM_PROXIES", 0) > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Issue 17: "__Host-" cookies (Secure, Path=/, no Domain): browsers refuse them from plain HTTP and from
# sibling subdomains, so nothing but this host over HTTPS can set or overwrite them. No *_COOKIE_DOMAIN
# or *_COOKIE_PATH may be set beside them. Renaming signs everyone out once, at the deploy.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_NAME = "__Host-django_language"

STORAGES = {
    # Private collections' documents in "private", other uploads in "media" (hub/web/private_documents.py).
    "default": {"BACKEND": "hub.web.private_documents.UploadStorage"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Several web and worker machines must share uploads: S3-compatible object storage (AWS S3, MinIO,
# Ceph, …) through django-storages. Credentials come from the usual AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (or the machine's role); S3_ENDPOINT_URL names a non-AWS service.
_s3_common = {
    "endpoint_url": env("S3_ENDPOINT_URL"),
    "region_name": env("S3_REGION"),
    "file_overwrite": False,
}
if env("MEDIA_S3_BUCKET"):
    STORAGES["media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": env("MEDIA_S3_BUCKET"),
            # Public media: plain URLs (a CDN or the bucket's own domain), no signatures.
            "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN"),
            "querystring_auth": False,
            "default_acl": None,
        },
    }
if env("PRIVATE_S3_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "roundtable.storage_s3.PrivateS3Storage",
        "OPTIONS": {**_s3_common, "bucket_name": env("PRIVATE_S3_BUCKET")},
    }

# Frontend (CDN) cache invalidation: Wagtail's frontend_cache app purges a page's URLs when it is
# published or unpublished, and hub.publishing.pagecache asks it to purge what withdrawals, handovers and
# moderation touch. Pages reach the CDN with "Cache-Control: public, max-age=0, s-maxage=
# PAGE_CACHE_SECONDS", so whatever no purge names is fresh again within that time.
# FRONTEND_CACHE_PURGE_URL names an HTTP purger (Varnish, Fastly-style PURGE); Cloudflare is
# configured by its zone and an API token (CLOUDFLARE_ZONE_ID, CLOUDFLARE_API_TOKEN).
WAGTAILFRONTENDCACHE = {}
if env("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["cdn"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("FRONTEND_CACHE_PURGE_URL"),
    }
if env("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("CLOUDFLARE_API_TOKEN"),
    }

# --- Second factor --------------------------------------------------------
# MFA_ENFORCED stays on (base.py); `check --deploy` refuses it off. Passkeys are bound to the admin's host
# name: WAGTAILADMIN_BASE_URL's when set, otherwise the first of ALLOWED_HOSTS, over HTTPS.
if not env("WAGTAILADMIN_BASE_URL"):
    _admin_host = env_list("ALLOWED_HOSTS")[0].lstrip(".")
    OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", _admin_host)
    OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", f"https://{_admin_host}")
