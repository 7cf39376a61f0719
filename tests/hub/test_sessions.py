"""Signed-in sessions end after 30 minutes without a request and 12 hours after sign-in
(hub.web.sessions), through the real admin, for a presidency's officer as for the office."""

import time
from unittest import mock

import pytest
from django.urls import reverse

from hub.web.sessions import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories.users import UserFactory

ADMIN = "/admin/"
MINUTE = 60
HOUR = 3600


@pytest.fixture
def officer(client, db):
    """A signed-in officer with access to the admin (no superuser rights)."""
    from django.contrib.auth.models import Permission

    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    return user


def editor_with_password(username: str):
    """An officer who signs in with a password alone: admin access, none of the roles that must also
    pass a second factor (hub.mfa.rules), so the admin answers straight after the form."""
    from django.contrib.auth.models import Permission

    user = UserFactory(username=username)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def set_clocks(client, *, signed_in_ago: float, last_seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - signed_in_ago
    session[LAST_SEEN_AT] = now - last_seen_ago
    session.save()


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_limits_are_the_documented_ones(settings):
    assert settings.ADMIN_SESSION_IDLE_SECONDS == 30 * MINUTE
    assert settings.ADMIN_SESSION_MAX_SECONDS == settings.SESSION_COOKIE_AGE == 12 * HOUR


def test_a_fresh_sign_in_starts_both_clocks(client, officer):
    before = time.time()

    assert client.get(ADMIN).status_code == 200

    session = client.session
    assert before - 5 <= session[SIGNED_IN_AT] <= time.time()
    assert session[LAST_SEEN_AT] == session[SIGNED_IN_AT]


def test_the_admin_form_sign_in_starts_the_clocks(client, db):
    editor_with_password("officer")

    assert client.post("/admin/login/", {"username": "officer", "password": "x"}).status_code == 302

    assert SIGNED_IN_AT in client.session
    assert client.get(ADMIN).status_code == 200


def test_an_idle_session_ends_and_the_officer_signs_in_again(client, officer):
    set_clocks(client, signed_in_ago=2 * HOUR, last_seen_ago=31 * MINUTE)

    response = client.get("/admin/pages/?q=budget")

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_login") + "?next=/admin/pages/%3Fq%3Dbudget"
    assert not is_signed_in(client)
    login = client.get(response["Location"])
    assert "You were signed out after 30 minutes without activity. Sign in again." in login.content.decode()


def test_a_session_used_within_the_idle_limit_goes_on(client, officer):
    set_clocks(client, signed_in_ago=2 * HOUR, last_seen_ago=29 * MINUTE)

    assert client.get(ADMIN).status_code == 200

    assert is_signed_in(client)
    assert client.session[LAST_SEEN_AT] >= time.time() - 5


def test_activity_keeps_a_session_alive_past_the_idle_limit(client, officer):
    start = time.time()
    with mock.patch("hub.web.sessions.time") as clock:
        for minutes in (0, 20, 40, 60, 80):
            clock.time.return_value = start + minutes * MINUTE
            assert client.get(ADMIN).status_code == 200, minutes
        clock.time.return_value = start + 111 * MINUTE
        assert client.get(ADMIN).status_code == 302

    assert not is_signed_in(client)


def test_the_editors_own_pings_do_not_keep_an_unattended_session_alive(client, officer):
    start = time.time()
    with mock.patch("hub.web.sessions.time") as clock:
        clock.time.return_value = start
        assert client.get(ADMIN).status_code == 200
        for minutes in (10, 20, 29):
            clock.time.return_value = start + minutes * MINUTE
            client.post("/admin/editing-sessions/ping/wagtailcore/page/1/1/", {"is_editing": ""})
            assert is_signed_in(client)
        clock.time.return_value = start + 31 * MINUTE
        assert client.get(ADMIN).status_code == 302


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(client, officer):
    set_clocks(client, signed_in_ago=12 * HOUR + 1, last_seen_ago=10)

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert not is_signed_in(client)
    message = "You were signed out: a session lasts at most 12 hours. Sign in again."
    assert message in client.get(response["Location"]).content.decode()


def test_the_limits_follow_the_settings(client, officer, settings):
    settings.ADMIN_SESSION_IDLE_SECONDS = 5 * MINUTE
    set_clocks(client, signed_in_ago=10 * MINUTE, last_seen_ago=6 * MINUTE)

    assert client.get(ADMIN).status_code == 302


def test_on_the_public_site_an_ended_session_reads_on_as_a_visitor(client, officer, home_page):
    set_clocks(client, signed_in_ago=HOUR, last_seen_ago=HOUR)

    response = client.get("/en/")

    assert response.status_code == 200
    assert not is_signed_in(client)


def test_a_visitor_without_a_session_gets_a_page_shared_caches_may_keep(client, home_page):
    response = client.get("/en/")

    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


def test_a_session_from_before_the_limits_starts_its_clocks_now(client, officer):
    session = client.session
    del session[SIGNED_IN_AT]
    del session[LAST_SEEN_AT]
    session.save()

    assert client.get(ADMIN).status_code == 200

    assert client.session[SIGNED_IN_AT] >= time.time() - 5


def test_an_ended_session_cannot_be_replayed(client, officer):
    """The old cookie is worthless after the timeout: the session behind it was flushed."""
    set_clocks(client, signed_in_ago=HOUR, last_seen_ago=HOUR)
    old_cookie = client.cookies["sessionid"].value

    client.get(ADMIN)
    client.cookies["sessionid"] = old_cookie

    assert client.get(ADMIN).status_code == 302
    assert not is_signed_in(client)


def test_host_prefixed_cookies_carry_a_sign_in(client, db, settings):
    """As production names them: the browser keeps the cookies (Secure, Path=/, no Domain) and the
    next request is signed in through them."""
    settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME = "__Host-sessionid", "__Host-csrftoken"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    editor_with_password("officer")
    client.get("/admin/login/", secure=True)

    response = client.post("/admin/login/", {"username": "officer", "password": "x"}, secure=True)

    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = response.cookies.get(name) or client.cookies[name]
        assert (cookie["secure"], cookie["path"], cookie["domain"]) == (True, "/", "")
    assert "sessionid" not in client.cookies
    assert client.get(ADMIN, secure=True).status_code == 200
