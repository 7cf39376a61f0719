"""Roundtable members: the shared Organisation snippet, plus what the roundtable needs (logo,
representatives). A member points at the Organisation; nothing of the core is copied."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from hub.models import TimestampedModel


class RoundtableMember(ClusterableModel, TimestampedModel):
    """An organisation that sits at the roundtable (government, platform company or civil society),
    with its logo and the people who represent it. Representatives receive the draft minutes."""

    organisation = models.OneToOneField(
        "hub.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="roundtable_member"
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    joined_on = models.DateField(_("member since"), null=True, blank=True)

    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("joined_on")]),
        InlinePanel("representatives", heading=_("Representatives"), label=_("representative")),
    ]

    class Meta:
        verbose_name = _("roundtable member")
        verbose_name_plural = _("roundtable members")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)


class Representative(Orderable):
    """A person who speaks for a member. Name and role are public; the e-mail address is used only to
    send review links for draft minutes and is never published."""

    member = ParentalKey(RoundtableMember, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), help_text=_("Not public. Review links for draft minutes go here."))

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")

    def __str__(self) -> str:
        return f"{self.name} ({self.member})"
