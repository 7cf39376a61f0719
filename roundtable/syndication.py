"""Outbound feeds of the roundtable: published minutes (the section's rss/, atom/, json/) and the
commitments tracker (commitments/rss/, atom/, json/, with the tracker's filters)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hub.listings.syndication import (
    FEED_SIZE,
    FeedEntry,
    FeedInfo,
    feed_response,
    feed_url,
    filter_errors_response,
    tag_uri,
)
from hub.pages.addresses import permanent_page_url
from hub.pages.fulltext import base_url_of, full_texts

from .filters import CommitmentFilter
from .models import Commitment, Minutes, RoundtableIndexPage, RoundtableMeetingPage


def minutes_feed_entries(index, items, request) -> list[FeedEntry]:
    """The section's rss/, atom/, json/: one entry per meeting whose minutes are published."""
    minutes = Minutes.published_by_key({item.translation_key for item in items})
    # The full minutes, expanded together (one query per link type for the whole feed).
    keys = list(minutes)
    bodies = dict(
        zip(
            keys,
            full_texts([minutes[key].full_text_source() for key in keys], base_url_of(request), request),
            strict=True,
        )
    )
    entries = []
    for item in items:
        record = minutes.get(item.translation_key)
        entries.append(
            FeedEntry(
                title=_("Minutes: %(title)s") % {"title": item.title},
                url=permanent_page_url(item, request) + "#minutes",
                summary=record.summary if record else item.summary,
                published=item.minutes_published_at or item.start,
                updated=item.minutes_published_at or item.start,
                unique_id=tag_uri("roundtable-minutes", item.translation_key),
                categories=[_("Roundtable minutes")],
                author="G20",
                language=item.locale.language_code,  # an untranslated original keeps its language
                content_html=bodies.get(item.translation_key, ""),
            )
        )
    return entries


def commitments_feed(request, index: RoundtableIndexPage, kind: str):
    filterset = CommitmentFilter(request.GET, queryset=Commitment.objects.tracker())
    if not filterset.is_valid():
        return filter_errors_response(filterset)
    items = list(filterset.qs.order_by("-updated_at", "-pk")[:FEED_SIZE])
    meetings = RoundtableMeetingPage.by_translation_key(items, index.locale)
    tracker_url = permanent_page_url(index, request) + "commitments/"
    entries = []
    for item in items:
        meeting = meetings.get(item.meeting.translation_key, item.meeting)
        summary = _("%(status)s, %(progress)d%% done. Made at %(meeting)s.") % {
            "status": item.get_public_status_display(),
            "progress": item.progress,
            "meeting": meeting.title,
        }
        if item.due_date:
            summary += " " + _("Due %(date)s.") % {"date": item.due_date.isoformat()}
        entries.append(
            FeedEntry(
                title=f"{item.owner}: {item.text[:120]}",
                url=f"{tracker_url}#commitment-{item.pk}",
                summary=summary,
                published=item.created_at,
                updated=item.updated_at,
                unique_id=tag_uri("roundtable-commitment", item.pk),
                categories=[item.get_public_status_display(), item.owner.get_kind_display()],
                author=str(item.owner),
                language=index.locale.language_code,
            )
        )
    info = FeedInfo(
        title=_("Roundtable commitments · G20"),
        description=_("Commitments made at the G20 roundtable and how far each has got."),
        home_url=tracker_url,
        feed_url=feed_url(request, index.get_url(request) + "commitments/", kind),
        language=index.locale.language_code,
    )
    return feed_response(kind, info, entries)
