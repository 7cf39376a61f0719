"""Page and collection privacy passwords (Wagtail's "shared password" privacy): a limited number of tries.

Wagtail's two password forms (a private page's, ``/<lang>/_util/authenticate_with_password/…``, and a
private collection's documents', ``/documents/authenticate_with_password/…``) accept any number of wrong
passwords, so a shared password could be guessed at leisure. Every POST to them is counted per client
address (``PRIVACY_PASSWORD_RATE``) and per restriction (``PRIVACY_PASSWORD_RATE_PER_RESTRICTION``,
higher, so a guesser spread over many machines is slowed without locking out everyone else); past either,
the form answers 429 without checking the password, right or wrong.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.shortcuts import render

from hub.web.security import rate_limited


def limit_password_tries(view, restriction_argument: str):
    """``view`` (one of Wagtail's password forms), refusing POSTs over either rate before it runs.
    ``restriction_argument`` names the view's keyword argument holding the restriction's id."""

    @wraps(view)
    def limited(request, *args, **kwargs):
        if request.method == "POST":
            restriction = str(kwargs[restriction_argument])
            if rate_limited(request, "privacy-password-address", settings.PRIVACY_PASSWORD_RATE) or rate_limited(
                request,
                f"privacy-password-restriction-{view.__module__}",
                settings.PRIVACY_PASSWORD_RATE_PER_RESTRICTION,
                key=lambda _group, _request: restriction,
            ):
                return render(request, "hub/password_paused.html", status=429)
        return view(request, *args, **kwargs)

    return limited
