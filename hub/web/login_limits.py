"""Limits on guessing passwords: the sign-in lockout's three keys and the admin's password-reset form.

django-axes records each failed sign-in and checks every key of ``AXES_LOCKOUT_PARAMETERS`` against one
limit. One limit does not fit all three keys: an office behind one address sees colleagues' typos add
up, and a stranger who knows an officer's account name could lock it everywhere as cheaply as one
address. ``HubAxesHandler`` keeps axes' storage, signals, admin and commands and measures each key
against its own limit (settings ``AXES_FAILURE_LIMIT``, ``LOGIN_FAILURE_LIMIT_PER_ACCOUNT``,
``LOGIN_FAILURE_LIMIT_PER_ADDRESS``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.forms.auth import PasswordResetForm

from hub.web.security import client_ip, rate_limited

logger = logging.getLogger("hub.security")

PAIR = ("username", "ip_address")


def failure_limit(parameter: str | list[str] | tuple[str, ...]) -> int:
    """How many failures within the cool-off lock ``parameter`` (an axes lockout parameter) out."""
    if parameter == "username":
        return settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
    if parameter == "ip_address":
        return settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    return settings.AXES_FAILURE_LIMIT


class HubAxesHandler(AxesDatabaseHandler):
    """axes' database handler with one limit per lockout key.

    axes compares ``get_failures`` with ``AXES_FAILURE_LIMIT``; this answer is the failures counted
    against the tightest key, scaled to that limit: ``AXES_FAILURE_LIMIT - (fewest failures left on any
    key)``. It reaches the limit exactly when some key reaches its own, and equals the raw count for
    the account-and-address pair, so axes' admin and messages still read true for it.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair_limit = settings.AXES_FAILURE_LIMIT
        parameters = get_lockout_parameters(request, credentials)
        attempts_per_key = self.get_user_attempts(request, credentials)
        fewest_left = pair_limit
        for parameter, attempts in zip(parameters, attempts_per_key, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            fewest_left = min(fewest_left, failure_limit(parameter) - failures)
        return pair_limit - fewest_left

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """On a successful sign-in, forget the account's failures, not the address's.

        axes would also clear every failure from the address: one colleague (or an attacker's own
        valid account) signing in would reset a password spray's count."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def cool_off_minutes() -> int:
    return int(get_cool_off().total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    """The page a locked-out sign-in gets (429): what happened and what to do, without saying which
    key locked it (that would tell a guesser which account names exist or which limit it hit)."""
    return render(
        request,
        "hub/lockout.html",
        {"minutes": cool_off_minutes()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


# --- What the office sees and unlocks ---------------------------------------------------------


@dataclass(frozen=True)
class Lockout:
    kind: str  # "username", "ip_address" or "pair"
    username: str
    ip_address: str
    failures: int
    limit: int
    last_failure: datetime

    @property
    def until(self) -> datetime:
        return self.last_failure + get_cool_off()


LOCKOUT_KEYS = (("pair", PAIR), ("username", ("username",)), ("ip_address", ("ip_address",)))


def current_lockouts() -> dict[str, list[Lockout]]:
    """Every key locked out now, by kind, most recent first: one query per kind."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())
    found = {}
    for kind, fields in LOCKOUT_KEYS:
        limit = failure_limit(fields[0] if len(fields) == 1 else fields)
        rows = (
            recent.values(*fields)
            .annotate(failures=Sum("failures_since_start"), last_failure=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last_failure", *fields)
        )
        found[kind] = [
            Lockout(
                kind=kind,
                username=row.get("username") or "",
                ip_address=row.get("ip_address") or "",
                failures=row["failures"],
                limit=limit,
                last_failure=row["last_failure"],
            )
            for row in rows
        ]
    return found


def attempts_to_unlock(kind: str, username: str, ip_address: str):
    """The stored failures that unlocking ``kind`` forgets."""
    if kind == "username":
        return AccessAttempt.objects.filter(username=username)
    if kind == "ip_address":
        return AccessAttempt.objects.filter(ip_address=ip_address)
    return AccessAttempt.objects.filter(username=username, ip_address=ip_address)


# --- Password reset ----------------------------------------------------------------------------


class RateLimitedPasswordResetForm(PasswordResetForm):
    """Wagtail's "forgot password" form, answering a few requests per hour per client address and per
    e-mail address entered. Past either limit the visitor sees the usual "check your e-mail" page (so
    the answer says nothing about which addresses have accounts) but no e-mail leaves."""

    def save(self, *args, request: HttpRequest | None = None, **kwargs) -> None:
        email = self.cleaned_data["email"].strip().lower()
        # Both counters count every request, so one of them refusing does not spare the other.
        over_address = rate_limited(request, "password-reset-address", settings.PASSWORD_RESET_RATE_PER_ADDRESS)
        over_account = rate_limited(
            request,
            "password-reset-account",
            settings.PASSWORD_RESET_RATE_PER_ACCOUNT,
            key=lambda _group, _request: email,
        )
        if over_address or over_account:
            logger.warning(
                "Password reset not sent: too many requests %s (client %s).",
                "from this address" if over_address else "for this account",
                client_ip(request),
            )
            return
        super().save(*args, request=request, **kwargs)
