"""A second factor after the password: who needs one (``rules``), the admin's gate (``middleware``),
enrolment and verification (``views``, ``passkeys``), recovery codes and the two-person reset (``reset``).

Devices are django-otp's: an authenticator app (TOTP), recovery codes (static tokens) and passkeys
(django-otp-webauthn). A session is verified once, by ``django_otp.login``, until it ends.
"""
