"""ClaimReview (schema.org) for a debunk, as one JSON-LD block that stays valid whatever the text holds."""

from __future__ import annotations

import json

from django.utils.html import format_html
from django.utils.safestring import SafeString

from hub.models import HubSettings
from hub.pages.addresses import permanent_page_url
from hub.pages.dates import last_change

from .verdicts import BEST_RATING, WORST_RATING

# Inside <script>, "</script>" or "<!--" in a claim would end the block early: escape the
# characters HTML cares about as JSON \\u escapes (still the same JSON value).
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _appearance(appearance) -> dict:
    work = {"@type": "CreativeWork", "url": appearance.url}
    if appearance.appeared_on:
        work["datePublished"] = appearance.appeared_on.isoformat()
    if appearance.outlet_id:
        work["publisher"] = {"@type": "Organization", "name": appearance.outlet.name}
        if appearance.outlet.url:
            work["publisher"]["url"] = appearance.outlet.url
    if appearance.archive_url:
        work["archivedAt"] = appearance.archive_url
    return work


def claim_review(page, request=None) -> dict:
    """The ClaimReview of ``page`` (a DebunkPage) as a dict."""
    hub_settings = HubSettings.load(request_or_site=request) if request is not None else HubSettings.objects.first()
    office_name = hub_settings.organisation_name if hub_settings else "G20 Communication Office"
    site_root = request.build_absolute_uri("/") if request is not None else ""
    appearances = [_appearance(appearance) for appearance in page.appearance_list()]
    claim = {"@type": "Claim", "datePublished": page.first_seen.isoformat()}
    if appearances:
        claim["appearance"] = appearances
        claim["firstAppearance"] = appearances[0]
    if page.claim_author:
        claim["author"] = {"@type": page.claim_author_type or "Organization", "name": page.claim_author}
    author = {"@type": "Organization", "name": office_name}
    if site_root:
        author["url"] = site_root
    published = page.first_published_at or page.last_published_at
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permanent_page_url(page, request),
        "identifier": page.case_id,
        "inLanguage": page.locale.language_code,
        "headline": page.title,
        "claimReviewed": page.claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": page.rating_value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": str(page.get_verdict_display()),
            "ratingExplanation": page.rating_explanation,
        },
        "author": author,
        "itemReviewed": claim,
    }
    if published:
        data["datePublished"] = published.date().isoformat()
    modified = last_change(page)  # never earlier than the first publication (hub.pages.dates)
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def json_ld(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)


def claim_review_script(page, request=None) -> SafeString:
    return format_html(
        '<script type="application/ld+json">{}</script>', SafeString(json_ld(claim_review(page, request)))
    )
