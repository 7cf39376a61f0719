"""Re-publication: newsroom items as feed entries, and (with ``?include=hub``) the hub's own
statements and debunks, as their own indexes syndicate them (they register with ``hub.registry.own_feed``).

Whatever partners send, what the newsroom re-publishes (its page and its feeds) is checked again on the
way out, since rows may predate the parser's checks or be written by hand:

- **Titles**: an item without a title (empty, or only spaces or markup) is shown with its first words
  (``FALLBACK_WORDS`` of its summary, with an ellipsis), else "Untitled item from <source>" in the
  reader's language; a title is cut at ``MAX_TITLE`` characters.
- **Links**: only an absolute http(s) address is published; an item with another link (``javascript:``,
  relative, with spaces) is published without one.
- **Ids**: a partner item's id is the hub's own tag URI (``feed-item-<pk>``), never the partner's guid:
  a guid is only unique within its source, and a copy that reused it would be merged by readers with the
  partner's own entry (or steal it). The hub's own items under ``?include=hub`` get the newsroom's ids
  (``newsroom-page-<pk>``, ``newsroom-debunk-…``), distinct from those of their section's feed, so a
  reader subscribed to both keeps both.
"""

from __future__ import annotations

import dataclasses

from django.apps import apps
from django.utils.translation import gettext

from hub import registry
from hub.listings.syndication import FEED_SIZE, FeedEntry, republished_id, tag_uri

from .parsing import MAX_TEXT, MAX_TITLE, clean_text, clean_url

FALLBACK_WORDS = 10
# A "word" of a hostile summary can be thousands of characters long.
FALLBACK_LENGTH = 150


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fallback_title(item) -> tuple[str, bool]:
    """``(title, in_the_items_language)``: the item's first words, else "Untitled item from <source>"."""
    words = clean_text(item.summary or item.content, MAX_TEXT).split()
    if words:
        excerpt = " ".join(words[:FALLBACK_WORDS]) + ("…" if len(words) > FALLBACK_WORDS else "")
        return _shorten(excerpt, FALLBACK_LENGTH), True
    source = clean_text(item.source.name, 200)
    if source:
        return gettext("Untitled item from %(source)s") % {"source": source}, False
    return gettext("Untitled item"), False


def public_title(item) -> tuple[str, bool]:
    """``(title, in_the_items_language)``: the item's title, cleaned and capped, or its fallback."""
    title = clean_text(item.title, MAX_TEXT)
    if title:
        return _shorten(title, MAX_TITLE), True
    return fallback_title(item)


def public_link(item) -> str:
    """The item's link when it is an absolute http(s) address, else ""."""
    return clean_url(item.link)


def item_entries(items) -> list[FeedEntry]:
    return [
        FeedEntry(
            title=public_title(item)[0],
            url=public_link(item),
            summary=clean_text(item.summary or item.content),
            published=item.published_at,
            updated=max(item.source_updated_at or item.published_at, item.published_at),
            unique_id=tag_uri("feed-item", item.pk),
            categories=list(item.categories or []),
            author=item.source.name,
            language=item.language,
        )
        for item in items
    ]


def hub_entries(locale, request) -> list[FeedEntry]:
    """The newest entries of the hub's own indexes in ``locale`` (statements, fact-checks: whatever
    registered with ``hub.registry.own_feed``), with the newsroom's own ids."""
    entries: list[FeedEntry] = []
    for label in registry.own_feeds():
        index = apps.get_model(label).objects.live().filter(locale=locale).first()
        if index is not None:
            entries += [
                dataclasses.replace(entry, unique_id=republished_id(entry.unique_id, "newsroom"))
                for entry in index.feed_entries(list(index.listing_queryset()[:FEED_SIZE]), request)
            ]
    return entries
