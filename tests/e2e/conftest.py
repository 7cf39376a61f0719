"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test under tests/e2e is marked ``browser`` (so ``make test`` deselects them and
``make e2e`` runs them). One Chromium per session; a fresh context and page per test.
On failure the page is screenshotted to ``e2e-artifacts/`` (git-ignored).
"""

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "e2e-artifacts"
E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"e2e_report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    # Playwright's sync API keeps an event loop running in this thread, so Django would refuse
    # the ORM calls the tests make (loading demo content, creating users). Set here rather than
    # when this conftest is imported, so `make test` (which collects it too) keeps Django's guard.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        playwright.stop()


def ensure_tree_roots() -> None:
    """The root page and root collection that Wagtail's migrations create.

    The live server's database is flushed after every test (a transactional test case),
    which also removes migration data. Django's serialized rollback cannot bring it back
    here: once Playwright's sync API is running, asgiref hands this thread a fresh
    database connection that lacks the serialized copy.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    if not Page.objects.exists():
        locale, _created = Locale.objects.get_or_create(language_code="en")
        Page.add_root(
            instance=Page(
                title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page), locale=locale
            )
        )


@pytest.fixture
def demo_site(live_server) -> str:
    """The live server's base URL, with the demo content loaded into its database."""
    from hub.demo import content as demo

    ensure_tree_roots()
    demo.load(io.StringIO())
    return live_server.url


@pytest.fixture
def console_messages() -> list[ConsoleMessage]:
    """Every console message the test's pages logged (filled by the page fixtures)."""
    return []


def _open_page(request, browser: Browser, viewport: dict, console: list, **context_options) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, **context_options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("console", lambda message: console.append(message))
    yield page
    report = getattr(request.node, "e2e_report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        except Exception as error:  # a screenshot must never hide the real failure
            print(f"Could not save a screenshot: {error}")  # noqa: T201
    context.close()


@pytest.fixture
def page(request, browser, console_messages) -> Iterator[Page]:
    """A fresh desktop page (1280x900)."""
    yield from _open_page(request, browser, DESKTOP, console_messages)


@pytest.fixture
def phone_page(request, browser, console_messages) -> Iterator[Page]:
    """A fresh phone page (390x844, touch, mobile)."""
    yield from _open_page(
        request, browser, PHONE, console_messages, is_mobile=True, has_touch=True, device_scale_factor=2
    )


@pytest.fixture(params=["desktop", "phone"])
def any_page(request) -> Page:
    """The desktop page, then the phone page: for checks that must hold on both."""
    return request.getfixturevalue("page" if request.param == "desktop" else "phone_page")


def _format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} axe violation(s) (WCAG 2.0/2.1 A+AA) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation.get('impact')}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    target: {', '.join(map(str, node['target']))}")
            lines.append(f"      html: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      why:  {summary[:300]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture(scope="session")
def assert_accessible(axe) -> Callable[[Page], None]:
    """Runs axe-core with the WCAG 2.0/2.1 A and AA rules and fails listing every violation."""

    def check(page: Page) -> None:
        results = axe.run(
            page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
        )
        violations = results.response["violations"]
        assert not violations, _format_violations(page.url, violations)

    return check


def sign_in_to_admin(page: Page, base_url: str, username: str, password: str) -> None:
    """Sign in through the real forms: the password, then, for an officer who must pass a second factor
    (hub.mfa.rules), the code of an authenticator app made for them here, as an enrolled officer types it."""
    from django.contrib.auth import get_user_model

    from hub.mfa.rules import must_use_second_factor
    from tests.mfa import authenticator_app, code_for

    user = get_user_model().objects.get(username=username)
    device = authenticator_app(user) if must_use_second_factor(user) else None
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label(re.compile("username", re.I)).fill(username)
    page.get_by_label(re.compile("password", re.I)).fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url(re.compile(r"/admin/mfa/verify/"))
        page.get_by_role("textbox", name="Code").fill(code_for(device))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def csp_errors(messages: list[ConsoleMessage]) -> list[str]:
    return [message.text for message in messages if "Content Security Policy" in message.text]


@pytest.fixture
def assert_no_csp_errors(console_messages) -> Callable[[], None]:
    def check() -> None:
        errors = csp_errors(console_messages)
        assert not errors, "Content Security Policy violations in the console:\n" + "\n".join(errors)

    return check


def local_url(base_url: str, href: str) -> str:
    """``href`` (absolute or not, perhaps built for another host) as a URL on the live server."""
    parts = urlsplit(href)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return urljoin(base_url + "/", path)
