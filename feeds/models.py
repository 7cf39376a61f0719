"""Partner feeds the hub polls (Source) and what they publish (FeedItem)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from hub.listings.syndication import FeedEntry, SyndicatedListingMixin
from hub.models import SectionIndexPage, TimestampedModel


class SourceKind(models.TextChoices):
    INSTITUTION = "institution", _("Institution")
    FACT_CHECKER = "fact_checker", _("Fact-checker")
    RESEARCH = "research", _("Research observatory")
    GOVERNMENT = "government", _("Government")
    ENGAGEMENT_GROUP = "engagement_group", _("Engagement group")


class Source(index.Indexed, TimestampedModel):
    """A partner's RSS or Atom feed. The hub polls it between the interval bounds, backing off when
    it fails; its health fields say how the last polls went."""

    name = models.CharField(_("name"), max_length=200)
    feed_url = models.URLField(_("feed address"), max_length=2000, unique=True)
    site_url = models.URLField(_("website"), max_length=2000, blank=True)
    organisation = models.ForeignKey(
        "hub.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_sources",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=SourceKind.choices, default=SourceKind.INSTITUTION)
    country = CountryField(_("country"), blank=True)
    default_language = models.CharField(
        _("default language"), max_length=10, blank=True, help_text=_("For items that do not say, e.g. en.")
    )
    active = models.BooleanField(_("active"), default=True, db_index=True)
    min_interval = models.PositiveIntegerField(
        _("shortest polling interval (seconds)"), default=15 * 60, help_text=_("How often to poll when all is well.")
    )
    max_interval = models.PositiveIntegerField(
        _("longest polling interval (seconds)"), default=24 * 60 * 60, help_text=_("The back-off never waits longer.")
    )

    # Health, written by polling.
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_status = models.PositiveSmallIntegerField(_("last HTTP status"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, db_index=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    etag = models.CharField(_("ETag"), max_length=500, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)

    panels = [
        FieldPanel("name"),
        FieldPanel("feed_url"),
        FieldPanel("site_url"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("country"), FieldPanel("default_language")]),
        MultiFieldPanel(
            [FieldPanel("active"), FieldRowPanel([FieldPanel("min_interval"), FieldPanel("max_interval")])],
            heading=_("Polling"),
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("feed source")
        verbose_name_plural = _("feed sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(min_interval__gte=60), name="feed_source_min_interval_at_least_60s"),
            models.CheckConstraint(
                condition=Q(max_interval__gte=models.F("min_interval")), name="feed_source_max_not_below_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        from .fetching import FetchPolicy, RefusedURL, check_url, system_resolver

        if self.feed_url:
            try:
                check_url(self.feed_url, FetchPolicy.from_settings(), system_resolver)
            except RefusedURL as error:
                raise ValidationError({"feed_url": error.message}) from None
            except Exception:  # noqa: BLE001, S110 - a name that does not resolve today may tomorrow: polling reports it
                pass
        if self.min_interval is not None and self.min_interval < 60:
            raise ValidationError({"min_interval": _("Poll at most once a minute.")})
        if self.max_interval is not None and self.min_interval is not None and self.max_interval < self.min_interval:
            raise ValidationError({"max_interval": _("The longest interval cannot be shorter than the shortest.")})


class FeedItemQuerySet(models.QuerySet):
    def shown(self) -> FeedItemQuerySet:
        """What the newsroom, its feeds and the API show: each item once (duplicates of another source's
        item left out), hidden ones left out, newest first."""
        return self.filter(hidden=False, duplicate_of__isnull=True).order_by("-published_at", "-id")


class FeedItem(index.Indexed, models.Model):
    """One entry of a partner feed, cleaned. Its first-seen time never changes; an item another source
    published first (same normalised link) is kept as a duplicate of it and not shown twice."""

    source = models.ForeignKey(Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(_("GUID"), max_length=500, blank=True)
    link = models.URLField(_("link"), max_length=2000, blank=True)
    normalised_link = models.CharField(_("normalised link"), max_length=2000, blank=True, db_index=True)
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=500, blank=True)
    summary = models.TextField(_("summary (cleaned HTML)"), blank=True)
    content = models.TextField(_("content (cleaned HTML)"), blank=True)
    author = models.CharField(_("author"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    enclosures = models.JSONField(_("enclosures"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), db_index=True)
    source_updated_at = models.DateTimeField(_("updated at the source"), null=True, blank=True)
    first_seen_at = models.DateTimeField(_("first seen"), editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    topics = models.ManyToManyField(
        "hub.Topic", verbose_name=_("topics"), blank=True, related_name="feed_items", help_text=_("Matched at ingest.")
    )
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Hidden items leave the newsroom and feeds."))
    featured = models.BooleanField(_("featured"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = FeedItemQuerySet.as_manager()

    search_fields = [
        index.SearchField("title"),
        index.SearchField("summary"),
        index.SearchField("content"),
        index.FilterField("hidden"),
    ]

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "guid"], condition=~Q(guid=""), name="feed_item_unique_guid_per_source"
            ),
        ]
        indexes = [models.Index(fields=["source", "normalised_link"]), models.Index(fields=["source", "content_hash"])]

    def __str__(self) -> str:
        return self.title or self.link or self.guid

    @property
    def public_title(self) -> str:
        """The title the newsroom shows and re-publishes, never empty (``feeds.syndication``)."""
        from .syndication import public_title

        return public_title(self)[0]

    @property
    def public_title_language(self) -> str:
        """The language of ``public_title``: the item's, unless it is the translated "Untitled item"."""
        from .syndication import public_title

        return self.language if public_title(self)[1] else ""

    @property
    def public_link(self) -> str:
        """The item's link, only when it is an absolute http(s) address."""
        from .syndication import public_link

        return public_link(self)


