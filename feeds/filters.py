"""The newsroom's filters (page, feeds and API): ?q, ?source, ?kind, ?country, ?language, ?topic."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from wagtail.search.backends import get_search_backend

from hub.listings.filters import OrderedFilterSet
from hub.listings.indexes import SEARCH_RESULT_CAP, SearchInput, clean_search_text
from hub.models import Topic
from hub.pages.lookups import request_locale

from .models import FeedItem, Source, SourceKind


class ItemSearchFilter(django_filters.CharFilter):
    """``?q=``: full-text search over items (Wagtail search: PostgreSQL full text in production)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("widget", SearchInput())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        text = clean_search_text(value or "")
        if not text:
            return qs
        hits = get_search_backend().search(text, FeedItem.objects.filter(hidden=False), order_by_relevance=False)[
            :SEARCH_RESULT_CAP
        ]
        return qs.filter(pk__in=[item.pk for item in hits])


class NewsroomFilter(OrderedFilterSet):
    q = ItemSearchFilter()
    source = django_filters.ChoiceFilter(label=_("Source"), field_name="source_id", empty_label=_("All sources"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind of source"), field_name="source__kind", choices=SourceKind.choices, empty_label=_("All kinds")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), field_name="source__country", empty_label=_("All countries")
    )
    language = django_filters.ChoiceFilter(label=_("Language"), field_name="language", empty_label=_("All languages"))
    topic = django_filters.ChoiceFilter(label=_("Topic"), method="filter_topic", empty_label=_("All topics"))

    field_order = ("q", "source", "kind", "country", "language", "topic", "include")
    parameter_help = {
        "q": _("Words to search for in the items' titles and summaries (full text), with the other filters."),
        "source": _("A source's id (see /api/v1/sources/): only that partner feed's items."),
        "kind": _("Kind of the partner whose feed published the item."),
        "country": _("The source's country, an ISO 3166 alpha-2 code such as ZA (any case)."),
        "language": _("The item's language code as its feed gives it, e.g. en."),
        "topic": _("A topic's slug, e.g. digital-economy: only items tagged with that topic."),
    }

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("country"):
            data = data.copy()
            data["country"] = data["country"].strip().upper()
        super().__init__(data, *args, **kwargs)
        self.filters["source"].extra["choices"] = [
            (str(pk), name) for pk, name in Source.objects.order_by("name").values_list("pk", "name")
        ]
        self.filters["country"].extra["choices"] = list(all_countries)
        languages = FeedItem.objects.exclude(language="").order_by("language").values_list("language", flat=True)
        self.filters["language"].extra["choices"] = [(code, code) for code in languages.distinct()]
        locale = request_locale(self.request)
        self.filters["topic"].extra["choices"] = [
            (topic.slug, topic.name) for topic in Topic.objects.filter(locale=locale).order_by("name")
        ]

    def filter_topic(self, queryset, name, value: str):
        return queryset.filter(topics__slug=value).distinct()


class NewsroomFeedFilter(NewsroomFilter):
    """The feeds' filters: the newsroom's, plus ``?include=hub`` (read in feeds.syndication)."""

    include = django_filters.ChoiceFilter(
        label=_("Also include"),
        method="filter_include",
        choices=[("hub", _("The hub's own statements and fact-checks"))],
    )

    parameter_help = {"include": _("hub: the hub's own newest statements and debunks join the feed, by date.")}

    def filter_include(self, queryset, name, value: str):
        return queryset
