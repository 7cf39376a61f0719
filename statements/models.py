"""Statements: what the G20 says, published under their issuer (a presidency or the permanent office)."""

import datetime

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from hub.listings.languages import in_language
from hub.listings.syndication import FeedEntry, SyndicatedListingMixin, tag_uri
from hub.models import BasePage, IndexedRelationsMixin, SectionIndexPage, Topic, WithdrawableMixin
from hub.pages.addresses import permanent_page_url
from hub.pages.blocks import BodyBlock
from hub.pages.dates import feed_dates
from hub.pages.fulltext import base_url_of, full_texts, stream_source
from hub.pages.lookups import exclude_private
from presidencies.filters import IssuedPageFilter
from presidencies.models import PresidencyPage
from presidencies.troika import presidencies_by_path


class StatementKind(models.TextChoices):
    LEADERS_DECLARATION = "leaders_declaration", _("Leaders' declaration")
    MINISTERIAL_DECLARATION = "ministerial_declaration", _("Ministerial declaration")
    JOINT_STATEMENT = "joint_statement", _("Joint statement")
    PRESIDENCY_STATEMENT = "presidency_statement", _("Presidency statement")
    OFFICE_STATEMENT = "office_statement", _("Office statement")
    PRESS_RELEASE = "press_release", _("Press release")


class StatementFilter(IssuedPageFilter):
    """The filters of /<lang>/statements/ (and, later, its feeds and API)."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=StatementKind.choices, empty_label=_("All kinds"))

    parameter_help = {"kind": _("Kind of statement, from a leaders' declaration to a press release.")}


class StatementIndexPage(SyndicatedListingMixin, SectionIndexPage):
    """The permanent office's Statements section, and the index of every statement at /<lang>/statements/,
    with its feeds at rss/, atom/ and json/ (same filters)."""

    subpage_types = ["statements.StatementPage"]
    template = "statements/statement_index_page.html"
    listing_filter_class = StatementFilter

    class Meta:
        verbose_name = _("statements index")

    def listing_queryset(self):
        """Every live, public statement, in this language where translated (else its original), newest first;
        withdrawn ones leave the listing."""
        return readable_statements(self.locale).prefetch_related("topics")

    def listing_context(self, request, listing) -> dict:
        return {"issuers": presidencies_by_path(listing.page.object_list)}

    def feed_entries(self, items, request) -> list[FeedEntry]:
        issuers = presidencies_by_path(items)
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        bodies = full_texts([stream_source(item.body) for item in items], base_url_of(request), request)
        return [
            FeedEntry(
                title=item.title,
                url=permanent_page_url(item, request),
                summary=item.summary,
                **feed_dates(item, fallback=item.date),
                unique_id=tag_uri("page", item.pk),
                categories=[item.get_kind_display(), *(topic.name for topic in item.topics.all())],
                author=f"G20 {issuers[item.pk].label} presidency" if issuers.get(item.pk) else "G20",
                language=codes.get(item.locale_id, ""),  # an untranslated original keeps its language
                content_html=body,
            )
            for item, body in zip(items, bodies, strict=True)
        ]


def readable_statements(locale):
    """What a reader of ``locale`` may see, newest first: every live, public statement, in that language
    where translated (else its original), withdrawn ones left out. The index and the home page share it."""
    queryset = exclude_private(StatementPage.objects.live()).filter(withdrawn_at__isnull=True)
    return in_language(queryset, locale).order_by("-date", "-pk")


class StatementPage(IndexedRelationsMixin, WithdrawableMixin, BasePage):
    """A statement, declaration or press release. Its issuer is where it lives in the tree."""

    kind = models.CharField(_("kind"), max_length=40, choices=StatementKind.choices, db_index=True)
    date = models.DateField(_("date"), default=datetime.date.today, db_index=True)
    summary = models.TextField(_("summary"), help_text=_("One or two sentences, shown in lists and feeds."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="statements")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        InlinePanel("related_links", heading=_("Related statements and documents"), label=_("related link")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        # "climate" finds what is tagged "Climate and energy".
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["statements.StatementIndexPage", "presidencies.PresidencyStatementsPage"]
    subpage_types = []
    template = "statements/statement_page.html"
    own_date_field = "date"

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def get_share_description(self) -> str:
        return self.search_description or self.summary

    def related_pages(self) -> list[Page]:
        """Live related statements and library items, in editor order, in one query."""
        links = self.related_links.select_related("page").filter(page__live=True).order_by("sort_order")
        return [link.page for link in links]

    @property
    def issuer(self) -> PresidencyPage | None:
        """The presidency this statement was issued under; None for the permanent office."""
        return presidencies_by_path([self]).get(self.pk)


class StatementRelatedLink(Orderable):
    """A statement or library item related to a statement."""

    statement = ParentalKey(StatementPage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", ["statements.StatementPage", "library.LibraryItemPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("related page")
