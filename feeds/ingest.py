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
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.utils import timezone
from wagtail.search.backends import get_search_backend

from hub.models import Topic
from hub.publishing.pagecache import purge_all

from .models import FeedItem, Source
from .parsing import ParsedEntry, ParsedFeed
from .signals import items_ingested

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
    # Entries after the document's first FEEDS_MAX_ENTRIES: never read, so neither stored nor updated.
    beyond_cap: int = 0
    # What the source's health shows after a poll that succeeded ("" when there is nothing to say).
    notice: str = field(default="", compare=False)
    # The new items' ids, for the "items ingested" signal.
    new_ids: list[int] = field(default_factory=list, compare=False, repr=False)

    def __str__(self) -> str:
        text = (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.duplicates} duplicates, {self.skipped} skipped"
        )
        return f"{text}, {self.beyond_cap} beyond the entry cap" if self.beyond_cap else text


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


_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$")


def _language(value: str) -> str:
    """A BCP 47-looking tag in lower case, or "" (what feeds put there is not always a tag)."""
    value = (value or "").strip().lower().replace("_", "-")
    return value if _LANGUAGE_TAG.match(value) else ""


def _values(entry: ParsedEntry, source: Source) -> dict:
    return {
        "link": entry.link,
        "normalised_link": normalise_link(entry.link),
        "content_hash": content_hash(entry),
        "title": entry.title,
        "summary": entry.summary,
        "content": entry.content,
        "author": entry.author,
        "language": _language(entry.language) or source.default_language,
        "categories": entry.categories,
        "enclosures": [
            {"url": enclosure.url, "type": enclosure.type, "length": enclosure.length} for enclosure in entry.enclosures
        ],
        "source_updated_at": entry.updated,
    }


def _topic_matcher():
    """Topics (every language) whose name appears in an item's title or categories, matched as words."""
    topics = [(topic, re.compile(rf"\b{re.escape(topic.name.casefold())}\b")) for topic in Topic.objects.all()]

    def match(values: dict) -> list[Topic]:
        text = " ".join([values["title"], *values["categories"]]).casefold()
        return [topic for topic, pattern in topics if pattern.search(text)]

    return match


class _Stored:
    """The source's stored items, looked up by identity in memory: one query per poll, not per entry."""

    def __init__(self, source: Source):
        self.by_guid: dict[str, FeedItem] = {}
        self.by_link: dict[str, FeedItem] = {}
        self.by_hash: dict[str, FeedItem] = {}
        for item in FeedItem.objects.filter(source=source).order_by("-pk"):
            if item.guid:
                self.by_guid[item.guid] = item
            elif item.normalised_link:
                self.by_link[item.normalised_link] = item
            else:
                self.by_hash[item.content_hash] = item

    def find(self, entry: ParsedEntry, values: dict) -> FeedItem | None:
        if entry.guid:
            return self.by_guid.pop(entry.guid, None)
        if values["normalised_link"]:
            return self.by_link.pop(values["normalised_link"], None)
        return self.by_hash.pop(values["content_hash"], None)


def ingest(source: Source, parsed: ParsedFeed, now: datetime.datetime | None = None) -> IngestReport:
    """Upsert the feed's entries for ``source``; returns what changed."""
    now = now or timezone.now()
    report = IngestReport(skipped=parsed.skipped, beyond_cap=parsed.beyond_cap, notice=parsed.cap_notice)
    match_topics = _topic_matcher()
    with transaction.atomic():
        stored = _Stored(source)
        new_items: list[FeedItem] = []
        seen_in_feed: set[tuple[str, str]] = set()
        for entry in parsed.entries:
            values = _values(entry, source)
            if entry.guid:
                key = ("guid", entry.guid)
            elif values["normalised_link"]:
                key = ("link", values["normalised_link"])
            else:
                key = ("hash", values["content_hash"])
            if key in seen_in_feed:
                # The same entry twice in one document: the first one counts.
                report.unchanged += 1
                continue
            seen_in_feed.add(key)
            item = stored.find(entry, values)
            if item is not None:
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
            new_items.append(
                FeedItem(
                    source=source, guid=entry.guid, published_at=entry.published or now, first_seen_at=now, **values
                )
            )
        if new_items:
            _create(source, new_items, match_topics, report)
        if report.new:
            # Bulk inserts send no save signals: the newsroom and its feeds change now.
            purge_all(f"{report.new} new items from source {source.pk}")
            item_ids = list(report.new_ids)
            transaction.on_commit(lambda: items_ingested.send(sender=FeedItem, source=source, item_ids=item_ids))
    return report


def _create(source: Source, items: list[FeedItem], match_topics, report: IngestReport) -> None:
    """Insert new items in bulk: duplicates of other sources' items linked, topics set, search index updated."""
    links = {item.normalised_link for item in items if item.normalised_link}
    originals: dict[str, FeedItem] = {}
    if links:
        candidates = (
            FeedItem.objects.filter(normalised_link__in=links, duplicate_of__isnull=True)
            .exclude(source=source)
            .order_by("-first_seen_at", "-pk")
        )
        originals = {item.normalised_link: item for item in candidates}  # the earliest wins (iterated last)
    now = timezone.now()
    for item in items:
        item.duplicate_of = originals.get(item.normalised_link) if item.normalised_link else None
        item.updated_at = now
        if item.duplicate_of is not None:
            report.duplicates += 1
    created = FeedItem.objects.bulk_create(items)
    if any(item.pk is None for item in created):
        # Databases that do not return ids from bulk inserts: read them back by identity.
        created = list(FeedItem.objects.filter(source=source).order_by("-pk")[: len(items)])
    topic_links = [
        FeedItem.topics.through(feeditem_id=item.pk, topic_id=topic.pk)
        for item in created
        for topic in match_topics({"title": item.title, "categories": item.categories})
    ]
    FeedItem.topics.through.objects.bulk_create(topic_links)
    get_search_backend().add_bulk(FeedItem, created)
    report.new += len(created)
    report.new_ids += [item.pk for item in created]
