"""Re-publication: newsroom items as feed entries, and (with ``?include=hub``) the hub's own
statements and debunks, as their own indexes syndicate them."""

from __future__ import annotations

from hub.syndication import FEED_SIZE, FeedEntry

from .parsing import clean_text


def item_entries(items) -> list[FeedEntry]:
    return [
        FeedEntry(
            title=item.title or item.link,
            url=item.link,
            summary=clean_text(item.summary or item.content),
            published=item.published_at,
            updated=item.source_updated_at or item.published_at,
            unique_id=f"tag:g20-hub,2026:feed-item-{item.pk}",
            categories=list(item.categories or []),
            author=item.source.name,
            language=item.language,
        )
        for item in items
    ]


def hub_entries(locale, request) -> list[FeedEntry]:
    """The newest entries of the statements and fact-check indexes in ``locale``."""
    from factchecks.models import FactCheckIndexPage
    from hub.statements.models import StatementIndexPage

    entries: list[FeedEntry] = []
    for index_class in (StatementIndexPage, FactCheckIndexPage):
        index = index_class.objects.live().filter(locale=locale).first()
        if index is not None:
            entries += index.feed_entries(list(index.listing_queryset()[:FEED_SIZE]), request)
    return entries
