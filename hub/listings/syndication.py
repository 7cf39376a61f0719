"""Outbound feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 from any listing, well-formed whatever the text holds.

Each listing page answers ``rss/``, ``atom/`` and ``json/`` with the same filters
as the page and its newest ``FEED_SIZE`` entries. An entry with a body carries it in full as
sanitised HTML (``FeedEntry.content_html``, made with ``hub.pages.fulltext``): RSS ``content:encoded``,
Atom ``<content type="html">``, JSON Feed ``content_html``; the summary stays the summary. Django's feedgenerator writes
the XML (escaping text); characters XML forbids (control characters) are
removed first, since an escaped control character is still not well-formed.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.utils import feedgenerator, timezone
from django.utils.http import http_date
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

FEED_SIZE = 50
# Characters not allowed in XML 1.0 documents, even escaped.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
# The formats' own names, as their specifications spell them (not "ATOM").
FEED_LABELS = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


# RFC 4151 tag URIs: the ids feed readers use to recognise an entry, stable across renames and hosts.
# The authority and date never change (a new date would make every reader see every entry as new).
TAG_URI_PREFIX = "tag:g20-hub,2026:"


def tag_uri(*parts: object) -> str:
    """The stable id of a feed entry: ``tag_uri("debunk", case_id, locale_id)`` is
    ``tag:g20-hub,2026:debunk-<case_id>-<locale_id>``."""
    return TAG_URI_PREFIX + "-".join(str(part) for part in parts)


def republished_id(unique_id: str, by: str) -> str:
    """The id of an entry re-published by another feed (the newsroom's ``?include=hub``):
    ``tag:g20-hub,2026:page-12`` becomes ``tag:g20-hub,2026:newsroom-page-12``, so a reader subscribed
    to both feeds keeps both entries instead of merging them."""
    return tag_uri(by, unique_id.removeprefix(TAG_URI_PREFIX))


def xml_safe(text: str | None) -> str:
    return _XML_FORBIDDEN.sub("", text or "")


@dataclass
class FeedEntry:
    title: str
    url: str
    summary: str
    published: datetime.datetime
    updated: datetime.datetime
    unique_id: str
    categories: list[str] = field(default_factory=list)
    author: str = ""
    language: str = ""
    # The full body, already sanitised (hub.pages.fulltext); "" when the entry has none.
    content_html: str = ""


@dataclass
class FeedInfo:
    title: str
    description: str
    home_url: str
    feed_url: str
    language: str
    author: str = "G20"


def _aware(value: datetime.datetime | datetime.date | None) -> datetime.datetime:
    if value is None:
        return timezone.now()
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(12, 0))
    return value if timezone.is_aware(value) else timezone.make_aware(value, datetime.UTC)


class _WithoutEmptyLinks:
    """The XML writer, leaving out an entry's link when it has none (Django would write ``<link/>`` or
    ``<link href=""/>``, which validators reject): a partner item with an invalid link goes out without."""

    def __init__(self, handler):
        self._handler = handler

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802 - Django's name
        if name == "link" and not contents and not (attrs or {}).get("href"):
            return
        self._handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self._handler, name)


class FullTextRssFeed(feedgenerator.Rss201rev2Feed):
    """RSS 2.0 with the content module (``content:encoded``) for full text, and no empty links."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(_WithoutEmptyLinks(handler), item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])


