"""Statements: what the G20 says, published under their issuer (a presidency or the permanent office)."""

import datetime

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub.blocks import BodyBlock
from hub.listing import build_listing
from hub.models import BasePage, Topic, WithdrawableMixin
from hub.presidencies.filters import IssuedPageFilter
from hub.presidencies.models import PresidencyPage
from hub.presidencies.troika import presidencies_by_path


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


class StatementIndexPage(BasePage):
    """The permanent office's Statements section, and the index of every statement at /<lang>/statements/."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    subpage_types = ["statements.StatementPage"]
    max_count_per_parent = 1
    template = "statements/statement_index_page.html"

    class Meta:
        verbose_name = _("statements index")

    def statements(self):
        """Every live, public statement in this language, newest first (withdrawn ones excluded later)."""
        return (
            StatementPage.objects.live()
            .public()
            .filter(locale=self.locale, withdrawn_at__isnull=True)
            .order_by("-date", "-pk")
            .prefetch_related("topics")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        listing = build_listing(StatementFilter, request.GET, self.statements())
        issuers = presidencies_by_path(listing.page.object_list)
        context.update(listing=listing, issuers=issuers)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        listing = response.context_data.get("listing") if hasattr(response, "context_data") else None
        if listing is not None and not listing.is_valid:
            response.status_code = 400
        return response


class StatementPage(WithdrawableMixin, BasePage):
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
        InlinePanel("related_links", label=_("Related statements and documents")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
    ]
    parent_page_types = ["statements.StatementIndexPage", "presidencies.PresidencyStatementsPage"]
    subpage_types = []
    template = "statements/statement_page.html"

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def get_share_description(self) -> str:
        return self.search_description or self.summary

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
