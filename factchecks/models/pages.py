"""The fact-check database: its index at /<lang>/fact-checks/ and one DebunkPage per case."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from hub.listings.languages import in_language
from hub.listings.syndication import FeedEntry, SyndicatedListingMixin, tag_uri
from hub.models import BasePage, SectionIndexPage, WithdrawableMixin
from hub.pages.addresses import permanent_page_url
from hub.pages.dates import feed_dates
from hub.pages.fulltext import base_url_of, full_texts
from hub.pages.lookups import exclude_private

from ..forms import DebunkPageForm
from ..languages import language_name, split_codes
from ..verdicts import RATING_VALUES, Verdict
from .case_ids import is_provisional_slug, next_case_id

# Search engines show a ClaimReview's claim in full only under 75 characters.
CLAIM_MAX_LENGTH = 74
DISPROOF_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote"]


class FactCheckIndexPage(SyndicatedListingMixin, SectionIndexPage):
    """The permanent office's fact-checks section: the searchable database of every debunk at
    /<lang>/fact-checks/, with its feeds at rss/, atom/ and json/ (same filters)."""

    methodology = RichTextField(
        _("how we work"),
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text=_("How cases are chosen and checked; shown above the verdict scale."),
    )

    content_panels = [*SectionIndexPage.content_panels, FieldPanel("methodology")]
    subpage_types = ["factchecks.DebunkPage"]
    template = "factchecks/fact_check_index_page.html"

    class Meta:
        verbose_name = _("fact-check database")

    @property
    def listing_filter_class(self):
        from ..filters import FactCheckFilter

        return FactCheckFilter

    def listing_queryset(self):
        """Every live, public debunk, in this language where translated (else its original), newest first;
        withdrawn ones leave the listing."""
        return readable_debunks(self.locale).prefetch_related("keywords")

    def build_listing(self, request):
        from ..filters import build_fact_check_listing

        return build_fact_check_listing(request.GET, self.listing_queryset())

    def listing_context(self, request, listing) -> dict:
        from ..verdicts import scale, top_of_scale

        return {"verdict_scale": scale(), "verdict_scale_top": top_of_scale()}

    def feed_entries(self, items, request) -> list[FeedEntry]:
        from ..fulltext import debunk_full_text_source

        codes = dict(Locale.objects.values_list("pk", "language_code"))
        # Each debunk's text is headed in its own language (an untranslated original keeps its language).
        sources = [
            debunk_full_text_source(item, codes.get(item.locale_id, self.locale.language_code)) for item in items
        ]
        bodies = full_texts(sources, base_url_of(request), request)
        return [
            FeedEntry(
                title=f"{item.case_id}: {item.title}",
                url=permanent_page_url(item, request),
                summary=f"{item.get_verdict_display()}: {item.claim}. {item.rating_explanation}",
                **feed_dates(item, fallback=item.first_seen),
                unique_id=tag_uri("debunk", item.case_id, item.locale_id),
                categories=[item.get_verdict_display(), *(tag.name for tag in item.keywords.all())],
                author="G20",
                language=codes.get(item.locale_id, ""),  # an untranslated original keeps its language
                content_html=body,
            )
            for item, body in zip(items, bodies, strict=True)
        ]


class DebunkTag(TaggedItemBase):
    content_object = ParentalKey("factchecks.DebunkPage", on_delete=models.CASCADE, related_name="tagged_items")


class ClaimAuthorType(models.TextChoices):
    ORGANIZATION = "Organization", _("Organisation")
    PERSON = "Person", _("Person")


def readable_debunks(locale):
    """What a reader of ``locale`` may see, newest first: every live, public debunk, in that language where
    translated (else its original), withdrawn ones left out. The index and the home page share it."""
    queryset = exclude_private(DebunkPage.objects.live()).filter(withdrawn_at__isnull=True)
    return in_language(queryset, locale).order_by("-first_published_at", "-pk")


class DebunkPage(RoutablePageMixin, WithdrawableMixin, BasePage):
    """One debunked claim: what circulates, where it appeared, why it is wrong, with sources.

    The case id (G20-DB-<year>-<number>) is issued when the debunk is first saved complete (never by
    an autosave of an unfinished draft), shared by its translations, never reused, and is the page's
    address (slug) in every language."""

    case_id = models.CharField(_("case id"), max_length=32, blank=True, db_index=True)
    claim = models.CharField(
        _("claim"),
        max_length=CLAIM_MAX_LENGTH,
        validators=[MaxLengthValidator(CLAIM_MAX_LENGTH)],
        help_text=_("The claim as it circulates, in under 75 characters (search engines show it in full)."),
    )
    claim_summary = models.TextField(_("summary of the claim"), help_text=_("The claim in more detail, neutrally."))
    disproof = RichTextField(
        _("disproof"),
        features=DISPROOF_FEATURES,
        help_text=_("Why the claim is wrong. Link every piece of evidence and list it below."),
    )
    verdict = models.CharField(_("verdict"), max_length=30, choices=Verdict.choices, db_index=True)
    rating_explanation = models.CharField(
        _("rating explanation"), max_length=280, help_text=_("One sentence: why this verdict.")
    )
    first_seen = models.DateField(_("first seen"), db_index=True, help_text=_("When the claim was first seen."))
    countries = CountryField(_("countries targeted"), multiple=True, blank=True)
    languages = models.CharField(
        _("languages of the claim"), max_length=300, blank=True, help_text=_("ISO 639-1 codes, e.g. en,ru.")
    )
    keywords = ClusterTaggableManager(verbose_name=_("keywords"), through=DebunkTag, blank=True)
    claim_author = models.CharField(
        _("who made the claim"), max_length=200, blank=True, help_text=_("Only where known and documented.")
    )
    claim_author_type = models.CharField(
        _("claim author is"), max_length=20, choices=ClaimAuthorType.choices, default=ClaimAuthorType.ORGANIZATION
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("case_id", read_only=True),
        MultiFieldPanel(
            [
                FieldPanel("claim"),
                FieldPanel("claim_summary"),
                FieldRowPanel([FieldPanel("first_seen"), FieldPanel("claim_author"), FieldPanel("claim_author_type")]),
                FieldPanel("countries"),
                FieldPanel("languages"),
                FieldPanel("keywords"),
            ],
            heading=_("The claim"),
        ),
        MultiFieldPanel(
            [FieldPanel("verdict"), FieldPanel("rating_explanation"), FieldPanel("disproof")],
            heading=_("Verdict and disproof"),
        ),
        InlinePanel("evidence", label=_("source of evidence"), heading=_("Evidence cited")),
        InlinePanel("appearances", label=_("claim appearance"), heading=_("Claim appearances")),
        InlinePanel("related_debunk_links", label=_("related debunk"), heading=_("Related debunks")),
        InlinePanel("related_statement_links", label=_("related statement"), heading=_("Related statements")),
        InlinePanel("corrections", label=_("correction"), heading=_("Corrections log")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("case_id"),
        index.SearchField("claim"),
        index.SearchField("claim_summary"),
        index.SearchField("disproof"),
        index.SearchField("rating_explanation"),
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("verdict"),
        index.FilterField("first_seen"),
    ]
    parent_page_types = ["factchecks.FactCheckIndexPage"]
    subpage_types = []
    template = "factchecks/debunk_page.html"
    base_form_class = DebunkPageForm
    # A copy gets its own case id (translations take their original's, in save()).
    exclude_fields_in_copy = ["case_id"]

    class Meta:
        verbose_name = _("debunk")
        verbose_name_plural = _("debunks")

    def clean(self):
        super().clean()
        # The locale lives on the Page table, so a database constraint cannot cover (case id, locale).
        taken = DebunkPage.objects.filter(case_id=self.case_id, locale_id=self.locale_id).exclude(pk=self.pk)
        if self.case_id and taken.exists():
            raise ValidationError({"case_id": _("Another debunk in this language already has this case id.")})

    def save(self, *args, **kwargs):
        if not self.case_id:
            # A translation takes its original's id. A new case is numbered once it is complete, so an
            # autosave or an unfinished draft never uses up a number.
            self.case_id = self._original_case_id() or (next_case_id() if self.is_complete else "")
        changed = ["case_id"] if self.case_id != self._stored_case_id else []
        if self.case_id and is_provisional_slug(self.slug):
            # One rule for addresses: a debunk created in the admin lives at its case id.
            self.slug = self.case_id.lower()
            changed.append("slug")
        if kwargs.get("update_fields") is not None and changed:
            # A draft saved through save_revision() keeps the id it was just given.
            kwargs["update_fields"] = [*kwargs["update_fields"], *changed]
        super().save(*args, **kwargs)
        self._stored_case_id = self.case_id

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._stored_case_id = page.__dict__.get("case_id", "")
        return page

    def with_content_json(self, content):
        """A revision written before the case id was issued still opens (and publishes) with it."""
        page = super().with_content_json(content)
        if self.case_id:
            page.case_id = self.case_id
            if is_provisional_slug(page.slug):
                page.slug = self.slug
        return page

    _stored_case_id = ""

    @property
    def is_complete(self) -> bool:
        """Every field a published debunk needs is filled in (a draft may be saved before)."""
        required = ("title", "claim", "claim_summary", "disproof", "verdict", "rating_explanation", "first_seen")
        return all(getattr(self, name) for name in required)

    def _original_case_id(self) -> str:
        if not self.translation_key:
            return ""
        siblings = DebunkPage.objects.filter(translation_key=self.translation_key).exclude(case_id="")
        if self.pk:
            siblings = siblings.exclude(pk=self.pk)
        return siblings.values_list("case_id", flat=True).first() or ""

    # Shown to readers and used by ClaimReview.
    @property
    def rating_value(self) -> int:
        return RATING_VALUES[Verdict(self.verdict)]

    @property
    def language_list(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.language_list]

    @cached_property
    def correction_list(self) -> list[DebunkCorrection]:
        return sorted(self.corrections.all(), key=lambda correction: (correction.date, correction.pk or 0))

    @property
    def last_correction(self) -> DebunkCorrection | None:
        corrections = self.correction_list
        return corrections[-1] if corrections else None

    @cached_property
    def appearances_with_outlets(self) -> list[ClaimAppearance]:
        """Appearances in date order, outlets included, in one query (or none when prefetched)."""
        if "appearances" in getattr(self, "_prefetched_objects_cache", {}):
            appearances = list(self.appearances.all())
        else:
            appearances = list(self.appearances.select_related("outlet"))
        undated = datetime.date.max
        return sorted(appearances, key=lambda a: (a.appeared_on or undated, *editor_order(a)))

    def appearance_list(self) -> list[ClaimAppearance]:
        return self.appearances_with_outlets

    def get_share_description(self) -> str:
        return self.search_description or f"{self.get_verdict_display()}: {self.claim}"

    @cached_property
    def _related(self) -> tuple[list[DebunkPage], list[Page]]:
        debunks = _linked_pages(self, "related_debunk_links")
        statements = _linked_pages(self, "related_statement_links")
        return _localised_live_groups([debunks, statements], self.locale_id)

    def related_debunks(self) -> list[DebunkPage]:
        """Live related debunks, in this page's language where translated, in editor order."""
        return self._related[0]

    def related_statements(self) -> list[Page]:
        return self._related[1]

    @path("request-review/")
    def request_review(self, request):
        from ..views import request_review

        return request_review(request, self)

    @path("request-review/sent/")
    def request_review_sent(self, request):
        from ..views import request_review_sent

        return request_review_sent(request, self)


