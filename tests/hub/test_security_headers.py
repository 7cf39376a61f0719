"""Issue 17, item 10: public answers turn off the browser features the site never uses
(Permissions-Policy), and Content Security Policy violations are reported to /csp-report/, which
logs them, rate limited, and takes no hostile input into the log as it came. Also the deployment
check on Wagtail's security support window (item 9)."""

import datetime
import json
import logging

import pytest
from django.core.cache import cache
from django.test import Client

from hub.web.checks import wagtail_security_support
from tests.hub.test_pages import parse_csp

PUBLIC = ["/en/", "/fr/about/", "/es/search/?q=G20", "/api/v1/statements/", "/sitemap.xml", "/healthz"]
OFF = ["camera", "microphone", "geolocation", "payment", "usb", "publickey-credentials-get", "browsing-topics"]


def features(response) -> dict[str, str]:
    header = response.headers["Permissions-Policy"]
    return dict(part.strip().split("=", 1) for part in header.split(","))


@pytest.mark.parametrize("url", PUBLIC)
def test_public_answers_turn_off_every_feature_the_site_never_uses(client, demo_pages, url):
    response = client.get(url)

    assert response.status_code == 200
    policy = features(response)
    for feature in OFF:
        assert policy[feature] == "()", feature
    assert "(self)" not in response.headers["Permissions-Policy"]


def test_a_page_served_from_the_cache_keeps_its_permissions_policy(client, demo_pages, settings):
    settings.PAGE_CACHE_SECONDS = 300
    first = client.get("/en/about/")
    second = client.get("/en/about/")

    assert (first["X-Hub-Cache"], second["X-Hub-Cache"]) == ("miss", "hit")
    assert second["Permissions-Policy"] == first["Permissions-Policy"]
    assert second["Reporting-Endpoints"] == 'csp="/csp-report/"'
    assert features(second)["camera"] == "()"


def test_the_admin_may_use_passkeys_and_copy_buttons_on_its_own_origin_only(client, db):
    response = client.get("/admin/login/")

    policy = features(response)
    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"
    assert policy["clipboard-write"] == "(self)"
    assert policy["camera"] == "()"
    assert policy["geolocation"] == "()"


@pytest.mark.parametrize("url", ["/en/", "/admin/login/", "/api/v1/docs/"])
def test_every_policy_reports_its_violations(client, demo_pages, url):
    response = client.get(url)

    policy = parse_csp(response.headers["Content-Security-Policy"])
    assert policy["report-uri"] == ["/csp-report/"]
    assert policy["report-to"] == ["csp"]
    assert response.headers["Reporting-Endpoints"] == 'csp="/csp-report/"'


# --- the report endpoint --------------------------------------------------------------------------------

OLD_FORMAT = {
    "csp-report": {
        "document-uri": "https://hub.example.org/en/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "https://evil.example/x.js",
        "source-file": "https://hub.example.org/en/",
        "line-number": 12,
        "disposition": "enforce",
    }
}
REPORTING_API = [
    {
        "type": "csp-violation",
        "url": "https://hub.example.org/fr/",
        "body": {
            "documentURL": "https://hub.example.org/fr/",
            "effectiveDirective": "img-src",
            "blockedURL": "https://tracker.example/p.gif",
            "disposition": "enforce",
            "statusCode": 200,
        },
    },
    {"type": "deprecation", "body": {"id": "x"}},
    {
        "type": "csp-violation",
        "body": {"documentURL": "https://hub.example.org/es/", "effectiveDirective": "style-src-attr"},
    },
]


@pytest.fixture
def browser():
    """An anonymous browser: no session, no CSRF token (reports are sent without either)."""
    cache.clear()
    return Client(enforce_csrf_checks=True)


def post(browser, payload, content_type="application/csp-report", **extra):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return browser.post("/csp-report/", data=body, content_type=content_type, **extra)


def csp_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "hub.csp"]


def test_a_browser_report_is_logged_without_csrf_or_session(browser, db, caplog):
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser, OLD_FORMAT)

    assert response.status_code == 204
    (line,) = csp_lines(caplog)
    logged = json.loads(line.removeprefix("CSP violation "))
    assert logged == {
        "blocked": "https://evil.example/x.js",
        "directive": "script-src-elem",
        "disposition": "enforce",
        "document": "https://hub.example.org/en/",
        "line": "12",
        "source": "https://hub.example.org/en/",
    }


