"""Outlets: where claims appeared. Naming one records where a claim was seen, not a verdict on it."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from hub.models import TimestampedModel


class OutletKind(models.TextChoices):
    NEWS_SITE = "news_site", _("News website")
    BROADCASTER = "broadcaster", _("Broadcaster")
    SOCIAL_ACCOUNT = "social_account", _("Social-media account")
    VIDEO_CHANNEL = "video_channel", _("Video channel")
    MESSAGING_CHANNEL = "messaging_channel", _("Messaging channel")
    BLOG = "blog", _("Blog or personal site")
    OTHER = "other", _("Other")


@register_snippet
class Outlet(index.Indexed, TimestampedModel):
    """A website, channel or account where a debunked claim appeared. Shown publicly as an
    "outlet where the claim appeared": a record of where it was seen, not a judgement of the outlet."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, allow_unicode=True, blank=True, help_text=_("Used in filter URLs.")
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OutletKind.choices, default=OutletKind.OTHER)
    state_affiliation_note = models.TextField(
        _("state-affiliation note"),
        blank=True,
        help_text=_(
            "Facts only, with a source: for example who owns or funds the outlet, or how a platform labels it."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("url"),
        FieldPanel("country"),
        FieldPanel("kind"),
        FieldPanel("state_affiliation_note"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("kind")]

    class Meta:
        verbose_name = _("outlet where the claim appeared")
        verbose_name_plural = _("outlets where claims appeared")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_outlet_slug(self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


def unique_outlet_slug(name: str, exclude_pk=None) -> str:
    base = slugify(name, allow_unicode=True)[:180] or "outlet"
    slug, number = base, 1
    while Outlet.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