class FullTextAtomFeed(feedgenerator.Atom1Feed):
    """Atom 1.0 with ``<content type="html">`` for full text, and no empty links."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(_WithoutEmptyLinks(handler), item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        elif not item["link"]:
            # RFC 4287 4.1.1: an entry without an alternate link must have content.
            handler.addQuickElement("content", item["description"] or item["title"], {"type": "text"})


def _xml_feed(generator_class, info: FeedInfo, entries: list[FeedEntry]) -> str:
    feed = generator_class(
        title=xml_safe(info.title),
        link=info.home_url,
        description=xml_safe(info.description),
        language=info.language,
        feed_url=info.feed_url,
        author_name=xml_safe(info.author),
        feed_guid=info.feed_url,
    )
    for entry in entries:
        feed.add_item(
            title=xml_safe(entry.title),
            link=entry.url,
            description=xml_safe(entry.summary),
            unique_id=entry.unique_id,
            unique_id_is_permalink=False,
            pubdate=_aware(entry.published),
            updateddate=_aware(entry.updated),
            categories=[xml_safe(category) for category in entry.categories],
            author_name=xml_safe(entry.author) or None,
            content_html=xml_safe(entry.content_html),
        )
    return feed.writeString("utf-8")


def _json_feed(info: FeedInfo, entries: list[FeedEntry]) -> str:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.home_url,
        "feed_url": info.feed_url,
        "description": info.description,
        "language": info.language,
        "authors": [{"name": info.author}],
        "items": [
            {
                "id": entry.unique_id,
                **({"url": entry.url} if entry.url else {}),
                "title": entry.title,
                "content_text": entry.summary,
                "summary": entry.summary,
                **({"content_html": entry.content_html} if entry.content_html else {}),
                "date_published": _aware(entry.published).isoformat(),
                "date_modified": _aware(entry.updated).isoformat(),
                "tags": entry.categories,
                **({"authors": [{"name": entry.author}]} if entry.author else {}),
                **({"language": entry.language} if entry.language else {}),
            }
            for entry in entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1)


def feed_response(kind: str, info: FeedInfo, entries: list[FeedEntry]) -> HttpResponse:
    if kind == "rss":
        body = _xml_feed(FullTextRssFeed, info, entries)
    elif kind == "atom":
        body = _xml_feed(FullTextAtomFeed, info, entries)
    else:
        body = _json_feed(info, entries)
    response = HttpResponse(body, content_type=CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    if entries:
        # With the ETag that ConditionalGetMiddleware adds, pollers get a 304 while nothing changed.
        response["Last-Modified"] = http_date(max(_aware(entry.updated) for entry in entries).timestamp())
    return response


def filter_errors_response(filterset) -> HttpResponse:
    """A feed asked for with bad filter values: 400, each parameter and its message, as plain text."""
    errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
    return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")


def feed_url(request: HttpRequest, index_url: str, kind: str) -> str:
    """The absolute URL of a listing's feed, keeping the listing's filters (without ``page``)."""
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    return request.build_absolute_uri(f"{index_url}{kind}/" + (f"?{encoded}" if encoded else ""))


class SyndicatedListingMixin(RoutablePageMixin):
    """For an index page: the page itself plus ``rss/``, ``atom/``, ``json/``.

    Subclasses set ``listing_filter_class`` and implement ``listing_queryset()``
    and ``feed_entries(items, request)``; the page's context gets ``listing`` and ``feed_links``,
    plus whatever ``listing_context()`` adds.
    """

    listing_filter_class = None
    # The page's own filters, where they differ from the feeds' (the newsroom's ``?include=`` is feed-only).
    page_filter_class = None
    feed_kinds = ("rss", "atom", "json")

    def listing_queryset(self):
        raise NotImplementedError

    def feed_entries(self, items, request) -> list[FeedEntry]:
        raise NotImplementedError

    def build_listing(self, request):
        """The filtered, paginated listing the page shows (``hub.listings.indexes.Listing``)."""
        from hub.listings.indexes import build_listing

        filter_class = self.page_filter_class or self.listing_filter_class
        return build_listing(filter_class, request.GET, self.listing_queryset(), request=request)

    def listing_context(self, request, listing) -> dict:
        """What the template shows beside the listing (issuers, featured items, …)."""
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = self.build_listing(request)
        context.update(listing=listing, feed_links=self.feed_links(request), **self.listing_context(request, listing))
        return context

    def extra_feed_entries(self, request) -> list[FeedEntry]:
        """Entries from elsewhere merged into the feed by date (the newsroom's ``?include=hub``)."""
        return []

    def documented_feeds(self) -> list[tuple[str, str, type]]:
        """(subpath, title, filter set class) of each feed the page answers, for the API documentation
        (``hub.rest.feed_docs``): its listing's, and any other a subclass serves (the roundtable's commitments)."""
        return [("", self.title, self.listing_filter_class)]

    def feed_links(self, request, subpath: str = "") -> list[dict]:
        """The ``<link rel="alternate">`` targets of the listing, or of a listing at ``subpath`` (``commitments/``)."""
        index_url = self.get_url(request) + subpath
        return [
            {
                "kind": kind,
                "label": FEED_LABELS[kind],
                "type": CONTENT_TYPES[kind].split(";")[0],
                "url": feed_url(request, index_url, kind),
            }
            for kind in self.feed_kinds
        ]

    def serve_listing(self, request):
        response = self.render(request)
        listing = response.context_data.get("listing")
        if listing is not None and not listing.is_valid:
            response.status_code = 400
        return response

    @path("")
    def index(self, request):
        return self.serve_listing(request)

    @path("rss/")
    def rss(self, request):
        return self.serve_feed(request, "rss")

    @path("atom/")
    def atom(self, request):
        return self.serve_feed(request, "atom")

    @path("json/")
    def json(self, request):
        return self.serve_feed(request, "json")

    def serve_feed(self, request, kind: str) -> HttpResponse:
        from hub.pages.addresses import permanent_page_url

        filterset = self.listing_filter_class(request.GET, queryset=self.listing_queryset())
        if not filterset.is_valid():
            return filter_errors_response(filterset)
        items = list(filterset.qs[:FEED_SIZE])
        entries = self.feed_entries(items, request)
        extra = self.extra_feed_entries(request)
        if extra:
            # Merged by date; otherwise the feed keeps the listing's own order.
            entries = sorted(entries + extra, key=lambda entry: _aware(entry.published), reverse=True)
        info = FeedInfo(
            title=f"{self.title} · G20",
            description=getattr(self, "introduction", "") or self.title,
            home_url=permanent_page_url(self, request),
            feed_url=feed_url(request, self.get_url(request), kind),
            language=self.locale.language_code,
        )
        return feed_response(kind, info, entries[:FEED_SIZE])
