"""The officer's day in Chromium, as the real roles: a presidency editor lands on their section and starts a
translation that stays a draft; a member of the office hands over early only after a confirmation screen."""

import datetime
import io
import re

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import ARTIFACTS, DESKTOP, WCAG_TAGS, csp_errors, sign_in_to_admin

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 20"


def sitting_year(today: datetime.date) -> int:
    """The presidency in office today (terms run 1 December to 30 November)."""
    return today.year + 1 if today.month == 12 else today.year


@pytest.fixture
def officer_site(demo_site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hub.demo.helpers import ensure_section
    from presidencies.handover import handover
    from presidencies.models import PresidencyPage, PresidencyStatementsPage
    from statements.demo import INDEX_TITLES
    from statements.models import StatementIndexPage
    from tests.factories.statements import add_statement

    year = sitting_year(datetime.date.today())
    handover("United Kingdom", year)
    ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    users = get_user_model().objects
    editor = users.create_user(username="edith", email="edith@g20.example", password=PASSWORD)
    editor.groups.add(Group.objects.get(name=f"{year} United Kingdom editors"))
    office = users.create_user(username="olga", email="olga@g20.example", password=PASSWORD)
    office.groups.add(Group.objects.get(name="G20 communication office"))
    uk = PresidencyPage.objects.get(year=year, locale__language_code="en")
    statement = add_statement(
        PresidencyStatementsPage.objects.child_of(uk).get(), "uk-priorities", title="United Kingdom priorities"
    )
    return {"url": demo_site, "year": year, "presidency": uk, "statement": statement}


def signed_in(browser: Browser, base_url: str, username: str):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message))
    sign_in_to_admin(page, base_url, username, PASSWORD)
    return page, console


def assert_region_accessible(axe, page, selector: str) -> None:
    results = axe.run(
        page,
        context=selector,
        options={"runOnly": {"type": "tag", "values": [*WCAG_TAGS, "best-practice"]}, "resultTypes": ["violations"]},
    )
    violations = [violation["id"] for violation in results.response["violations"]]
    assert violations == [], violations


def test_a_presidency_editor_lands_on_their_section(browser: Browser, officer_site, axe):
    page, console = signed_in(browser, officer_site["url"], "edith")

    panel = page.locator("section", has=page.locator("#officer-sections-heading"))
    expect(panel).to_contain_text("Your presidency")
    assert_region_accessible(axe, page, "section:has(#officer-sections-heading)")
    panel.get_by_role("link").first.click()
    expect(page.locator("body")).to_contain_text("Statements")
    expect(page.locator("body")).not_to_contain_text("will not be accessible")
    assert csp_errors(console) == []
    page.context.close()


def test_a_presidency_editor_translates_a_statement_into_a_draft(browser: Browser, officer_site):
    from statements.models import StatementPage

    statement = officer_site["statement"]
    page, console = signed_in(browser, officer_site["url"], "edith")

    page.goto(f"{officer_site['url']}/admin/localize/submit/page/{statement.pk}/")
    page.get_by_label(re.compile("Français|French")).check()
    page.get_by_role("button", name=re.compile("Submit", re.I)).click()
    page.wait_for_load_state("networkidle")

    french = StatementPage.objects.get(translation_key=statement.translation_key, locale__language_code="fr")
    assert not french.live
    listing = page.context.new_page()
    listing.goto(f"{officer_site['url']}/fr/statements/")
    # The French listing shows the English original, marked as such, never the draft translation.
    link = listing.locator("main .result__title a", has_text="United Kingdom priorities")
    expect(link).to_have_attribute("lang", "en")
    expect(link).to_have_attribute("href", re.compile(r"^/en/"))
    expect(listing.locator('main a[href^="/fr/"]', has_text="United Kingdom priorities")).to_have_count(0)
    assert csp_errors(console) == []
    page.context.close()


