"""No language sees less than English: a listing in French shows each item's French version where one is
published, and otherwise its original, marked with its language.

``in_language(queryset, locale)`` keeps, for every translation set in ``queryset``, the one version a
reader of ``locale`` should see: the version in ``locale``, else the default language's (where officers
write), else any other. The choice is made among the rows of ``queryset`` itself, so a draft, private or
withdrawn translation never hides a published original. ``fallback=False`` (``?fallback=0`` in pages,
feeds and the API) keeps only the language's own items.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

FALLBACK_CHOICES = (("1", _("Originals where no translation exists")), ("0", _("Only this language")))


def in_language(queryset: QuerySet, locale: Locale, fallback: bool = True) -> QuerySet:
    """One version per translation set: ``locale``'s own, else the original; see the module's docstring."""
    if not fallback:
        return queryset.filter(locale_id=locale.pk)
    default_id = Locale.get_default().pk
    rank = Case(
        When(locale_id=locale.pk, then=Value(0)),
        When(locale_id=default_id, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    chosen = (
        queryset.order_by()
        .filter(translation_key=OuterRef("translation_key"))
        .annotate(language_rank=rank)
        .order_by("language_rank", "locale_id")
        .values("pk")[:1]
    )
    return queryset.filter(pk=Subquery(chosen))


class LanguageFallbackFilterSet(django_filters.FilterSet):
    """``?fallback=0``: only items in the listing's language (the default, ``1``, adds untranslated
    originals). The listing's queryset already holds both; this narrows it."""

    fallback = django_filters.ChoiceFilter(
        label=_(
            "1 (the default): items not translated into the language asked for are given in their original, "
            "marked with its language; 0: only that language's items."
        ),
        choices=FALLBACK_CHOICES,
        method="filter_fallback",
        widget=forms.HiddenInput,  # a parameter for feeds and links, not a control on the page
    )

    def filter_fallback(self, queryset, name, value):
        if value != "0":
            return queryset
        if "locale" in self.filters:  # the API: strict within the ?locale= asked for, if any
            code = self.data.get("locale")
            return queryset.filter(locale__language_code=code) if code else queryset
        return queryset.filter(locale__language_code=get_language())
