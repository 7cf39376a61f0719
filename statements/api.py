"""API: /api/v1/statements/, with the index's filters, ?since= and ?locale=."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.pages.fulltext import stream_source
from hub.rest.pages import FullTextSerializerMixin, PageSerializer, PageSinceFilterMixin, PageViewSet
from presidencies.api_fields import IssuerSerializer, issuer_data
from presidencies.troika import presidencies_by_path

from .models import StatementFilter, StatementPage


class StatementSerializer(FullTextSerializerMixin, PageSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    issuer = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)
    date = serializers.DateField(
        read_only=True,
        help_text="The statement's own date (when it was issued), which feeds use as its publication date; "
        "`first_published_at` and `last_published_at` are the hub's, later for an item added to the hub later.",
    )

    class Meta:
        model = StatementPage
        fields = [
            *PageSerializer.page_fields,
            "kind",
            "kind_label",
            "date",
            "summary",
            "body_html",
            "topics",
            "issuer",
            "withdrawn",
            "withdrawn_at",
            "withdrawal_reason",
        ]

    @classmethod
    def full_text_source(cls, page) -> str:
        return stream_source(page.body)

    @extend_schema_field(IssuerSerializer)
    def get_issuer(self, obj) -> dict:
        issuers = self.context.get("issuers") or presidencies_by_path([obj])
        return issuer_data(issuers.get(obj.pk))


class StatementAPIFilter(StatementFilter, PageSinceFilterMixin):
    class Meta:
        model = StatementPage
        fields = []


class StatementViewSet(PageViewSet):
    """Statements of the G20 office and every presidency, newest first. Withdrawn ones stay, marked."""

    serializer_class = StatementSerializer
    filterset_class = StatementAPIFilter
    queryset = StatementPage.objects.none()

    def get_queryset(self):
        # live() and public() are evaluated per request: view restrictions change at any time.
        return (
            StatementPage.objects.live()
            .public()
            .select_related("locale")
            .prefetch_related("topics")
            .order_by("-date", "-id")
        )

    def batch_context(self, pages) -> dict:
        return {**super().batch_context(pages), "issuers": presidencies_by_path(pages)}
