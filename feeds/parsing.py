"""Parsing and cleaning partner feeds: ``parse(bytes) -> ParsedFeed``. No ORM, no network.

Documents that declare a DOCTYPE or entities are refused before any XML parser
sees them (entity expansion is how "billion laughs" and external-entity attacks
work). The check reads the characters feedparser will read: the document is
decoded first with feedparser's own encoding detection (byte order marks, UTF-16
and UTF-32 without one, EBCDIC, UTF-7, the XML declaration), and feedparser is
then given that text as UTF-8, so it cannot decode it any other way. Only the
first ``FEEDS_MAX_ENTRIES`` entries are read; the rest are counted, not kept.
feedparser reads the bytes with its own sanitiser off; every HTML field is
cleaned here with nh3 against an allow-list, and every text field is stored as
plain text without control characters. One bad entry is skipped and counted;
it never costs the rest of the feed.
"""

from __future__ import annotations

import calendar
import datetime
import html
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import feedparser
import nh3
from django.conf import settings
from feedparser.encodings import convert_to_utf8

from .links import as_uri

logger = logging.getLogger(__name__)

MAX_TITLE = 500
MAX_TEXT = 2_000
MAX_HTML = 100_000
MAX_URL = 2_000
MAX_GUID = 500
MAX_CATEGORIES = 20
EARLIEST = datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "dl", "dt", "em", "figcaption", "figure",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "q", "small", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# C0 and C1 control characters (tab and newline kept), lone surrogates and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# What no parser reads as markup but could split a keyword in two (C0 controls but whitespace).
_INVISIBLE_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
DECLARATIONS_REFUSED = "The document declares a DOCTYPE or entities; documents with declarations are refused."
_DOCTYPE = re.compile(rb"<!\s*doctype", re.IGNORECASE)
_ENTITY = re.compile(rb"<!\s*entity", re.IGNORECASE)


class ParseError(Exception):
    """The document is refused or unreadable; ``message`` is safe to show and store."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedEnclosure:
    url: str
    type: str = ""
    length: int | None = None


@dataclass
class ParsedEntry:
    guid: str
    link: str
    title: str
    summary: str  # cleaned HTML
    content: str  # cleaned HTML
    author: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    categories: list[str] = field(default_factory=list)
    enclosures: list[ParsedEnclosure] = field(default_factory=list)
    language: str = ""


@dataclass
class ParsedFeed:
    title: str
    link: str
    description: str
    language: str
    entries: list[ParsedEntry]
    skipped: int = 0
    problems: list[str] = field(default_factory=list)
    # Entries after the first FEEDS_MAX_ENTRIES: counted, never read, and said so in ``cap_notice``.
    beyond_cap: int = 0
    cap_notice: str = ""


def clean_text(value, limit: int = MAX_TEXT) -> str:
    """Plain text: no markup, no control characters or lone surrogates, collapsed and capped."""
    if not value:
        return ""
    # Removed before nh3 (which cannot take lone surrogates) and after unescaping (&#1; is a control).
    text = html.unescape(nh3.clean(_CONTROL.sub("", str(value)), tags=set()))
    text = _CONTROL.sub("", text)
    return " ".join(text.split())[:limit]


def clean_html(value, base: str = "", limit: int = MAX_HTML) -> str:
    """HTML against the allow-list: links and images only absolute http(s) (mailto for links), no scripts,
    forms, svg, math, style or event handlers. Relative addresses are resolved against ``base``."""
    if not value:
        return ""

    def absolute(element: str, attribute: str, url: str) -> str | None:
        if attribute not in ("href", "src"):
            return url
        if element == "a" and url.lower().startswith("mailto:"):
            return url
        return clean_url(url, base) or None

    options = {
        "tags": ALLOWED_TAGS,
        "attributes": ALLOWED_ATTRIBUTES,
        "url_schemes": URL_SCHEMES,
        "attribute_filter": absolute,
        "link_rel": "noopener noreferrer nofollow",
        "strip_comments": True,
    }
    cleaned = nh3.clean(_CONTROL.sub("", str(value)), **options)
    if len(cleaned) > limit:
        # Cut, then clean again so the cut never leaves a broken tag behind.
        cleaned = nh3.clean(cleaned[:limit], **options)
    return cleaned.strip()


def clean_url(value, base: str = "") -> str:
    """An absolute http(s) address as a URI (percent-encoded, ``feeds.links``), or "" (javascript:, data:,
    file: and the like are dropped)."""
    if not value or not isinstance(value, str):
        return ""
    value = _CONTROL.sub("", value).strip()
    if base:
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or len(value) > MAX_URL:
        return ""
    if any(char.isspace() for char in value):
        return ""
    value = as_uri(value)
    return value if len(value) <= MAX_URL else ""


def as_utf8(data: bytes) -> bytes:
    """The document as feedparser decodes it, re-encoded as UTF-8 under an XML declaration that says so.

    Checking the raw bytes is not enough: a UTF-32, UTF-16 without a byte order mark, EBCDIC or
    UTF-7 document shows no "<!ENTITY" byte pattern, yet feedparser decodes one and expands it.
    feedparser's own ``convert_to_utf8`` (the function its ``parse`` calls) gives the exact text.
    """
    result: dict = {}
    converted = convert_to_utf8({}, data, result)
    if not result.get("encoding") or not isinstance(converted, bytes):
        raise ParseError("The document's character encoding cannot be read.")
    return converted


def refuse_declarations(data: bytes) -> None:
    """Refuse a DOCTYPE or an ENTITY declaration anywhere in the document. Looking for the end of the
    prolog instead is fooled by markup-like text in a processing instruction (``<?x <a?>``), and lenient
    parsers read declarations anywhere; a feed whose CDATA quotes "<!DOCTYPE" is refused too, which is
    the price. ``data`` is UTF-8, as ``as_utf8`` gives it."""
    text = _INVISIBLE_BYTES.sub(b"", data)
    if _DOCTYPE.search(text) or _ENTITY.search(text):
        raise ParseError(DECLARATIONS_REFUSED)


def _datetime(parsed, now: datetime.datetime) -> datetime.datetime | None:
    """feedparser's UTC time tuple as an aware datetime; None when missing or absurd."""
    if not parsed:
        return None
    try:
        value = datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None
    if value < EARLIEST or value > now + datetime.timedelta(days=1):
        return None
    return value


