"""Re-publication: newsroom items as feed entries, and (with ``?include=hub``) the hub's own
statements and debunks, as their own indexes syndicate them (they register with ``hub.registry.own_feed``)."""

from __future__ import annotations

from django.apps import apps

from hub import registry
from hub.listings.syndication import FEED_SIZE, FeedEntry, tag_uri

from .parsing import clean_text


def item_entries(items) -> list[FeedEntry]:
    return [
        FeedEntry(
            title=item.title or item.link,
            url=item.link,
            summary=clean_text(item.summary or item.content),
            published=item.published_at,
            updated=item.source_updated_at or item.published_at,
            unique_id=tag_uri("feed-item", item.pk),
            categories=list(item.categories or []),
            author=item.source.name,
            language=item.language,
        )
        for item in items
    ]


def hub_entries(locale, request) -> list[FeedEntry]:
    """The newest entries of the hub's own indexes in ``locale`` (statements, fact-checks: whatever
    registered with ``hub.registry.own_feed``)."""
    entries: list[FeedEntry] = []
    for label in registry.own_feeds():
        index = apps.get_model(label).objects.live().filter(locale=locale).first()
        if index is not None:
            entries += index.feed_entries(list(index.listing_queryset()[:FEED_SIZE]), request)
    return entries
