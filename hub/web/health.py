"""What /healthz checks: the database, the cache and the Celery broker."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection

CHECK_TIMEOUT_SECONDS = 2


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - any failure is reported, not raised
        return f"error: {type(error).__name__}: {error}".strip()
    return "ok"


def check_cache() -> str:
    key = "healthz:probe"
    try:
        cache.set(key, "1", 10)
        if cache.get(key) != "1":
            # django-redis swallows outages when IGNORE_EXCEPTIONS is on: a miss here is one.
            return "error: cache did not return what was stored"
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}: {error}".strip()
    return "ok"


def check_broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from hub.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)
    except Exception as error:  # noqa: BLE001
        return f"error: {type(error).__name__}: {error}".strip()
    return "ok"


def last_worker_heartbeat() -> str | None:
    """When a Celery worker last ran the beat's heartbeat task (ISO 8601), if the cache knows."""
    from hub.tasks import HEARTBEAT_CACHE_KEY

    try:
        return cache.get(HEARTBEAT_CACHE_KEY)
    except Exception:  # noqa: BLE001 - the cache check above already reports the cause
        return None


def run_checks() -> tuple[dict[str, str | None], bool]:
    """Return the report and whether the site can serve (the database is reachable)."""
    report = {
        "database": check_database(),
        "cache": check_cache(),
        "broker": check_broker(),
        "worker_heartbeat": last_worker_heartbeat(),
    }
    return report, report["database"] == "ok"
