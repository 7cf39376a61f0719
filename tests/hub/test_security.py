"""Client address behind proxies, and the admin login lockout (django-axes)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import RequestFactory

from hub.web.security import client_ip

PASSWORD = "correct-horse-battery-staple"


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("num_proxies", "remote_addr", "forwarded_for", "expected"),
    [
        # No trusted proxy: the header is the client's own claim and is ignored.
        (0, "198.51.100.7", None, "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.1", "198.51.100.7"),
        (0, "198.51.100.7", "203.0.113.1, 10.0.0.1", "198.51.100.7"),
        # One proxy: it appended the address it saw, the last entry.
        (1, "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", "6.6.6.6,203.0.113.5", "203.0.113.5"),
        (1, "10.0.0.1", None, "10.0.0.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", " , ", "10.0.0.1"),
        # Two proxies: the second from the right; a spoofed leftmost entry is ignored.
        (2, "10.0.0.2", "203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "10.0.0.2", "1.1.1.1, 6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        # Fewer entries than proxies: the leftmost is all there is (DRF's rule).
        (2, "10.0.0.2", "203.0.113.5", "203.0.113.5"),
        # IPv6 survives.
        (1, "10.0.0.1", "6.6.6.6, 2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_exactly_num_proxies(settings, num_proxies, remote_addr, forwarded_for, expected):
    settings.NUM_PROXIES = num_proxies

    assert client_ip(request_from(remote_addr, forwarded_for)) == expected


def test_client_ip_without_remote_addr_is_empty(settings):
    settings.NUM_PROXIES = 0
    request = RequestFactory().get("/")
    del request.META["REMOTE_ADDR"]

    assert client_ip(request) == ""


def test_client_ip_agrees_with_rest_framework(settings):
    from rest_framework.request import Request
    from rest_framework.throttling import AnonRateThrottle

    settings.NUM_PROXIES = 2
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    django_request = request_from("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.1")

    assert AnonRateThrottle().get_ident(Request(django_request)) == client_ip(django_request)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


@pytest.fixture
def other_editor(db):
    return get_user_model().objects.create_user("other", "other@example.org", PASSWORD, is_staff=True)


def log_in(client, username: str, password: str, **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def is_locked_out(response) -> bool:
    return response.status_code == 429 and b"Too many failed sign-in attempts" in response.content


def test_correct_password_signs_in(client, editor):
    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_failures_below_the_limit_do_not_lock_out(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "editor", "wrong").status_code == 200

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_repeated_failures_lock_out_even_the_right_password(client, editor, other_editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong")

    response = log_in(client, "editor", PASSWORD)

    assert is_locked_out(response)
    assert not is_signed_in(client)
    attempt = AccessAttempt.objects.get(username="editor")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT
    assert attempt.ip_address == "127.0.0.1"

    other = log_in(client, "other", PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert other.status_code == 302
    assert is_signed_in(client)


def test_lockout_page_is_a_public_page(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong")

    response = log_in(client, "editor", PASSWORD)

    html = response.content.decode()
    assert '<main id="main"' in html
    assert PASSWORD not in html


def test_lockout_uses_the_client_address_behind_a_proxy(client, editor, settings):
    settings.NUM_PROXIES = 1
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    colleague = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.5"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong", **attacker)

    assert is_locked_out(log_in(client, "editor", PASSWORD, **attacker))
    assert AccessAttempt.objects.get(username="editor").ip_address == "203.0.113.66"
    # The same account from another client behind the same proxy is not locked out.
    response = log_in(client, "editor", PASSWORD, **colleague)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_spoofed_forwarded_for_does_not_escape_the_lockout(client, editor, settings):
    settings.NUM_PROXIES = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = log_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert is_locked_out(response)
    assert not is_signed_in(client)
