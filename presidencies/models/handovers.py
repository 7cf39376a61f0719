"""Handovers set for a later date: an early handover the office confirmed, applied by Celery beat on its day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledHandoverQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(applied_at__isnull=True)

    def due(self, today):
        return self.pending().filter(effective_on__lte=today)


class ScheduledHandover(models.Model):
    """A handover to ``country`` for ``year`` that takes effect on ``effective_on``, before the outgoing
    presidency's term ends. Until that day nothing changes: the outgoing section stays current and editable."""

    country = models.CharField(_("country (ISO 3166 code)"), max_length=2)
    country_name = models.CharField(_("country"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    effective_on = models.DateField(_("takes effect on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What the handover changed, or why it failed."))

    objects = ScheduledHandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("scheduled handover")
        verbose_name_plural = _("scheduled handovers")
        ordering = ["effective_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(applied_at__isnull=True), name="one_pending_handover_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country_name} on {self.effective_on:%Y-%m-%d}"
