"""The newsroom in a real browser: listing, filters and featured items (axe-core, phone, no CSP errors)."""

import io

import pytest

from .test_accessibility import OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGES = ["/en/newsroom/", "/en/newsroom/?kind=fact_checker", "/en/newsroom/?kind=nonsense", "/fr/newsroom/"]


@pytest.fixture
def newsroom_site(demo_site) -> str:
    from feeds import demo as feeds_demo

    feeds_demo.load(io.StringIO())
    return demo_site


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_newsroom_is_accessible_and_fits_a_phone(
    request, newsroom_site, viewport, assert_accessible, assert_no_csp_errors
):
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for path in PAGES:
        page.goto(newsroom_site + path)
        assert page.locator("main h1").count() == 1, path
        assert_accessible(page)
        if viewport == "phone":
            scroll_width, inner_width, culprits = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
            assert scroll_width <= inner_width, f"{path} overflows on a phone: {culprits}"
    assert_no_csp_errors()


def test_filtering_the_newsroom(page, newsroom_site):
    page.goto(newsroom_site + "/en/newsroom/")
    # Seven items: the featured one heads the page and is not repeated in the list below it.
    assert page.locator(".featured-items .result").count() == 1
    assert page.locator("ol.result-list .result").count() == 6
    page.get_by_label("Kind of source").select_option("research")
    page.get_by_role("button", name="Apply filters").click()
    assert "kind=research" in page.url
    assert page.locator("ol.result-list .result").count() == 2