def test_reporting_api_batches_log_each_csp_violation_and_ignore_other_reports(browser, db, caplog):
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser, REPORTING_API, content_type="application/reports+json")

    assert response.status_code == 204
    lines = csp_lines(caplog)
    assert len(lines) == 2
    assert '"directive": "img-src"' in lines[0] and '"status": "200"' in lines[0]
    assert '"document": "https://hub.example.org/es/"' in lines[1]


def test_hostile_fields_cannot_forge_log_lines_or_flood_the_log(browser, db, caplog):
    hostile = {
        "csp-report": {
            "document-uri": "https://hub.example.org/\n2026-12-07 ERROR forged line\x1b[31m\u202e",
            "blocked-uri": "x" * 5000,
            "violated-directive": {"nested": "object"},
            "line-number": True,
        }
    }
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser, hostile)

    assert response.status_code == 204
    (line,) = csp_lines(caplog)
    assert "\n" not in line and "\x1b" not in line and "\u202e" not in line
    logged = json.loads(line.removeprefix("CSP violation "))
    assert logged["document"].startswith("https://hub.example.org/\n2026-12-07")
    assert len(logged["blocked"]) == 500
    assert "directive" not in logged and "line" not in logged


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/csp-report", 400),
        # A few KB of nested brackets exhaust the JSON parser's recursion: a bad report, not a 500.
        ('{"csp-report":' + "[" * 7000 + "]" * 7000 + "}", "application/csp-report", 400),
        ('{"csp-report": "a string"}', "application/csp-report", 400),
        ("[]", "application/reports+json", 400),
        ('"just a string"', "application/json", 400),
        (b"\xff\xfe\x00", "application/csp-report", 400),
        (json.dumps(OLD_FORMAT), "text/plain", 415),
        (json.dumps(OLD_FORMAT), "application/x-www-form-urlencoded", 415),
    ],
)
def test_bad_reports_get_a_clear_status_and_log_nothing(browser, db, caplog, body, content_type, status):
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser, body, content_type=content_type)

    assert response.status_code == status
    assert csp_lines(caplog) == []


def test_an_oversized_report_is_refused_unread(browser, db, caplog):
    padded = {"csp-report": {**OLD_FORMAT["csp-report"], "script-sample": "y" * 20_000}}
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        response = post(browser, padded)

    assert response.status_code == 413
    assert csp_lines(caplog) == []


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_only_post_is_taken(browser, db, method):
    assert getattr(browser, method)("/csp-report/").status_code == 405


def test_reports_are_rate_limited_per_address(browser, db, caplog, settings):
    settings.CSP_REPORT_RATE = "3/m"
    with caplog.at_level(logging.WARNING, logger="hub.csp"):
        answers = [post(browser, OLD_FORMAT, REMOTE_ADDR="198.51.100.9").status_code for _ in range(5)]
        other = post(browser, OLD_FORMAT, REMOTE_ADDR="198.51.100.10").status_code

    assert answers == [204, 204, 204, 429, 429]
    assert other == 204
    assert len(csp_lines(caplog)) == 4


# --- Wagtail's security support window (item 9) -----------------------------------------------------------


def test_the_deploy_check_fails_once_wagtail_leaves_security_support():
    (warning,) = wagtail_security_support(today=datetime.date(2027, 2, 3))
    assert warning.id == "hub.W101"
    assert "left security support on 2027-02-02" in warning.msg


def test_the_deploy_check_gives_notice_ahead_of_the_end():
    (notice,) = wagtail_security_support(today=datetime.date(2026, 12, 7))
    assert notice.id == "hub.I101"
    assert wagtail_security_support(today=datetime.date(2026, 6, 1)) == []


@pytest.mark.parametrize("length", ["\xb2", "-1", "1e3"])
def test_a_content_length_that_is_not_ascii_digits_is_refused(browser, db, length):
    response = browser.post("/csp-report/", data="{}", content_type="application/csp-report", CONTENT_LENGTH=length)

    assert response.status_code == 413
