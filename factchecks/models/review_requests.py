"""Right of reply: requests from people or organisations named in a debunk to have it reviewed."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ReviewRequestStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    CORRECTED = "corrected", _("Answered: debunk corrected")
    UPHELD = "upheld", _("Answered: debunk upheld")


class ReviewRequest(models.Model):
    """A request for review sent through a debunk's "request a review" form. Officers answer it
    and, where the debunk was wrong, add an entry to its public corrections log."""

    debunk = models.ForeignKey(
        "factchecks.DebunkPage", verbose_name=_("debunk"), on_delete=models.PROTECT, related_name="review_requests"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    relationship = models.CharField(_("how the debunk concerns you"), max_length=300)
    message = models.TextField(_("what should be reviewed, and why"), max_length=5000)
    evidence_url = models.URLField(_("link to supporting evidence"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewRequestStatus.choices, default=ReviewRequestStatus.NEW
    )
    response_note = models.TextField(
        _("internal note on the answer"), blank=True, help_text=_("Not public. What was decided and sent.")
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("debunk", read_only=True),
                FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("email", read_only=True)]),
                FieldPanel("organisation", read_only=True),
                FieldPanel("relationship", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("evidence_url", read_only=True),
            ],
            heading=_("Request"),
        ),
        FieldPanel("status"),
        FieldPanel("response_note"),
    ]

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.debunk.case_id}: {self.name}"
