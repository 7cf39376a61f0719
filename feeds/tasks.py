"""Celery tasks of the aggregator: thin wrappers that take ids and call feeds.polling."""

from celery import shared_task

from . import polling


@shared_task(ignore_result=True)
def poll_due_sources() -> int:
    """Queue one poll_source task per due source; Celery beat sends this every minute."""
    ids = polling.due_source_ids()
    for source_id in ids:
        poll_source.delay(source_id)
    return len(ids)


@shared_task(ignore_result=True, acks_late=True)
def poll_source(source_id: int) -> str:
    """Poll one source. Acknowledged only when done, so a worker killed mid-poll gets it redelivered;
    ingest is idempotent, so a second run adds nothing twice."""
    return polling.poll_source(source_id).status
