"""Password guessing against the admin, as an attacker tries it and as the office answers it.

Three keys lock signing in (hub.web.login_limits): one account from one address (5 failures), one
account from any address (10) and one address whatever the account (20). The office lifts a pause in
the admin; the "forgot password" form sends a few e-mails an hour per address and per account.
"""

import io
import logging
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from hub.demo.content import ensure_home
from presidencies.access import OFFICE_GROUP, ensure_office_group, ensure_presidency_access, group_names
from presidencies.handover import create_presidency, presidency_index
from tests.factories.users import UserFactory

PASSWORD = "correct horse battery staple"  # noqa: S105 - test data
LOGIN = "/admin/login/"


def attacker(n: int) -> dict:
    return {"REMOTE_ADDR": f"203.0.113.{n}"}


def log_in(client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def is_locked_out(response) -> bool:
    return response.status_code == 429 and b"Too many failed sign-in attempts" in response.content


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def officer(db):
    ensure_office_group()
    user = UserFactory(username="officer", groups=[OFFICE_GROUP])
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def presidency_editor(db):
    """A member of one presidency's editors: the admin is open to them, the office's tools are not."""
    ensure_home(io.StringIO())
    presidency = create_presidency(presidency_index(), code="US", name="United States", year=2026)
    ensure_presidency_access(presidency)
    editors, _moderators = group_names(presidency)
    return UserFactory(groups=[Group.objects.get(name=editors)])


def test_the_limits_are_the_documented_ones(settings):
    assert (settings.AXES_FAILURE_LIMIT, settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT) == (5, 10)
    assert settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS == 20


# --- The three keys ----------------------------------------------------------------------------


def test_spraying_one_password_over_many_accounts_locks_the_address(client, officer, settings):
    address = "203.0.113.66"
    answers = [log_in(client, f"guess-{n}", "Summer2026!", address) for n in range(30)]

    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert [is_locked_out(answer) for answer in answers[: limit - 1]] == [False] * (limit - 1)
    assert all(is_locked_out(answer) for answer in answers[limit - 1 :])
    # Even a real officer with the right password waits, from that address…
    assert is_locked_out(log_in(client, "officer", PASSWORD, address))
    assert not is_signed_in(client)
    # …but not from anywhere else.
    assert log_in(client, "officer", PASSWORD, "198.51.100.20").status_code == 302
    assert is_signed_in(client)


def test_one_account_guessed_from_many_addresses_locks_the_account(client, officer, settings):
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
    answers = [log_in(client, "officer", "wrong", f"203.0.113.{n % 6}") for n in range(limit)]

    # Two tries from each of six addresses: no address reached the pair's limit of five.
    assert [is_locked_out(answer) for answer in answers] == [False] * (limit - 1) + [True]
    assert is_locked_out(log_in(client, "officer", PASSWORD, "198.51.100.99"))
    assert not is_signed_in(client)
    # Another account from one of those addresses is not held back.
    UserFactory(username="colleague")
    assert log_in(client, "colleague", "x", "203.0.113.1").status_code == 302


def test_signing_in_forgets_the_accounts_failures_not_the_address(client, officer, settings):
    """A colleague behind the same address signing in must not wipe a spray's count (axes would)."""
    address = "203.0.113.80"
    spray = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS - 3
    for n in range(spray):
        log_in(client, f"guess-{n}", "Summer2026!", address)
    for _ in range(2):
        log_in(client, "officer", "typo", address)

    assert log_in(client, "officer", PASSWORD, address).status_code == 302
    client.logout()

    # The officer's two typos are forgotten, the spray's failures are not.
    answers = [log_in(client, f"guess-more-{n}", "Summer2026!", address) for n in range(3)]
    assert [is_locked_out(answer) for answer in answers] == [False, False, True]


def test_the_lockout_page_says_what_happened_and_what_to_do(client, officer, settings):
    hostile = '<script>alert("x")</script>'
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(client, hostile, "hunter2-guess")

    assert is_locked_out(response)
    html = response.content.decode()
    assert "paused for this account or from this network for 60 minutes" in html
    assert "G20 communication office" in html
    assert "<script>alert" not in html
    assert "hunter2-guess" not in html


# --- The office lifts a pause --------------------------------------------------------------------


def lock_account_everywhere(client, username: str, settings) -> None:
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT):
        log_in(client, username, "wrong", f"203.0.113.{n}")


