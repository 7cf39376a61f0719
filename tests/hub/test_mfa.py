"""Second factor for officers (issue 17): who must enrol, the admin's gate, enrolment, verification with an
app, a recovery code or a passkey, throttling, the two-person reset, Wagtail's log, and development's
exemption. Every test signs in with the password only (``password_only``); the second factor is the subject."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import override_settings
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from hub.mfa.devices import issue_recovery_codes
from hub.mfa.reset import SecondFactorReset
from hub.publishing.office import OFFICE_GROUP
from presidencies.access import ensure_office_group
from roundtable.access import CHAIRS_GROUP, MODERATORS_GROUP, ensure_roundtable_groups
from tests.factories import UserFactory
from tests.hub.test_settings import PRODUCTION_ENV, import_settings, loaded
from tests.mfa import authenticator_app, code_for, wrong_code

pytestmark = [pytest.mark.password_only, pytest.mark.django_db]

PRESIDENCY_MODERATORS = "2026 United States moderators"
PRESIDENCY_EDITORS = "2026 United States editors"
SETUP = "/admin/mfa/"
VERIFY = "/admin/mfa/verify/"


@pytest.fixture
def groups(home_page):
    """The office (rights over the whole tree), the roundtable's groups, and one presidency's editors and
    moderators with admin access (their page rights do not matter to the gate)."""
    ensure_office_group()
    ensure_roundtable_groups()
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    for name in (PRESIDENCY_EDITORS, PRESIDENCY_MODERATORS, CHAIRS_GROUP, MODERATORS_GROUP):
        Group.objects.get_or_create(name=name)[0].permissions.add(access_admin)
    return home_page


def officer(*group_names, **fields):
    return UserFactory(groups=list(group_names), **fields)


def logs(user, action):
    return ModelLogEntry.objects.filter(object_id=str(user.pk), action=action)


OFFICERS = {
    "office member": lambda: officer(OFFICE_GROUP),
    "presidency moderator": lambda: officer(PRESIDENCY_MODERATORS),
    "consultation moderator": lambda: officer(MODERATORS_GROUP),
    "roundtable chair": lambda: officer(CHAIRS_GROUP),
    "superuser": lambda: officer(is_superuser=True, is_staff=True),
}


@pytest.mark.parametrize("role", OFFICERS)
def test_an_officer_without_a_device_reaches_only_enrolment(role, groups, client):
    user = OFFICERS[role]()
    client.force_login(user)
    home = groups
    for url in (
        "/admin/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/api/main/pages/",
        "/admin/documents/",
        f"/admin/localize/submit/page/{home.pk}/",
        "/admin/reports/site-history/",
        "/admin/second-factor-resets/",
        "/django-admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SETUP}?next="), url
    assert client.post(f"/admin/pages/{home.pk}/edit/", {"title": "Hijacked"}).status_code == 403
    assert client.post("/admin/documents/multiple/add/", {}).status_code == 403
    home.refresh_from_db()
    assert home.title != "Hijacked"

    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Your role needs a second step" in page.content.decode()
    assert client.post("/admin/logout/").status_code == 302


# The tests' in-memory storage has no local path to serve from: Wagtail redirects to the file instead.
@override_settings(WAGTAILDOCS_SERVE_METHOD="redirect")
def test_private_documents_wait_for_the_second_factor(groups, client, disk_storages):
    """A collection open to signed-in users only: the password alone does not download its files."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Office only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = get_document_model().objects.create(
        title="Draft communique", file=ContentFile(b"Not yet.", name="draft.txt"), collection=private
    )
    user = officer(OFFICE_GROUP)
    device = signed_in_with_device(client, user)
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    client.post(VERIFY, {"code": code_for(device)})
    served = client.get(document.url)
    # A private collection's file has no media address: Wagtail's view streams it after its privacy check.
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"Not yet."
    assert "no-store" in served["Cache-Control"]


def test_the_password_form_leads_an_officer_to_enrolment(groups, client):
    user = officer(OFFICE_GROUP)
    response = client.post("/admin/login/", {"username": user.username, "password": "x", "next": "/admin/pages/"})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2Fpages%2F"


