"""Settings modules, imported in a clean subprocess with a chosen environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-0123456789abcdefghijklmnop",
    "DATABASE_URL": "postgres://hub:hub@db.internal:5432/hub",
    "ALLOWED_HOSTS": "g20-hub.example,www.g20-hub.example",
}


def import_settings(module: str, env: dict[str, str], names: list[str]) -> subprocess.CompletedProcess:
    """Import ``module`` in a fresh interpreter with only ``env`` set; print ``names`` as JSON."""
    script = (
        "import importlib, json\n"
        f"settings = importlib.import_module({module!r})\n"
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {names!r}}}, default=str))\n"
    )
    clean_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONDONTWRITEBYTECODE": "1", **env}
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script], cwd=BASE_DIR, env=clean_env, capture_output=True, text=True, timeout=60
    )


def loaded(result: subprocess.CompletedProcess) -> dict:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_refuses_to_start_without_any_required_variable():
    result = import_settings("hub.settings.production", {}, ["DEBUG"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"):
        assert name in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"])
def test_production_names_exactly_the_missing_variable(missing):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = import_settings("hub.settings.production", env, ["DEBUG"])

    assert result.returncode != 0
    error_line = [line for line in result.stderr.splitlines() if "ImproperlyConfigured" in line][-1]
    assert missing in error_line
    for present in env:
        assert present not in error_line


def test_production_treats_blank_variables_as_missing():
    result = import_settings("hub.settings.production", {**PRODUCTION_ENV, "SECRET_KEY": "   "}, ["DEBUG"])

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_with_required_variables_is_locked_down():
    values = loaded(
        import_settings(
            "hub.settings.production",
            PRODUCTION_ENV,
            [
                "DEBUG",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
                "DATABASES",
                "SECURE_SSL_REDIRECT",
                "SECURE_HSTS_SECONDS",
                "SESSION_COOKIE_SECURE",
                "CSRF_COOKIE_SECURE",
                "SECURE_PROXY_SSL_HEADER",
            ],
        )
    )

    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == PRODUCTION_ENV["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == ["g20-hub.example", "www.g20-hub.example"]
    assert values["DATABASES"]["default"]["HOST"] == "db.internal"
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] > 0
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    # Without a trusted proxy, X-Forwarded-Proto must not be believed.
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_production_ssl_redirect_can_be_turned_off():
    values = loaded(
        import_settings(
            "hub.settings.production", {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "false"}, ["SECURE_SSL_REDIRECT"]
        )
    )

    assert values["SECURE_SSL_REDIRECT"] is False


def test_production_trusts_forwarded_proto_only_behind_a_proxy():
    values = loaded(
        import_settings("hub.settings.production", {**PRODUCTION_ENV, "NUM_PROXIES": "1"}, ["SECURE_PROXY_SSL_HEADER"])
    )

    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_cookies_take_the_host_prefix():
    """__Host- cookies are Secure, Path=/ and carry no Domain; a browser refuses them otherwise."""
    names = [
        f"{cookie}_COOKIE_{part}"
        for cookie in ("SESSION", "CSRF", "LANGUAGE")
        for part in ("NAME", "SECURE", "DOMAIN", "PATH")
    ]
    values = loaded(import_settings("hub.settings.production", PRODUCTION_ENV, names))

    assert (values["SESSION_COOKIE_NAME"], values["CSRF_COOKIE_NAME"], values["LANGUAGE_COOKIE_NAME"]) == (
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Host-django_language",
    )
    for cookie in ("SESSION", "CSRF", "LANGUAGE"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True
        # Left to Django's defaults: no domain, path "/".
        assert values[f"{cookie}_COOKIE_DOMAIN"] is None
        assert values[f"{cookie}_COOKIE_PATH"] is None


def test_invalid_boolean_is_refused():
    result = import_settings("hub.settings.production", {**PRODUCTION_ENV, "SECURE_SSL_REDIRECT": "maybe"}, [])

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_unknown_language_in_hub_languages_is_refused():
    result = import_settings("hub.settings.dev", {"HUB_LANGUAGES": "en,fr,xx"}, ["LANGUAGES"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "xx" in result.stderr


def test_hub_languages_must_include_english():
    result = import_settings("hub.settings.dev", {"HUB_LANGUAGES": "fr,es"}, ["LANGUAGES"])

    assert result.returncode != 0
    assert "'en'" in result.stderr


def test_hub_languages_picks_and_orders_languages():
    values = loaded(import_settings("hub.settings.dev", {"HUB_LANGUAGES": "en,de,ar"}, ["LANGUAGES"]))

    assert [code for code, _name in values["LANGUAGES"]] == ["en", "de", "ar"]


def test_celery_broker_defaults_to_redis_url():
    values = loaded(
        import_settings(
            "hub.settings.dev",
            {"REDIS_URL": "redis://cache.internal:6379/0"},
            ["CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "CACHES"],
        )
    )

    assert values["CELERY_BROKER_URL"] == "redis://cache.internal:6379/0"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/0"


def test_explicit_celery_broker_wins_over_redis_url():
    values = loaded(
        import_settings(
            "hub.settings.dev",
            {"REDIS_URL": "redis://cache.internal:6379/0", "CELERY_BROKER_URL": "redis://broker.internal:6379/1"},
            ["CELERY_BROKER_URL"],
        )
    )

    assert values["CELERY_BROKER_URL"] == "redis://broker.internal:6379/1"


def test_dev_without_services_runs_eagerly_on_sqlite():
    values = loaded(
        import_settings("hub.settings.dev", {}, ["DEBUG", "CELERY_BROKER_URL", "CELERY_TASK_ALWAYS_EAGER", "DATABASES"])
    )

    assert values["DEBUG"] is True
    assert values["CELERY_BROKER_URL"] is None
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_production_media_stays_on_disk_without_a_bucket():
    storages = loaded(import_settings("hub.settings.production", PRODUCTION_ENV, ["STORAGES"]))["STORAGES"]

    assert storages["default"]["BACKEND"] == "hub.web.private_documents.UploadStorage"
    assert storages["media"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["private"]["BACKEND"] == "roundtable.storage.PrivateFileSystemStorage"


def test_production_media_and_private_files_go_to_s3_buckets_when_named():
    env = {
        **PRODUCTION_ENV,
        "MEDIA_S3_BUCKET": "g20-media",
        "MEDIA_S3_CUSTOM_DOMAIN": "media.g20-hub.example",
        "PRIVATE_S3_BUCKET": "g20-private",
        "S3_ENDPOINT_URL": "https://s3.internal.example",
        "S3_REGION": "eu-west-1",
    }
    storages = loaded(import_settings("hub.settings.production", env, ["STORAGES"]))["STORAGES"]

    assert storages["default"]["BACKEND"] == "hub.web.private_documents.UploadStorage"
    media, private = storages["media"], storages["private"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "g20-media"
    assert media["OPTIONS"]["custom_domain"] == "media.g20-hub.example"
    assert media["OPTIONS"]["querystring_auth"] is False
    assert private["BACKEND"] == "roundtable.storage_s3.PrivateS3Storage"
    assert private["OPTIONS"]["bucket_name"] == "g20-private"
    for options in (media["OPTIONS"], private["OPTIONS"]):
        assert options["endpoint_url"] == "https://s3.internal.example"
        assert options["region_name"] == "eu-west-1"


def test_private_s3_storage_gives_no_url():
    from roundtable.storage_s3 import PrivateS3Storage

    storage = PrivateS3Storage(bucket_name="g20-private", endpoint_url="https://s3.internal.example")
    assert storage.default_acl == "private"
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("consultations/1/file.pdf")


def test_production_purges_a_cdn_named_by_env():
    names = ["WAGTAILFRONTENDCACHE", "PAGE_CACHE_SECONDS"]
    plain = loaded(import_settings("hub.settings.production", PRODUCTION_ENV, names))
    assert plain["WAGTAILFRONTENDCACHE"] == {}
    assert plain["PAGE_CACHE_SECONDS"] == 300

    env = {
        **PRODUCTION_ENV,
        "FRONTEND_CACHE_PURGE_URL": "http://varnish.internal:6081/",
        "CLOUDFLARE_ZONE_ID": "zone-1",
        "CLOUDFLARE_API_TOKEN": "token-1",
        "PAGE_CACHE_SECONDS": "120",
    }
    configured = loaded(import_settings("hub.settings.production", env, names))
    backends = configured["WAGTAILFRONTENDCACHE"]
    assert backends["cdn"] == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": "http://varnish.internal:6081/",
    }
    assert backends["cloudflare"]["ZONEID"] == "zone-1"
    assert backends["cloudflare"]["BEARER_TOKEN"] == "token-1"
    assert configured["PAGE_CACHE_SECONDS"] == 120


def test_the_page_cache_is_off_in_development_unless_asked_for():
    assert loaded(import_settings("hub.settings.dev", {}, ["PAGE_CACHE_SECONDS"]))["PAGE_CACHE_SECONDS"] == 0
    asked = loaded(import_settings("hub.settings.dev", {"PAGE_CACHE_SECONDS": "60"}, ["PAGE_CACHE_SECONDS"]))
    assert asked["PAGE_CACHE_SECONDS"] == 60
