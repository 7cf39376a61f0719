"""Signed-in sessions end after ``ADMIN_SESSION_IDLE_SECONDS`` without a request and
``ADMIN_SESSION_MAX_SECONDS`` after sign-in, whatever happens.

Django's session cookie alone cannot do either: its age restarts whenever the session is saved, and a
stolen cookie stays good as long as it is used. The session stores when it signed in and when it was
last seen; the middleware compares both with the clock on every request of a signed-in user.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

SIGNED_IN_AT = "hub_signed_in_at"
LAST_SEEN_AT = "hub_last_seen_at"
# "Last seen" is written at most this often, so a busy admin page does not save the session on
# every request; the idle limit is therefore exact to within this many seconds.
LAST_SEEN_RESOLUTION = 60
# Where a timed-out request is sent to sign in again; elsewhere it goes on as a visitor's.
SIGN_IN_AGAIN_PATHS = ("/admin/", "/django-admin/")
# Requests a browser makes on its own: Wagtail's editor pings every few seconds while its tab is
# visible, which would keep an unattended screen signed in for the whole 12 hours. They are checked,
# but are not activity; an officer typing is (the editor autosaves).
NOT_ACTIVITY_PATHS = ("/admin/editing-sessions/",)


def stamp(session, now: float) -> None:
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now


@receiver(user_logged_in, dispatch_uid="hub.web.sessions.stamp_sign_in")
def stamp_sign_in(sender, request, user, **kwargs) -> None:
    """Every sign-in (the admin's form, a test's force_login) starts both clocks."""
    if request is not None and hasattr(request, "session"):
        stamp(request.session, time.time())


def expiry_message(session, now: float) -> str | None:
    """Why this session has ended, or None while it is still good."""
    signed_in_at = session.get(SIGNED_IN_AT)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    if signed_in_at is None or last_seen_at is None:
        return None
    if now - signed_in_at > settings.ADMIN_SESSION_MAX_SECONDS:
        hours = max(1, settings.ADMIN_SESSION_MAX_SECONDS // 3600)
        return ngettext(
            "You were signed out: a session lasts at most %(hours)d hour. Sign in again.",
            "You were signed out: a session lasts at most %(hours)d hours. Sign in again.",
            hours,
        ) % {"hours": hours}
    if now - last_seen_at > settings.ADMIN_SESSION_IDLE_SECONDS:
        minutes = max(1, settings.ADMIN_SESSION_IDLE_SECONDS // 60)
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Sign in again.",
            "You were signed out after %(minutes)d minutes without activity. Sign in again.",
            minutes,
        ) % {"minutes": minutes}
    return None


class SessionTimeoutMiddleware:
    """Signs out a session past either limit; on the admin, sends the user to sign in again with a
    message saying why. Sits after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Without a session cookie nobody is signed in; asking would touch the session and add
        # "Vary: Cookie" to every public page, which shared caches then keep per visitor.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            session = request.session
            if SIGNED_IN_AT not in session:
                # Signed in before these limits existed: the clocks start now.
                stamp(session, now)
            message = expiry_message(session, now)
            if message is not None:
                logout(request)
                messages.info(request, message)
                if request.path_info.startswith(SIGN_IN_AGAIN_PATHS):
                    return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            elif now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_RESOLUTION and not request.path_info.startswith(
                NOT_ACTIVITY_PATHS
            ):
                session[LAST_SEEN_AT] = now
        return self.get_response(request)
