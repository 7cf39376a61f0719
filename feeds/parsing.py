"""Parsing and cleaning partner feeds: ``parse(bytes) -> ParsedFeed``. No ORM, no network.

Documents that declare a DOCTYPE or entities are refused before any XML parser
sees them (entity expansion is how "billion laughs" and external-entity attacks
work). feedparser reads the bytes with its own sanitiser off; every HTML field is
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
_PROLOG_SKIP = re.compile(rb"\s*(<\?.*?\?>|<!--.*?-->)", re.DOTALL)


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


def refuse_declarations(data: bytes) -> None:
    """Refuse a DOCTYPE or ENTITY declaration in the prolog (the only place XML allows them)."""
    head = data[:4]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) == 4 and (head[0] == 0 or head[1] == 0)):
        # UTF-16/32: look at the decoded text.
        for encoding in ("utf-16", "utf-32"):
            try:
                data = data.decode(encoding).encode("utf-8")
                break
            except UnicodeDecodeError:
                continue
    position = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while True:
        match = _PROLOG_SKIP.match(data, position)
        if not match:
            break
        position = match.end()
    rest = data[position : position + 64].lstrip().lower()
    # An entity declaration is refused wherever it hides (lenient parsers read them anywhere).
    if rest.startswith((b"<!doctype", b"<!entity")) or re.search(rb"<!\s*entity", data, re.IGNORECASE):
        raise ParseError("The document declares a DOCTYPE or entities; feeds with declarations are refused.")


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
                    length=int(length) if length.isdigit() and len(length) < 15 else None,
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


def parse(data: bytes, *, base_url: str = "", now: datetime.datetime | None = None) -> ParsedFeed:
    """Parse and clean a feed document; raise ParseError when it is refused or not a feed at all."""
    if not isinstance(data, bytes):
        raise ParseError("A feed must be given as bytes.")
    if not data.strip():
        raise ParseError("The document is empty.")
    refuse_declarations(data)
    now = now or datetime.datetime.now(datetime.UTC)
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
    for number, raw in enumerate(document.get("entries") or [], start=1):
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
    )