def test_the_office_confirms_an_early_handover_before_anything_changes(browser: Browser, officer_site, axe):
    from presidencies.models import PresidencyPage, ScheduledHandover

    year, today = officer_site["year"], datetime.date.today()
    effective = today + datetime.timedelta(days=30)
    page, console = signed_in(browser, officer_site["url"], "olga")

    page.goto(f"{officer_site['url']}/admin/handover/")
    page.get_by_label("Incoming country").fill("France")
    page.get_by_label("Year").fill(str(year + 1))
    page.get_by_role("button", name="Run the handover").click()
    expect(page.locator("body")).to_contain_text("cannot be archived before its term ends")

    page.get_by_label("Takes effect on").fill(effective.isoformat())
    page.get_by_role("button", name="Run the handover").click()
    expect(page.locator("#confirm-heading")).to_contain_text("Hand over early?")
    expect(page.locator(".handover-plan")).to_contain_text("active official accounts become archived")
    assert_region_accessible(axe, page, "section:has(#confirm-heading)")
    assert not ScheduledHandover.objects.exists()

    page.get_by_role("button", name="Confirm the early handover").click()
    expect(page.locator(".messages")).to_contain_text("Handover scheduled")
    expect(page.locator("#scheduled-heading")).to_be_visible()
    scheduled = ScheduledHandover.objects.get()
    assert scheduled.effective_on == effective and scheduled.requested_by.username == "olga"
    assert not PresidencyPage.objects.get(pk=officer_site["presidency"].pk).is_archived
    assert csp_errors(console) == []
    page.context.close()


def test_a_translation_goes_live_only_when_another_officer_approves_it(browser: Browser, officer_site, axe):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from presidencies.access import ensure_presidency_workflow
    from statements.models import StatementPage

    statement = officer_site["statement"]
    ensure_presidency_workflow(officer_site["presidency"])
    moderator = get_user_model().objects.create_user(username="mona", email="mona@g20.example", password=PASSWORD)
    moderator.groups.add(Group.objects.get(name=f"{officer_site['year']} United Kingdom moderators"))

    page, console = signed_in(browser, officer_site["url"], "edith")
    page.goto(f"{officer_site['url']}/admin/localize/submit/page/{statement.pk}/")
    page.get_by_label(re.compile("Français|French")).check()
    page.get_by_role("button", name=re.compile("Submit", re.I)).click()
    page.wait_for_load_state("networkidle")
    # wagtail-localize's editor: the message says how to send the translation to review.
    page.get_by_role("link", name="Submit for review").click()
    expect(page.locator("#submit-translation-heading")).to_contain_text("Français")
    assert_region_accessible(axe, page, "section:has(#submit-translation-heading)")
    page.screenshot(path=str(ARTIFACTS / "officer-translation-submit.png"))
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".messages")).to_contain_text("was sent to review")
    french = StatementPage.objects.get(translation_key=statement.translation_key, locale__language_code="fr")
    assert not french.live and french.current_workflow_state is not None
    assert csp_errors(console) == []
    page.context.close()

    page, console = signed_in(browser, officer_site["url"], "mona")
    review = page.locator("section", has=page.get_by_role("heading", name=re.compile("Awaiting your review")))
    expect(review).to_contain_text("United Kingdom priorities")
    page.screenshot(path=str(ARTIFACTS / "officer-translation-review.png"), full_page=True)
    review.get_by_role("button", name="Actions").first.click()
    review.get_by_role("button", name=re.compile("Approve")).first.click()
    # The approval publishes the translation, and the dashboard has nothing left for the moderator.
    expect(page.get_by_role("heading", name=re.compile("Awaiting your review"))).to_have_count(0)
    assert StatementPage.objects.get(pk=french.pk).live
    page.goto(officer_site["url"] + StatementPage.objects.get(pk=french.pk).url)
    expect(page.locator("main h1")).to_be_visible()
    assert csp_errors(console) == []
    page.context.close()
