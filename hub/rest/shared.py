"""API for the core's shared snippets: topics and organisations."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries.serializer_fields import CountryField
from rest_framework import serializers

from hub.models import Organisation, OrganisationKind, Topic
from hub.rest.filters import SinceFilterSet
from hub.rest.viewsets import ReadOnlyViewSet


class TopicSerializer(serializers.ModelSerializer):
    locale = serializers.CharField(source="locale.language_code", read_only=True)

    class Meta:
        model = Topic
        fields = ["id", "name", "slug", "description", "locale", "translation_key", "updated_at"]


class TopicFilter(SinceFilterSet):
    locale = django_filters.CharFilter(
        field_name="locale__language_code", label=_("Only topics in this language, by its code, e.g. en.")
    )

    class Meta:
        model = Topic
        fields = ["locale"]


class TopicViewSet(ReadOnlyViewSet):
    """Topics the G20 speaks on, one row per language."""

    queryset = Topic.objects.select_related("locale").order_by("name", "id")
    serializer_class = TopicSerializer
    filterset_class = TopicFilter


class OrganisationSerializer(serializers.ModelSerializer):
    # Blank where no country applies (an international organisation): the schema says "" is a value.
    country = CountryField(required=False, allow_blank=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "acronym",
            "kind",
            "kind_label",
            "country",
            "website",
            "transparency_register_id",
            "updated_at",
        ]


class OrganisationFilter(SinceFilterSet):
    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind of organisation."))
    country = django_filters.CharFilter(
        method="filter_country", label=_("The organisation's country, an ISO 3166 alpha-2 code such as ZA (any case).")
    )

    class Meta:
        model = Organisation
        fields = ["kind", "country"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())


class OrganisationViewSet(ReadOnlyViewSet):
    """Governments, companies and organisations named across the hub."""

    queryset = Organisation.objects.order_by("name", "id")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