def editor_order(item: Orderable) -> tuple:
    """The order editors gave inline items; items saved without one keep their creation order."""
    return (item.sort_order is None, item.sort_order or 0, item.pk or 0)


def _linked_pages(page: DebunkPage, relation: str) -> list[Page]:
    links = getattr(page, relation)
    if relation not in getattr(page, "_prefetched_objects_cache", {}):
        links = links.select_related("page")
    return [link.page for link in sorted(links.all(), key=editor_order)]


def _localised_live(pages: list[Page], locale_id: int) -> list[Page]:
    """``pages`` in the given locale where a live, public translation exists, else as they are if
    live and public; drafts and private pages are dropped. One query."""
    return _localised_live_groups([pages], locale_id)[0]


def _localised_live_groups(groups: list[list[Page]], locale_id: int) -> tuple[list[Page], ...]:
    """``_localised_live`` for several lists at once, in one query: which translations are live and
    public. The linked pages came specific with their links; only a translation in another
    language than the one linked is fetched (one more query, when there is one)."""
    pages = [page for group in groups for page in group]
    if not pages:
        return tuple([] for _ in groups)
    keys = {page.translation_key for page in pages}
    rows = exclude_private(Page.objects.live()).filter(translation_key__in=keys)
    visible = {(key, locale): pk for pk, key, locale in rows.values_list("pk", "translation_key", "locale_id")}
    chosen = []
    for group in groups:
        pks = []
        for page in group:
            pk = visible.get((page.translation_key, locale_id)) or visible.get((page.translation_key, page.locale_id))
            if pk is not None and pk not in pks:
                pks.append(pk)
        chosen.append(pks)
    known = {page.pk: page for page in pages}
    missing = {pk for pks in chosen for pk in pks if pk not in known}
    if missing:
        known.update({page.pk: page for page in Page.objects.filter(pk__in=missing).specific()})
    return tuple([known[pk] for pk in pks if pk in known] for pks in chosen)


