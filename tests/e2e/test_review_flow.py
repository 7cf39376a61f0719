"""An officer submits a statement; a different reviewer approves it; it is on the index, in rss/ and in the API."""

import io

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import sign_in_to_admin

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 20"
TITLE = "Presidency welcomes agreement on information integrity"


@pytest.fixture
def review_site(demo_site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hub.demo.helpers import ensure_section
    from presidencies.handover import handover
    from statements.demo import INDEX_TITLES
    from statements.models import StatementIndexPage

    handover("United States", 2026)
    ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    users = get_user_model().objects
    alice = users.create_user(username="alice", email="alice@g20.example", password=PASSWORD)
    alice.groups.add(Group.objects.get(name="2026 United States editors"))
    bob = users.create_user(username="bob", email="bob@g20.example", password=PASSWORD)
    bob.groups.add(Group.objects.get(name="2026 United States moderators"))
    return demo_site


def sign_in(page: Page, base_url: str, username: str) -> None:
    sign_in_to_admin(page, base_url, username, PASSWORD)


def footer_action(page: Page, selector: str):
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    expect(button).to_be_visible()
    return button


def test_submitted_statement_is_approved_by_another_reviewer_and_published(browser: Browser, review_site):
    from presidencies.models import PresidencyPage, PresidencyStatementsPage
    from statements.models import StatementPage

    us = PresidencyPage.objects.get(year=2026, locale__language_code="en")
    parent = PresidencyStatementsPage.objects.child_of(us).get()

    officer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(officer, review_site, "alice")
    officer.goto(f"{review_site}/admin/pages/add/statements/statementpage/{parent.pk}/")
    officer.locator("#id_title").fill(TITLE)
    officer.locator("#id_kind").select_option("presidency_statement")
    officer.locator("#id_summary").fill("The presidency welcomes the agreement reached by the roundtable.")
    footer_action(officer, 'button[name="action-submit"]').click()
    expect(officer.locator(".messages")).to_contain_text("submitted")
    statement = StatementPage.objects.get(title=TITLE)
    assert not statement.live

    # Alice may not approve her own submission: the edit view offers her no approval.
    officer.goto(f"{review_site}/admin/pages/{statement.pk}/edit/")
    expect(officer.locator('footer button[data-workflow-action-name="approve"]')).to_have_count(0)

    reviewer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(reviewer, review_site, "bob")
    reviewer.goto(f"{review_site}/admin/pages/{statement.pk}/edit/")
    # "Approve" (not "Approve with comment", which opens a dialog).
    footer_action(reviewer, 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])').click()
    expect(reviewer.locator(".messages")).to_contain_text(TITLE)

    statement.refresh_from_db()
    assert statement.live
    reviewer.goto(f"{review_site}/en/statements/")
    expect(reviewer.locator("main")).to_contain_text(TITLE)
    assert TITLE in reviewer.request.get(f"{review_site}/en/statements/rss/").text()
    api = reviewer.request.get(f"{review_site}/api/v1/statements/?presidency=2026").json()
    assert TITLE in [item["title"] for item in api["results"]]
