"""Core Celery tasks."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "hub:worker-heartbeat"


@shared_task(ignore_result=True)
def heartbeat() -> str:
    """Record that a worker ran a task; Celery beat sends it every minute and /healthz reports it."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=60 * 60)
    return now


@shared_task(ignore_result=True)
def publish_scheduled() -> None:
    """Publish (and unpublish) what editors scheduled; Celery beat sends it every minute."""
    from django.core.management import call_command

    call_command("publish_scheduled")
