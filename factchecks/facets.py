"""Counts per filter value are the costly part of the database view (they read every matching
debunk), and they only change when a debunk does: cache them under a version that any change bumps."""

from __future__ import annotations

import hashlib
import uuid

from django.core.cache import cache

VERSION_KEY = "factchecks:facets:version"
TIMEOUT = 60 * 60


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def invalidate_facet_counts() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached_facet_counts(key_parts: list[str], compute):
    digest = hashlib.sha256("\x1f".join(key_parts).encode()).hexdigest()
    key = f"factchecks:facets:{_version()}:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = compute()
        cache.set(key, counts, TIMEOUT)
    return counts
