"""Filters shared by every listing of pages published under an issuer (statements, library, …)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.listings.filters import OrderedFilterSet, add_date_range
from hub.listings.indexes import SearchFilter
from hub.listings.languages import LanguageFallbackFilterSet
from hub.models import Topic
from hub.pages.lookups import exclude_private, request_locale

from .models import PresidencyIndexPage, PresidencyPage


class IssuedPageFilter(OrderedFilterSet, LanguageFallbackFilterSet):
    """``?q=``, ``?topic=<slug>``, ``?presidency=<year>|office``, ``?from=``/``?to=`` (dates, inclusive).

    Subclasses add their own (``?kind=`` …). Choices come from the visitor's language.
    """

    q = SearchFilter()
    topic = django_filters.ChoiceFilter(label=_("Topic"), method="filter_topic", empty_label=_("All topics"))
    presidency = django_filters.ChoiceFilter(
        label=_("Issued by"), method="filter_presidency", empty_label=_("Everyone")
    )

    field_order = ("q", "kind", "topic", "presidency", "language", "from", "to")
    parameter_help = {
        "q": _("Words to search for (full text: titles, summaries and bodies), with the other filters."),
        "topic": _("A topic's slug, e.g. digital-economy: only items tagged with that topic."),
        "presidency": _(
            "Who issued the item: a presidency's year such as 2026, or office for the permanent G20 "
            "communication office."
        ),
        "from": _("Only items dated on or after this day (YYYY-MM-DD, inclusive), by the item's date."),
        "to": _("Only items dated on or before this day (YYYY-MM-DD, inclusive), by the item's date."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale = request_locale(self.request)
        self.filters["topic"].extra["choices"] = [
            (topic.slug, topic.name) for topic in Topic.objects.filter(locale=locale).order_by("name")
        ]
        presidencies = exclude_private(PresidencyPage.objects.live()).filter(locale=locale).order_by("-year")
        self.filters["presidency"].extra["choices"] = [("office", _("G20 communication office"))] + [
            (str(p.year), p.display_label) for p in presidencies
        ]

    def filter_topic(self, queryset, name, value: str):
        return queryset.filter(topics__slug=value)

    def filter_presidency(self, queryset, name, value: str):
        if value == "office":
            for path in PresidencyIndexPage.objects.values_list("path", flat=True):
                queryset = queryset.exclude(path__startswith=path)
            return queryset
        # Every language's section of that presidency: the queryset already holds one language.
        sections = Q()
        for path in PresidencyPage.objects.live().filter(year=int(value)).values_list("path", flat=True):
            sections |= Q(path__startswith=path)
        return queryset.filter(sections) if sections else queryset.none()


add_date_range(IssuedPageFilter)
