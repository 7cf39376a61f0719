"""Which dates a page shows and syndicates: the item's own date, and the hub's publication history.

Some pages carry their own date (a statement's ``date``, a library item's publication date): the day
the item was issued, which may be years before the hub first published the page (a back-filled
archive). The rule, for pages, feeds, search and the API:

- **The item's date is the date.** Pages show it in their header, feeds use it for ``pubDate`` /
  ``published`` / ``date_published``, search results show it. (Within that day, feeds keep the hub's
  time of first publication when it falls on the same day.)
- **The hub's history comes second, and only when it adds something.** A dated page whose first
  publication on the hub fell on another day than its own date says "On the hub since <day>", never
  "First published" (which would read as the item's date). Pages without a date of their own keep
  "First published <day>".
- **Updates never go backwards.** The hub's last change is never earlier than its first publication
  (``last = max(last_published_at, first_published_at)``, for an import that wrote an original first
  publication date after the page's last publish); "Last updated" is shown only when its day is later
  than every other date shown; a feed's ``updated`` is never earlier than its ``published``.

A page declares its own date with ``own_date_field`` (the name of a ``DateField``); pages without one
leave it ``None``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value is not None and timezone.is_aware(value) else None


@dataclass(frozen=True)
class PublicationDates:
    own: datetime.date | None  # the item's own date (None for pages without one)
    first: datetime.datetime | None  # when the hub first published the page
    last: datetime.datetime | None  # the hub's last change, never earlier than ``first``

    @property
    def show_first(self) -> bool:
        """Whether to say "First published <day>": only pages without a date of their own do."""
        return self.first is not None and self.own is None

    @property
    def show_on_hub_since(self) -> bool:
        """Whether to say "On the hub since <day>": a dated page first published on another day."""
        first_day = _day(self.first)
        return bool(self.own and first_day and first_day != self.own)

    @property
    def show_last(self) -> bool:
        """Whether to say "Last updated <day>": only when later than every other date shown."""
        last_day = _day(self.last)
        shown = [day for day in (_day(self.first), self.own) if day is not None]
        return bool(last_day and shown and last_day > max(shown))

    def feed_times(self, fallback: datetime.date | datetime.datetime | None = None):
        """``(published, updated)`` for a feed entry: the item's own date (with the hub's time when it
        was first published that day), and the hub's last change, never earlier than ``published``."""
        if self.own is not None and _day(self.first) != self.own:
            published = datetime.datetime.combine(self.own, datetime.time(12, 0), tzinfo=datetime.UTC)
        else:
            published = self.first or _as_datetime(fallback) or timezone.now()
        updated = max(self.last or published, published)
        return published, updated


def _as_datetime(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(value, datetime.time(12, 0), tzinfo=datetime.UTC)


def own_date(page) -> datetime.date | None:
    field = getattr(page, "own_date_field", None)
    value = getattr(page, field, None) if field else None
    return value if isinstance(value, datetime.date) else None


def last_change(page) -> datetime.datetime | None:
    """The hub's last change of ``page``, never earlier than its first publication."""
    first, last = page.first_published_at, page.last_published_at
    if first and last:
        return max(first, last)
    return last or first


def publication_dates(page) -> PublicationDates:
    return PublicationDates(own=own_date(page), first=page.first_published_at, last=last_change(page))


def feed_dates(page, fallback: datetime.date | datetime.datetime | None = None) -> dict:
    """``published`` and ``updated`` of ``page``'s feed entry (``FeedEntry(**feed_dates(page))``)."""
    published, updated = publication_dates(page).feed_times(fallback)
    return {"published": published, "updated": updated}


def item_sort_key(page) -> tuple[datetime.date, datetime.datetime]:
    """Newest-first order of mixed pages (with ``reverse=True``): by the item's own date, else the day the
    hub first published it; then by the hub's first publication."""
    first = page.first_published_at or datetime.datetime.min.replace(tzinfo=datetime.UTC)
    return own_date(page) or _day(page.first_published_at) or datetime.date.min, first
