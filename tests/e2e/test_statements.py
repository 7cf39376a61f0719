"""Statements and library listings in a real browser: filter forms, results and items (axe-core, phone)."""

import io

import pytest

from .test_accessibility import OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGES = [
    "/en/statements/",
    "/en/statements/?kind=office_statement&topic=information-integrity",
    "/en/statements/?from=not-a-date",
    "/en/statements/g20-office-information-integrity-principles/",
    "/fr/statements/",
    "/en/library/",
    "/en/library/state-of-information-integrity-2026/",
]


@pytest.fixture
def listing_site(demo_site) -> str:
    from library import demo as library_demo
    from statements import demo as statements_demo

    statements_demo.load(io.StringIO())
    library_demo.load(io.StringIO())
    return demo_site


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_listing_pages_are_accessible_and_fit_a_phone(request, listing_site, viewport, assert_accessible):
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for path in PAGES:
        page.goto(listing_site + path)
        assert page.locator("main h1").count() == 1, path
        assert_accessible(page)
        if viewport == "phone":
            scroll_width, inner_width, culprits = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
            assert scroll_width <= inner_width, f"{path} overflows on a phone: {culprits}"


def test_filtering_and_removing_a_filter(page, listing_site):
    page.goto(listing_site + "/en/statements/")
    page.get_by_label("Kind").select_option("press_release")
    page.get_by_role("button", name="Apply filters").click()
    assert "kind=press_release" in page.url
    assert page.locator(".result").count() == 1
    page.locator(".active-filters__chip").first.click()
    assert "kind=" not in page.url
    assert page.locator(".result").count() == 2
