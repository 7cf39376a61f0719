"""A presidency editor (not a superuser) previews a statement in the page editor's live preview panel."""

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.conftest import DESKTOP, csp_errors, sign_in_to_admin

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple 20"
TITLE = "Presidency statement on information integrity (preview)"


@pytest.fixture
def preview_site(demo_site):
    import io

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hub.demo.helpers import ensure_section
    from presidencies.handover import handover
    from presidencies.models import PresidencyPage, PresidencyStatementsPage
    from statements.demo import INDEX_TITLES
    from statements.models import StatementIndexPage
    from tests.factories.statements import add_statement

    handover("United States", 2026)
    ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    editor = get_user_model().objects.create_user(username="edith", email="edith@g20.example", password=PASSWORD)
    editor.groups.add(Group.objects.get(name="2026 United States editors"))
    us = PresidencyPage.objects.get(year=2026, locale__language_code="en")
    parent = PresidencyStatementsPage.objects.child_of(us).get()
    statement = add_statement(parent, "preview-me", title=TITLE, publish=False)
    return demo_site, statement


def test_a_presidency_editor_sees_the_statement_in_the_preview_panel(browser: Browser, preview_site):
    base_url, statement = preview_site
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message))
    sign_in_to_admin(page, base_url, "edith", PASSWORD)

    response = page.goto(f"{base_url}/admin/pages/{statement.pk}/edit/")
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in policy and "'none' 'self'" not in policy

    page.locator('[data-side-panel-toggle="preview"]').click()
    frame = page.frame_locator("iframe#w-preview-iframe")
    expect(frame.locator("h1")).to_contain_text(TITLE, timeout=20_000)
    # Officers' avatars come from the hub (no Gravatar): no image refused by the admin's policy.
    page.wait_for_load_state("networkidle")
    assert csp_errors(console) == []
    context.close()
