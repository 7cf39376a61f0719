"""Presidency sections, the troika and the official-accounts registry in a real browser (axe-core, phone)."""

import io

import pytest

from .test_accessibility import OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGES = [
    "/en/presidencies/",
    "/en/presidencies/2026-united-states/",
    "/fr/presidencies/2026-united-states/",
    "/en/presidencies/2025-south-africa/calendar/",
    "/en/presidencies/2026-united-states/accounts/",
    "/en/accounts/",
    "/es/accounts/",
    "/en/accounts/verify/",
    "/fr/accounts/verify/?url=https://x.com/g20org",
    "/es/accounts/verify/?url=https://www.facebook.com/profile.php?id=100090000002025",
    "/en/accounts/verify/?handle=@g20_fake&platform=x",
]


@pytest.fixture
def presidency_site(demo_site) -> str:
    """The demo site plus three presidencies (2025 archived), accounts and the registry page."""
    from presidencies import demo
    from presidencies.handover import archive_presidency, create_presidency
    from presidencies.models import OfficialAccountsPage, PresidencyIndexPage

    index = demo.ensure_section(PresidencyIndexPage, "presidencies", demo.INDEX_TITLES, io.StringIO())
    presidencies = [
        create_presidency(index, code=code, name=name, year=year, theme=demo.THEMES.get(year, ""))
        for code, name, year in (
            ("ZA", "South Africa", 2025),
            ("US", "United States", 2026),
            ("GB", "United Kingdom", 2027),
        )
    ]
    archive_presidency(presidencies[0])
    for presidency in presidencies:
        presidency.refresh_from_db()
    demo.ensure_accounts(presidencies)
    demo.ensure_section_content(presidencies)
    demo.ensure_section(OfficialAccountsPage, "accounts", demo.ACCOUNTS_TITLES, io.StringIO())
    return demo_site


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_presidency_pages_are_accessible_and_fit_a_phone(
    request, presidency_site, viewport, assert_accessible, assert_no_csp_errors
):
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for path in PAGES:
        response = page.goto(presidency_site + path)
        assert response is not None and response.ok, f"GET {path} answered {response and response.status}"
        assert_accessible(page)
        if viewport == "phone":
            scroll_width, inner_width, culprits = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
            assert scroll_width <= inner_width, f"{path} overflows on a phone: {culprits}"
    assert_no_csp_errors()


def test_the_verifier_refusing_input_is_accessible(page, presidency_site, assert_accessible, assert_no_csp_errors):
    response = page.goto(presidency_site + "/en/accounts/verify/?url=javascript:alert(1)")
    assert response is not None and response.status == 400
    assert_accessible(page)
    assert page.locator("#verify-url-error").is_visible()
    # The form works without JavaScript's help: typing an address and submitting answers.
    page.fill("#verify-url", "https://twitter.com/G20org")
    page.get_by_role("button", name="Check").click()
    assert page.locator("#verify-result-heading").inner_text() == "Yes: this is an official account"
    assert_no_csp_errors()


def test_archived_presidency_shows_its_banner_and_the_troika_links_work(page, presidency_site):
    page.goto(presidency_site + "/en/presidencies/2025-south-africa/priorities/")
    banner = page.locator(".banner--archive")
    assert "Archived: published under the South Africa 2025 presidency" in banner.inner_text()

    page.goto(presidency_site + "/en/")
    page.get_by_role("link", name="United Kingdom 2027").click()
    assert page.url.endswith("/en/presidencies/2027-united-kingdom/")
    assert page.locator("main h1").inner_text() == "United Kingdom 2027 presidency"
