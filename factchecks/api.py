"""API: /api/v1/debunks/ (the database's filters, ?since=, ?locale=; detail by case id),
/api/v1/outlets/, and the bulk downloads /api/v1/debunks/export.csv and export.jsonl."""

from __future__ import annotations

import datetime

from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import BaseRenderer
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from hub.rest.filters import SinceFilterSet, query_value
from hub.rest.pages import FullTextSerializerMixin, PageSerializer, PageSinceFilterMixin, PageViewSet
from hub.rest.viewsets import ReadOnlyViewSet

from .exchange import csv_lines, export_queryset, iter_records, jsonl_lines, public_debunks, public_related_ids
from .filters import FactCheckFilter
from .fulltext import debunk_full_text_source
from .languages import split_codes
from .models import ClaimAppearance, DebunkPage, Outlet
from .verdicts import BEST_RATING, WORST_RATING


class OutletSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    country = serializers.CharField(source="country.code", read_only=True)
    # A Unicode slug (brújula-rota-tv): declared as plain text, not DRF's ASCII-only slug pattern.
    slug = serializers.CharField(read_only=True, help_text=_("Used in filter URLs (?outlet=)."))

    class Meta:
        model = Outlet
        fields = ["id", "name", "slug", "url", "country", "kind", "kind_label", "state_affiliation_note", "updated_at"]


class AppearanceSerializer(serializers.ModelSerializer):
    outlet = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    outlet_name = serializers.CharField(source="outlet.name", read_only=True, allow_null=True, default=None)
    date = serializers.DateField(source="appeared_on", allow_null=True)

    class Meta:
        model = ClaimAppearance
        fields = ["url", "archive_url", "outlet", "outlet_name", "platform", "date"]


class RatingSerializer(serializers.Serializer):
    value = serializers.IntegerField()
    best = serializers.IntegerField()
    worst = serializers.IntegerField()
    label = serializers.CharField()
    explanation = serializers.CharField()


class EvidenceSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.URLField()
    publisher = serializers.CharField()


class CorrectionSerializer(serializers.Serializer):
    date = serializers.DateField()
    text = serializers.CharField()


class DebunkSerializer(FullTextSerializerMixin, PageSerializer):
    verdict_label = serializers.CharField(source="get_verdict_display", read_only=True)
    rating = serializers.SerializerMethodField()
    disproof = serializers.SerializerMethodField()
    countries = serializers.SerializerMethodField()
    languages = serializers.SerializerMethodField()
    keywords = serializers.SerializerMethodField()
    appearances = AppearanceSerializer(many=True, read_only=True, source="appearance_list")
    evidence = EvidenceSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True, source="correction_list")
    corrected = serializers.SerializerMethodField()
    related_debunks = serializers.SerializerMethodField()
    related_statements = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn", read_only=True)

    class Meta:
        model = DebunkPage
        fields = [
            *PageSerializer.page_fields,
            "case_id",
            "claim",
            "claim_summary",
            "verdict",
            "verdict_label",
            "rating",
            "disproof",
            "body_html",
            "first_seen",
            "countries",
            "languages",
            "keywords",
            "claim_author",
            "appearances",
            "evidence",
            "corrections",
            "corrected",
            "related_debunks",
            "related_statements",
            "withdrawn",
            "withdrawn_at",
            "withdrawal_reason",
        ]

    @classmethod
    def full_text_source(cls, page) -> str:
        return debunk_full_text_source(page, page.locale.language_code)

    @extend_schema_field(RatingSerializer)
    def get_rating(self, obj) -> dict:
        return {
            "value": obj.rating_value,
            "best": BEST_RATING,
            "worst": WORST_RATING,
            "label": str(obj.get_verdict_display()),
            "explanation": obj.rating_explanation,
        }

    def get_disproof(self, obj) -> str:
        return expand_db_html(obj.disproof)

    def get_countries(self, obj) -> list[str]:
        return [country.code for country in obj.countries]

    def get_languages(self, obj) -> list[str]:
        return split_codes(obj.languages)

    def get_keywords(self, obj) -> list[str]:
        return sorted(tag.name for tag in obj.keywords.all())

    def get_corrected(self, obj) -> bool:
        return bool(obj.correction_list)

    def get_related_debunks(self, obj) -> list[str]:
        public = self._public_ids([obj])
        return [link.page.case_id for link in obj.related_debunk_links.all() if link.page_id in public]

    def get_related_statements(self, obj) -> list[int]:
        public = self._public_ids([obj])
        return [link.page_id for link in obj.related_statement_links.all() if link.page_id in public]

    def _public_ids(self, pages) -> set[int]:
        public = self.context.get("public_related_ids")
        return public if public is not None else public_related_ids(pages)


