"""An editor signs in, changes the about page in the Wagtail admin, publishes it, and the change is live."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in_to_admin

pytestmark = pytest.mark.browser

EDITOR_USERNAME = "moderator"
EDITOR_PASSWORD = "correct horse battery staple 20"
NEW_TITLE = "About the G20 Communications Hub"


def create_moderator():
    """A non-superuser in a "Moderators" group that may edit and publish the whole page tree.

    What Wagtail's own migration sets up; recreated here because the live server's
    database is flushed between tests.
    """
    from django.contrib.auth import get_user_model
    from wagtail.models import GroupPagePermission, Page

    group, _created = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    user = get_user_model().objects.create_user(
        username=EDITOR_USERNAME, email="moderator@g20-hub.example", password=EDITOR_PASSWORD
    )
    user.groups.add(group)
    return user


def sign_in(page: Page, base_url: str) -> None:
    sign_in_to_admin(page, base_url, EDITOR_USERNAME, EDITOR_PASSWORD)


def test_editor_publishes_a_new_title_for_the_about_page(page, demo_site):
    from hub.models import ContentPage

    create_moderator()
    about = ContentPage.objects.get(locale__language_code="en", slug="about")
    assert about.title != NEW_TITLE

    sign_in(page, demo_site)
    page.goto(f"{demo_site}/admin/pages/{about.pk}/edit/")
    title = page.locator("#id_title")
    expect(title).to_have_value(about.title)
    title.fill(NEW_TITLE)

    # Wagtail's footer action menu: "Save draft" up front, "Publish" behind the "More actions" toggle
    # (or up front, depending on the user's permissions and the page's workflow).
    publish = page.locator('footer button[name="action-publish"]')
    if not publish.is_visible():
        page.locator("footer").get_by_role("button", name="More actions").click()
    expect(publish).to_be_visible()
    publish.click()

    expect(page.locator(".messages .success")).to_contain_text(f"'{NEW_TITLE}' has been published")

    page.goto(f"{demo_site}/en/about/")
    expect(page.locator("main h1")).to_have_text(NEW_TITLE)
    expect(page).to_have_title(re.compile(f"^{re.escape(NEW_TITLE)} "))
    about.refresh_from_db()
    assert about.title == NEW_TITLE
    assert about.live and not about.has_unpublished_changes
