"""The filters of the fact-check database (page, feeds, API, export) and its counts per filter value.

Every filter combines with the others and reads from the query string, so any view
of the database is a shareable URL. Counts for one filter are taken with every
*other* active filter applied: they say how many debunks choosing that value gives.
"""

from __future__ import annotations

from collections import Counter

import django_filters
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from taggit.models import Tag

from hub.listings.filters import OrderedFilterSet, add_date_range
from hub.listings.indexes import Listing, SearchFilter, build_listing
from hub.listings.languages import LanguageFallbackFilterSet

from .facets import cached_facet_counts
from .languages import language_choices, split_codes
from .models import ClaimAppearance, DebunkTag, Outlet
from .verdicts import Verdict

FACETS = ("verdict", "keyword", "country", "language", "outlet")


class FactCheckFilter(OrderedFilterSet, LanguageFallbackFilterSet):
    """``?q=``, ``?verdict=``, ``?keyword=<tag slug>``, ``?country=<ISO 3166 alpha-2>``,
    ``?language=<ISO 639-1>``, ``?outlet=<outlet slug>``, ``?from=``/``?to=`` (first seen, inclusive)."""

    q = SearchFilter()
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices, empty_label=_("All verdicts"))
    keyword = django_filters.ChoiceFilter(label=_("Keyword"), method="filter_keyword", empty_label=_("All keywords"))
    country = django_filters.ChoiceFilter(
        label=_("Country targeted"), method="filter_country", empty_label=_("All countries")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language of the claim"), method="filter_language", empty_label=_("All languages")
    )
    outlet = django_filters.ChoiceFilter(
        label=_("Outlet where the claim appeared"), method="filter_outlet", empty_label=_("All outlets")
    )

    field_order = ("q", "verdict", "keyword", "country", "language", "outlet", "from", "to")
    parameter_help = {
        "q": _("Words to search for in the claims and their debunks (full text), with the other filters."),
        "verdict": _("The verdict given to the claim."),
        "keyword": _("A keyword's slug: only debunks tagged with it."),
        "country": _("A targeted country's ISO 3166 alpha-2 code, e.g. FR (any case)."),
        "language": _("A language of the claim, as an ISO 639-1 code such as ru (any case)."),
        "outlet": _("An outlet's slug: only claims seen on that outlet."),
        "from": _("Only claims first seen on or after this day (YYYY-MM-DD, inclusive)."),
        "to": _("Only claims first seen on or before this day (YYYY-MM-DD, inclusive)."),
    }

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # Codes are matched as stored (country upper case, language lower case), whatever the URL says.
            data = data.copy()
            for name, convert in (("country", str.upper), ("language", str.lower)):
                if data.get(name):
                    data[name] = convert(data[name].strip())
        super().__init__(data, *args, **kwargs)
        self.filters["country"].extra["choices"] = list(all_countries)
        self.filters["language"].extra["choices"] = language_choices()
        self.filters["keyword"].extra["choices"] = list(
            Tag.objects.filter(factchecks_debunktag_items__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")
        )
        self.filters["outlet"].extra["choices"] = list(Outlet.objects.order_by("name").values_list("slug", "name"))

    def filter_keyword(self, queryset, name, value: str):
        return queryset.filter(tagged_items__tag__slug=value)

    def filter_country(self, queryset, name, value: str):
        # Codes are two letters joined by commas, so a substring match is an exact code match.
        return queryset.filter(countries__contains=value)

    def filter_language(self, queryset, name, value: str):
        return queryset.filter(languages__contains=value)

    def filter_outlet(self, queryset, name, value: str):
        return queryset.filter(pk__in=ClaimAppearance.objects.filter(outlet__slug=value).values("debunk_id"))

    # Counts per filter value.
    def _queryset_without(self, facet: str) -> QuerySet:
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != facet:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def facet_counts(self) -> dict[str, Counter]:
        """For each facet, how many debunks each value would give with the other filters kept.
        One query per facet, whatever the size of the database."""
        if not self.is_valid():
            return {facet: Counter() for facet in FACETS}
        key = [str(self.queryset.query), *(f"{name}={value}" for name, value in sorted(self.form.cleaned_data.items()))]
        return cached_facet_counts(key, self._count_facets)

    def _count_facets(self) -> dict[str, Counter]:
        counts: dict[str, Counter] = {}
        ids = {facet: self._queryset_without(facet).order_by().values("pk") for facet in FACETS}
        counts["verdict"] = Counter(
            dict(
                self.queryset.model.objects.filter(pk__in=ids["verdict"])
                .values_list("verdict")
                .annotate(n=Count("pk"))
                .order_by()
            )
        )
        counts["keyword"] = Counter(
            dict(
                DebunkTag.objects.filter(content_object_id__in=ids["keyword"])
                .values_list("tag__slug")
                .annotate(n=Count("content_object_id", distinct=True))
                .order_by()
            )
        )
        counts["outlet"] = Counter(
            dict(
                ClaimAppearance.objects.filter(debunk_id__in=ids["outlet"], outlet__isnull=False)
                .values_list("outlet__slug")
                .annotate(n=Count("debunk_id", distinct=True))
                .order_by()
            )
        )
        for facet, field in (("country", "countries"), ("language", "languages")):
            counter: Counter = Counter()
            stored = self.queryset.model.objects.filter(pk__in=ids[facet]).values_list(field, flat=True)
            for value in stored:
                counter.update(set(split_codes(_as_codes(value))))
            counts[facet] = counter
        return counts


def _as_codes(value) -> str:
    if isinstance(value, str):
        return value
    return ",".join(getattr(code, "code", str(code)) for code in value or [])


add_date_range(FactCheckFilter, "first_seen", labels=(_("First seen from"), _("First seen until")))


def label_with_counts(filterset: FactCheckFilter, counts: dict[str, Counter]) -> None:
    """Show each value's count in the form, and only values that give results (or are chosen)."""
    form = filterset.form
    for facet in FACETS:
        field = form.fields[facet]
        chosen = filterset.data.get(facet)
        counter = counts.get(facet, Counter())
        choices = [(value, label) for value, label in filterset.filters[facet].extra["choices"]]
        shown = [
            (value, f"{label} ({counter.get(value, 0)})")
            for value, label in choices
            if counter.get(value) or value == chosen
        ]
        field.choices = shown  # django-filter adds the empty choice itself


def build_fact_check_listing(params: QueryDict, queryset: QuerySet) -> Listing:
    listing = build_listing(FactCheckFilter, params, queryset)
    listing.facet_counts = listing.filterset.facet_counts()
    label_with_counts(listing.filterset, listing.facet_counts)
    return listing
