"""The library: reports, studies, papers and datasets, published under their issuer with their files."""

import datetime

import django_filters
from django import forms
from django.conf import global_settings
from django.db import models
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from hub.listings.languages import in_language
from hub.listings.syndication import FeedEntry, SyndicatedListingMixin, tag_uri
from hub.models import BasePage, IndexedRelationsMixin, Organisation, SectionIndexPage, Topic, WithdrawableMixin
from hub.pages.addresses import absolute_page_url, permanent_page_url
from hub.pages.dates import feed_dates
from hub.pages.fulltext import text_html
from hub.pages.lookups import exclude_private
from hub.web.private_documents import is_private_document
from presidencies.filters import IssuedPageFilter
from presidencies.troika import presidencies_by_path

from .citations import Citation, to_bibtex, to_ris

LANGUAGE_CHOICES = sorted(global_settings.LANGUAGES, key=lambda item: item[1])


class LibraryKind(models.TextChoices):
    REPORT = "report", _("Report")
    STUDY = "study", _("Study")
    PAPER = "paper", _("Paper")
    DATASET = "dataset", _("Dataset")


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"
    ODBL = "ODbL-1.0", "ODbL 1.0"
    ALL_RIGHTS = "all-rights-reserved", _("All rights reserved")


class LibraryFilter(IssuedPageFilter):
    """The filters of /<lang>/library/."""

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=LibraryKind.choices, empty_label=_("All kinds"))
    language = django_filters.ChoiceFilter(
        label=_("Language of the document"), choices=LANGUAGE_CHOICES, empty_label=_("All languages")
    )

    parameter_help = {
        "kind": _("Kind of library item: report, study, paper or dataset."),
        "language": _("Language the document is written in, as a language code such as en."),
    }


class LibraryIndexPage(SyndicatedListingMixin, SectionIndexPage):
    """The permanent office's Library section, and the index of every library item at /<lang>/library/,
    with its feeds at rss/, atom/ and json/ (same filters)."""

    subpage_types = ["library.LibraryItemPage"]
    template = "library/library_index_page.html"
    listing_filter_class = LibraryFilter

    class Meta:
        verbose_name = _("library index")

    def listing_queryset(self):
        return (
            in_language(exclude_private(LibraryItemPage.objects.live()).filter(withdrawn_at__isnull=True), self.locale)
            .order_by("-date", "-pk")
            .select_related("publisher")
            .prefetch_related("topics", "authors", "files__document")
        )

    def listing_context(self, request, listing) -> dict:
        return {"issuers": presidencies_by_path(listing.page.object_list)}

    def feed_entries(self, items, request) -> list[FeedEntry]:
        return [
            FeedEntry(
                title=item.title,
                url=permanent_page_url(item, request),
                summary=item.abstract,
                **feed_dates(item, fallback=item.date),
                unique_id=tag_uri("page", item.pk),
                categories=[item.get_kind_display(), *(topic.name for topic in item.topics.all())],
                author="; ".join(author.name for author in item.authors.all()),
                language=item.language,
                content_html=text_html(item.abstract),
            )
            for item in items
        ]


class LibraryItemPage(IndexedRelationsMixin, WithdrawableMixin, RoutablePageMixin, BasePage):
    """A report, study, paper or dataset, with its files, metadata and citation exports."""

    kind = models.CharField(_("kind"), max_length=20, choices=LibraryKind.choices, db_index=True)
    date = models.DateField(_("publication date"), default=datetime.date.today, db_index=True)
    publisher = models.ForeignKey(
        Organisation,
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty when the G20 itself publishes it."),
    )
    language = models.CharField(_("language of the document"), max_length=10, choices=LANGUAGE_CHOICES, default="en")
    licence = models.CharField(_("licence"), max_length=30, choices=Licence.choices, default=Licence.CC_BY)
    persistent_identifier = models.CharField(
        _("persistent identifier"),
        max_length=255,
        blank=True,
        help_text=_("A DOI (10.xxxx/…), handle or permanent URL."),
    )
    abstract = models.TextField(_("abstract"))
    topics = ParentalManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="library_items")

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("date")]),
        InlinePanel("authors", heading=_("Authors"), label=_("author")),
        FieldPanel("publisher"),
        FieldRowPanel([FieldPanel("language"), FieldPanel("licence")]),
        FieldPanel("persistent_identifier"),
        FieldPanel("abstract"),
        InlinePanel("files", heading=_("Files"), label=_("file"), min_num=1),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("abstract"),
        # "climate" finds what is tagged "Climate and energy".
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.FilterField("language"),
    ]
    parent_page_types = ["library.LibraryIndexPage", "presidencies.PresidencyDocumentsPage"]
    subpage_types = []
    template = "library/library_item_page.html"
    own_date_field = "date"

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")

    def get_share_description(self) -> str:
        return self.search_description or self.abstract[:300]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["files"] = public_files(self.files.select_related("document"))
        return context

    def public_files(self) -> list:
        """The files readers may download (listings and the API prefetch ``files__document``)."""
        return public_files(self.files.all())

    @property
    def identifier_url(self) -> str:
        pid = self.persistent_identifier.strip()
        if pid.lower().startswith("10."):
            return f"https://doi.org/{pid}"
        return pid if pid.startswith(("http://", "https://")) else ""

    def publisher_name(self, issuers: dict | None = None) -> str:
        """The publishing organisation, else the issuing presidency or the G20 (``issuers`` saves the query)."""
        if self.publisher_id:
            return self.publisher.name
        issuer = (issuers if issuers is not None else presidencies_by_path([self])).get(self.pk)
        return f"G20 {issuer.label} presidency" if issuer else "G20"

    publisher_name.short_description = _("publisher")

    def citation(self, request=None) -> Citation:
        return Citation(
            key=f"g20-{self.date.year}-{slugify(self.slug)[:40]}",
            kind=self.kind,
            title=self.title,
            authors=[author.name for author in self.authors.all()],
            publisher=self.publisher_name(),
            year=self.date.year,
            date=self.date.isoformat(),
            url=absolute_page_url(self, request),
            identifier=self.persistent_identifier,
            language=self.language,
            abstract=self.abstract,
        )

    @path("")
    def item(self, request):
        return self.render(request)

    @path("cite/bibtex/")
    def bibtex(self, request):
        response = HttpResponse(to_bibtex(self.citation(request)), content_type="application/x-bibtex; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, f"{self.slug}.bib")
        return response

    @path("cite/ris/")
    def ris(self, request):
        response = HttpResponse(
            to_ris(self.citation(request)), content_type="application/x-research-info-systems; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, f"{self.slug}.ris")
        return response


def public_files(files) -> list:
    """``files`` without those from a private collection: readers would only be asked to sign in."""
    return [file for file in files if not is_private_document(file.document)]


class LibraryAuthor(Orderable):
    """An author of a library item, in citation order."""

    item = ParentalKey(LibraryItemPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("name"), max_length=200, help_text=_("As cited: Family name, Given names."))
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("affiliation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("author")


class LibraryFile(Orderable):
    """A file of a library item (the report itself, annexes, the data)."""

    item = ParentalKey(LibraryItemPage, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("E.g. Full report, Annex, Data (CSV).")
    )

    panels = [FieldPanel("document"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
