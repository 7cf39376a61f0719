"""Polling one source: lock, fetch, parse, ingest, and record its health. No Celery here.

A source is polled by one worker at a time (a lock in the shared cache); a host
is not hit more than once per FEEDS_MIN_HOST_INTERVAL seconds; failures back
off exponentially with jitter up to the source's longest interval (a day by
default), honouring Retry-After, and a success resets it.
"""

from __future__ import annotations

import datetime
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .fetching import FetchError, FetchResult, fetch
from .ingest import IngestReport, ingest
from .models import Source
from .parsing import ParseError, parse

LOCK_TIMEOUT = 5 * 60
logger = logging.getLogger(__name__)

Fetcher = Callable[[str, str, str], FetchResult]


@dataclass
class PollOutcome:
    source_id: int
    status: str  # "new content", "not modified", "failed", "deferred", "busy", "inactive"
    report: IngestReport | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def backoff(source: Source, failures: int, retry_after: datetime.timedelta | None = None) -> datetime.timedelta:
    """min_interval × 2^failures, ±20 % jitter, at most max_interval; never sooner than Retry-After."""
    seconds = min(source.max_interval, source.min_interval * (2 ** min(failures, 20)))
    seconds *= random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography
    seconds = min(seconds, source.max_interval)
    wait = datetime.timedelta(seconds=seconds)
    if retry_after is not None:
        wait = max(wait, min(retry_after, datetime.timedelta(seconds=source.max_interval)))
    return wait


def _default_fetcher(url: str, etag: str, modified: str) -> FetchResult:
    return fetch(url, etag, modified)


def _record(source_id: int, **fields) -> None:
    Source.objects.filter(pk=source_id).update(**fields)


def poll_source(
    source_id: int, *, fetcher: Fetcher = _default_fetcher, now: datetime.datetime | None = None
) -> PollOutcome:
    """Poll one source now (unless another worker is, or its host was just hit)."""
    lock_key = f"feeds:poll:{source_id}"
    token = uuid.uuid4().hex
    if not cache.add(lock_key, token, LOCK_TIMEOUT):
        return PollOutcome(source_id, "busy")
    try:
        return _poll(source_id, fetcher, now or timezone.now())
    finally:
        if cache.get(lock_key) == token:
            cache.delete(lock_key)


def _poll(source_id: int, fetcher: Fetcher, now: datetime.datetime) -> PollOutcome:
    source = Source.objects.filter(pk=source_id).first()
    if source is None or not source.active:
        return PollOutcome(source_id, "inactive")
    interval = settings.FEEDS_MIN_HOST_INTERVAL
    host = (urlsplit(source.feed_url).hostname or "").lower()
    if interval > 0 and not cache.add(f"feeds:host:{host}", now.isoformat(), interval):
        _record(source_id, next_poll_at=now + datetime.timedelta(seconds=interval))
        return PollOutcome(source_id, "deferred")
    _record(source_id, last_attempt_at=now)
    try:
        result = fetcher(source.feed_url, source.etag, source.last_modified)
        if result.not_modified:
            # 304: nothing to parse.
            _succeeded(source, now, 304, result)
            return PollOutcome(source_id, "not modified")
        parsed = parse(result.content or b"", base_url=result.url, now=now)
        report = ingest(source, parsed, now=now)
    except (FetchError, ParseError) as error:
        status = getattr(error, "status", None)
        failures = source.consecutive_failures + 1
        _record(
            source_id,
            consecutive_failures=failures,
            last_status=status,
            last_error=error.message[:2000],
            next_poll_at=now + backoff(source, failures, getattr(error, "retry_after", None)),
        )
        return PollOutcome(source_id, "failed", error=error.message)
    except Exception as error:  # noqa: BLE001 - a worker never dies on one feed; the error is kept
        logger.exception("Polling source %s failed", source_id)
        failures = source.consecutive_failures + 1
        message = f"The feed could not be stored ({error.__class__.__name__})."
        _record(
            source_id,
            consecutive_failures=failures,
            last_error=message,
            next_poll_at=now + backoff(source, failures),
        )
        return PollOutcome(source_id, "failed", error=message)
    _succeeded(source, now, 200, result, notice=report.notice)
    return PollOutcome(source_id, "new content", report=report)


def _succeeded(source: Source, now: datetime.datetime, status: int, result: FetchResult, notice: str = "") -> None:
    """A success resets the failures; ``notice`` (a feed cut at FEEDS_MAX_ENTRIES) stays visible in its health."""
    _record(
        source.pk,
        last_success_at=now,
        last_status=status,
        consecutive_failures=0,
        last_error=notice[:2000],
        etag=(result.etag or "")[:500],
        last_modified=(result.last_modified or "")[:100],
        next_poll_at=now + datetime.timedelta(seconds=source.min_interval),
    )


def due_source_ids(now: datetime.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    due = Source.objects.filter(active=True).exclude(next_poll_at__gt=now)
    return list(due.order_by("next_poll_at", "pk").values_list("pk", flat=True))
