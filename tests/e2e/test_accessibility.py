"""The public site in a real browser: WCAG 2.1 AA (axe-core), keyboard, languages, phone layout, CSP."""

import pytest
from playwright.sync_api import Page, expect

from .conftest import local_url

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["home", "about", "about-fr", "search"]
ABOUT_EN_TITLE = "About the hub"
ABOUT_FR_TITLE = "À propos de la plateforme"
# The page's width, the browser's idea of the viewport's, and (to make a failure actionable) up to
# ten elements sticking out of a viewport ``width`` pixels wide.
OVERFLOW_JS = """(width) => {
    const classes = (el) => (typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : []);
    const describe = (el) => [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes(el)]
        .filter(Boolean).join('.');
    const culprits = [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .slice(0, 10)
        .map(describe);
    return [document.documentElement.scrollWidth, window.innerWidth, culprits];
}"""


def french_about_url(page: Page, base_url: str) -> str:
    """The French about page, as the English one advertises it in its hreflang alternate."""
    page.goto(f"{base_url}/en/about/")
    href = page.locator('head link[rel="alternate"][hreflang="fr"]').get_attribute("href")
    assert href, "the English about page has no hreflang=fr alternate link"
    return local_url(base_url, href)


def open_public_page(page: Page, base_url: str, name: str) -> None:
    url = {
        "home": f"{base_url}/en/",
        "about": f"{base_url}/en/about/",
        "search": f"{base_url}/en/search/?q=hub",
    }.get(name) or french_about_url(page, base_url)
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url} answered {response and response.status}"
    expect(page.locator("main h1")).to_be_visible()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations_and_no_csp_errors(
    any_page, demo_site, name, assert_accessible, assert_no_csp_errors
):
    open_public_page(any_page, demo_site, name)
    assert_no_csp_errors()
    assert_accessible(any_page)


@pytest.mark.parametrize("name", ["home", "about"])
def test_skip_link_is_first_focusable_and_moves_focus_to_main(any_page, demo_site, name):
    open_public_page(any_page, demo_site, name)

    any_page.keyboard.press("Tab")
    skip_link = any_page.locator("a.skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # it slides into view on focus
    assert skip_link.get_attribute("href") == "#main"

    any_page.keyboard.press("Enter")
    expect(any_page.locator("main#main")).to_be_focused()
    # The next Tab continues from the main content, not from the top of the page.
    any_page.keyboard.press("Tab")
    assert any_page.evaluate("document.querySelector('main').contains(document.activeElement)"), (
        "after the skip link, Tab should land inside <main>"
    )


def test_language_switcher_goes_from_english_to_french_about_page(any_page, demo_site, assert_no_csp_errors):
    expected = french_about_url(any_page, demo_site)
    expect(any_page.locator("html")).to_have_attribute("lang", "en")
    expect(any_page.locator("main h1")).to_have_text(ABOUT_EN_TITLE)
    switcher = any_page.get_by_role("navigation", name="Language")
    menu_button = any_page.locator(".site-menu__toggle")
    if menu_button.is_visible():  # on a phone the languages are in the header's menu
        expect(switcher).to_be_hidden()
        menu_button.click()
    expect(switcher.locator("a[aria-current]")).to_have_attribute("hreflang", "en")

    switcher.locator('a[hreflang="fr"]').click()

    any_page.wait_for_url(expected)
    expect(any_page.locator("html")).to_have_attribute("lang", "fr")
    expect(any_page.locator("main h1")).to_have_text(ABOUT_FR_TITLE)
    expect(any_page.locator(".language-switcher a[aria-current]")).to_have_attribute("hreflang", "fr")
    assert_no_csp_errors()


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_nothing_overflows_horizontally_on_a_phone(phone_page, demo_site, name):
    open_public_page(phone_page, demo_site, name)
    width = phone_page.viewport_size["width"]
    scroll_width, inner_width, culprits = phone_page.evaluate(OVERFLOW_JS, width)
    # A mobile browser zooms out to fit content that is too wide, so innerWidth alone would grow with it.
    assert inner_width == width, f"the browser zoomed out to {inner_width}px to fit the page; wider: {culprits}"
    assert scroll_width <= inner_width, f"page is {scroll_width}px wide in a {inner_width}px viewport: {culprits}"


def test_search_finds_the_about_page(page, demo_site, assert_no_csp_errors):
    page.goto(f"{demo_site}/en/")
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("hub")
    search.press("Enter")

    page.wait_for_url("**/en/search/?q=hub")
    expect(page.get_by_role("status")).to_contain_text("hub")
    expect(page.locator(".result-list").get_by_role("link", name=ABOUT_EN_TITLE)).to_be_visible()
    assert_no_csp_errors()
