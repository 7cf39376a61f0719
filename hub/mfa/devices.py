"""Devices and what is done with them: enrol an authenticator app, issue recovery codes, check a code, and
write each step to Wagtail's log (never the code itself)."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log

RECOVERY_CODE_COUNT = 10
TOTP_DIGITS = 6  # django-otp's default; recovery codes are eight letters and digits
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def _unwrapped(user):
    """``request.user`` is a lazy object; Wagtail's log wants the user row itself."""
    if isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user


def record(user, action: str, *, by=None, **data) -> None:
    """One line of Wagtail's log about ``user``'s second factor, done by ``by`` (the user by default)."""
    user = _unwrapped(user)
    log(user, action, user=_unwrapped(by) if by is not None else user, data=data)


def pending_totp(user) -> TOTPDevice:
    """The authenticator app being set up: one unconfirmed device kept across reloads, so the QR code
    the officer scanned stays the one the confirmation code is checked against."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG data URI: drawn here, nothing loaded from elsewhere (the admin's
    CSP allows data: images)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff")


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32 groups of four, for an app that cannot scan."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def issue_recovery_codes(user) -> list[str]:
    """New single-use recovery codes, replacing any earlier ones; returned once, to be shown once."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@dataclass(frozen=True)
class CodeCheck:
    device: TOTPDevice | StaticDevice | None = None
    method: str = ""
    wait_seconds: int = 0


def normalise(code: str) -> str:
    return "".join(code.split()).lower()


def _throttled(device) -> int:
    """Seconds before django-otp's throttling lets this device check a code again (0: it may now)."""
    allowed, details = device.verify_is_allowed()
    if allowed:
        return 0
    return max(1, round((details["locked_until"] - timezone.now()).total_seconds()))


def check_code(user, code: str) -> CodeCheck:
    """Check a six-digit app code or a recovery code against the user's confirmed devices of that kind,
    through django-otp's throttling: after a wrong code the next try waits 1, 2, 4 … seconds, and a try
    made too soon is refused unchecked (``wait_seconds`` says how long is left). A recovery code is
    deleted once used."""
    code = normalise(code)
    if code.isdigit() and len(code) == TOTP_DIGITS:
        method, devices = "totp", TOTPDevice.objects.filter(user=user, confirmed=True)
    else:
        method, devices = "recovery code", StaticDevice.objects.filter(user=user, confirmed=True)
    for device in devices:
        if wait := _throttled(device):
            return CodeCheck(method=method, wait_seconds=wait)
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return CodeCheck(device=verified, method=method)
    return CodeCheck(method=method)


def confirm_totp(device: TOTPDevice, code: str) -> CodeCheck:
    """The first code from a newly scanned app confirms its device; throttled like any other check."""
    if wait := _throttled(device):
        return CodeCheck(method="totp", wait_seconds=wait)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if not device.verify_token(normalise(code)):
            return CodeCheck(method="totp")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return CodeCheck(device=device, method="totp")


def devices_in_django_admin() -> list:
    """The second-factor device models the Django admin has registered (django-otp's TOTP and static
    devices, django-otp-webauthn's credentials)."""
    from django.apps import apps
    from django.contrib import admin

    labels = ("otp_totp.TOTPDevice", "otp_static.StaticDevice", "django_otp_webauthn.WebAuthnCredential")
    models = [apps.get_model(label) for label in labels]
    return [model for model in models if admin.site.is_registered(model)]
