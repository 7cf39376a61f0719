"""Core of the hub: home page, standard content page, site settings and the
shared Topic and Organisation snippets every domain app uses.

The core knows nothing of the domain apps; they build on it.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from hub.pages import translated_names as translated_names_module
from hub.pages.blocks import BodyBlock
from hub.pages.forms import HubPageForm


class BasePage(Page):
    """Fields every public page of the hub shares: a share image for social cards."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media (1200×630 works best)."),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("share_image"),
    ]
    base_form_class = HubPageForm
    # The name of the page's own date field (a statement's issue date), where it has one: pages, feeds
    # and search show that date rather than the hub's publication history (``hub.pages.dates``).
    own_date_field: str | None = None

    class Meta:
        abstract = True

    def get_share_description(self) -> str:
        return self.search_description or getattr(self, "introduction", "") or ""

    def get_context(self, request, *args, **kwargs):
        from hub.pages.lookups import prime_page_locale

        # ``page.locale`` (structured data, language attributes) from the layout's query.
        prime_page_locale(request, self)
        return super().get_context(request, *args, **kwargs)

    def route(self, request, path_components):
        """Wagtail's child routing, with the pages on the way fetched in one query.

        ``Page.route`` costs two queries per level (the child, then its specific row): six
        for a statement under a presidency. Here every page below this one on the path
        comes in one query (kept on the request, so a routable page on the way that hands
        the rest of the path back here needs none); only the pages that route differently
        (routable pages, and the last one) are made specific and handed the rest of the
        path, as Wagtail would. The pages passed on the way are the last one's ancestors:
        they are kept for the breadcrumbs and the presidency banner (``hub.pages.lookups``).
        """
        if not path_components:
            return super().route(request, path_components)
        url_paths, url_path = [], self.url_path
        for slug in path_components:
            url_path += f"{slug}/"
            url_paths.append(url_path)
        known = getattr(request, "_hub_route_pages", None) if request is not None else None
        if known is None or not set(url_paths) <= known[0]:
            pages = Page.objects.filter(
                path__startswith=self.path,
                depth__gt=self.depth,
                depth__lte=self.depth + len(path_components),
                url_path__in=url_paths,
            )
            known = (set(url_paths), list(pages), self)
            if request is not None:
                request._hub_route_pages = known
        by_depth = {}
        for page in known[1]:
            if page.path.startswith(self.path) and page.depth > self.depth and page.url_path in url_paths:
                if page.depth in by_depth:  # two siblings with one slug: let Wagtail decide, as before
                    return super().route(request, path_components)
                by_depth[page.depth] = page
        parent = self
        for index_, slug in enumerate(path_components):
            child = by_depth.get(parent.depth + 1)
            if child is None or child.slug != slug or not child.path.startswith(parent.path):
                raise Http404
            child._cached_parent_obj = parent
            remaining = path_components[index_ + 1 :]
            model = child.specific_class
            if not remaining or model is None or model.route not in _DEFAULT_ROUTES:
                # The page served (or a routable page serving one of its routes).
                _remember_ancestors(request, child, known)
                specific = child.specific
                specific._cached_parent_obj = parent  # page.get_parent() then needs no query
                return specific.route(request, remaining)
            parent = child
        raise Http404  # not reached: the last component always returns above


def _remember_ancestors(request, page: Page, known: tuple) -> None:
    """Hand ``hub.pages.lookups.page_ancestors`` the page's ancestors when routing met all of them
    (routing started at a home page, just below the tree's root)."""
    if request is None:
        return
    from hub.pages.lookups import remember_ancestors

    start = known[2]
    if start.depth != 2 or not page.path.startswith(start.path):
        return
    above = sorted(
        (other for other in known[1] if page.path.startswith(other.path) and other.depth < page.depth),
        key=lambda other: other.depth,
    )
    ancestors = [start, *above]
    if [ancestor.depth for ancestor in ancestors] == list(range(2, page.depth)):
        remember_ancestors(request, page, ancestors)


_DEFAULT_ROUTES = {Page.route, BasePage.route}