def test_an_office_member_sees_and_lifts_an_account_lockout(client, officer, settings):
    UserFactory(username="target")
    lock_account_everywhere(client, "target", settings)
    assert is_locked_out(log_in(client, "target", "x", "198.51.100.1"))
    assert not officer.is_superuser

    office = Client()
    office.force_login(officer)
    page = office.get(reverse("hub_lockouts"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Accounts paused from every address" in html
    assert "target" in html
    assert "11 (limit 10)" in html  # ten guesses and the refused right password

    response = office.post(reverse("hub_lockouts"), {"kind": "username", "username": "target", "ip_address": ""})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="target").exists()
    entry = ModelLogEntry.objects.get(action="hub.unlock_sign_in")
    assert entry.user_id == officer.pk
    assert entry.label == "account target"
    assert entry.data == {"kind": "username", "username": "target", "ip_address": ""}
    report = office.get(reverse("hub_lockouts")).content.decode()
    assert "Signing in is open again for account target." in report
    assert "<td>account target</td><td>officer</td>" in report  # under "Recently lifted"
    assert log_in(Client(), "target", "x", "198.51.100.1").status_code == 302


def test_an_office_member_lifts_an_address_lockout(client, officer, settings):
    for n in range(settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS):
        log_in(client, f"guess-{n}", "wrong", "203.0.113.77")
    office = Client()
    office.force_login(officer)
    assert "203.0.113.77" in office.get(reverse("hub_lockouts")).content.decode()

    office.post(reverse("hub_lockouts"), {"kind": "ip_address", "username": "", "ip_address": "203.0.113.77"})

    assert not AccessAttempt.objects.filter(ip_address="203.0.113.77").exists()
    assert ModelLogEntry.objects.get(action="hub.unlock_sign_in").label == "address 203.0.113.77"
    assert log_in(client, "officer", PASSWORD, "203.0.113.77").status_code == 302


def test_lifting_one_pair_leaves_the_others(client, officer, settings):
    for username in ("first", "second"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, username, "wrong", "203.0.113.9")
    office = Client()
    office.force_login(officer)

    office.post(reverse("hub_lockouts"), {"kind": "pair", "username": "second", "ip_address": "203.0.113.9"})

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["first"]


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "everything", "username": "target"},
        {"kind": "username", "username": ""},
        {"kind": "ip_address", "ip_address": "not-an-address"},
        {"kind": "pair", "username": "target"},
    ],
)
def test_a_malformed_unlock_lifts_nothing(client, officer, settings, data):
    UserFactory(username="target")
    lock_account_everywhere(client, "target", settings)
    office = Client()
    office.force_login(officer)

    response = office.post(reverse("hub_lockouts"), data)

    assert response.status_code == 302
    assert AccessAttempt.objects.filter(username="target").count() == settings.LOGIN_FAILURE_LIMIT_PER_ACCOUNT
    assert not ModelLogEntry.objects.filter(action="hub.unlock_sign_in").exists()


def test_a_presidency_editor_can_neither_see_nor_lift_lockouts(client, presidency_editor, settings):
    UserFactory(username="target")
    lock_account_everywhere(client, "target", settings)
    editor = Client()
    editor.force_login(presidency_editor)

    # Wagtail answers a refusal inside the admin by sending the user to the dashboard.
    for response in (
        editor.get(reverse("hub_lockouts")),
        editor.post(reverse("hub_lockouts"), {"kind": "username", "username": "target"}),
    ):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert AccessAttempt.objects.filter(username="target").exists()
    assert reverse("hub_lockouts") not in editor.get(reverse("wagtailadmin_home")).content.decode()


def test_the_reports_menu_offers_lockouts_to_the_office(officer):
    office = Client()
    office.force_login(officer)

    assert reverse("hub_lockouts") in office.get(reverse("wagtailadmin_home")).content.decode()


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(reverse("hub_lockouts"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_unlocking_needs_the_csrf_token(client, officer, settings):
    UserFactory(username="target")
    lock_account_everywhere(client, "target", settings)
    office = Client(enforce_csrf_checks=True)
    office.force_login(officer)

    response = office.post(reverse("hub_lockouts"), {"kind": "username", "username": "target"})

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="target").exists()


def test_the_report_costs_the_same_queries_for_one_lockout_or_many(client, officer, settings):
    office = Client()
    office.force_login(officer)

    def queries_for_report() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert office.get(reverse("hub_lockouts")).status_code == 200
        return len(captured)

    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "officer", "wrong", "203.0.113.1")
    one = queries_for_report()
    for n in range(2, 6):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(client, f"user-{n}", "wrong", f"203.0.113.{n}")

    assert queries_for_report() == one


# --- Password reset ------------------------------------------------------------------------------

RESET = "/admin/password_reset/"


def without_csrf_tokens(html: bytes) -> bytes:
    """The page without its CSRF tokens, which are masked afresh on every answer."""
    return re.sub(rb"[A-Za-z0-9]{64}", b"", html)


def test_one_address_asking_for_many_resets_gets_a_few_emails(client, db, settings, caplog):
    for n in range(25):
        UserFactory(username=f"officer-{n}", email=f"officer-{n}@example.org")

    with caplog.at_level(logging.WARNING, logger="hub.security"):
        answers = [
            client.post(RESET, {"email": f"officer-{n}@example.org"}, REMOTE_ADDR="203.0.113.50") for n in range(25)
        ]

    assert len(mail.outbox) == 5
    # Refused or not, every answer is the same "check your e-mail" page.
    assert {(answer.status_code, answer["Location"]) for answer in answers} == {
        (302, reverse("wagtailadmin_password_reset_done"))
    }
    assert "Password reset not sent: too many requests from this address (client 203.0.113.50)." in caplog.text
    assert "officer-24@example.org" not in caplog.text


def test_many_addresses_asking_for_one_account_get_a_few_emails(client, db, settings):
    UserFactory(username="officer", email="officer@example.org")

    answers = [
        client.post(RESET, {"email": "OFFICER@example.org" if n % 2 else "officer@example.org"}, **attacker(n))
        for n in range(25)
    ]

    assert len(mail.outbox) == 3
    assert {answer.status_code for answer in answers} == {302}


def test_a_refused_reset_looks_like_one_for_an_unknown_address(client, db, settings):
    UserFactory(username="officer", email="officer@example.org")
    for n in range(3):
        client.post(RESET, {"email": "officer@example.org"}, **attacker(n))

    refused = client.post(RESET, {"email": "officer@example.org"}, follow=True, **attacker(10))
    unknown = client.post(RESET, {"email": "nobody@example.org"}, follow=True, **attacker(11))

    assert len(mail.outbox) == 3
    assert refused.redirect_chain == unknown.redirect_chain
    assert without_csrf_tokens(refused.content) == without_csrf_tokens(unknown.content)
