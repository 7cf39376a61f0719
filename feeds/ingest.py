"""Ingest: ``ingest(source, parsed) -> IngestReport``. ORM, no network, no Celery.

An idempotent upsert in one transaction per poll. An entry is the same item as a
stored one when it has the same (source, GUID); without a GUID, the same
normalised link; without a link, the same content hash. The first-seen time never
changes. An item another source already published (same normalised link) is
stored as its duplicate, so the newsroom shows it once. Nothing is ever removed:
a feed that suddenly returns nothing removes nothing.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.utils import timezone

from .models import FeedItem, Source
from .parsing import ParsedEntry, ParsedFeed

# Query parameters that track readers rather than name a document.
TRACKING_PARAMETERS = {"fbclid", "gclid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src", "_hsenc", "_hsmi"}
FIELDS = [
    "link",
    "normalised_link",
    "content_hash",
    "title",
    "summary",
    "content",
    "author",
    "language",
    "categories",
    "enclosures",
    "source_updated_at",
]


@dataclass
class IngestReport:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0

    def __str__(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicates, {self.skipped} skipped"
        )


def normalise_link(url: str) -> str:
    """The link as an identity: lower-case scheme and host, no default port, fragment or tracking parameters."""
    if not url:
        return ""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    ]
    path = parts.path.rstrip("/") or "/"
    # http and https name the same document.
    return urlunsplit(("https" if scheme in ("http", "https") else scheme, netloc, path, urlencode(sorted(query)), ""))


def content_hash(entry: ParsedEntry) -> str:
    published = entry.published.isoformat() if entry.published else ""
    text = "\x1f".join([entry.title, entry.summary, entry.content, published])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _values(entry: ParsedEntry, source: Source) -> dict:
    return {
        "link": entry.link,
        "normalised_link": normalise_link(entry.link),
        "content_hash": content_hash(entry),
        "title": entry.title,
        "summary": entry.summary,
        "content": entry.content,
        "author": entry.author,
        "language": entry.language or source.default_language,
        "categories": entry.categories,
        "enclosures": [
            {"url": enclosure.url, "type": enclosure.type, "length": enclosure.length} for enclosure in entry.enclosures
        ],
        "source_updated_at": entry.updated,
    }


def _find(source: Source, entry: ParsedEntry, values: dict, claimed: set[int]) -> FeedItem | None:
    items = FeedItem.objects.filter(source=source).exclude(pk__in=claimed)
    if entry.guid:
        return items.filter(guid=entry.guid).first()
    if values["normalised_link"]:
        return items.filter(guid="", normalised_link=values["normalised_link"]).order_by("pk").first()
    return items.filter(guid="", normalised_link="", content_hash=values["content_hash"]).order_by("pk").first()


def ingest(source: Source, parsed: ParsedFeed, now: datetime.datetime | None = None) -> IngestReport:
    """Upsert the feed's entries for ``source``; returns what changed."""
    now = now or timezone.now()
    report = IngestReport(skipped=parsed.skipped)
    claimed: set[int] = set()
    with transaction.atomic():
        for entry in parsed.entries:
            values = _values(entry, source)
            item = _find(source, entry, values, claimed)
            if item is not None:
                claimed.add(item.pk)
                changed = [name for name in FIELDS if getattr(item, name) != values[name]]
                if entry.published and item.published_at != entry.published:
                    changed.append("published_at")
                    values["published_at"] = entry.published
                if not changed:
                    report.unchanged += 1
                    continue
                for name in changed:
                    setattr(item, name, values[name])
                item.save(update_fields=[*changed, "updated_at"])
                report.updated += 1
                continue
            original = None
            if values["normalised_link"]:
                original = (
                    FeedItem.objects.filter(normalised_link=values["normalised_link"], duplicate_of__isnull=True)
                    .exclude(source=source)
                    .order_by("first_seen_at", "pk")
                    .first()
                )
            item = FeedItem.objects.create(
                source=source,
                guid=entry.guid,
                published_at=entry.published or now,
                first_seen_at=now,
                duplicate_of=original,
                **values,
            )
            claimed.add(item.pk)
            report.new += 1
            if original is not None:
                report.duplicates += 1
    return report