class ClaimAppearance(Orderable):
    """One place the claim appeared: the original address, an archived copy, the outlet and platform."""

    debunk = ParentalKey(DebunkPage, on_delete=models.CASCADE, related_name="appearances")
    url = models.URLField(_("address"), max_length=1000)
    archive_url = models.URLField(
        _("archived copy"),
        max_length=1000,
        blank=True,
        help_text=_("For example a Wayback Machine or archive.today copy."),
    )
    outlet = models.ForeignKey(
        "factchecks.Outlet",
        verbose_name=_("outlet where the claim appeared"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appearances",
    )
    platform = models.CharField(
        _("platform"), max_length=60, blank=True, help_text=_("For example: website, Telegram, X, TikTok, YouTube.")
    )
    appeared_on = models.DateField(_("date"), null=True, blank=True)

    panels = [
        FieldPanel("url"),
        FieldPanel("archive_url"),
        FieldRowPanel([FieldPanel("outlet"), FieldPanel("platform"), FieldPanel("appeared_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("claim appearance")
        verbose_name_plural = _("claim appearances")


class DebunkEvidence(Orderable):
    """A source the disproof relies on, listed under it with its title."""

    debunk = ParentalKey(DebunkPage, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=1000)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("url"), FieldPanel("publisher")])]

    class Meta(Orderable.Meta):
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")


class DebunkCorrection(Orderable):
    """A dated entry of the public corrections log: what changed and why."""

    debunk = ParentalKey(DebunkPage, on_delete=models.CASCADE, related_name="corrections")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what was corrected, and why"), max_length=2000)

    panels = [FieldPanel("date"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")


class DebunkRelatedDebunk(Orderable):
    debunk = ParentalKey(DebunkPage, on_delete=models.CASCADE, related_name="related_debunk_links")
    page = models.ForeignKey(DebunkPage, verbose_name=_("debunk"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", ["factchecks.DebunkPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("related debunk")


class DebunkRelatedStatement(Orderable):
    debunk = ParentalKey(DebunkPage, on_delete=models.CASCADE, related_name="related_statement_links")
    page = models.ForeignKey(
        "statements.StatementPage", verbose_name=_("statement"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [PageChooserPanel("page", ["statements.StatementPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("related statement")
