"""Minutes of a roundtable meeting and their own approval: drafted by the secretariat, circulated to
the participants' representatives through private, expiring review links, approved by the chair,
then published. Until then no public page, feed, search result or API shows them."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.fields import StreamField

from hub.models import TimestampedModel
from hub.pages.fulltext import stream_source

from ..admin_forms import MinutesAdminForm
from ..blocks import MinutesBlock


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for comments")
    APPROVED = "approved", _("Approved by the chair")
    PUBLISHED = "published", _("Published")


class Minutes(TimestampedModel):
    """The minutes of one meeting, item by item. Officers edit them while they are a draft or circulated;
    approval freezes them."""

    meeting = models.OneToOneField(
        "roundtable.RoundtableMeetingPage", verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="minutes"
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences for feeds and lists, once published.")
    )
    items = StreamField(MinutesBlock(), verbose_name=_("minutes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT, editable=False
    )
    circulated_at = models.DateTimeField(_("circulated at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    approved_by_name = models.CharField(_("approved by (as recorded)"), max_length=200, blank=True, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)

    panels = [
        HelpPanel(
            content=_(
                "Write the minutes item by item. Use the workflow (Circulate, Approve, Publish) from the minutes "
                "list: nobody outside the secretariat sees them before the chair approves them and they are published."
            )
        ),
        FieldPanel("meeting", read_only=True),
        FieldPanel("summary"),
        FieldPanel("items"),
    ]
    base_form_class = MinutesAdminForm

    @property
    def is_empty(self) -> bool:
        """Nothing written yet: no item has a discussion, a decision or an action item (agenda titles alone,
        as "Start minutes" makes them, are not minutes)."""
        for block in self.items:
            value = block.value
            discussion = strip_tags(getattr(value.get("discussion"), "source", value.get("discussion")) or "")
            if discussion.strip() or list(value.get("decisions") or []) or list(value.get("action_items") or []):
                return False
        return True

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__start"]
        permissions = [("approve_minutes", "Can approve minutes as the chair")]

    def __str__(self) -> str:
        return str(_("Minutes of %(meeting)s")) % {"meeting": self.meeting.title}

    @property
    def is_editable(self) -> bool:
        return self.status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED)

    @classmethod
    def published_by_key(cls, translation_keys) -> dict:
        """Published minutes by their meeting's translation key, in one query: a meeting's translations
        show the minutes of the language they were written in."""
        if not translation_keys:
            return {}
        found = cls.objects.filter(
            status=MinutesStatus.PUBLISHED, meeting__translation_key__in=list(translation_keys)
        ).select_related("meeting__locale")
        return {minutes.meeting.translation_key: minutes for minutes in found}

    def plain_text(self) -> str:
        parts = [self.summary]
        for block in self.items:
            value = block.value
            parts.append(value["title"])
            parts.append(strip_tags(value["discussion"].source))
            parts.extend(value["decisions"])
            parts.extend(action["text"] for action in value["action_items"])
        return "\n".join(part for part in parts if part)

    def full_text_source(self) -> str:
        """The minutes as rich-text source for the API and feeds (``hub.pages.fulltext``), headed in the
        language they were written in."""
        with translation.override(self.meeting.locale.language_code):
            return stream_source(self.items)

    def public_commitments(self):
        from .commitments import Commitment

        return Commitment.objects.filter(meeting_id=self.meeting_id).select_related("owner").order_by("pk")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class MinutesReviewLink(models.Model):
    """A private link through which one representative reads the draft minutes and comments, without an
    admin account. Only the token's hash is stored; the link is sent by e-mail and expires."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="review_links")
    representative = models.ForeignKey(
        "roundtable.Representative", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review link")
        verbose_name_plural = _("review links")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation_name})"

    @classmethod
    def issue(cls, minutes: Minutes, *, name: str, email: str, organisation_name: str, days: int, representative=None):
        """A new link; returns (link, token). The token is shown once (in the e-mail) and never stored."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            minutes=minutes,
            representative=representative,
            name=name,
            email=email,
            organisation_name=organisation_name,
            token_hash=hash_token(token),
            expires_at=timezone.now() + timezone.timedelta(days=days),
        )
        return link, token

    @classmethod
    def find(cls, token: str) -> MinutesReviewLink | None:
        return cls.objects.select_related("minutes__meeting").filter(token_hash=hash_token(token)).first()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired and self.minutes.is_editable


class MinutesComment(models.Model):
    """A representative's comment on draft minutes, for the secretariat. Never public."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments")
    review_link = models.ForeignKey(MinutesReviewLink, null=True, on_delete=models.SET_NULL, related_name="comments")
    author_name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    agenda_item = models.CharField(_("agenda item"), max_length=250, blank=True)
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:60]}"
