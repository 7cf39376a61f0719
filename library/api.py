"""API: /api/v1/library/, with the index's filters, ?since= and ?locale=."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.pages.fulltext import text_html
from hub.rest.pages import FullTextSerializerMixin, PageSerializer, PageSinceFilterMixin, PageViewSet
from presidencies.api_fields import IssuerSerializer, issuer_data
from presidencies.troika import presidencies_by_path

from .models import LibraryFilter, LibraryItemPage


class LibraryFileSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    format = serializers.SerializerMethodField()
    size = serializers.IntegerField(source="document.file_size", allow_null=True)

    def get_title(self, obj) -> str:
        return obj.label or obj.document.title

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.document.url
        return request.build_absolute_uri(url) if request else url

    def get_format(self, obj) -> str:
        return obj.document.file_extension.lower()


class LibraryItemSerializer(FullTextSerializerMixin, PageSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    authors = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    publisher = serializers.SerializerMethodField()
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    files = LibraryFileSerializer(many=True, read_only=True, source="public_files")
    issuer = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)
    date = serializers.DateField(
        read_only=True,
        help_text="The document's own date (when it was issued), which feeds use as its publication date; "
        "`first_published_at` and `last_published_at` are the hub's, later for an item added to the hub later.",
    )

    class Meta:
        model = LibraryItemPage
        fields = [
            *PageSerializer.page_fields,
            "kind",
            "kind_label",
            "date",
            "authors",
            "publisher",
            "language",
            "licence",
            "persistent_identifier",
            "abstract",
            "body_html",
            "topics",
            "files",
            "issuer",
            "withdrawn",
            "withdrawn_at",
            "withdrawal_reason",
        ]

    @classmethod
    def full_text_source(cls, page) -> str:
        # A library item's text is its abstract; the work itself is in its files.
        return text_html(page.abstract)

    def get_publisher(self, obj) -> str:
        return obj.publisher_name(self.context.get("issuers"))

    @extend_schema_field(IssuerSerializer)
    def get_issuer(self, obj) -> dict:
        issuers = self.context.get("issuers") or presidencies_by_path([obj])
        return issuer_data(issuers.get(obj.pk))


class LibraryAPIFilter(LibraryFilter, PageSinceFilterMixin):
    class Meta:
        model = LibraryItemPage
        fields = []


class LibraryItemViewSet(PageViewSet):
    """Reports, studies, papers and datasets, newest first, with their files. Withdrawn ones stay, marked."""

    serializer_class = LibraryItemSerializer
    filterset_class = LibraryAPIFilter
    queryset = LibraryItemPage.objects.none()

    def get_queryset(self):
        # live() and public() are evaluated per request: view restrictions change at any time.
        return (
            LibraryItemPage.objects.live()
            .public()
            .select_related("locale", "publisher")
            .prefetch_related("topics", "authors", "files__document")
            .order_by("-date", "-id")
        )

    def batch_context(self, pages) -> dict:
        return {**super().batch_context(pages), "issuers": presidencies_by_path(pages)}
