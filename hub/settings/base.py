"""Settings shared by every environment.

Everything that differs between machines comes from environment variables;
``dev``, ``test`` and ``production`` only choose defaults and fakes.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

from hub.web.hosts import AllowedHosts

from .environment import env, env_bool, env_int, env_list

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = AllowedHosts(env_list("ALLOWED_HOSTS"))

INSTALLED_APPS = [
    "hub",
    "presidencies",
    "statements",
    "library",
    "roundtable",
    "factchecks",
    "feeds",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django_celery_beat",
    "django_countries",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First, before anything that can answer on its own (WhiteNoise, CommonMiddleware's redirects, the page
    # cache): every answer on a CORS path, cached or not, gets its header here. CORS_URLS_REGEX below.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hub.web.middleware.HubLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET response and 304 for a matching If-None-Match / If-Modified-Since:
    # pages, feeds and the API alike.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Ends idle and over-long signed-in sessions (issue 17): after users and messages are known.
    "hub.web.sessions.SessionTimeoutMiddleware",
    # Anonymous full-page cache (hub/publishing/pagecache.py): after sessions, language and users are known,
    # before the CSP and frame headers, so a stored page carries them.
    "hub.publishing.pagecache.PageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hub.web.security.HubCSPMiddleware",
    "hub.web.security.HubPermissionsPolicyMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Axes last, as its documentation requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL, e.g. postgres://user@host:5432/name; SQLite when unset.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # Checked before reuse, so a restarted PostgreSQL does not need an app restart.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# REDIS_URL is the shared cache (and the default Celery broker).
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                # A Redis outage degrades the cache to misses instead of raising.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
            },
            "KEY_PREFIX": "hub",
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Anonymous full-page cache: how long a page may be served from the shared cache (and a CDN)
# before it is rendered again; every publication purges it sooner. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Seconds before the broker hands an unacknowledged task (its worker died) to another worker. Keep it
# above the feed poll lock (feeds.polling.LOCK_TIMEOUT, 5 min) so a redelivered poll finds the lock expired.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600)}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

CELERY_TIMEZONE = "UTC"
# Code-defined schedules; django-celery-beat copies them into its tables, where the
# admin can pause or retime them.
CELERY_BEAT_SCHEDULE = {
    "hub-heartbeat": {"task": "hub.tasks.heartbeat", "schedule": 60.0},
    "hub-publish-scheduled": {"task": "hub.tasks.publish_scheduled", "schedule": 60.0},
    "feeds-poll-due-sources": {"task": "feeds.tasks.poll_due_sources", "schedule": 60.0},
    # An early handover the office confirmed takes effect on its day (presidencies.handover).
    "presidencies-apply-due-handovers": {"task": "presidencies.tasks.apply_due_handovers", "schedule": 3600.0},
    "roundtable-erase-expired-contacts": {
        "task": "roundtable.tasks.erase_expired_contacts",
        "schedule": 6 * 3600.0,
    },
}

# Feed aggregator: fetching partner feeds (feeds/fetching.py). Private addresses are refused unless
# named here (comma-separated host names or addresses), for tests and private deployments.
FEEDS_ALLOWED_PRIVATE_HOSTS = env_list("FEEDS_ALLOWED_PRIVATE_HOSTS", "")
FEEDS_MAX_BYTES = env_int("FEEDS_MAX_BYTES", 5 * 1024 * 1024)
FEEDS_CONNECT_TIMEOUT = float(env("FEEDS_CONNECT_TIMEOUT", "10"))
FEEDS_READ_TIMEOUT = float(env("FEEDS_READ_TIMEOUT", "20"))
FEEDS_DEADLINE = float(env("FEEDS_DEADLINE", "60"))
FEEDS_USER_AGENT = env(
    "FEEDS_USER_AGENT", "G20-Communications-Hub-Feed-Fetcher/1.0 (+https://github.com/g20-hub; feeds@g20-hub.example)"
)
# Seconds between two requests to the same host, whichever sources they belong to.
FEEDS_MIN_HOST_INTERVAL = env_int("FEEDS_MIN_HOST_INTERVAL", 10)

# Issue 17 (parsers): the most entries read from one feed document, whether polled or read from a file
# (ingest_feed_file, which also reads at most FEEDS_MAX_BYTES). Entries beyond it are counted and reported.
FEEDS_MAX_ENTRIES = env_int("FEEDS_MAX_ENTRIES", 500)


# Roundtable: consultation submissions per client address (django-ratelimit syntax, e.g. 5/h),
# the largest attachment accepted, and how long review links for draft minutes stay valid.
ROUNDTABLE_SUBMISSION_RATE = env("ROUNDTABLE_SUBMISSION_RATE", "5/h")
ROUNDTABLE_ATTACHMENT_MAX_BYTES = env_int("ROUNDTABLE_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
ROUNDTABLE_REVIEW_LINK_DAYS = env_int("ROUNDTABLE_REVIEW_LINK_DAYS", 14)
# Right-of-reply requests on debunks, per client address.
REVIEW_REQUEST_RATE = env("REVIEW_REQUEST_RATE", "10/h")


# --- E-mail ---------------------------------------------------------------
# EMAIL_URL, e.g. smtp+tls://user:password@mail.example.org:587; console when unset.
_email = dj_email_url.parse(env("EMAIL_URL", "console://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "G20 Communications Hub <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Auth -----------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Trusted reverse-proxy hops in front of the app. Every rate limit and the login
# lockout read the client address through this number, never a raw header.
NUM_PROXIES = env_int("NUM_PROXIES", 0)

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Every language the hub can be offered in; HUB_LANGUAGES picks and orders them.
KNOWN_LANGUAGES = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "de": "Deutsch",
    "it": "Italiano",
    "ja": "日本語",
    "ko": "한국어",
    "pt": "Português",
    "ru": "Русский",
    "tr": "Türkçe",
    "zh-hans": "简体中文",
}
_languages = env_list("HUB_LANGUAGES", "en,fr,es")
_unknown = [code for code in _languages if code not in KNOWN_LANGUAGES]
if _unknown:
    raise ImproperlyConfigured(
        f"HUB_LANGUAGES names unknown languages: {', '.join(_unknown)}. Known: {', '.join(KNOWN_LANGUAGES)}."
    )
if LANGUAGE_CODE not in _languages:
    raise ImproperlyConfigured("HUB_LANGUAGES must include the default language 'en'.")
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [(code, KNOWN_LANGUAGES[code]) for code in _languages]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files the public must never reach (consultation attachments): outside MEDIA_ROOT, no base URL,
# served only to moderators through the admin.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
PRIVATE_STORAGE = {
    "BACKEND": "roundtable.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
# --- Private documents (hub/web/private_documents.py) ---
# Uploads go through "default", which keeps the documents of private collections in "private" and
# everything else in "media" (served under MEDIA_URL).
STORAGES = {
    "default": {"BACKEND": "hub.web.private_documents.UploadStorage"},
    "media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "G20 Communications Hub"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {
    # The database backend uses PostgreSQL full-text search when on PostgreSQL.
    "default": {"BACKEND": "wagtail.search.backends.database"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "json", "odt", "ods", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# A new translation is a draft, whatever the source's state: untranslated text never goes live under
# /fr/ or /es/; it is published through the section's review workflow like any page.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# No Gravatar: officers' avatars would send a hash of their e-mail address to a third party on every
# admin page, and the admin's CSP allows images from the hub only. Wagtail shows its default avatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# --- Second factor (django-otp, django-otp-webauthn; hub/mfa/) --------------
# Officers (superusers, the office, moderators, roundtable chairs: hub.mfa.rules) enrol an authenticator app
# or a passkey and pass it after their password before any other admin page; recovery codes for a lost one.
# Everyone else may enrol from their account page; MFA_REQUIRED_FOR_ALL makes it everyone's duty.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
]
# After AuthenticationMiddleware and MessageMiddleware: OTPMiddleware reads the session's verified device,
# then the gate (hub/mfa/middleware.py) sends officers to enrolment or verification.
_after_messages = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after_messages:_after_messages] = [
    "django_otp.middleware.OTPMiddleware",
    "hub.mfa.middleware.SecondFactorMiddleware",
]
# Off only in development (dev.py); production's deploy check refuses it off (hub/mfa/checks.py).
MFA_ENFORCED = env_bool("MFA_ENFORCED", True)
MFA_REQUIRED_FOR_ALL = env_bool("MFA_REQUIRED_FOR_ALL", False)
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# django-otp's throttling: after each wrong code the next attempt waits 1, 2, 4, 8 … seconds (per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The Django admin (superusers) lists devices but never shows their secrets.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_WEBAUTHN_RP_NAME = WAGTAIL_SITE_NAME
# A passkey is bound to the admin's host name; it is a second factor only, never a way in without a password.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
_admin_url = urlsplit(WAGTAILADMIN_BASE_URL)
OTP_WEBAUTHN_RP_ID = env("OTP_WEBAUTHN_RP_ID", _admin_url.hostname)
OTP_WEBAUTHN_ALLOWED_ORIGINS = env_list("OTP_WEBAUTHN_ALLOWED_ORIGINS", f"{_admin_url.scheme}://{_admin_url.netloc}")

# --- Security: sign-in limits, sessions, headers, CSP, Permissions-Policy (security.py) ---------------
from .security import *  # noqa: E402, F403

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "hub.rest.pagination.HubPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "600/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "G20 Communications Hub API",
    "DESCRIPTION": (
        "Read-only public API of the G20 Communications Hub: no key, no sign-in. Every list is paginated as "
        '{"count", "next", "previous", "results"} with ?page= (from 1) and ?page_size= (1 to 100); a page '
        'past the last one answers 404 with {"page": ["Page 9 is past the end: the last page is 2."]}. '
        "Every ?since= filter takes an ISO 8601 date-time, is inclusive, and orders results by last update "
        "then id; ?from= and ?to= are dates, inclusive. Bad query values answer 400 with a message under the "
        "parameter's name. The outbound feeds (RSS 2.0, Atom 1.0, JSON Feed 1.1) of every listing, in every "
        "language, are documented below under Feeds, with their filters."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "PREPROCESSING_HOOKS": ["hub.rest.schema.only_public_api"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "hub.rest.feed_docs.document_feeds",
        "hub.rest.schema.public_contract",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "StatementKindEnum": "statements.models.StatementKind",
        "LibraryKindEnum": "library.models.LibraryKind",
        "OrganisationKindEnum": "hub.models.OrganisationKind",
        "IssuerKindEnum": "presidencies.api_fields.ISSUER_KINDS",
    },
}

# --- Cross-origin reads (django-cors-headers) ------------------------------
# Partners' web apps read the API, its schema and docs, and every outbound feed from their own origins.
# "Any origin" holds only on those paths (CORS_URLS_REGEX): the admin, forms and pages never answer
# with CORS headers. Without credentials the answer is "Access-Control-Allow-Origin: *": no cookie or
# session ever rides along, so the read-only, anonymous view is all another origin can get.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Content-Disposition")
CORS_URLS_REGEX = (
    r"^/api/v1/"  # the API, /api/v1/schema/ and /api/v1/docs/
    r"|^/[a-z]{2,3}(?:-[a-z0-9]+)?/(?:[\w\-]+/)*(?:rss|atom|json)/$"  # every listing's feeds
    r"|^/[a-z]{2,3}(?:-[a-z0-9]+)?/(?:[\w\-]+/)+[\w\-]+\.(?:ics|xml)$"  # calendar.ics, minutes.xml
)

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Routine start-up and per-task chatter; warnings and errors still show.
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # One line per feed request is noise; failures are recorded on the source.
        "httpx": {"level": "WARNING"},
    },
}