class SectionIndexPage(BasePage):
    """One of the office's sections under a language's home page (statements, library, fact-checks,
    newsroom, roundtable, presidencies, accounts): a title and an introduction, once per home page.
    Subclasses name their ``subpage_types`` and ``template``."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["hub.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class IndexedRelationsMixin:
    """For pages whose search fields include a parental many-to-many (``index.RelatedFields("topics", …)``).

    The search index is written on ``post_save``, before ``ClusterableModel.save`` stores the
    page's topics: a page published with new topics would be found by the old ones. Index it
    again once they are stored."""

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        if not kwargs.get("update_fields") and getattr(self, "search_auto_update", True):
            index.insert_or_update_object(self)
        return result


class WithdrawableMixin(models.Model):
    """A published item that can be withdrawn with a public reason: it stays at its address with a
    notice, leaves the indexes and feeds, and stays in the API as ``withdrawn``. Nothing is deleted."""

    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False, db_index=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def with_content_json(self, content):
        # Withdrawal is not content: publishing an older revision must not bring the item back.
        page = super().with_content_json(content)
        page.withdrawn_at = self.withdrawn_at
        page.withdrawal_reason = self.withdrawal_reason
        return page


class HomePage(BasePage):
    """The front page of the permanent G20 site, one per language."""

    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("One or two sentences under the site name.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1
    template = "hub/home_page.html"

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(BasePage):
    """A standard page: about, legal notice, explainers, anything with text and media."""

    introduction = models.TextField(_("introduction"), blank=True, help_text=_("A short summary shown in lists."))
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    template = "hub/content_page.html"

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


@register_setting(icon="site")
class HubSettings(BaseGenericSetting):
    """Who publishes the site and how to reach them; shown in the header and footer."""

    organisation_name = models.CharField(_("organisation name"), max_length=200, default="G20 Communication Office")
    organisation_name_translations = models.TextField(
        _("organisation name in other languages"),
        blank=True,
        validators=[translated_names_module.validate],
        help_text=translated_names_module.HELP_TEXT,
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("contact page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("about page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    legal_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("legal notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    @property
    def publisher_name(self) -> str:
        """The publisher's name in the active language where one is given."""
        name, _acronym = translated_names_module.in_reader_language(
            self.organisation_name, "", self.organisation_name_translations
        )
        return name

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation_name"),
                FieldPanel("organisation_name_translations"),
                FieldPanel("contact_email"),
            ],
            heading=_("Publisher"),
        ),
        MultiFieldPanel(
            [FieldPanel("about_page"), FieldPanel("legal_page"), FieldPanel("contact_page")],
            heading=_("Footer links"),
        ),
        FieldPanel("default_share_image"),
    ]

    class Meta:
        verbose_name = _("hub settings")


class TimestampedModel(models.Model):
    """Created and last-updated times, which the API's ?since= filters read."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


@register_snippet
class Topic(TranslatableMixin, index.Indexed, TimestampedModel):
    """A subject the G20 speaks on (e.g. digital economy); tags statements, reports and debunks."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=True, help_text=_("Used in filter URLs."))
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["locale", "slug"], name="unique_topic_slug_per_locale")]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    MEMBER_GOVERNMENT = "member_government", _("G20 member government")
    GUEST_COUNTRY = "guest_country", _("Guest country")
    INTERNATIONAL = "international_organisation", _("International organisation")
    PLATFORM = "platform_company", _("Platform company")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    ACADEMIA = "academia", _("Academia")
    ENGAGEMENT_GROUP = "engagement_group", _("Engagement group")


@register_snippet
class Organisation(index.Indexed, ClusterableModel, TimestampedModel):
    """A government, company or organisation the hub names: feed owners, roundtable members, publishers."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices, db_index=True)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    transparency_register_id = models.CharField(
        _("transparency-register id"),
        max_length=60,
        blank=True,
        help_text=_("For example the EU Transparency Register number, where the organisation has one."),
    )

    translated_names = models.TextField(
        _("names in other languages"),
        blank=True,
        validators=[translated_names_module.validate],
        help_text=translated_names_module.HELP_TEXT,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("translated_names"),
        FieldPanel("kind"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("transparency_register_id"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        """The name (and acronym) in the active language where an officer gave one: readers, and officers
        in the admin, each see their own language's."""
        name, acronym = translated_names_module.in_reader_language(self.name, self.acronym, self.translated_names)
        return f"{name} ({acronym})" if acronym else name


# The review task lives in hub.publishing.review; imported here so Django registers the model.
# The two-person reset of a second factor lives in hub.mfa.reset; imported here so Django registers it.
from hub.mfa.reset import SecondFactorReset  # noqa: E402, F401
from hub.publishing.review import SecondPairOfEyesTask  # noqa: E402, F401
