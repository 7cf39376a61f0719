"""Presidency sections: the index, each presidency built from the blueprint, and its five sections."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from hub.models import BasePage, SectionIndexPage
from hub.pages.dates import item_sort_key
from hub.pages.lookups import exclude_private

from ..blocks import CalendarEventBlock, PriorityBlock
from ..countries import presidency_slug, resolve_country

HOSTNAME_RE = re.compile(r"^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$")


def presidency_title(country_code: str, country_name: str, year: int, language_code: str) -> str:
    """A presidency's page title in a language, with the country named in that language."""
    from django.utils import translation
    from django.utils.translation import gettext
    from django_countries import countries

    with translation.override(language_code):
        name = country_name if language_code == "en" else str(countries.name(country_code) or country_name)
        return gettext("%(country)s %(year)s presidency") % {"country": name, "year": year}


def default_term(year: int) -> tuple[datetime.date, datetime.date]:
    """A presidency runs from 1 December of the previous year to 30 November."""
    return datetime.date(year - 1, 12, 1), datetime.date(year, 11, 30)


class PresidencyIndexPage(SectionIndexPage):
    """The list of every G20 presidency, past, current and next, at /<lang>/presidencies/."""

    subpage_types = ["presidencies.PresidencyPage"]
    template = "presidencies/presidency_index_page.html"

    class Meta:
        verbose_name = _("presidencies index")

    def get_context(self, request, *args, **kwargs):
        from ..troika import compute_troika

        context = super().get_context(request, *args, **kwargs)
        presidencies = list(
            exclude_private(PresidencyPage.objects.child_of(self).live()).select_related("logo").order_by("-year")
        )
        context["presidencies"] = presidencies
        context["troika"] = compute_troika(presidencies)
        return context


class PresidencyPage(BasePage):
    """One year's presidency: its own section, built from the blueprint, archived at handover."""

    country = CountryField(_("country"), help_text=_("ISO 3166 code of the presidency's country."))
    country_name = models.CharField(
        _("country short name"),
        max_length=100,
        blank=True,
        help_text=_("As the G20 writes it (e.g. Republic of Korea). Filled from the country when empty."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1999), MaxValueValidator(2200)], db_index=True
    )
    start_date = models.DateField(
        _("start date"), blank=True, help_text=_("Defaults to 1 December of the year before.")
    )
    end_date = models.DateField(_("end date"), blank=True, help_text=_("Defaults to 30 November."))
    theme = models.CharField(_("theme"), max_length=255, blank=True)
    leaders_summit = models.CharField(_("leaders' summit"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hostname = models.CharField(
        _("own hostname"),
        max_length=253,
        blank=True,
        help_text=_("Optional, e.g. g20-2026.example.org: the section is then also served as its own site."),
    )
    is_archived = models.BooleanField(
        _("archived"), default=False, editable=False, help_text=_("Set by the handover; pages become read-only.")
    )
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, editable=False)
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        verbose_name=_("media collection"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("country"), FieldPanel("country_name")]),
                FieldRowPanel([FieldPanel("year"), FieldPanel("start_date"), FieldPanel("end_date")]),
            ],
            heading=_("Presidency"),
        ),
        FieldPanel("theme"),
        FieldPanel("leaders_summit"),
        FieldPanel("logo"),
        FieldPanel("hostname"),
    ]
    # The slug is derived from year and country, never edited by hand.
    promote_panels = [panel for panel in BasePage.promote_panels if getattr(panel, "field_name", None) != "slug"]
    search_fields = [*Page.search_fields, index.SearchField("theme"), index.SearchField("country_name")]
    # Facts, not text: the same in every language (wagtail-localize keeps them in step).
    override_translatable_fields = [
        SynchronizedField("country"),
        SynchronizedField("country_name"),
        SynchronizedField("year"),
        SynchronizedField("start_date"),
        SynchronizedField("end_date"),
        SynchronizedField("logo"),
        SynchronizedField("hostname"),
        SynchronizedField("slug"),
    ]

    parent_page_types = ["presidencies.PresidencyIndexPage"]
    subpage_types = [
        "presidencies.PrioritiesPage",
        "presidencies.CalendarPage",
        "presidencies.PresidencyStatementsPage",
        "presidencies.PresidencyDocumentsPage",
        "presidencies.PresidencyAccountsPage",
        "hub.ContentPage",
    ]
    template = "presidencies/presidency_page.html"

    class Meta:
        verbose_name = _("presidency")
        verbose_name_plural = _("presidencies")
        permissions = [("run_handover", _("Can run the presidency handover"))]

    def __str__(self) -> str:
        return f"{self.year} {self.country_name}"

    @property
    def label(self) -> str:
        """The G20's own short English name and the year: for the API, the admin and site names."""
        return f"{self.country_name} {self.year}"

    @property
    def display_label(self) -> str:
        """What a reader sees: the country in the reader's language and the year ("Royaume-Uni 2027")."""
        return f"{self.display_country_name} {self.year}"

    @property
    def display_country_name(self) -> str:
        """The country named in the visitor's language (the G20's own short name in English)."""
        from django.utils import translation

        if (translation.get_language() or "en").startswith("en"):
            return self.country_name
        return str(self.country.name) or self.country_name

    def clean(self):
        if self.country and not self.country_name:
            self.country_name = resolve_country(str(self.country))[1]
        if self.year:
            start, end = default_term(self.year)
            self.start_date = self.start_date or start
            self.end_date = self.end_date or end
            if self.country_name:
                self.slug = presidency_slug(self.year, self.country_name)
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})
        if self.hostname:
            self.hostname = self.hostname.strip().lower().rstrip(".")
            if not HOSTNAME_RE.match(self.hostname):
                raise ValidationError({"hostname": _("Enter a host name such as g20-2026.example.org.")})
            taken = PresidencyPage.objects.filter(hostname=self.hostname).exclude(translation_key=self.translation_key)
            other_site = Site.objects.filter(hostname=self.hostname).exclude(
                root_page__translation_key=self.translation_key
            )
            if taken.exists() or other_site.exists():
                raise ValidationError({"hostname": _("This host name is already used by another site.")})
        if self.year:
            clash = PresidencyPage.objects.filter(year=self.year, locale_id=self.locale_id).exclude(pk=self.pk)
            if self.translation_key:
                clash = clash.exclude(translation_key=self.translation_key)
            if clash.exists():
                raise ValidationError({"year": _("There is already a presidency for this year.")})

    def full_clean(self, *args, **kwargs):
        # Derive slug and dates before Wagtail validates the slug's uniqueness.
        if self.year and self.country_name:
            self.slug = presidency_slug(self.year, self.country_name)
        if self.year and (not self.start_date or not self.end_date):
            start, end = default_term(self.year)
            self.start_date = self.start_date or start
            self.end_date = self.end_date or end
        super().full_clean(*args, **kwargs)

    def with_content_json(self, content):
        # Archiving is not content: an older revision published later must not un-archive the section.
        page = super().with_content_json(content)
        page.is_archived = self.is_archived
        page.archived_at = self.archived_at
        page.collection_id = self.collection_id
        return page

    def get_context(self, request, *args, **kwargs):
        from hub.pages.lookups import introductions, public_live_children

        from ..troika import presidencies_for_request, troika_for_request

        context = super().get_context(request, *args, **kwargs)
        context["troika"] = troika_for_request(request, self.locale_id)
        # The logo came with the request's presidencies: no query of its own for the header.
        for presidency in presidencies_for_request(request, self.locale_id):
            if presidency.pk == self.pk and presidency.logo_id == self.logo_id and self.logo_id:
                self.logo = presidency.logo
        # Cards need only title, address and introduction: one query for the introductions, not one per type.
        sections = public_live_children(self, request)
        found = introductions(sections)
        context["sections"] = [(section, found.get(section.pk, "")) for section in sections]
        return context


