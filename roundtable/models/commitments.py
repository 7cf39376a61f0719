"""Commitments made at the roundtable, tracked in public: who promised what, at which meeting, by when,
and how far they have got, with dated progress updates and evidence."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from hub.models import Organisation, TimestampedModel
from hub.pages.lookups import exclude_private


class CommitmentStatus(models.TextChoices):
    """What officers record. "Overdue" is never recorded: it is computed from the due date."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PublicStatus(models.TextChoices):
    """What the public tracker shows: the recorded status, or overdue when an open one is past due."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    OVERDUE = "overdue", _("Overdue")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (CommitmentStatus.NOT_STARTED, CommitmentStatus.IN_PROGRESS)


class CommitmentQuerySet(models.QuerySet):
    def public(self):
        """Commitments of meetings whose minutes are published, on live public meeting pages."""
        from .meetings import MeetingStatus, RoundtableMeetingPage

        meetings = exclude_private(RoundtableMeetingPage.objects.live()).filter(status=MeetingStatus.PUBLISHED)
        return self.filter(meeting__in=meetings.values("pk"))

    def tracker(self):
        """What the public tracker, its feeds and the API list: public commitments with their computed
        status, owner, meeting and progress updates, soonest due first (no due date last)."""
        return (
            self.public()
            .with_public_status()
            .select_related("owner", "meeting")
            .prefetch_related("updates")
            .order_by(F("due_date").asc(nulls_last=True), "pk")
        )

    def with_public_status(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.annotate(
            public_status=Case(
                When(status__in=OPEN_STATUSES, due_date__lt=today, then=Value(PublicStatus.OVERDUE.value)),
                default=F("status"),
                output_field=models.CharField(),
            )
        )


class Commitment(ClusterableModel, TimestampedModel):
    """A commitment one organisation made at a meeting. Created from the approved minutes' action items;
    officers then record its status, progress and updates."""

    meeting = models.ForeignKey(
        "roundtable.RoundtableMeetingPage",
        verbose_name=_("meeting where it was made"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    source_block_id = models.CharField(max_length=80, blank=True, editable=False)
    text = models.TextField(_("commitment"), max_length=1000)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner organisation"), on_delete=models.PROTECT, related_name="commitments"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)], help_text=_("From 0 to 100.")
    )
    completed_on = models.DateField(
        _("completed on"), null=True, blank=True, help_text=_("When it was done; decides whether it was on time.")
    )

    objects = CommitmentQuerySet.as_manager()

    panels = [
        FieldPanel("meeting", read_only=True),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("owner"), FieldPanel("due_date")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("status"), FieldPanel("progress"), FieldPanel("completed_on")])],
            heading=_("Where it stands"),
        ),
        InlinePanel("updates", heading=_("Progress updates"), label=_("progress update")),
    ]

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source_block_id"],
                condition=~models.Q(source_block_id=""),
                name="one_commitment_per_action_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}: {self.text[:80]}"

    def clean(self):
        super().clean()
        if self.status == CommitmentStatus.DONE and self.completed_on is None:
            raise ValidationError({"completed_on": _("Say when it was done.")})
        if self.status != CommitmentStatus.DONE and self.completed_on is not None:
            raise ValidationError({"completed_on": _("Only a commitment that is done has a completion date.")})

    def save(self, *args, **kwargs):
        if self.status == CommitmentStatus.DONE:
            self.progress = 100
        super().save(*args, **kwargs)

    def get_public_status(self, today: datetime.date | None = None) -> str:
        annotated = getattr(self, "public_status", None)
        if annotated is not None:
            return annotated
        today = today or timezone.localdate()
        if self.status in OPEN_STATUSES and self.due_date is not None and self.due_date < today:
            return PublicStatus.OVERDUE.value
        return self.status

    def get_public_status_display(self) -> str:
        return str(PublicStatus(self.get_public_status()).label)

    @property
    def is_overdue(self) -> bool:
        return self.get_public_status() == PublicStatus.OVERDUE

    @property
    def done_on_time(self) -> bool | None:
        if self.status != CommitmentStatus.DONE:
            return None
        return self.due_date is None or self.completed_on is None or self.completed_on <= self.due_date

    def update_list(self):
        return sorted(self.updates.all(), key=lambda update: (update.date, update.pk or 0), reverse=True)


class ProgressUpdate(models.Model):
    """A dated note on a commitment's progress, with a link to the evidence."""

    commitment = ParentalKey(Commitment, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"), default=datetime.date.today)
    note = models.TextField(_("what happened"), max_length=2000)
    evidence_url = models.URLField(_("evidence"), max_length=500, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%) at that date"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("progress")]),
        FieldPanel("note"),
        FieldPanel("evidence_url"),
    ]

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.note[:60]}"
