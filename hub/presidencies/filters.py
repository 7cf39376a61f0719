"""Filters shared by every listing of pages published under an issuer (statements, library, …)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.listing import SearchFilter
from hub.models import Topic
from hub.page_lookups import exclude_private, request_locale

from .models import PresidencyIndexPage, PresidencyPage

FIELD_ORDER = ["q", "kind", "topic", "presidency", "language", "from", "to"]


def date_filter(lookup: str, label, field_name: str = "date") -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name=field_name, lookup_expr=lookup, label=label, widget=forms.DateInput(attrs={"type": "date"})
    )


class IssuedPageFilter(django_filters.FilterSet):
    """``?q=``, ``?topic=<slug>``, ``?presidency=<year>|office``, ``?from=``/``?to=`` (dates, inclusive).

    Subclasses add their own (``?kind=`` …). Choices come from the visitor's language.
    """

    q = SearchFilter()
    topic = django_filters.ChoiceFilter(label=_("Topic"), method="filter_topic", empty_label=_("All topics"))
    presidency = django_filters.ChoiceFilter(
        label=_("Issued by"), method="filter_presidency", empty_label=_("Everyone")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters = {name: self.filters[name] for name in sorted(self.filters, key=self._position)}
        locale = request_locale(self.request)
        self.filters["topic"].extra["choices"] = [
            (topic.slug, topic.name) for topic in Topic.objects.filter(locale=locale).order_by("name")
        ]
        presidencies = exclude_private(PresidencyPage.objects.live()).filter(locale=locale).order_by("-year")
        self.filters["presidency"].extra["choices"] = [("office", _("G20 communication office"))] + [
            (str(p.year), p.label) for p in presidencies
        ]

    @staticmethod
    def _position(name: str) -> int:
        return FIELD_ORDER.index(name) if name in FIELD_ORDER else len(FIELD_ORDER)

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


# The public parameter names are ?from= and ?to=, which Python cannot spell as attributes.
for _name, _filter in (("from", date_filter("gte", _("From"))), ("to", date_filter("lte", _("To")))):
    IssuedPageFilter.declared_filters[_name] = _filter
    IssuedPageFilter.base_filters[_name] = _filter