class DebunkAPIFilter(FactCheckFilter, PageSinceFilterMixin):
    class Meta:
        model = DebunkPage
        fields = []


def debunk_queryset():
    """Every public debunk, newest first."""
    return public_debunks().order_by("-first_published_at", "-id")


@extend_schema_view(
    retrieve=extend_schema(
        parameters=[
            OpenApiParameter(
                "case_id",
                str,
                OpenApiParameter.PATH,
                description=_("The debunk's case id, e.g. G20-DB-2026-0042."),
                pattern=r"^G20-DB-\d{4}-\d{4,6}$",
            ),
            OpenApiParameter(
                "locale", str, description=_("Which language's version, by its code (default: the site's default).")
            ),
        ]
    )
)
class DebunkViewSet(PageViewSet):
    """Debunks of the fact-check database, newest first; filters as on /<lang>/fact-checks/.
    The detail is addressed by case id (e.g. G20-DB-2026-0042). Withdrawn ones stay, marked."""

    serializer_class = DebunkSerializer
    filterset_class = DebunkAPIFilter
    queryset = DebunkPage.objects.none()
    lookup_field = "case_id"
    lookup_value_regex = r"G20-DB-\d{4}-\d{4,6}"

    def get_queryset(self):
        return debunk_queryset()

    def batch_context(self, pages) -> dict:
        return {**super().batch_context(pages), "public_related_ids": public_related_ids(pages)}

    def get_object(self):
        code = query_value(self.request, "locale") or Locale.get_default().language_code
        return get_object_or_404(self.get_queryset(), case_id=self.kwargs["case_id"], locale__language_code=code)


class OutletViewSet(ReadOnlyViewSet):
    """Outlets where debunked claims appeared. Listing one records where a claim was seen; it is not a
    judgement of the outlet."""

    serializer_class = OutletSerializer
    queryset = Outlet.objects.order_by("name", "id")

    class filterset_class(SinceFilterSet):  # noqa: N801 - DRF reads this attribute name
        parameter_help = {
            "kind": _("Kind of outlet, from a news website to a messaging channel."),
            "country": _("The outlet's country, an ISO 3166 alpha-2 code in capitals such as FR."),
        }

        class Meta:
            model = Outlet
            fields = ["kind", "country"]


class _StreamRenderer(BaseRenderer):
    """The views stream their own body; DRF only negotiates the media type."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class CSVRenderer(_StreamRenderer):
    media_type = "text/csv"
    format = "csv"


class JSONLinesRenderer(_StreamRenderer):
    media_type = "application/jsonl"
    format = "jsonl"


def _export(request, fmt: str):
    filterset = DebunkAPIFilter(request.GET, queryset=export_queryset())
    if not filterset.is_valid():
        return JsonResponse({name: list(messages) for name, messages in filterset.errors.items()}, status=400)
    queryset = filterset.qs.order_by("case_id", "locale__language_code", "pk")
    records = iter_records(queryset, request)
    lines = csv_lines(records) if fmt == "csv" else jsonl_lines(records)
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/jsonl; charset=utf-8"
    response = StreamingHttpResponse(lines, content_type=content_type)
    filename = f"g20-debunks-{datetime.date.today().isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@extend_schema(
    summary="Every debunk as CSV (streamed; formula cells escaped). Accepts the list filters.",
    responses={(200, "text/csv"): str},
)
@api_view(["GET"])
@renderer_classes([CSVRenderer])
def export_csv(request):
    return _export(request, "csv")


@extend_schema(
    summary="Every debunk as JSON Lines, one record per line (streamed). Accepts the list filters.",
    responses={(200, "application/jsonl"): str},
)
@api_view(["GET"])
@renderer_classes([JSONLinesRenderer])
def export_jsonl(request):
    return _export(request, "jsonl")
