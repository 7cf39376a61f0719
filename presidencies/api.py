"""API: presidencies with the troika, the official-accounts registry and its verification endpoint."""

import django_filters
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from wagtail.models import Locale

from hub.listings.indexes import WholeNumberFilter
from hub.pages.addresses import absolute_page_url
from hub.rest.filters import SinceFilterSet, query_value
from hub.rest.viewsets import ReadOnlyViewSet

from .api_fields import ISSUER_KINDS
from .models import PLATFORM_ALIASES, AccountStatus, OfficialAccount, Platform, PresidencyPage
from .troika import presidency_status, troika_for_locale
from .verification import InvalidAccountAddress, verify_account


def locale_from_request(request) -> Locale:
    """``?locale=fr``; the default language when absent; 400 when unknown."""
    code = query_value(request, "locale")
    if not code:
        return Locale.get_default()
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        codes = ", ".join(Locale.objects.order_by("pk").values_list("language_code", flat=True))
        message = _("Unknown locale %(code)s. Use one of: %(codes)s.") % {"code": code, "codes": codes}
        raise ValidationError({"locale": [message]})
    return locale


class PresidencySerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", help_text="ISO 3166 alpha-2 code")
    start = serializers.DateField(source="start_date")
    end = serializers.DateField(source="end_date")
    url = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    troika_role = serializers.SerializerMethodField()
    archived = serializers.BooleanField(source="is_archived")
    locale = serializers.CharField(source="locale.language_code")

    class Meta:
        model = PresidencyPage
        fields = [
            "id",
            "year",
            "country",
            "country_name",
            "slug",
            "url",
            "start",
            "end",
            "status",
            "troika_role",
            "archived",
            "theme",
            "leaders_summit",
            "locale",
            "translation_key",
        ]

    def get_url(self, obj) -> str:
        return absolute_page_url(obj, self.context.get("request"))

    @extend_schema_field(serializers.ChoiceField(choices=["past", "current", "next", "upcoming"]))
    def get_status(self, obj) -> str:
        return presidency_status(obj, self.context["troika"])

    @extend_schema_field(serializers.ChoiceField(choices=["previous", "current", "next"], allow_null=True))
    def get_troika_role(self, obj) -> str | None:
        return self.context["troika"].role_of(obj)


class PresidencyFilter(django_filters.FilterSet):
    year = WholeNumberFilter(max_value=9999, label=gettext_lazy("The presidency's year, e.g. 2026."))
    country = django_filters.CharFilter(
        method="filter_country",
        label=gettext_lazy("The presiding country's ISO 3166 alpha-2 code, e.g. ZA (any case)."),
    )
    archived = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_archived",
        label=gettext_lazy("true: only presidencies whose site is archived; false: only the others."),
    )

    class Meta:
        model = PresidencyPage
        fields = ["year", "country", "archived"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())

    def filter_archived(self, queryset, name, value):
        return queryset.filter(is_archived=value == "true")


@extend_schema(parameters=[OpenApiParameter("locale", str, description="Language code (default: en).")])
class PresidencyViewSet(ReadOnlyViewSet):
    """Every G20 presidency with its dates, status and place in the troika (computed from the dates)."""

    serializer_class = PresidencySerializer
    filterset_class = PresidencyFilter
    queryset = PresidencyPage.objects.none()

    def get_queryset(self):
        locale = locale_from_request(self.request)
        return (
            PresidencyPage.objects.live().public().filter(locale=locale).select_related("locale").order_by("year", "id")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        context["troika"] = troika_for_locale(locale_from_request(self.request).pk)
        return context


class AccountOwnerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ISSUER_KINDS)
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    country = serializers.CharField(allow_null=True)
    slug = serializers.CharField(allow_null=True)


class OfficialAccountSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    alias_urls = serializers.ListField(source="alias_url_list", child=serializers.URLField())

    class Meta:
        model = OfficialAccount
        fields = [
            "id",
            "platform",
            "handle",
            "url",
            "alias_urls",
            "owner",
            "status",
            "active_from",
            "active_until",
            "verified_on",
            "updated_at",
        ]

    @extend_schema_field(AccountOwnerSerializer)
    def get_owner(self, obj) -> dict:
        if obj.owner_id is None:
            return {"kind": "office", "name": obj.owner_label, "year": None, "country": None, "slug": None}
        owner = obj.owner
        return {
            "kind": "presidency",
            "name": owner.label,
            "year": owner.year,
            "country": owner.country.code,
            "slug": owner.slug,
        }


class OfficialAccountFilter(SinceFilterSet):
    platform = django_filters.CharFilter(
        method="filter_platform", label=gettext_lazy("The platform's key, e.g. x or mastodon (twitter means x).")
    )
    status = django_filters.ChoiceFilter(
        choices=AccountStatus.choices, label=gettext_lazy("Whether the account is active, archived or retired.")
    )
    owner = django_filters.CharFilter(
        method="filter_owner",
        label=gettext_lazy(
            "Whose account: a presidency's year such as 2026, or office for the permanent G20 communication office."
        ),
    )

    class Meta:
        model = OfficialAccount
        fields = ["platform", "status", "owner"]

    def filter_platform(self, queryset, name, value):
        key = PLATFORM_ALIASES.get(value.lower(), value.lower())
        if key not in Platform.values:
            raise ValidationError({"platform": [_("Unknown platform. Use one of: %s.") % ", ".join(Platform.values)]})
        return queryset.filter(platform=key)

    @extend_schema_field({"type": "string", "pattern": r"^(office|[0-9]+)$"})
    def filter_owner(self, queryset, name, value):
        if value == "office":
            return queryset.filter(owner__isnull=True)
        if not (value.isascii() and value.isdigit()):  # "²" is a digit to str.isdigit, not to int()
            raise ValidationError({"owner": [_("Use office or a presidency year such as 2026.")]})
        return queryset.filter(owner__year=int(value))


VerifyResponse = inline_serializer(
    name="AccountVerification",
    fields={
        "status": serializers.ChoiceField(choices=["official", "archived", "unknown"]),
        "account": OfficialAccountSerializer(allow_null=True),
    },
)


class OfficialAccountViewSet(ReadOnlyViewSet):
    """The registry of accounts that speak for the G20 office or a presidency, current and archived."""

    serializer_class = OfficialAccountSerializer
    filterset_class = OfficialAccountFilter
    queryset = OfficialAccount.objects.select_related("owner").order_by("platform", "handle", "id")

    @extend_schema(
        parameters=[
            OpenApiParameter("url", str, description="Any ordinary spelling of the account's address."),
            OpenApiParameter("handle", str, description="A handle such as @g20org or @user@instance."),
            OpenApiParameter("platform", str, description="With handle: x, mastodon, youtube, …"),
        ],
        responses=VerifyResponse,
    )
    @action(detail=False, methods=["get"], url_path="verify", filter_backends=[], pagination_class=None)
    def verify(self, request):
        """Is this account official? `official`, `archived` (archived or retired) or `unknown`."""
        url, handle, platform = (query_value(request, name) or None for name in ("url", "handle", "platform"))
        try:
            verification = verify_account(url, handle, platform)
        except InvalidAccountAddress as error:
            raise ValidationError({"detail": str(error)}) from None
        account = verification.account
        return Response(
            {"status": verification.status, "account": OfficialAccountSerializer(account).data if account else None}
        )
