"""Phone first (issue #16): the main public pages in /en/, /fr/ and /es/, at 390 px and 1280 px.

One walk per viewport over the full demo (``load_demo``, loaded once): axe-core at zero violations with
the best-practice rules and the target-size rule (touch targets of at least 24 px), no sideways scroll, a
header no taller than a fifth of the phone's screen, the first result above the fold on listing pages,
tables that scroll saying so; then the phone menu and the filters with the keyboard, and both without
JavaScript.
"""

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from .conftest import DESKTOP, PHONE, ensure_tree_roots, local_url
from .test_accessibility import OVERFLOW_JS

pytestmark = pytest.mark.browser

LANGUAGES = ["en", "fr", "es"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
HEADER_LIMIT = PHONE["height"] // 5  # 168 px: a fifth of the screen
LISTINGS = ["statements/", "library/", "fact-checks/", "newsroom/"]
# Pages by path under /<lang>/; "first result of X" pages are found on X in the same language.
PAGES = ["", *LISTINGS, "roundtable/", "roundtable/commitments/", "accounts/", "search/?q=g20"]
FIRST_RESULT_OF = {"statement": "statements/", "debunk": "fact-checks/"}


@pytest.fixture
def full_demo_site(live_server) -> str:
    """The live server with every domain's demo (statements, debunks, newsroom, roundtable, presidencies)."""
    ensure_tree_roots()
    call_command("load_demo", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def open_context(browser: Browser) -> Callable[..., Page]:
    contexts = []

    def open_page(viewport: dict, **options) -> Page:
        if viewport == PHONE:
            options = {"is_mobile": True, "has_touch": True, **options}
        context = browser.new_context(viewport=viewport, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url} answered {response and response.status}"


def axe_problems(axe, page: Page) -> list[str]:
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    return [
        f"axe {violation['id']}: {', '.join(str(node['target']) for node in violation['nodes'][:5])}"
        for violation in results.response["violations"]
    ]


def layout_problems(page: Page, viewport: dict, path: str) -> list[str]:
    problems = []
    width = viewport["width"]
    scroll_width, inner_width, culprits = page.evaluate(OVERFLOW_JS, width)
    if scroll_width > width or inner_width != width:
        problems.append(f"scrolls sideways: {scroll_width}px in {width}px ({culprits})")
    if viewport == PHONE:
        header = page.locator("header.site-header").bounding_box()
        if header["height"] > HEADER_LIMIT:
            problems.append(f"header is {header['height']:.0f}px tall (limit {HEADER_LIMIT})")
        if path in LISTINGS:
            first = page.locator(".result-list .result").first.bounding_box()
            if first is None or first["y"] >= PHONE["height"]:
                problems.append(f"first result at y={first and round(first['y'])}, below the fold")
    for region in page.locator(".table-scroll").all():
        hint = region.locator(".table-scroll__hint")
        overflows = region.evaluate("(el) => el.scrollWidth > el.clientWidth")
        if region.get_attribute("role") != "region" or region.get_attribute("tabindex") != "0":
            problems.append("a scrolling table is not a focusable region")
        if overflows != hint.is_visible():
            problems.append(f"table overflows={overflows} but its hint visible={hint.is_visible()}")
    return problems


def walk(axe, page: Page, base_url: str, viewport: dict) -> list[str]:
    """Every page of the walk, in each language; returns what is wrong, page by page."""
    problems = []
    for language in LANGUAGES:
        paths = list(PAGES)
        for listing in FIRST_RESULT_OF.values():
            visit(page, f"{base_url}/{language}/{listing}")
            paths.append(page.locator(".result-list .result__title a").first.get_attribute("href"))
        visit(page, f"{base_url}/{language}/")
        paths.append(page.locator(".troika__name a").first.get_attribute("href"))  # an archived presidency
        meeting = page.locator("#home-next-meeting ~ ul a").first.get_attribute("href")
        paths.append(meeting)  # a meeting page with its participants' table
        for path in paths:
            url = local_url(base_url, path) if path.startswith(("/", "http")) else f"{base_url}/{language}/{path}"
            visit(page, url)
            found = axe_problems(axe, page) + layout_problems(page, viewport, path)
            problems.extend(f"{viewport['width']}px {url}: {problem}" for problem in found)
    return problems


def check_phone_menu_with_the_keyboard(page: Page, base_url: str) -> None:
    visit(page, f"{base_url}/fr/")
    nav = page.locator("nav.site-nav")
    toggle = page.locator(".site-menu__toggle")
    expect(nav).to_be_hidden()
    for _ in range(3):  # skip link, home link, the menu button
        page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(nav).to_be_visible()
    expect(page.locator(".language-switcher a[hreflang='es']")).to_be_visible()
    expect(page.get_by_role("search").get_by_role("searchbox")).to_be_visible()
    page.keyboard.press("Tab")  # into the menu: the first language
    expect(page.locator(".language-switcher a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(nav).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Space")
    expect(nav).to_be_visible()


def check_phone_filters(page: Page, base_url: str) -> None:
    visit(page, f"{base_url}/en/statements/")
    toggle = page.locator(".filter-disclosure__toggle")
    form = page.locator("form.filter-form")
    expect(form).to_be_hidden()
    toggle.focus()
    page.keyboard.press("Enter")
    expect(form).to_be_visible()
    page.get_by_label("Kind").select_option(index=1)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/en/statements/?*kind=*")
    expect(form).to_be_visible()  # open again: a filter is in use
    expect(toggle).to_contain_text("1 active")


def check_desktop_unchanged(page: Page, base_url: str) -> None:
    visit(page, f"{base_url}/en/statements/")
    expect(page.locator(".site-menu__toggle")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.locator("form.filter-form")).to_be_visible()
    expect(page.locator(".filter-disclosure__toggle")).to_be_hidden()


def check_without_javascript(desktop: Page, phone: Page, base_url: str) -> None:
    visit(desktop, f"{base_url}/es/statements/")
    expect(desktop.locator("nav.site-nav")).to_be_visible()
    expect(desktop.get_by_role("search").get_by_role("searchbox")).to_be_visible()
    expect(desktop.locator("form.filter-form")).to_be_visible()

    visit(phone, f"{base_url}/es/statements/")
    nav = phone.locator("nav.site-nav")
    expect(nav).to_be_hidden()
    phone.locator(".site-menu__toggle").click()
    expect(nav).to_be_visible()
    phone.locator(".site-menu__toggle").click()  # the open menu lies over the page; fold it again
    expect(nav).to_be_hidden()
    expect(phone.locator("form.filter-form")).to_be_hidden()
    phone.locator(".filter-disclosure__toggle").click()
    expect(phone.locator("form.filter-form")).to_be_visible()


# One test, so the full demo loads once: the walk takes most of its time.
@pytest.mark.timeout(300)
def test_phone_first(full_demo_site, open_context, axe):
    phone, desktop = open_context(PHONE), open_context(DESKTOP)
    problems = walk(axe, phone, full_demo_site, PHONE) + walk(axe, desktop, full_demo_site, DESKTOP)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)

    check_phone_menu_with_the_keyboard(phone, full_demo_site)
    check_phone_filters(phone, full_demo_site)
    check_desktop_unchanged(desktop, full_demo_site)
    check_without_javascript(
        open_context(DESKTOP, java_script_enabled=False), open_context(PHONE, java_script_enabled=False), full_demo_site
    )
