"""Re-publication: newsroom items (and, with ?include=hub, the hub's own statements and debunks)
as feed entries."""

from __future__ import annotations

from hub.syndication import FEED_SIZE, FeedEntry, FeedInfo, feed_response, feed_url
from hub.utils import permanent_page_url

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
    """The newest statements and debunks of the hub in ``locale``."""
    from factchecks.models import DebunkPage
    from hub.statements.models import StatementPage

    entries = []
    statements = (
        StatementPage.objects.live().public().filter(locale=locale, withdrawn_at__isnull=True).order_by("-date")
    )
    for page in statements[:FEED_SIZE]:
        entries.append(
            FeedEntry(
                title=page.title,
                url=permanent_page_url(page, request),
                summary=page.summary,
                published=page.first_published_at or page.date,
                updated=page.last_published_at or page.date,
                unique_id=f"tag:g20-hub,2026:page-{page.pk}",
                categories=[str(page.get_kind_display())],
                author="G20",
                language=locale.language_code,
            )
        )
    debunks = (
        DebunkPage.objects.live()
        .public()
        .filter(locale=locale, withdrawn_at__isnull=True)
        .order_by("-first_published_at")
    )
    for page in debunks[:FEED_SIZE]:
        entries.append(
            FeedEntry(
                title=f"{page.case_id}: {page.title}",
                url=permanent_page_url(page, request),
                summary=f"{page.get_verdict_display()}: {page.claim}",
                published=page.first_published_at,
                updated=page.last_published_at,
                unique_id=f"tag:g20-hub,2026:debunk-{page.case_id}-{page.locale_id}",
                categories=[str(page.get_verdict_display())],
                author="G20",
                language=locale.language_code,
            )
        )
    return entries


def serve_feed_with_hub(newsroom, request, kind: str):
    from django.http import HttpResponse

    filterset = newsroom.listing_filter_class(request.GET, queryset=newsroom.listing_queryset())
    if not filterset.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    entries = item_entries(list(filterset.qs[:FEED_SIZE])) + hub_entries(newsroom.locale, request)
    entries.sort(key=lambda entry: entry.published, reverse=True)
    info = FeedInfo(
        title=f"{newsroom.title} · G20",
        description=newsroom.introduction or newsroom.title,
        home_url=permanent_page_url(newsroom, request),
        feed_url=feed_url(request, newsroom.get_url(request), kind),
        language=newsroom.locale.language_code,
    )
    return feed_response(kind, info, entries[:FEED_SIZE])
