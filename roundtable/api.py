"""API: /api/v1/meetings/, /api/v1/commitments/ and /api/v1/organisations/ (the core's list, with
each organisation's roundtable membership). Minutes appear only once published."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.models import Locale

from hub.listings.filters import add_date_range
from hub.listings.indexes import WholeNumberFilter
from hub.models import Organisation
from hub.pages.addresses import absolute_page_url
from hub.pages.fulltext import base_url_of, full_texts
from hub.rest.filters import SinceFilterSet, TrueOrFalseFilter
from hub.rest.pages import PageSerializer, PageSinceFilterMixin, PageViewSet
from hub.rest.shared import OrganisationFilter, OrganisationSerializer, OrganisationViewSet
from hub.rest.viewsets import ReadOnlyViewSet

from .filters import CommitmentFilter
from .models import (
    Attendance,
    Commitment,
    MeetingParticipant,
    MeetingStatus,
    Minutes,
    PublicStatus,
    Representative,
    RoundtableMeetingPage,
)


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


def organisation_ref(organisation: Organisation | None) -> dict | None:
    if organisation is None:
        return None
    return {"id": organisation.pk, "name": str(organisation), "kind": organisation.kind}


class ParticipantSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    represented_by = serializers.CharField()


class AgendaItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    presenter = serializers.CharField()
    presenter_organisation = OrganisationRefSerializer(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True)
    description = serializers.CharField()


class ActionItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner = OrganisationRefSerializer(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    is_commitment = serializers.BooleanField()


class MinutesItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    discussion = serializers.CharField(help_text="HTML")
    decisions = serializers.ListField(child=serializers.CharField())
    action_items = ActionItemSerializer(many=True)


class MinutesSerializer(serializers.Serializer):
    summary = serializers.CharField()
    body_html = serializers.CharField(
        help_text="The full minutes as sanitised HTML (no scripts, styles, forms or event handlers; absolute links)."
    )
    approved_at = serializers.DateTimeField()
    approved_by = serializers.CharField()
    published_at = serializers.DateTimeField()
    items = MinutesItemSerializer(many=True)
    xml_url = serializers.URLField()
    print_url = serializers.URLField()


def _raw_value(item):
    """A StreamField or ListBlock item as stored: {"type", "value", "id"} or the bare value."""
    return item["value"] if isinstance(item, dict) and "value" in item and ("type" in item or "id" in item) else item


def raw_minutes_items(minutes: Minutes) -> list[dict]:
    return [_raw_value(item) for item in minutes.items.raw_data]


def owner_ids(minutes_list) -> set[int]:
    ids = set()
    for minutes in minutes_list:
        for item in raw_minutes_items(minutes):
            for action in item.get("action_items") or []:
                owner = _raw_value(action).get("owner")
                if owner:
                    ids.add(int(owner))
    return ids


def minutes_html_by_key(minutes_by_key: dict, request) -> dict:
    """``body_html`` of each published minutes, by meeting translation key; one rich-text expansion."""
    keys = list(minutes_by_key)
    sources = [minutes_by_key[key].full_text_source() for key in keys]
    return dict(zip(keys, full_texts(sources, base_url_of(request), request), strict=True))


def minutes_data(minutes: Minutes, meeting: RoundtableMeetingPage, owners: dict, request, body_html: str) -> dict:
    url = absolute_page_url(meeting, request)
    items = []
    for item in raw_minutes_items(minutes):
        actions = [_raw_value(action) for action in item.get("action_items") or []]
        items.append(
            {
                "title": item.get("title", ""),
                "discussion": item.get("discussion", ""),
                "decisions": [_raw_value(decision) for decision in item.get("decisions") or []],
                "action_items": [
                    {
                        "text": action.get("text", ""),
                        "owner": organisation_ref(owners.get(int(action["owner"]))) if action.get("owner") else None,
                        "due_date": action.get("due_date") or None,
                        "is_commitment": bool(action.get("is_commitment")),
                    }
                    for action in actions
                ],
            }
        )
    return {
        "summary": minutes.summary,
        "body_html": body_html,
        "approved_at": minutes.approved_at,
        "approved_by": minutes.approved_by_name,
        "published_at": minutes.published_at,
        "items": items,
        "xml_url": url + "minutes.xml",
        "print_url": url + "minutes/print/",
    }


class MeetingSerializer(PageSerializer):
    summary = serializers.CharField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    local_start = serializers.SerializerMethodField(help_text="The start in the meeting's time zone (ISO 8601).")
    local_end = serializers.SerializerMethodField(help_text="The end in the meeting's time zone (ISO 8601).")
    mode_label = serializers.CharField(source="get_mode_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    chair = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = RoundtableMeetingPage
        fields = [
            *PageSerializer.page_fields,
            "summary",
            "start",
            "end",
            "time_zone",
            "local_start",
            "local_end",
            "mode",
            "mode_label",
            "place",
            "chair",
            "chair_name",
            "status",
            "status_label",
            "participants",
            "agenda",
            "documents",
            "minutes",
        ]

    @extend_schema_field(serializers.DateTimeField())
    def get_local_start(self, obj) -> str:
        return obj.local_start.isoformat()

    @extend_schema_field(serializers.DateTimeField())
    def get_local_end(self, obj) -> str:
        return obj.local_end.isoformat()

    @extend_schema_field(OrganisationRefSerializer(allow_null=True))
    def get_chair(self, obj) -> dict | None:
        return organisation_ref(obj.chair)

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, obj) -> list[dict]:
        return [
            {
                "organisation": organisation_ref(participant.organisation),
                "attendance": participant.attendance,
                "represented_by": participant.represented_by,
            }
            for participant in obj.participants.all()
        ]

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, obj) -> list[dict]:
        return [
            {
                "title": item.title,
                "presenter": item.presenter,
                "presenter_organisation": organisation_ref(item.presenter_organisation),
                "duration_minutes": item.duration_minutes,
                "description": item.description,
            }
            for item in obj.agenda_items.all()
        ]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_documents(self, obj) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "title": document.display_title,
                "url": request.build_absolute_uri(document.document.url) if request else document.document.url,
                "format": document.document.file_extension.lower(),
            }
            for document in obj.documents.all()
        ]

    @extend_schema_field(MinutesSerializer(allow_null=True))
    def get_minutes(self, obj) -> dict | None:
        if obj.status != MeetingStatus.PUBLISHED:
            return None
        minutes_by_key = self.context.get("minutes")
        if minutes_by_key is None:
            minutes_by_key = Minutes.published_by_key({obj.translation_key})
        minutes = minutes_by_key.get(obj.translation_key)
        if minutes is None:
            return None
        owners = self.context.get("owners")
        if owners is None:
            owners = Organisation.objects.in_bulk(owner_ids([minutes]))
        request = self.context.get("request")
        minutes_html = self.context.get("minutes_html")
        if minutes_html is None or obj.translation_key not in minutes_html:
            minutes_html = minutes_html_by_key({obj.translation_key: minutes}, request)
        return minutes_data(minutes, obj, owners, request, minutes_html[obj.translation_key])


class MeetingAPIFilter(PageSinceFilterMixin):
    status = django_filters.ChoiceFilter(
        choices=MeetingStatus.choices, label=_("Where the meeting stands, from scheduled to minutes published.")
    )
    organisation = WholeNumberFilter(
        field_name="participants__organisation_id",
        distinct=True,
        label=_("An organisation's id (see /api/v1/organisations/): only meetings it took part in."),
    )

    class Meta:
        model = RoundtableMeetingPage
        fields = []


# ?from= and ?to=, as on every other list.
add_date_range(
    MeetingAPIFilter,
    "start",
    labels=(
        _("Only meetings starting on or after this day (YYYY-MM-DD, inclusive)."),
        _("Only meetings starting on or before this day (YYYY-MM-DD, inclusive)."),
    ),
    lookups=("date__gte", "date__lte"),
)


class MeetingViewSet(PageViewSet):
    """Roundtable meetings, latest first: when and where, participants, agenda, documents, status; the
    minutes once published (null before)."""

    serializer_class = MeetingSerializer
    filterset_class = MeetingAPIFilter
    queryset = RoundtableMeetingPage.objects.none()

    def get_queryset(self):
        return (
            RoundtableMeetingPage.objects.live()
            .public()
            .select_related("locale", "chair")
            .prefetch_related(
                Prefetch(
                    "participants",
                    queryset=MeetingParticipant.objects.select_related("organisation").order_by("sort_order", "pk"),
                ),
                "agenda_items__presenter_organisation",
                "documents__document",
            )
            .order_by("-start", "-id")
        )

    def batch_context(self, pages) -> dict:
        context = super().batch_context(pages)
        published = {page.translation_key for page in pages if page.status == MeetingStatus.PUBLISHED}
        minutes = Minutes.published_by_key(published)
        context["minutes"] = minutes
        context["minutes_html"] = minutes_html_by_key(minutes, self.request)
        context["owners"] = Organisation.objects.in_bulk(owner_ids(minutes.values())) if minutes else {}
        return context


class ProgressUpdateSerializer(serializers.Serializer):
    date = serializers.DateField()
    note = serializers.CharField()
    evidence_url = serializers.URLField(allow_blank=True)
    progress = serializers.IntegerField(allow_null=True)


class MeetingRefSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()
    start = serializers.DateTimeField()


class CommitmentSerializer(serializers.ModelSerializer):
    owner = serializers.SerializerMethodField()
    meeting = serializers.SerializerMethodField()
    status = serializers.ChoiceField(
        source="get_public_status", choices=PublicStatus.choices, read_only=True, help_text="Overdue is computed."
    )
    status_label = serializers.CharField(source="get_public_status_display", read_only=True)
    recorded_status = serializers.CharField(source="status", read_only=True)
    updates = serializers.SerializerMethodField()

    class Meta:
        model = Commitment
        fields = [
            "id",
            "text",
            "owner",
            "meeting",
            "due_date",
            "status",
            "status_label",
            "recorded_status",
            "progress",
            "completed_on",
            "updates",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OrganisationRefSerializer)
    def get_owner(self, obj) -> dict:
        return organisation_ref(obj.owner)

    @extend_schema_field(MeetingRefSerializer)
    def get_meeting(self, obj) -> dict:
        meetings = self.context.get("meetings") or {}
        meeting = meetings.get(obj.meeting.translation_key, obj.meeting)
        return {
            "title": meeting.title,
            "slug": meeting.slug,
            "url": absolute_page_url(meeting, self.context.get("request")),
            "start": meeting.start,
        }

    @extend_schema_field(ProgressUpdateSerializer(many=True))
    def get_updates(self, obj) -> list[dict]:
        return [
            {"date": update.date, "note": update.note, "evidence_url": update.evidence_url, "progress": update.progress}
            for update in obj.update_list()
        ]


class CommitmentAPIFilter(CommitmentFilter, SinceFilterSet):
    class Meta:
        model = Commitment
        fields = []


class CommitmentViewSet(ReadOnlyViewSet):
    """Public commitments of the roundtable (those of meetings whose minutes are published): the tracker's
    filters (?organisation=, ?kind=, ?status=, ?meeting=) and ?since=."""

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentAPIFilter
    queryset = Commitment.objects.none()

    def get_queryset(self):
        return Commitment.objects.tracker()

    def get_serializer(self, *args, **kwargs):
        if args and not getattr(self, "swagger_fake_view", False):
            items = list(args[0]) if kwargs.get("many") else [args[0]]
            context = self.get_serializer_context()
            context["meetings"] = RoundtableMeetingPage.by_translation_key(items, Locale.get_active())
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)


class RepresentativeSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class MembershipSerializer(serializers.Serializer):
    member_since = serializers.DateField(allow_null=True)
    logo = serializers.URLField(allow_null=True)
    representatives = RepresentativeSerializer(many=True)


class RoundtableOrganisationSerializer(OrganisationSerializer):
    roundtable = serializers.SerializerMethodField()

    class Meta(OrganisationSerializer.Meta):
        fields = [*OrganisationSerializer.Meta.fields, "roundtable"]

    @extend_schema_field(MembershipSerializer(allow_null=True))
    def get_roundtable(self, obj) -> dict | None:
        member = getattr(obj, "roundtable_member", None)
        if member is None:
            return None
        request = self.context.get("request")
        logo = None
        if member.logo is not None:
            url = member.logo.file.url
            logo = request.build_absolute_uri(url) if request else url
        return {
            "member_since": member.joined_on,
            "logo": logo,
            # Names and roles are public; e-mail addresses never leave the admin.
            "representatives": [{"name": person.name, "role": person.role} for person in member.representatives.all()],
        }


class RoundtableOrganisationFilter(OrganisationFilter):
    roundtable = TrueOrFalseFilter(
        field_name="roundtable_member",
        lookup_expr="isnull",
        exclude=True,
        label=_("true: only members of the roundtable; false: only the other organisations."),
    )

    class Meta(OrganisationFilter.Meta):
        fields = [*OrganisationFilter.Meta.fields, "roundtable"]


class RoundtableOrganisationViewSet(OrganisationViewSet):
    """Governments, companies and organisations named across the hub; ``roundtable`` describes members."""

    serializer_class = RoundtableOrganisationSerializer
    filterset_class = RoundtableOrganisationFilter

    def get_queryset(self):
        return (
            Organisation.objects.select_related("roundtable_member__logo")
            .prefetch_related(
                Prefetch(
                    "roundtable_member__representatives", queryset=Representative.objects.order_by("sort_order", "pk")
                )
            )
            .order_by("name", "id")
        )
