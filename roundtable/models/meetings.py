"""The roundtable section (/<lang>/roundtable/) and its meetings: when and where, who took part,
the agenda, the documents, and the meeting's status from scheduled to minutes published."""

from __future__ import annotations

import datetime
import zoneinfo
from functools import cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub.listings.languages import in_language
from hub.listings.syndication import FeedEntry, SyndicatedListingMixin
from hub.models import BasePage, Organisation, SectionIndexPage
from hub.pages.lookups import exclude_private


@cache
def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")
    MINUTES_DRAFT = "minutes_draft", _("Minutes in draft")
    MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
    PUBLISHED = "published", _("Minutes published")


class Attendance(models.TextChoices):
    INVITED = "invited", _("Invited")
    ATTENDED = "attended", _("Attended")
    APOLOGIES = "apologies", _("Sent apologies")


class RoundtableIndexPage(SyndicatedListingMixin, SectionIndexPage):
    """The permanent office's roundtable section at /<lang>/roundtable/: upcoming meetings with their
    agenda, past meetings and their published minutes, the calendar (calendar.ics), the commitments
    tracker (commitments/) and the consultations. Its feeds (rss/, atom/, json/) carry published minutes."""

    subpage_types = ["roundtable.RoundtableMeetingPage", "roundtable.ConsultationPage"]
    template = "roundtable/roundtable_index_page.html"

    class Meta:
        verbose_name = _("roundtable section")

    @property
    def listing_filter_class(self):
        from ..filters import MinutesFeedFilter

        return MinutesFeedFilter

    def meetings(self):
        """Every live, public meeting, in this language where translated (else its original)."""
        return in_language(exclude_private(RoundtableMeetingPage.objects.live()), self.locale)

    def listing_queryset(self):
        """Meetings whose minutes are published, newest first: what the roundtable's feeds carry."""
        return (
            self.meetings()
            .filter(status=MeetingStatus.PUBLISHED)
            .order_by("-minutes_published_at", "-pk")
            .select_related("locale")
        )

    def build_listing(self, request):
        """The section shows meetings and consultations, not a filtered listing; only its feeds filter."""
        return None

    def listing_context(self, request, listing) -> dict:
        from .consultations import ConsultationPage

        now = timezone.now()
        meetings = self.meetings().select_related("chair")
        return {
            "upcoming": list(
                meetings.filter(end__gte=now).order_by("start").prefetch_related("agenda_items__presenter_organisation")
            ),
            "past": list(meetings.filter(end__lt=now).order_by("-start")),
            "consultations": list(
                in_language(exclude_private(ConsultationPage.objects.live()), self.locale).order_by("-closes_at")
            ),
            "now": now,
        }

    def feed_entries(self, items, request) -> list[FeedEntry]:
        from ..syndication import minutes_feed_entries

        return minutes_feed_entries(self, items, request)

    def documented_feeds(self) -> list[tuple[str, str, type]]:
        from ..filters import CommitmentFilter

        return [*super().documented_feeds(), ("commitments/", _("Roundtable commitments"), CommitmentFilter)]

    # --- Routes beside the listing -------------------------------------------------------------

    @path("calendar.ics/")
    def calendar(self, request):
        from ..calendar import meetings_calendar

        meetings = self.meetings().select_related("chair").prefetch_related("agenda_items").order_by("start")
        body = meetings_calendar(list(meetings), request, calendar_name=f"{self.title} · G20")
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="g20-roundtable.ics"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @path("commitments/")
    def commitments(self, request):
        from ..views import commitments_tracker

        return commitments_tracker(request, self)

    @re_path(r"^commitments/(?P<kind>rss|atom|json)/$")
    def commitments_feed(self, request, kind: str):
        from ..syndication import commitments_feed

        return commitments_feed(request, self, kind)

    @re_path(r"^review/(?P<token>[A-Za-z0-9_-]{20,100})/$")
    def minutes_review(self, request, token: str):
        from ..views import minutes_review

        return minutes_review(request, self, token)


