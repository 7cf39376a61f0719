"""Full text for partners: a page's body as safe, self-contained HTML for the API (``body_html``) and the
feeds (RSS ``content:encoded``, Atom ``content``, JSON Feed ``content_html``).

Bodies are read from their stored form (rich-text source, a StreamField's raw data), never rendered
through templates: templates would make image renditions and fetch chooser values block by block.
Internal links (``<a linktype="page">``, documents) are expanded with Wagtail's link rewriter in one
pass over a whole batch of bodies, so a feed of fifty entries costs the same queries as one: a page
link goes to that page's permanent address if it is live and public (Wagtail's own handler would look
up a translation per link), any other to nothing. Embeds are dropped (an oEmbed lookup is a network
call). The result is cleaned with nh3 against an allow-list (no script, style, forms, embeds or event
handlers) and every link is made absolute, since it is read away from the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

import nh3
from django.utils.html import escape, linebreaks
from wagtail import blocks
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.rich_text.rewriters import LinkRewriter

from hub.pages.addresses import permanent_page_url

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Characters XML 1.0 forbids even escaped; nh3 also refuses lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Separates bodies expanded together; a comment survives the rewriter and never survives the cleaning.
_SEPARATOR = "<!--hub-fulltext-entry-->"


def clean_body_html(html: str, base_url: str = "") -> str:
    """``html`` against the allow-list, relative links resolved against ``base_url``."""
    if not html:
        return ""

    def absolute(element: str, attribute: str, value: str) -> str | None:
        if attribute != "href":
            return value
        url = urljoin(base_url, value.strip()) if base_url else value.strip()
        scheme = urlsplit(url).scheme.lower()
        return url if scheme in URL_SCHEMES else None

    return nh3.clean(
        _CONTROL.sub("", str(html)),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=absolute,
        strip_comments=True,
    ).strip()


_EMBED = re.compile(r"<embed\b[^>]*>", re.IGNORECASE)


def _page_links(request):
    def expand(attrs_list: list[dict]) -> list[str]:
        ids = {int(attrs["id"]) for attrs in attrs_list if str(attrs.get("id", "")).isdigit()}
        pages = Page.objects.live().public().filter(pk__in=ids).select_related("locale") if ids else []
        urls = {str(page.pk): permanent_page_url(page, request) for page in pages}
        return [
            f'<a href="{escape(urls[attrs.get("id")])}">' if attrs.get("id") in urls else "<a>" for attrs in attrs_list
        ]

    return expand


def expand_links(html: str, request=None) -> str:
    """Page and document links of stored rich text as real addresses: one query per link type."""
    rewriter = LinkRewriter(
        bulk_rules={"page": _page_links(request), "document": DocumentLinkHandler.expand_db_attributes_many}
    )
    return rewriter(_EMBED.sub("", html))


def full_texts(sources: Iterable[str], base_url: str = "", request=None) -> list[str]:
    """Each stored body (rich-text source with ``linktype`` links) as clean, absolute HTML; one expansion."""
    sources = [_CONTROL.sub("", source or "").replace(_SEPARATOR, "") for source in sources]
    if not any(sources):
        return ["" for _source in sources]
    expanded = expand_links(_SEPARATOR.join(sources), request).split(_SEPARATOR)
    if len(expanded) != len(sources):  # pragma: no cover - the rewriter only rewrites opening tags
        expanded = [expand_links(source, request) for source in sources]
    return [clean_body_html(html, base_url) for html in expanded]


def full_text(source: str, base_url: str = "", request=None) -> str:
    return full_texts([source], base_url, request)[0]


def base_url_of(request) -> str:
    """Where relative links in a body point: the site the request reached."""
    return request.build_absolute_uri("/") if request is not None else ""


def rich_text_source(value) -> str:
    """The stored source of a rich-text field or block value."""
    if value is None:
        return ""
    if isinstance(value, RichText):
        return value.source
    return getattr(value, "source", None) or str(value)


def text_html(text) -> str:
    """Plain text (a summary, a quote) as escaped paragraphs."""
    return linebreaks(escape(text)) if text else ""


def stream_source(stream_value) -> str:
    """A StreamField's text as rich-text source, from its raw data (no query, no rendition). Blocks say how
    they read with a ``full_text_source(raw_value)`` method; otherwise text is kept and choosers skipped."""
    stream_block = stream_value.stream_block
    parts = []
    for item in stream_value.raw_data:
        block = stream_block.child_blocks.get(item.get("type"))
        if block is not None:
            parts.append(block_source(block, item.get("value")))
    return "".join(parts)


def block_source(block, raw) -> str:
    """One block's text, from its raw (JSON) value."""
    if raw in (None, "", [], {}):
        return ""
    own = getattr(block, "full_text_source", None)
    if own is not None:
        return own(raw)
    if isinstance(block, blocks.RichTextBlock):
        return str(raw)
    if isinstance(block, blocks.StructBlock):
        return "".join(block_source(child, raw.get(name)) for name, child in block.child_blocks.items())
    if isinstance(block, blocks.ListBlock):
        items = [item.get("value") if isinstance(item, dict) and "value" in item else item for item in raw]
        return "".join(block_source(block.child_block, item) for item in items)
    if isinstance(block, blocks.StreamBlock):
        return "".join(
            block_source(block.child_blocks[item["type"]], item.get("value"))
            for item in raw
            if item.get("type") in block.child_blocks
        )
    if isinstance(block, blocks.TextBlock | blocks.CharBlock):
        return text_html(raw)
    # Choosers, choices, dates and the like carry no text of their own.
    return ""