def test_an_editor_without_a_device_works_as_before(groups, client):
    editor = officer(PRESIDENCY_EDITORS)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    account = client.get("/admin/account/").content.decode()
    assert 'href="/admin/mfa/"' in account
    page = client.get(SETUP)
    assert "Optional for your role" in page.content.decode()


@override_settings(MFA_REQUIRED_FOR_ALL=True)
def test_everyone_enrols_when_required_for_all(groups, client):
    client.force_login(officer(PRESIDENCY_EDITORS))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


def test_enrolment_with_an_app_wrong_then_right_code(groups, client):
    user = officer(PRESIDENCY_MODERATORS)
    client.force_login(user)
    page = client.get(f"{SETUP}?next=/admin/pages/").content.decode()
    assert 'src="data:image/svg+xml' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    assert len(key.replace(" ", "")) == 32
    # The same secret on reload: the code is checked against what was scanned.
    client.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post(SETUP, {"code": wrong_code(device), "next": "/admin/pages/"})
    assert wrong.status_code == 200
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()

    right = client.post(SETUP, {"code": code_for(device), "next": "/admin/pages/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/mfa/recovery-codes/?next=%2Fadmin%2Fpages%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert logs(user, "hub.mfa.enrol").get().data == {"method": "totp"}

    codes = client.get(right["Location"]).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes)
    assert len(shown) == 10
    assert set(shown) == set(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    assert re.findall(r"<li><code>", client.get("/admin/mfa/recovery-codes/").content.decode()) == []
    # Verified by enrolment: the admin opens, and stays open for the session.
    assert client.get("/admin/account/").status_code == 200
    assert client.get("/admin/").status_code == 200


def signed_in_with_device(client, user):
    device = authenticator_app(user)
    client.force_login(user)
    return device


def test_an_enrolled_officer_verifies_once_per_session(groups, client):
    user = officer(OFFICE_GROUP)
    device = signed_in_with_device(client, user)
    gate = client.get("/admin/pages/")
    assert gate.status_code == 302
    assert gate["Location"] == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    page = client.get(gate["Location"]).content.decode()
    assert 'name="next" value="/admin/pages/"' in page
    assert '<form method="post" action="/admin/logout/">' in page

    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/pages/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    assert logs(user, "hub.mfa.verify").get().data == {"method": "totp"}


def test_verify_refuses_to_send_an_officer_elsewhere(groups, client):
    user = officer(OFFICE_GROUP)
    device = signed_in_with_device(client, user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


def test_an_enrolled_editor_is_asked_at_each_sign_in(groups, client):
    editor = officer(PRESIDENCY_EDITORS)
    signed_in_with_device(client, editor)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def test_a_recovery_code_works_once(groups, client):
    user = officer(OFFICE_GROUP)
    signed_in_with_device(client, user)
    code = issue_recovery_codes(user)[0]

    assert client.post(VERIFY, {"code": code.upper()})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert logs(user, "hub.mfa.verify").get().data == {"method": "recovery code"}

    client.logout()
    client.force_login(user)
    again = client.post(VERIFY, {"code": code})
    assert again.status_code == 200
    assert "That code is not right" in again.content.decode()
    assert client.get("/admin/").status_code == 302


@override_settings(OTP_TOTP_THROTTLE_FACTOR=30)
def test_wrong_codes_are_throttled_and_logged_without_the_code(groups, client):
    user = officer(OFFICE_GROUP)
    device = signed_in_with_device(client, user)
    wrong = wrong_code(device)

    first = client.post(VERIFY, {"code": wrong})
    assert "That code is not right" in first.content.decode()
    # Even the right code waits now.
    second = client.post(VERIFY, {"code": code_for(device)})
    assert "Too many wrong codes. Wait" in second.content.decode()
    assert client.get("/admin/").status_code == 302

    failures = logs(user, "hub.mfa.verify_failed")
    assert [entry.data for entry in failures.order_by("pk")] == [
        {"method": "totp", "throttled": False},
        {"method": "totp", "throttled": True},
    ]
    assert wrong not in json.dumps([entry.data for entry in failures])


def test_throttling_is_on_by_default(settings):
    assert settings.OTP_TOTP_THROTTLE_FACTOR >= 1
    assert settings.OTP_STATIC_THROTTLE_FACTOR >= 1


def test_a_password_alone_cannot_add_a_device_to_an_enrolled_account(groups, client):
    """Someone with the password of an enrolled officer cannot enrol their own app or passkey."""
    user = officer(OFFICE_GROUP)
    signed_in_with_device(client, user)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.post(SETUP, {"code": "123456"})["Location"].startswith(VERIFY)
    begin = client.post("/admin/mfa/passkeys/registration/begin/", "{}", content_type="application/json")
    assert begin.status_code == 403
    assert client.post("/admin/mfa/recovery-codes/")["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert StaticDevice.objects.filter(user=user).count() == 0


def test_passkey_registration_starts_for_an_officer_enrolling(groups, client):
    user = officer(MODERATORS_GROUP)
    client.force_login(user)
    response = client.get(SETUP)
    page = response.content.decode()
    assert 'id="passkey-registration-placeholder"' in page
    # The library's script is served by the hub itself, which the admin's policy allows.
    assert '<script type="module" src="/static/django_otp_webauthn/otp_webauthn_register.js">' in page
    assert "script-src 'self'" in response["Content-Security-Policy"]
    begin = client.post("/admin/mfa/passkeys/registration/begin/", "{}", content_type="application/json")
    assert begin.status_code == 200
    options = begin.json()
    assert options["rp"]["id"] == "testserver"
    assert options["challenge"]
    # A forged answer to the challenge registers nothing.
    complete = client.post(
        "/admin/mfa/passkeys/registration/complete/", json.dumps({"id": "x"}), content_type="application/json"
    )
    assert complete.status_code >= 400
    assert not list(devices_for_user(user))
    assert client.get("/admin/").status_code == 302


def test_passkey_verification_starts_and_a_forged_answer_fails_and_is_logged(groups, client):
    user = officer(OFFICE_GROUP)
    signed_in_with_device(client, user)
    begin = client.post("/admin/mfa/passkeys/authentication/begin/", "{}", content_type="application/json")
    assert begin.status_code == 200
    assert begin.json()["rpId"] == "testserver"
    complete = client.post(
        "/admin/mfa/passkeys/authentication/complete/", json.dumps({"id": "x"}), content_type="application/json"
    )
    assert complete.status_code >= 400
    assert client.get("/admin/").status_code == 302
    assert logs(user, "hub.mfa.verify_failed").get().data == {"method": "passkey", "throttled": False}


def test_passkey_endpoints_need_a_signed_in_user(groups, client):
    response = client.post("/admin/mfa/passkeys/registration/begin/", "{}", content_type="application/json")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def verified(client, user):
    device = authenticator_app(user)
    client.force_login(user)
    client.post(VERIFY, {"code": code_for(device)})
    return device


def test_a_reset_needs_a_second_office_member(groups, client):
    requester, approver = officer(OFFICE_GROUP), officer(OFFICE_GROUP)
    target = officer(PRESIDENCY_MODERATORS)
    authenticator_app(target)
    issue_recovery_codes(target)

    verified(client, requester)
    response = client.post("/admin/second-factor-resets/", {"user": target.pk, "reason": "Lost phone; called her"})
    assert response.status_code == 302
    reset = SecondFactorReset.objects.get(user=target)
    own = client.post(f"/admin/second-factor-resets/{reset.pk}/approve/", follow=True)
    assert "you cannot approve your own request" in own.content.decode()
    assert len(list(devices_for_user(target))) == 2

    verified(client, approver)
    page = client.get("/admin/second-factor-resets/").content.decode()
    assert "Lost phone; called her" in page
    done = client.post(f"/admin/second-factor-resets/{reset.pk}/approve/", follow=True)
    assert "second factor was reset (2 devices removed)" in done.content.decode()
    assert list(devices_for_user(target, confirmed=None)) == []

    request_log = logs(target, "hub.mfa.reset_request").get()
    assert request_log.user_id == requester.pk
    reset_log = logs(target, "hub.mfa.reset").get()
    assert reset_log.user_id == approver.pk
    assert reset_log.data["requested_by"] == requester.username

    # The officer enrols again at their next page.
    client.force_login(target)
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_nobody_approves_a_reset_of_their_own_second_factor(groups, client):
    asker, officer_concerned = officer(OFFICE_GROUP), officer(OFFICE_GROUP)
    authenticator_app(officer_concerned)
    verified(client, asker)
    client.post("/admin/second-factor-resets/", {"user": officer_concerned.pk, "reason": "New phone"})
    reset = SecondFactorReset.objects.get()
    verified(client, officer_concerned)
    refused = client.post(f"/admin/second-factor-resets/{reset.pk}/approve/", follow=True)
    assert "a reset of your own second factor" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=officer_concerned).exists()


def test_only_the_office_handles_resets(groups, client):
    target = officer(OFFICE_GROUP)
    authenticator_app(target)
    verified(client, officer(PRESIDENCY_MODERATORS))
    # Wagtail turns the refusal into a message on the dashboard.
    assert client.get("/admin/second-factor-resets/")["Location"] == "/admin/"
    client.post("/admin/second-factor-resets/", {"user": target.pk, "reason": "Let me in"})
    assert not SecondFactorReset.objects.exists()


def test_the_reset_command_keeps_the_two_person_rule(groups):
    asker, approver = officer(OFFICE_GROUP, username="asker"), officer(OFFICE_GROUP, username="approver")
    target = officer(CHAIRS_GROUP, username="chair")
    authenticator_app(target)

    with pytest.raises(CommandError, match="ask for one first"):
        call_command("mfa_reset", "chair", approved_by="approver")
    call_command("mfa_reset", "chair", requested_by="asker", reason="Phone stolen")
    with pytest.raises(CommandError, match="your own request"):
        call_command("mfa_reset", "chair", approved_by="asker")
    assert TOTPDevice.objects.filter(user=target).exists()
    call_command("mfa_reset", "chair", approved_by="approver")
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert logs(target, "hub.mfa.reset_request").get().user == asker
    assert logs(target, "hub.mfa.reset").get().user == approver


def test_the_second_factor_shows_in_site_history(groups, client):
    admin = officer(is_superuser=True, is_staff=True)
    verified(client, admin)
    history = client.get("/admin/reports/site-history/").content.decode()
    assert "Passed the second factor" in history


@override_settings(MFA_ENFORCED=False)
def test_development_lets_officers_in_and_says_so(groups, client):
    client.force_login(officer(OFFICE_GROUP))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Second factor not enforced: development" in response.content.decode()


def test_development_settings_do_not_enforce_unless_asked():
    assert loaded(import_settings("hub.settings.dev", {}, ["MFA_ENFORCED"]))["MFA_ENFORCED"] is False
    enforced = loaded(import_settings("hub.settings.dev", {"MFA_ENFORCED": "1"}, ["MFA_ENFORCED"]))
    assert enforced["MFA_ENFORCED"] is True
    production = loaded(import_settings("hub.settings.production", PRODUCTION_ENV, ["MFA_ENFORCED"]))
    assert production["MFA_ENFORCED"] is True


def test_production_binds_passkeys_to_the_admin_host():
    names = ["OTP_WEBAUTHN_RP_ID", "OTP_WEBAUTHN_ALLOWED_ORIGINS"]
    assert loaded(import_settings("hub.settings.production", PRODUCTION_ENV, names)) == {
        "OTP_WEBAUTHN_RP_ID": "g20-hub.example",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": ["https://g20-hub.example"],
    }
    named = {**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": "https://admin.g20-hub.example"}
    assert loaded(import_settings("hub.settings.production", named, names)) == {
        "OTP_WEBAUTHN_RP_ID": "admin.g20-hub.example",
        "OTP_WEBAUTHN_ALLOWED_ORIGINS": ["https://admin.g20-hub.example"],
    }


def test_the_deploy_check_stops_production_without_the_second_factor():
    with override_settings(MFA_ENFORCED=False):
        assert "hub.W001" in [message.id for message in run_checks(include_deployment_checks=True)]
    assert "hub.W001" not in [message.id for message in run_checks(include_deployment_checks=True)]


def queries_for(client, url, **settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with override_settings(**settings), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_what_the_gate_costs_per_admin_page(groups, client):
    """A verified officer: nothing beyond django-otp's device lookup. An editor without a second factor:
    one query per kind of device (app, recovery codes, passkey) and one for their groups."""
    verified(client, officer(OFFICE_GROUP))
    client.get("/admin/account/")  # once, for what Django and Wagtail cache
    assert queries_for(client, "/admin/account/", MFA_ENFORCED=True) == queries_for(
        client, "/admin/account/", MFA_ENFORCED=False
    )
    client.force_login(officer(PRESIDENCY_EDITORS))
    client.get("/admin/account/")
    enforced = queries_for(client, "/admin/account/", MFA_ENFORCED=True)
    assert enforced - queries_for(client, "/admin/account/", MFA_ENFORCED=False) == 4


@pytest.fixture
def restricted_page(groups):
    """A page of the public site open to signed-in users only (Wagtail's page privacy)."""
    from wagtail.models import PageViewRestriction

    from tests.factories.hub import ContentPageFactory

    page = ContentPageFactory(parent=groups, title="Sherpa briefing", slug="sherpa-briefing", publish=True)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def test_a_page_for_signed_in_readers_waits_for_the_second_factor(restricted_page, client):
    """The password alone (through the admin's form or the site's own) must not open what the admin's
    gate protects: a page restricted to signed-in users is behind the second factor too."""
    user = officer(OFFICE_GROUP)
    device = signed_in_with_device(client, user)
    url = restricted_page.url

    gate = client.get(url)
    assert gate.status_code == 302
    assert gate["Location"].startswith(VERIFY)
    assert b"Sherpa briefing" not in gate.content
    client.post(VERIFY, {"code": code_for(device)})
    assert client.get(url).status_code == 200


def test_the_site_login_form_does_not_open_a_restricted_page_without_the_second_factor(restricted_page, client):
    user = officer(OFFICE_GROUP)
    authenticator_app(user)

    client.post("/en/_util/login/", {"username": user.username, "password": "x", "next": restricted_page.url})

    response = client.get(restricted_page.url)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_restricted_pages_stay_as_they_were_for_editors_and_anonymous_readers(restricted_page, client):
    anonymous = client.get(restricted_page.url)
    assert anonymous.status_code == 302 and "_util/login" in anonymous["Location"]
    client.force_login(officer(PRESIDENCY_EDITORS))
    assert client.get(restricted_page.url).status_code == 200


def test_nobody_asks_for_a_reset_of_their_own_second_factor(groups, client):
    """A stolen password must not start the process: someone else in the office asks, after checking who
    is really asking for it."""
    member, colleague = officer(OFFICE_GROUP), officer(OFFICE_GROUP)
    authenticator_app(member)
    verified(client, member)

    refused = client.post("/admin/second-factor-resets/", {"user": member.pk, "reason": "Lost my phone"}, follow=True)

    assert "your own second factor" in refused.content.decode()
    assert not SecondFactorReset.objects.exists()
    with pytest.raises(CommandError):
        call_command("mfa_reset", member.username, requested_by=member.username, reason="Lost my phone")
    assert colleague.pk  # a colleague can still ask (test_a_reset_needs_a_second_office_member)


def test_the_django_admin_offers_no_way_around_the_two_person_reset(groups, client):
    verified(client, officer(is_superuser=True, is_staff=True))

    for address in ("/django-admin/otp_totp/totpdevice/", "/django-admin/otp_static/staticdevice/"):
        assert client.get(address).status_code == 404, address


def test_deeply_nested_json_on_the_passkey_endpoints_is_a_400(groups, client):
    user = officer(OFFICE_GROUP)
    client.force_login(user)
    body = '{"a":' + "[" * 7000 + "]" * 7000 + "}"

    for address in ("/admin/mfa/passkeys/registration/begin/", "/admin/mfa/passkeys/authentication/begin/"):
        response = client.post(address, body, content_type="application/json")
        assert response.status_code == 400, address
