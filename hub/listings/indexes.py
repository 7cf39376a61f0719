"""Filtered, paginated listings of pages, shared by every index (statements, library, …).

A listing takes the query string through a django-filter FilterSet: bad values
are reported next to their field (and answered with 400), never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from hub.listings.form_rendering import LISTING_FORM_RENDERER

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
SEARCH_RESULT_CAP = 1000


def clean_search_text(value: str) -> str:
    """Drop control characters and double quotes, which full-text parsers choke on."""
    return "".join(char for char in value if char.isprintable()).replace('"', " ").strip()[:MAX_QUERY_LENGTH]


class PrintableValueMixin:
    """For widgets: never write control characters (a NUL is invalid HTML) back into the page."""

    def format_value(self, value):
        value = super().format_value(value)
        return "".join(char for char in value if char.isprintable() or char in "\n\t") if value else value


class SearchInput(PrintableValueMixin, forms.TextInput):
    """A search box that never writes control characters back into the page."""

    input_type = "search"


class SearchFilter(django_filters.CharFilter):
    """``?q=``: full-text search (Wagtail search), combined with the other filters."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("max_length", MAX_QUERY_LENGTH)
        kwargs.setdefault("widget", SearchInput())
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        text = clean_search_text(value or "")
        if not text:
            return qs
        # Counts per filter value apply this filter several times in one request: search once.
        cached = getattr(self, "_hits", None)
        if cached is None or cached[0] != (qs.model, text):
            # The listing keeps its own order, so relevance ranking (costly on large tables) is skipped.
            hits = qs.model.objects.live().search(text, order_by_relevance=False)
            ids = [page.pk for page in hits[:SEARCH_RESULT_CAP]]
            self._hits = cached = ((qs.model, text), ids)
        return qs.filter(pk__in=cached[1])


class WholeNumberFilter(django_filters.NumberFilter):
    """An id or a year: a whole number within the database's range, else a 400 naming the parameter
    (a plain NumberFilter takes 1.5 or a 30-digit number and lets the database fail on it)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


@dataclass
class ActiveFilter:
    label: str
    value: str
    remove_url: str


@dataclass
class Listing:
    filterset: django_filters.FilterSet
    page: PaginatorPage
    active_filters: list[ActiveFilter] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.filterset.is_valid()


def _active_filters(filterset: django_filters.FilterSet, params: QueryDict) -> list[ActiveFilter]:
    active = []
    if not filterset.is_valid():
        return active
    for name, value in filterset.form.cleaned_data.items():
        if value in (None, "", []):
            continue
        remaining = params.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        form_field = filterset.form.fields[name]
        # The filterset's data, which a FilterSet may have normalised (e.g. ?country=za -> ZA).
        raw = filterset.data.get(name)
        shown = dict(getattr(form_field, "choices", [])).get(raw, raw)
        active.append(
            ActiveFilter(label=str(form_field.label), value=str(shown), remove_url="?" + remaining.urlencode())
        )
    return active


def build_listing(
    filterset_class, params: QueryDict, queryset: QuerySet, page_size: int = PAGE_SIZE, request=None
) -> Listing:
    # The request lets a FilterSet share per-request lookups (hub.pages.lookups) with the page.
    filterset = filterset_class(params, queryset=queryset, request=request)
    filterset.form.renderer = LISTING_FORM_RENDERER  # same markup, without a template per <option>
    results = filterset.qs if filterset.is_valid() else queryset.none()
    page = Paginator(results, page_size).get_page(params.get("page"))
    return Listing(filterset=filterset, page=page, active_filters=_active_filters(filterset, params))


def query_without_page(params: QueryDict) -> str:
    kept = [(key, value) for key, values in params.lists() if key != "page" for value in values]
    return urlencode(kept)