class NewsroomPage(SyndicatedListingMixin, SectionIndexPage):
    """The newsroom at /<lang>/newsroom/: what partner feeds published, newest first, with the
    filters and feeds (rss/, atom/, json/) of every listing. ``?include=hub`` adds the hub's own
    statements and debunks to the feeds."""

    subpage_types = []
    template = "feeds/newsroom_page.html"

    class Meta:
        verbose_name = _("newsroom")

    @property
    def listing_filter_class(self):
        from .filters import NewsroomFeedFilter

        return NewsroomFeedFilter

    @property
    def page_filter_class(self):
        """The page filters without ``?include=``, which only the feeds take."""
        from .filters import NewsroomFilter

        return NewsroomFilter

    def listing_queryset(self):
        """Items shown once (duplicates and hidden ones left out), newest first."""
        return FeedItem.objects.shown().select_related("source", "source__organisation")

    def featured_items(self, request) -> list[FeedItem]:
        """The featured items (at most three), set apart above the unfiltered list and left out of it
        on every page, so that none is shown twice. With a filter they take their place in the list."""
        if [key for key in request.GET if key != "page"]:
            return []
        memo = getattr(request, "_newsroom_featured", None)
        if memo is None or memo[0] != self.pk:
            memo = (self.pk, list(self.listing_queryset().filter(featured=True)[:3]))
            request._newsroom_featured = memo
        return memo[1]

    def build_listing(self, request):
        from hub.listings.indexes import build_listing

        queryset = self.listing_queryset().exclude(pk__in=[item.pk for item in self.featured_items(request)])
        return build_listing(self.page_filter_class, request.GET, queryset, request=request)

    def listing_context(self, request, listing) -> dict:
        featured = self.featured_items(request)
        total = listing.page.paginator.count + len(featured)
        return {"featured": featured if listing.page.number == 1 else [], "newsroom_total": total}

    def feed_entries(self, items, request) -> list[FeedEntry]:
        from .syndication import item_entries

        return item_entries(items)

    def extra_feed_entries(self, request) -> list[FeedEntry]:
        if request.GET.get("include") != "hub":
            return []
        from .syndication import hub_entries

        return hub_entries(self.locale, request)