def _entry(raw, base: str, now: datetime.datetime) -> ParsedEntry:
    link = clean_url(raw.get("link"), base)
    contents = raw.get("content") or []
    content = clean_html(contents[0].get("value"), link or base) if contents else ""
    enclosures = []
    for enclosure in raw.get("enclosures") or []:
        href = clean_url(enclosure.get("href"), base)
        if href:
            length = str(enclosure.get("length") or "")
            enclosures.append(
                ParsedEnclosure(
                    url=href,
                    type=clean_text(enclosure.get("type"), 100),
                    length=int(length) if length.isascii() and length.isdigit() and len(length) < 15 else None,
                )
            )
    categories = []
    for tag in (raw.get("tags") or [])[:MAX_CATEGORIES]:
        term = clean_text(tag.get("term") or tag.get("label"), 100)
        if term and term not in categories:
            categories.append(term)
    return ParsedEntry(
        guid=clean_text(raw.get("id"), MAX_GUID),
        link=link,
        title=clean_text(raw.get("title"), MAX_TITLE),
        summary=clean_html(raw.get("summary"), link or base),
        content=content,
        author=clean_text(raw.get("author"), 200),
        published=_datetime(raw.get("published_parsed"), now),
        # dict.get: feedparser would otherwise stand the published date in for a missing updated one.
        updated=_datetime(dict.get(raw, "updated_parsed"), now),
        categories=categories,
        enclosures=enclosures,
        language=clean_text((raw.get("title_detail") or {}).get("language"), 20),
    )


def parse(
    data: bytes, *, base_url: str = "", now: datetime.datetime | None = None, max_entries: int | None = None
) -> ParsedFeed:
    """Parse and clean a feed document; raise ParseError when it is refused or not a feed at all.
    Only the first ``max_entries`` entries (default: FEEDS_MAX_ENTRIES) are read."""
    if not isinstance(data, bytes):
        raise ParseError("A feed must be given as bytes.")
    if not data.strip():
        raise ParseError("The document is empty.")
    data = as_utf8(data)
    refuse_declarations(data)
    now = now or datetime.datetime.now(datetime.UTC)
    max_entries = settings.FEEDS_MAX_ENTRIES if max_entries is None else max_entries
    # Bytes, never a str: given a string, feedparser would treat it as an address or a file name.
    document = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    channel = document.get("feed") or {}
    if not document.get("entries") and not (document.get("version") and channel.get("title")):
        reason = document.get("bozo_exception")
        raise ParseError(
            f"This is not a readable RSS or Atom feed ({reason.__class__.__name__ if reason else 'no feed'})."
        )
    feed_link = clean_url(channel.get("link"), base_url) or base_url
    entries, skipped, problems = [], 0, []
    raw_entries = document.get("entries") or []
    beyond_cap = max(0, len(raw_entries) - max_entries)
    cap_notice = ""
    if beyond_cap:
        cap_notice = f"Only the first {max_entries} of {len(raw_entries)} entries were read (FEEDS_MAX_ENTRIES)."
        logger.warning("Feed at %s: %s", base_url or "a file", cap_notice)
    for number, raw in enumerate(raw_entries[:max_entries], start=1):
        try:
            entries.append(_entry(raw, feed_link, now))
        except Exception as error:  # noqa: BLE001 - one bad entry never costs the feed
            skipped += 1
            problems.append(f"entry {number}: {error.__class__.__name__}")
            logger.warning("Skipped entry %s of a feed: %r", number, error)
    return ParsedFeed(
        title=clean_text(channel.get("title"), MAX_TITLE),
        link=feed_link,
        description=clean_text(channel.get("subtitle") or channel.get("description")),
        language=clean_text(channel.get("language"), 20),
        entries=entries,
        skipped=skipped,
        problems=problems,
        beyond_cap=beyond_cap,
        cap_notice=cap_notice,
    )