class PresidencySectionPage(BasePage):
    """Shared shape of the five blueprint pages under each presidency."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    parent_page_types = ["presidencies.PresidencyPage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    @cached_property
    def presidency(self) -> "PresidencyPage":
        return PresidencyPage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        from django.db.models import Q

        from hub.listings.languages import in_language

        context = super().get_context(request, *args, **kwargs)
        # The section's items in this language where translated, else in their original (marked).
        here = Q()
        for section in Page.objects.filter(translation_key=self.translation_key).values("path", "depth"):
            here |= Q(path__startswith=section["path"], depth=section["depth"] + 1)
        children = in_language(exclude_private(Page.objects.live().filter(here)), self.locale)
        children = children.specific().order_by("-first_published_at")
        # Withdrawn items stay at their address but leave every listing.
        shown = [child for child in children if not getattr(child, "is_withdrawn", False)]
        # Newest first by the item's own date (a statement of 2024 added to the hub later sorts as 2024).
        context["children"] = sorted(shown, key=item_sort_key, reverse=True)
        return context


class PrioritiesPage(PresidencySectionPage):
    """The presidency's priorities."""

    priorities = StreamField([("priority", PriorityBlock())], verbose_name=_("priorities"), blank=True)

    content_panels = [*PresidencySectionPage.content_panels, FieldPanel("priorities")]
    search_fields = [*PresidencySectionPage.search_fields, index.SearchField("priorities")]
    subpage_types = ["hub.ContentPage"]
    template = "presidencies/priorities_page.html"

    class Meta:
        verbose_name = _("priorities")
        verbose_name_plural = _("priorities pages")


class CalendarPage(PresidencySectionPage):
    """The presidency's meetings and summits."""

    events = StreamField([("event", CalendarEventBlock())], verbose_name=_("events"), blank=True)

    content_panels = [*PresidencySectionPage.content_panels, FieldPanel("events")]
    subpage_types = []
    template = "presidencies/calendar_page.html"

    class Meta:
        verbose_name = _("calendar")
        verbose_name_plural = _("calendar pages")

    def sorted_events(self) -> list:
        return sorted(self.events, key=lambda block: block.value["start"])


class PresidencyStatementsPage(PresidencySectionPage):
    """Where the presidency's statements live (statements are added as child pages)."""

    subpage_types = ["statements.StatementPage"]
    template = "presidencies/presidency_section_page.html"

    class Meta:
        verbose_name = _("presidency statements")
        verbose_name_plural = _("presidency statements pages")


class PresidencyDocumentsPage(PresidencySectionPage):
    """Where the presidency's reports and documents live (added as child pages)."""

    subpage_types = ["library.LibraryItemPage"]
    template = "presidencies/presidency_section_page.html"

    class Meta:
        verbose_name = _("presidency documents")
        verbose_name_plural = _("presidency documents pages")


class PresidencyAccountsPage(PresidencySectionPage):
    """The presidency's official social-media accounts, from the registry."""

    subpage_types = []
    template = "presidencies/presidency_accounts_page.html"

    class Meta:
        verbose_name = _("presidency accounts")
        verbose_name_plural = _("presidency accounts pages")

    def get_context(self, request, *args, **kwargs):
        from .accounts import OfficialAccount

        context = super().get_context(request, *args, **kwargs)
        presidency = self.presidency
        context["accounts"] = (
            OfficialAccount.objects.for_presidency(presidency).order_by("status", "platform", "handle")
            if presidency
            else OfficialAccount.objects.none()
        )
        return context
