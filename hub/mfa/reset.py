"""Resetting an officer's second factor takes two people of the office: one asks, with a reason; another,
neither the one who asked nor the officer concerned, approves. Only then are the officer's devices
deleted, and they enrol again at their next page in the admin."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user

from hub.publishing.office import OFFICE_GROUP

from . import devices


class ResetRefused(Exception):
    """A reset step the two-person rule does not allow; the message says why, for the officer."""


class SecondFactorReset(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(gettext_lazy("reason"))
    # Kept when an officer's account is deleted later: Wagtail's log still names them.
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = gettext_lazy("second-factor reset")

    def __str__(self):
        return _("Second-factor reset of %(user)s") % {"user": self.user}

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None


def is_office_member(user) -> bool:
    """Stricter than ``hub.publishing.office.is_office_member``: a member of the office group, never a
    superuser as such, because each of the two people a reset needs must be someone the office knows."""
    return user.is_authenticated and user.is_active and user.groups.filter(name=OFFICE_GROUP).exists()


def request_reset(user, requested_by, reason: str) -> SecondFactorReset:
    """An office member asks for ``user``'s devices to be reset; nothing is deleted yet."""
    if not is_office_member(requested_by):
        raise ResetRefused(_("Only a member of the communication office can ask for a reset."))
    if user.pk == requested_by.pk:
        raise ResetRefused(
            _("Another member of the office asks for a reset of your own second factor, after confirming it is you.")
        )
    if not reason.strip():
        raise ResetRefused(_("Say why the second factor must be reset."))
    if SecondFactorReset.objects.filter(user=user, approved_at__isnull=True).exists():
        raise ResetRefused(_("A reset of this officer's second factor is already waiting for approval."))
    reset = SecondFactorReset.objects.create(user=user, requested_by=requested_by, reason=reason.strip())
    devices.record(user, "hub.mfa.reset_request", by=requested_by, reason=reset.reason)
    return reset


def approve_reset(reset: SecondFactorReset, approved_by) -> int:
    """A second office member approves: ``user``'s devices are deleted. Returns how many."""
    if not is_office_member(approved_by):
        raise ResetRefused(_("Only a member of the communication office can approve a reset."))
    if approved_by.pk == reset.requested_by_id:
        raise ResetRefused(_("A reset needs a second person: you cannot approve your own request."))
    if approved_by.pk == reset.user_id:
        raise ResetRefused(_("A reset needs a second person: you cannot approve a reset of your own second factor."))
    with transaction.atomic():
        reset = SecondFactorReset.objects.select_for_update().get(pk=reset.pk)
        if not reset.is_pending:
            raise ResetRefused(_("This reset was already approved."))
        removed = 0
        for device in list(devices_for_user(reset.user, confirmed=None)):
            device.delete()
            removed += 1
        reset.approved_by, reset.approved_at = approved_by, timezone.now()
        reset.save(update_fields=["approved_by", "approved_at"])
        devices.record(
            reset.user,
            "hub.mfa.reset",
            by=approved_by,
            requested_by=reset.requested_by.get_username() if reset.requested_by else "",
            reason=reset.reason,
            devices=removed,
        )
    return removed
