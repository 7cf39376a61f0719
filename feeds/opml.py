"""OPML 2.0 in and out: the usual way to move a list of feeds between tools.

An imported file is decoded and checked for declarations exactly as a feed is (``parsing.as_utf8`` and
``refuse_declarations``, whatever its encoding), then read by defusedxml, which refuses a DTD or an
entity on its own should one ever get past the check.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - only to write OPML; reading goes through defusedxml
from dataclasses import dataclass, field
from email.utils import format_datetime

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.db import transaction
from django.utils import timezone

from .fetching import FetchError, FetchPolicy, Resolver, check_url, system_resolver
from .models import Source, SourceKind
from .parsing import DECLARATIONS_REFUSED, ParseError, as_utf8, clean_url, refuse_declarations


@dataclass
class OPMLReport:
    added: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def read_opml(data: bytes, resolver: Resolver = system_resolver) -> OPMLReport:
    """Add every feed outline not yet a source; refuse (and report) addresses the fetcher would refuse."""
    data = as_utf8(data)
    refuse_declarations(data)
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise ParseError(DECLARATIONS_REFUSED) from None
    except ET.ParseError as error:
        raise ParseError(f"This is not a readable OPML file ({error}).") from None
    if root.tag != "opml":
        raise ParseError("This is not an OPML file (its root element is not <opml>).")
    policy = FetchPolicy.from_settings()
    report = OPMLReport()
    with transaction.atomic():
        for outline in root.iter("outline"):
            url = (outline.get("xmlUrl") or "").strip()
            if not url:
                continue
            try:
                check_url(url, policy, resolver)
            except FetchError as error:
                report.refused.append(f"{url}: {error.message}")
                continue
            if Source.objects.filter(feed_url=url).exists():
                report.existing.append(url)
                continue
            kind = outline.get("category", "")
            Source.objects.create(
                name=(outline.get("title") or outline.get("text") or url)[:200],
                feed_url=url,
                site_url=clean_url(outline.get("htmlUrl")),
                kind=kind if kind in SourceKind.values else SourceKind.INSTITUTION,
                default_language=(outline.get("language") or "")[:10],
            )
            report.added.append(url)
    return report


def write_opml(sources) -> bytes:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = "G20 Communications Hub: partner feeds"
    ET.SubElement(head, "dateCreated").text = format_datetime(timezone.now())
    body = ET.SubElement(root, "body")
    for source in sources:
        attributes = {"type": "rss", "text": source.name, "title": source.name, "xmlUrl": source.feed_url}
        if source.site_url:
            attributes["htmlUrl"] = source.site_url
        attributes["category"] = source.kind
        if source.default_language:
            attributes["language"] = source.default_language
        ET.SubElement(body, "outline", attributes)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
