"""The official-accounts registry: accounts that speak for the office or a presidency, and its public page."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Locale
from wagtail.search import index

from hub.models import SectionIndexPage, TimestampedModel

from .pages import PresidencyPage


class OfficialAccountsPage(RoutablePageMixin, SectionIndexPage):
    """The public registry of official accounts at /<lang>/accounts/: current first, archived by presidency;
    and at /<lang>/accounts/verify/ the "is this account official?" form."""

    subpage_types = []
    template = "presidencies/official_accounts_page.html"

    class Meta:
        verbose_name = _("official accounts registry")

    def registry_context(self) -> dict:
        accounts = list(OfficialAccount.objects.select_related("owner").order_by("platform", "handle"))
        past = [a for a in accounts if a.status != AccountStatus.ACTIVE]
        groups: dict = {}
        for account in sorted(past, key=lambda a: -(a.owner.year if a.owner else 0)):
            groups.setdefault(account.owner_label, []).append(account)
        return {
            "current_accounts": [a for a in accounts if a.status == AccountStatus.ACTIVE],
            "archived_groups": list(groups.items()),
        }

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request, context_overrides=self.registry_context())

    @path("verify/", name="verify")
    def verify(self, request):
        from ..verify_page import serve_verify_page

        return serve_verify_page(self, request)


class Platform(models.TextChoices):
    X = "x", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    YOUTUBE = "youtube", "YouTube"
    LINKEDIN = "linkedin", "LinkedIn"
    THREADS = "threads", "Threads"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    TIKTOK = "tiktok", "TikTok"
    TELEGRAM = "telegram", "Telegram"
    WHATSAPP = "whatsapp", "WhatsApp"
    WEIBO = "weibo", "Weibo"
    WEBSITE = "website", _("Website")


PLATFORM_ALIASES = {"twitter": Platform.X}


class AccountStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")
    RETIRED = "retired", _("Retired")


class OfficialAccountQuerySet(models.QuerySet):
    def for_presidency(self, presidency: PresidencyPage):
        # Accounts point at the presidency in its source language; any translation finds them.
        return self.filter(owner__translation_key=presidency.translation_key)

    def of_office(self):
        return self.filter(owner__isnull=True)


class OfficialAccount(index.Indexed, ClusterableModel, TimestampedModel):
    """A social-media account or website that speaks for the G20 office or one presidency."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices, db_index=True)
    handle = models.CharField(
        _("handle"), max_length=200, help_text=_("As shown on the platform, e.g. @g20org or @g20@mastodon.social.")
    )
    url = models.URLField(_("URL"), max_length=500, help_text=_("The account's canonical address."))
    alias_urls = models.TextField(
        _("alias URLs"),
        blank=True,
        help_text=_("Other addresses of the same account, one per line (e.g. a YouTube channel id URL)."),
    )
    owner = models.ForeignKey(
        PresidencyPage,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="official_accounts",
        help_text=_("Empty for the permanent G20 communication office."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AccountStatus.choices, default=AccountStatus.ACTIVE, db_index=True
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)

    objects = OfficialAccountQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("platform"), FieldPanel("handle")]),
        FieldPanel("url"),
        FieldPanel("alias_urls"),
        FieldPanel("owner"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("verified_on")]),
        FieldRowPanel([FieldPanel("active_from"), FieldPanel("active_until")]),
    ]
    search_fields = [
        index.SearchField("handle"),
        index.AutocompleteField("handle"),
        index.FilterField("platform"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("official account")
        verbose_name_plural = _("official accounts")
        ordering = ["platform", "handle"]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle} ({self.owner_label})"

    @property
    def owner_label(self) -> str:
        if self.owner_id is None:
            return str(_("G20 communication office"))
        return self.owner.display_label

    @property
    def is_official(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    def alias_url_list(self) -> list[str]:
        return [line.strip() for line in self.alias_urls.splitlines() if line.strip()]

    def clean(self):
        from ..accounts import InvalidAccountAddress, account_keys

        super().clean()
        if self.owner_id and self.owner.locale_id != Locale.get_default().pk:
            # Always point at the default-language presidency, so translations share one owner.
            source = self.owner.get_translation_or_none(Locale.get_default())
            if source is not None:
                self.owner = source
        if self.active_from and self.active_until and self.active_until < self.active_from:
            raise ValidationError({"active_until": _("The end date must be after the start date.")})
        try:
            keys = account_keys(self)
        except InvalidAccountAddress as error:
            raise ValidationError({"url": str(error)}) from None
        clash = AccountIdentifier.objects.filter(key__in=keys).exclude(account_id=self.pk).select_related("account")
        first = clash.first()
        if first is not None:
            raise ValidationError(_("This address is already registered for %(account)s.") % {"account": first.account})

    def save(self, *args, **kwargs):
        from ..accounts import account_keys

        if self.status != AccountStatus.ACTIVE and self.active_until is None:
            self.active_until = timezone.localdate()
        super().save(*args, **kwargs)
        keys = set(account_keys(self))
        self.identifiers.exclude(key__in=keys).delete()
        existing = set(self.identifiers.values_list("key", flat=True))
        AccountIdentifier.objects.bulk_create(
            [AccountIdentifier(account=self, key=key) for key in sorted(keys - existing)]
        )


class AccountIdentifier(models.Model):
    """A normalised spelling under which an official account is recognised (URL or handle)."""

    account = ParentalKey(OfficialAccount, on_delete=models.CASCADE, related_name="identifiers")
    key = models.CharField(max_length=600, unique=True)

    class Meta:
        verbose_name = _("account identifier")

    def __str__(self) -> str:
        return self.key
