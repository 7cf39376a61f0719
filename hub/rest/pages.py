"""Conventions for API endpoints that publish pages: absolute URLs, linked translations, ?since=, ?locale=.

Lists run a constant number of queries: translations (and whatever a subclass
adds in ``batch_context``) are fetched once per page of results.
"""

from collections import defaultdict

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from wagtail.models import Locale, Page

from hub.listings.languages import LanguageFallbackFilterSet, in_language
from hub.pages.addresses import absolute_page_url
from hub.pages.dates import last_change
from hub.pages.fulltext import base_url_of, full_texts
from hub.rest.filters import UtcIsoDateTimeFilter
from hub.rest.viewsets import ReadOnlyViewSet


class PageSinceFilterMixin(LanguageFallbackFilterSet):
    """``?since=`` (inclusive, ordered by last update then id) and ``?locale=`` for page endpoints.

    ``?locale=fr`` is the collection as a French reader sees it: each item in French where translated, else
    its original (its ``locale`` says which); with ``?fallback=0``, French items only. Without ``?locale=``,
    every version of every item."""

    since = UtcIsoDateTimeFilter(
        method="filter_since",
        label=gettext_lazy(
            "Only items published or republished at or after this ISO 8601 date-time (inclusive), by their "
            "updated_at (last publication); results then run by updated_at, oldest first, then id."
        ),
    )
    locale = django_filters.CharFilter(
        method="filter_locale",
        label=gettext_lazy(
            "Language code, e.g. fr: each item in that language where translated, else in its original."
        ),
    )

    def filter_since(self, queryset, name, value):
        return queryset.filter(last_published_at__gte=value).order_by("last_published_at", "id")

    def filter_locale(self, queryset, name, value):
        if not Locale.objects.filter(language_code=value).exists():
            codes = ", ".join(Locale.objects.order_by("pk").values_list("language_code", flat=True))
            raise ValidationError(
                {"locale": [_("Unknown locale %(code)s. Use one of: %(codes)s.") % {"code": value, "codes": codes}]}
            )
        return in_language(queryset, Locale.objects.get(language_code=value))


class TranslationSerializer(serializers.Serializer):
    locale = serializers.CharField()
    url = serializers.URLField()


class PageSerializer(serializers.ModelSerializer):
    """Fields every published page shares in the API."""

    url = serializers.SerializerMethodField()
    locale = serializers.CharField(source="locale.language_code", read_only=True)
    translations = serializers.SerializerMethodField()
    first_published_at = serializers.DateTimeField(
        read_only=True, help_text="When the hub first published this page (not the item's own date, see `date`)."
    )
    last_published_at = serializers.SerializerMethodField(
        help_text="The hub's last publication of this page, never earlier than `first_published_at`."
    )
    updated_at = serializers.DateTimeField(
        source="last_published_at",
        read_only=True,
        help_text="The hub's last publication as stored, the value `?since=` compares with.",
    )

    page_fields = [
        "id",
        "title",
        "url",
        "locale",
        "translation_key",
        "translations",
        "first_published_at",
        "last_published_at",
        "updated_at",
    ]

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_last_published_at(self, obj) -> str | None:
        value = last_change(obj)
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_url(self, obj) -> str:
        return absolute_page_url(obj, self.context.get("request"))

    def get_translations(self, obj) -> list[dict]:
        translations = self.context.get("translations")
        if translations is None:
            translations = translations_by_key([obj])
        request = self.context.get("request")
        return [
            {"locale": page.locale.language_code, "url": absolute_page_url(page, request)}
            for page in translations.get(obj.translation_key, [])
            if page.pk != obj.pk
        ]


class FullTextSerializerMixin(serializers.Serializer):
    """Adds ``body_html``: the page's full body as sanitised HTML with absolute links, beside its summary.

    Serializers say what the body is with ``full_text_source(page)`` (rich-text source); a page of results
    is expanded in one go by ``PageViewSet.batch_context``."""

    body_html = serializers.SerializerMethodField(
        help_text="The full body as sanitised HTML (no scripts, styles, forms or event handlers; absolute links)."
    )

    @classmethod
    def full_text_source(cls, page) -> str:
        raise NotImplementedError

    def get_body_html(self, obj) -> str:
        found = self.context.get("body_html")
        if found is None or obj.pk not in found:
            found = body_html_by_pk(type(self), [obj], self.context.get("request"))
        return found[obj.pk]


def body_html_by_pk(serializer_class, pages, request) -> dict:
    """``body_html`` of each page, keyed by pk; one rich-text expansion for them all."""
    pages = list(pages)
    texts = full_texts([serializer_class.full_text_source(page) for page in pages], base_url_of(request), request)
    return {page.pk: text for page, text in zip(pages, texts, strict=True)}


def translations_by_key(pages) -> dict:
    """The live, public translations of ``pages``, in one query."""
    keys = {page.translation_key for page in pages}
    found = defaultdict(list)
    if keys:
        for page in Page.objects.live().public().filter(translation_key__in=keys).select_related("locale"):
            found[page.translation_key].append(page)
    return found


class PageViewSet(ReadOnlyViewSet):
    """Read-only endpoint over live, public pages; never a draft or a private page."""

    def batch_context(self, pages) -> dict:
        context = {"translations": translations_by_key(pages)}
        serializer_class = self.get_serializer_class()
        if issubclass(serializer_class, FullTextSerializerMixin):
            context["body_html"] = body_html_by_pk(serializer_class, pages, self.request)
        return context

    def get_serializer(self, *args, **kwargs):
        if args and not getattr(self, "swagger_fake_view", False):
            instance = args[0]
            pages = list(instance) if kwargs.get("many") else [instance]
            context = self.get_serializer_context()
            context.update(self.batch_context(pages))
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)
