"""API: /api/v1/items/ (the newsroom's filters and ?since=) and /api/v1/sources/ (health for staff only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.rest.filters import SinceFilterSet, TrueOrFalseFilter
from hub.rest.viewsets import ReadOnlyViewSet

from .filters import NewsroomFilter
from .models import FeedItem, Source
from .parsing import MAX_TITLE, MAX_URL


class SourceSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Source
        fields = [
            "id",
            "name",
            "feed_url",
            "site_url",
            "organisation",
            "kind",
            "kind_label",
            "country",
            "default_language",
            "active",
            "updated_at",
        ]


class SourceHealthSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [
            *SourceSerializer.Meta.fields,
            "last_attempt_at",
            "last_success_at",
            "last_status",
            "consecutive_failures",
            "next_poll_at",
            "last_error",
        ]


class SourceFilter(SinceFilterSet):
    active = TrueOrFalseFilter()

    parameter_help = {
        "kind": _("Kind of partner that publishes the feed."),
        "country": _("The source's country, an ISO 3166 alpha-2 code in capitals such as ZA."),
        "active": _("true: only the feeds the hub polls; false: only those it has stopped polling."),
    }

    class Meta:
        model = Source
        fields = ["kind", "country", "active"]


class SourceViewSet(ReadOnlyViewSet):
    """Partner feeds the hub polls. Health fields (last success, last error…) are shown to staff only."""

    queryset = Source.objects.select_related("organisation").order_by("name", "id")
    filterset_class = SourceFilter

    def get_serializer_class(self):
        user = getattr(self.request, "user", None)
        return SourceHealthSerializer if user is not None and user.is_staff else SourceSerializer


class SourceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class ItemSerializer(serializers.ModelSerializer):
    # What the newsroom page and its feeds show (``feeds.syndication``), never the partner's raw values:
    # rows may predate the parser's checks or be written by hand.
    title = serializers.CharField(
        source="public_title",
        read_only=True,
        max_length=MAX_TITLE,
        help_text=_("The item's title, or its first words, or 'Untitled item from <source>'; never empty."),
    )
    link = serializers.URLField(
        source="public_link",
        read_only=True,
        allow_blank=True,
        max_length=MAX_URL,
        help_text=_("The item's address as a URI (percent-encoded); empty when the partner's was not http(s)."),
    )
    source = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = FeedItem
        fields = [
            "id",
            "title",
            "link",
            "summary",
            "author",
            "language",
            "categories",
            "enclosures",
            "topics",
            "published_at",
            "first_seen_at",
            "featured",
            "source",
            "updated_at",
        ]

    @extend_schema_field(SourceRefSerializer)
    def get_source(self, obj) -> dict:
        return {"id": obj.source_id, "name": obj.source.name, "kind": obj.source.kind}


class ItemAPIFilter(NewsroomFilter, SinceFilterSet):
    class Meta:
        model = FeedItem
        fields = []


class ItemViewSet(ReadOnlyViewSet):
    """What partner feeds published, as the newsroom shows it (duplicates and hidden items left out),
    newest first. ``summary`` is HTML cleaned against an allow-list."""

    serializer_class = ItemSerializer
    filterset_class = ItemAPIFilter
    queryset = FeedItem.objects.none()

    def get_queryset(self):
        return FeedItem.objects.shown().select_related("source").prefetch_related("topics")
