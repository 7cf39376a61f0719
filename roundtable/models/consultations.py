"""Consultations: questions put to civil society, a submission form, a moderation queue, the published
submissions and the roundtable's "you said, we did" answer."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from hub.models import BasePage

from ..admin_forms import SubmissionAdminForm
from ..blocks import QuestionBlock, ResponseBlock
from ..storage import attachment_path, private_storage

DEFAULT_PRIVACY_NOTICE = (
    "<p>The G20 communication office uses your contact e-mail address only to confirm your submission and, "
    "if needed, to ask about it. It is never published. Your organisation's name, kind, country and answers "
    "are published only if you agree below and a moderator accepts the submission.</p>"
)


class SubmitterKind(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    ACADEMIA = "academia", _("Academia or research")
    ENGAGEMENT_GROUP = "engagement_group", _("G20 engagement group")
    MEDIA = "media", _("Media or journalism")
    OTHER = "other", _("Other")


class ConsultationPage(RoutablePageMixin, BasePage):
    """A consultation of civil society: open and close dates, questions, and a public submission form.
    Submissions go to the moderation queue; accepted ones with consent are shown here."""

    introduction = models.TextField(_("introduction"), help_text=_("What the consultation is about, in a sentence."))
    body = RichTextField(_("background"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], blank=True)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"), db_index=True)
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("questions"))
    privacy_notice = RichTextField(
        _("privacy notice"), features=["bold", "italic", "link"], default=DEFAULT_PRIVACY_NOTICE
    )
    retention_days = models.PositiveIntegerField(
        _("keep contact details for (days after closing)"),
        default=365,
        help_text=_("After this, contact e-mail addresses and attachments are erased automatically."),
    )
    response = StreamField(
        [("response", ResponseBlock())],
        verbose_name=_("you said, we did"),
        blank=True,
        help_text=_("Once the consultation closes: what you heard and what the roundtable did about it."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("questions"),
        MultiFieldPanel([FieldPanel("privacy_notice"), FieldPanel("retention_days")], heading=_("Privacy")),
        FieldPanel("response"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["roundtable.RoundtableIndexPage"]
    subpage_types = []
    template = "roundtable/consultation_page.html"

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation must close after it opens.")})

    def get_share_description(self) -> str:
        return self.search_description or self.introduction

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.opens_at <= now < self.closes_at

    @property
    def has_not_opened(self) -> bool:
        return timezone.now() < self.opens_at

    @property
    def erase_contacts_after(self) -> datetime.datetime:
        return self.closes_at + datetime.timedelta(days=self.retention_days)

    def question_list(self) -> list[dict]:
        """The questions with their stable ids (the block ids), as the form and the stored answers use them."""
        return [{"id": block.id, **block.value} for block in self.questions]

    def published_submissions(self):
        return ConsultationSubmission.objects.filter(
            consultation__translation_key=self.translation_key,
            status=SubmissionStatus.PUBLISHED,
            consent_to_publish=True,
        ).order_by("received_at", "pk")

    @path("")
    def consultation(self, request):
        from ..views import consultation_page

        return consultation_page(request, self)

    @path("submitted/")
    def submitted(self, request):
        from ..views import consultation_submitted

        return consultation_submitted(request, self)


class SubmissionStatus(models.TextChoices):
    NEW = "new", _("New: awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class ConsultationSubmission(models.Model):
    """One organisation's answers to a consultation. Moderators publish it (only with the submitter's
    consent) or not; the contact e-mail is never public and is erased after the retention period."""

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="submissions"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(_("kind of organisation"), max_length=30, choices=SubmitterKind.choices)
    country = CountryField(_("country"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    answers = models.JSONField(_("answers"), default=list)
    attachment = models.FileField(
        _("attachment"), storage=private_storage, upload_to=attachment_path, blank=True, max_length=255
    )
    attachment_name = models.CharField(_("attachment's file name"), max_length=200, blank=True)
    consent_to_publish = models.BooleanField(_("agrees to publication"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    idempotency_token = models.UUIDField(editable=False)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.NEW, db_index=True
    )
    moderation_note = models.TextField(_("moderation note"), blank=True, help_text=_("Not public."))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    contact_erased_at = models.DateTimeField(_("contact details erased at"), null=True, blank=True, editable=False)

    base_form_class = SubmissionAdminForm

    class Meta:
        verbose_name = _("consultation submission")
        verbose_name_plural = _("consultation submissions")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "idempotency_token"], name="one_submission_per_token")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.consultation.title})"

    def clean(self):
        super().clean()
        if self.status == SubmissionStatus.PUBLISHED and not self.consent_to_publish:
            raise ValidationError({"status": _("The submitter did not agree to publication.")})

    def erase_contact(self, *, save: bool = True) -> bool:
        """Erase the contact e-mail and the attachment (which may hold personal data). Idempotent."""
        if self.contact_erased_at is not None and not self.contact_email and not self.attachment:
            return False
        if self.attachment:
            self.attachment.delete(save=False)
        self.attachment = ""
        self.attachment_name = ""
        self.contact_email = ""
        self.contact_erased_at = timezone.now()
        if save:
            self.save(update_fields=["attachment", "attachment_name", "contact_email", "contact_erased_at"])
        return True
