"""The office's view of sign-in lockouts in the Wagtail admin (Reports, "Sign-in lockouts"): which
accounts, addresses and pairs are paused now, and a button to lift each pause, recorded in the audit
log. Operators without the admin have axes' commands (README, "Security")."""

from __future__ import annotations

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from hub.publishing.office import is_office_member
from hub.web.login_limits import attempts_to_unlock, cool_off_minutes, current_lockouts

logger = logging.getLogger("hub.security")

UNLOCK_ACTION = "hub.unlock_sign_in"
RECENTLY_LIFTED = 20


class UnlockForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("pair", gettext_lazy("Account from one address")),
            ("username", gettext_lazy("Account")),
            ("ip_address", gettext_lazy("Address")),
        ]
    )
    username = forms.CharField(required=False, max_length=255)
    ip_address = forms.GenericIPAddressField(required=False)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in ("pair", "username") and not data.get("username"):
            raise forms.ValidationError(_("Name the account to unlock."))
        if kind in ("pair", "ip_address") and not data.get("ip_address"):
            raise forms.ValidationError(_("Name the address to unlock."))
        return data


class LockoutsMenuItem(MenuItem):
    """Shown to the office only, as the view answers no one else."""

    def is_shown(self, request):
        return is_office_member(request.user)


def describe(kind: str, username: str, ip_address: str) -> str:
    if kind == "username":
        return _("account %(username)s") % {"username": username}
    if kind == "ip_address":
        return _("address %(address)s") % {"address": ip_address}
    return _("account %(username)s from address %(address)s") % {"username": username, "address": ip_address}


@require_http_methods(["GET", "POST"])
def lockouts(request):
    if not is_office_member(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.non_field_errors()) or _("That is not a lockout to lift."))
            return redirect("hub_lockouts")
        unlock(request, **form.cleaned_data)
        return redirect("hub_lockouts")
    return TemplateResponse(
        request,
        "hub/admin/lockouts.html",
        {
            "page_title": _("Sign-in lockouts"),
            "header_icon": "lock",
            "lockouts": current_lockouts(),
            "minutes": cool_off_minutes(),
            # Here rather than only in Site history, which shows office members no axes records.
            "lifted": ModelLogEntry.objects.filter(action=UNLOCK_ACTION)
            .select_related("user")
            .order_by("-timestamp")[:RECENTLY_LIFTED],
        },
    )


def unlock(request, kind: str, username: str, ip_address: str | None) -> None:
    """Forget the failures behind one pause, once, and say so in the audit log."""
    ip_address = ip_address or ""
    label = describe(kind, username, ip_address)
    attempts = attempts_to_unlock(kind, username, ip_address)
    with transaction.atomic():
        # The audit log needs a stored object to point at: the oldest of the failures forgotten.
        first: AccessAttempt | None = attempts.order_by("pk").first()
        if first is None:
            messages.info(request, _("Nothing to unlock for %(what)s: the pause has already ended.") % {"what": label})
            return
        log(
            first,
            UNLOCK_ACTION,
            user=request.user,
            title=label,
            data={"kind": kind, "username": username, "ip_address": ip_address},
        )
        if kind == "username":
            forgotten = reset(username=username)
        elif kind == "ip_address":
            forgotten = reset(ip=ip_address)
        else:
            forgotten = reset(ip=ip_address, username=username)
    logger.warning("Sign-in lockout lifted for %s by user %s (%d records).", label, request.user.pk, forgotten)
    messages.success(request, _("Signing in is open again for %(what)s.") % {"what": label})
