"""Second-factor helpers for tests: an officer's authenticator app, the code it shows, and a session that
passed it (what an officer has after signing in through /admin/mfa/verify/)."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator_app(user) -> TOTPDevice:
    """The user's confirmed authenticator app, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or the next step's when now's was already used (django-otp refuses a
    code twice and accepts one step ahead), so two sign-ins within 30 seconds both pass."""
    device.refresh_from_db()
    now = time.time()
    next_unused = device.t0 + (device.last_t + 1 - device.drift) * device.step
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = max(now, next_unused)
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client, user) -> TOTPDevice:
    """Mark the client's session as verified with the user's app, as ``django_otp.login`` does."""
    device = authenticator_app(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def wrong_code(device: TOTPDevice) -> str:
    """Six digits the app does not show in the steps django-otp accepts now (one either side)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    accepted = set()
    for offset in (-1, 0, 1, 2):
        totp.time = time.time() + offset * device.step
        accepted.add(totp.token())
    return next(f"{guess:06d}" for guess in range(123456, 10**6) if guess not in accepted)