class RoundtableMeetingPage(RoutablePageMixin, BasePage):
    """One roundtable meeting. The page is public from the day it is scheduled (agenda, participants,
    documents); its minutes appear only once the chair has approved them and the office published them."""

    summary = models.TextField(_("summary"), help_text=_("One or two sentences: what the meeting is about."))
    start = models.DateTimeField(_("starts"), db_index=True)
    end = models.DateTimeField(_("ends"), db_index=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Where the meeting takes place; times are shown in this zone."),
    )
    mode = models.CharField(_("mode"), max_length=20, choices=MeetingMode.choices, default=MeetingMode.IN_PERSON)
    place = models.CharField(_("place"), max_length=250, blank=True, help_text=_("Venue and city, if any."))
    chair = models.ForeignKey(
        Organisation,
        verbose_name=_("chair"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chaired_meetings",
        help_text=_("The organisation that chairs the meeting and approves its minutes."),
    )
    chair_name = models.CharField(_("chair's name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
        db_index=True,
        editable=False,
    )
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices)),
                FieldRowPanel([FieldPanel("mode"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("chair"), FieldPanel("chair_name")]),
            ],
            heading=_("When and where"),
        ),
        InlinePanel("participants", heading=_("Participants"), label=_("participant")),
        InlinePanel("agenda_items", heading=_("Agenda"), label=_("agenda item")),
        InlinePanel("documents", heading=_("Documents"), label=_("document")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("place"),
        # Empty until the minutes are published, so draft minutes never reach the search index.
        index.SearchField("published_minutes_text"),
        index.FilterField("status"),
        index.FilterField("start"),
    ]
    parent_page_types = ["roundtable.RoundtableIndexPage"]
    subpage_types = []
    template = "roundtable/roundtable_meeting_page.html"

    class Meta:
        verbose_name = _("roundtable meeting")
        verbose_name_plural = _("roundtable meetings")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})

    def with_content_json(self, content):
        # The status follows the minutes' approval, not the page's revisions.
        page = super().with_content_json(content)
        page.status = self.status
        page.minutes_published_at = self.minutes_published_at
        return page

    def get_share_description(self) -> str:
        return self.search_description or self.summary

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    @property
    def local_start(self) -> datetime.datetime:
        return self.start.astimezone(self.zone)

    @property
    def local_end(self) -> datetime.datetime:
        return self.end.astimezone(self.zone)

    @property
    def is_upcoming(self) -> bool:
        return self.end >= timezone.now()

    @cached_property
    def published_minutes(self):
        """The minutes when they are published (in this page's language, or its source's); else None."""
        if self.status != MeetingStatus.PUBLISHED:
            return None
        from .minutes import Minutes

        return Minutes.published_by_key({self.translation_key}).get(self.translation_key)

    def published_minutes_text(self) -> str:
        minutes = self.published_minutes
        return minutes.plain_text() if minutes else ""

    @classmethod
    def by_translation_key(cls, commitments, locale) -> dict:
        """The meeting of each commitment in the reader's language (``locale``: a Locale or its id), where translated,
        in one query."""
        keys = {commitment.meeting.translation_key for commitment in commitments}
        locale_id = getattr(locale, "pk", locale)
        found = exclude_private(cls.objects.live()).filter(translation_key__in=keys, locale_id=locale_id)
        return {meeting.translation_key: meeting for meeting in found}

    def participant_list(self):
        return self.participants.select_related("organisation").order_by("sort_order", "pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query per relation, however long the agenda and the document list.
        prefetch_related_objects([self], "agenda_items__presenter_organisation", "documents__document")
        context["minutes"] = self.published_minutes
        context["index"] = self.get_parent().specific
        return context

    @path("")
    def meeting(self, request):
        return self.render(request)

    @path("minutes/print/")
    def minutes_print(self, request):
        minutes = self.published_minutes
        if minutes is None:
            raise Http404
        return TemplateResponse(
            request,
            "roundtable/minutes_print.html",
            {"page": self, "self": self, "minutes": minutes, "commitments": minutes.public_commitments()},
        )

    @path("minutes.xml/")
    def minutes_xml(self, request):
        from ..akn import minutes_document

        minutes = self.published_minutes
        if minutes is None:
            raise Http404
        response = HttpResponse(minutes_document(self, minutes, request), content_type="application/xml; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{self.slug}-minutes.akn.xml"'
        return response


class MeetingParticipant(Orderable):
    """An organisation invited to a meeting, and whether it came."""

    meeting = ParentalKey(RoundtableMeetingPage, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, default=Attendance.INVITED
    )
    represented_by = models.CharField(
        _("represented by"), max_length=300, blank=True, help_text=_("Names and roles, as they may be published.")
    )

    panels = [FieldRowPanel([FieldPanel("organisation"), FieldPanel("attendance")]), FieldPanel("represented_by")]

    class Meta(Orderable.Meta):
        verbose_name = _("participant")
        verbose_name_plural = _("participants")


class AgendaItem(Orderable):
    """An item of a meeting's agenda."""

    meeting = ParentalKey(RoundtableMeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("title"), max_length=250)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    presenter_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("presenter's organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("presenter"), FieldPanel("presenter_organisation")]),
        FieldPanel("duration_minutes"),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")


class MeetingDocument(Orderable):
    """A document of the meeting: background paper, presentation, attendance list."""

    meeting = ParentalKey(RoundtableMeetingPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=250, blank=True, help_text=_("Leave empty to use the document's."))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
