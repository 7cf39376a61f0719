"""The fact-check database in a real browser: listing with counts, a debunk with its ClaimReview,
and the right-of-reply form (axe-core, phone, no CSP errors)."""

import io
import json

import pytest
from django.core.management import call_command

from .test_accessibility import OVERFLOW_JS

pytestmark = pytest.mark.browser

PAGES = [
    "/en/fact-checks/",
    "/en/fact-checks/?verdict=false&country=ZA",
    "/en/fact-checks/?from=not-a-date",
    "/en/fact-checks/g20-db-2026-0101/",
    "/en/fact-checks/g20-db-2026-0102/",
    "/fr/fact-checks/",
    "/fr/fact-checks/g20-db-2026-0101/",
    "/en/fact-checks/g20-db-2026-0101/request-review/",
]


@pytest.fixture
def factcheck_site(demo_site) -> str:
    from factchecks import demo as factchecks_demo
    from factchecks.models import FactCheckIndexPage
    from hub.demo.helpers import ensure_section

    ensure_section(FactCheckIndexPage, "fact-checks", factchecks_demo.INDEX_TITLES, io.StringIO())
    call_command("import_debunks", "tests/fixtures/debunks-sample.jsonl", "--no-progress", stdout=io.StringIO())
    return demo_site


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_fact_check_pages_are_accessible_and_fit_a_phone(
    request, factcheck_site, viewport, assert_accessible, assert_no_csp_errors
):
    page = request.getfixturevalue("page" if viewport == "desktop" else "phone_page")
    for path in PAGES:
        page.goto(factcheck_site + path)
        assert page.locator("main h1").count() == 1, path
        assert_accessible(page)
        if viewport == "phone":
            scroll_width, inner_width, culprits = page.evaluate(OVERFLOW_JS, page.viewport_size["width"])
            assert scroll_width <= inner_width, f"{path} overflows on a phone: {culprits}"
    assert_no_csp_errors()


def test_filtering_with_counts(page, factcheck_site):
    page.goto(factcheck_site + "/en/fact-checks/")
    assert page.locator(".result").count() == 2
    verdict = page.get_by_label("Verdict")
    assert "Manipulated media (1)" in verdict.inner_text()
    verdict.select_option("manipulated_media")
    page.get_by_role("button", name="Apply filters").click()
    assert "verdict=manipulated_media" in page.url
    assert page.locator(".result").count() == 1
    page.locator(".active-filters__chip").first.click()
    assert page.locator(".result").count() == 2


def test_debunk_carries_one_claim_review(page, factcheck_site):
    page.goto(factcheck_site + "/en/fact-checks/g20-db-2026-0102/")
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = json.loads(blocks.first.text_content())
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "Manipulated media"
    # Corrected: the notice comes before the title.
    notice = page.locator(".notice--corrected")
    assert notice.is_visible()
    assert notice.bounding_box()["y"] < page.locator("main h1").bounding_box()["y"]


def test_right_of_reply(page, factcheck_site, assert_accessible):
    from factchecks.models import ReviewRequest

    page.goto(factcheck_site + "/en/fact-checks/g20-db-2026-0101/")
    page.get_by_role("link", name="Request a review").click()
    page.get_by_role("button", name="Send the request").click()
    assert page.locator(".form-error").is_visible()
    assert_accessible(page)
    page.get_by_label("Name").fill("Ada Example")
    page.get_by_label("E-mail").fill("ada@example.org")
    page.get_by_label("How the debunk concerns you").fill("I wrote the article quoted.")
    page.get_by_label("What should be reviewed, and why").fill("The quote is taken out of context.")
    page.get_by_role("button", name="Send the request").click()
    assert page.get_by_role("heading", name="Request received").is_visible()
    assert ReviewRequest.objects.filter(name="Ada Example", debunk__case_id="G20-DB-2026-0101").count() == 1
