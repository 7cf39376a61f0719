"""Query-string filters of the roundtable: the commitments tracker (page, feeds and API share them)
and the minutes feeds. Bad values are reported next to their field and answered with 400."""

import django_filters
from django.utils.translation import gettext_lazy as _

from hub.listings.indexes import SearchFilter, WholeNumberFilter
from hub.listings.languages import LanguageFallbackFilterSet
from hub.models import Organisation, OrganisationKind
from hub.pages.lookups import exclude_private, request_locale

from .models import Commitment, MeetingStatus, PublicStatus, RoundtableMeetingPage


class CommitmentFilter(django_filters.FilterSet):
    """``?organisation=<id>``, ``?kind=<organisation kind>``, ``?status=`` (overdue included) and
    ``?meeting=<slug>``. Choices come from what the tracker holds, in the visitor's language."""

    organisation = django_filters.ChoiceFilter(
        label=_("Organisation"), method="filter_organisation", empty_label=_("All organisations")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="owner__kind",
        choices=OrganisationKind.choices,
        empty_label=_("All kinds"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="public_status", choices=PublicStatus.choices, empty_label=_("Any status")
    )
    meeting = django_filters.ChoiceFilter(label=_("Meeting"), method="filter_meeting", empty_label=_("All meetings"))

    parameter_help = {
        "organisation": _("An organisation's id (see /api/v1/organisations/): only the commitments it made."),
        "kind": _("Kind of the organisation that made the commitment."),
        "status": _("Where the commitment stands; overdue: not done or dropped, and past its due date."),
        "meeting": _("A meeting's slug: only the commitments made at that meeting."),
    }

    class Meta:
        model = Commitment
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Organisation.objects.filter(commitments__in=Commitment.objects.public()).distinct().order_by("name")
        # Every organisation with a public commitment: the tracker's scorecards reuse them.
        self.owners = list(owners)
        self.filters["organisation"].extra["choices"] = [(str(org.pk), str(org)) for org in self.owners]
        self._meetings = {
            meeting.slug: meeting
            for meeting in exclude_private(RoundtableMeetingPage.objects.live())
            .filter(locale=request_locale(self.request), status=MeetingStatus.PUBLISHED)
            .order_by("-start")
        }
        self.filters["meeting"].extra["choices"] = [
            (slug, f"{meeting.title} ({meeting.start:%Y-%m-%d})") for slug, meeting in self._meetings.items()
        ]

    def filter_organisation(self, queryset, name, value: str):
        return queryset.filter(owner_id=int(value))

    def filter_meeting(self, queryset, name, value: str):
        # The commitment belongs to the meeting in every language: match its translations.
        return queryset.filter(meeting__translation_key=self._meetings[value].translation_key)


class MinutesFeedFilter(LanguageFallbackFilterSet):
    """The roundtable's minutes feeds: ``?q=``, ``?organisation=<id>`` (a participant), ``?fallback=0``."""

    q = SearchFilter()
    organisation = WholeNumberFilter(
        label=_("Participating organisation (id)"), field_name="participants__organisation_id", distinct=True
    )

    parameter_help = {
        "q": _("Words to search for in the meetings (full text), with the other filters."),
        "organisation": _("An organisation's id (see /api/v1/organisations/): only meetings it took part in."),
    }

    class Meta:
        model = RoundtableMeetingPage
        fields = []
