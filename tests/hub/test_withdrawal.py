"""Withdrawing a published statement or library item: notice at its address, out of the indexes, nothing lost."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from hub.demo.content import ensure_home
from hub.demo.helpers import ensure_section
from hub.publishing.withdrawal import withdraw
from statements.demo import INDEX_TITLES
from statements.models import StatementIndexPage, StatementKind, StatementPage

pytestmark = pytest.mark.django_db

REASON = "Superseded by the Leaders' Declaration of 22 November."


@pytest.fixture
def statement():
    ensure_home(io.StringIO())
    index = ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    page = StatementPage(
        title="Summit logistics update", slug="logistics", kind=StatementKind.PRESS_RELEASE, summary="Dates moved."
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def user_with(django_user_model, page, codenames, name):
    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.create(group=group, page=page, permission=Permission.objects.get(codename=codename))
    user = django_user_model.objects.create_user(username=name, password="x")  # noqa: S106
    user.groups.add(group)
    return user


def test_withdrawn_statement_keeps_its_address_with_a_notice_and_leaves_the_index(client, statement):
    assert "Summit logistics update" in client.get("/en/statements/").content.decode()

    assert withdraw(statement, REASON) == 1

    page = client.get("/en/statements/logistics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Withdrawn on" in html and REASON.replace("'", "&#x27;") in html
    assert "Summit logistics update" not in client.get("/en/statements/").content.decode()
    assert StatementPage.objects.filter(pk=statement.pk, live=True).exists()


def test_withdrawing_twice_changes_nothing(statement):
    assert withdraw(statement, REASON) == 1
    first = StatementPage.objects.get(pk=statement.pk).withdrawn_at
    assert withdraw(statement, "Another reason") == 0
    again = StatementPage.objects.get(pk=statement.pk)
    assert (again.withdrawn_at, again.withdrawal_reason) == (first, REASON)


def test_publishing_an_older_revision_does_not_bring_it_back(statement):
    revision = StatementPage.objects.get(pk=statement.pk).latest_revision
    withdraw(statement, REASON)
    revision.publish()
    assert StatementPage.objects.get(pk=statement.pk).is_withdrawn


def test_withdrawal_covers_every_translation(statement):
    from wagtail.models import Locale

    french = statement.copy_for_translation(Locale.objects.get(language_code="fr"), copy_parents=True)
    french.save_revision().publish()
    withdraw(statement, REASON)
    assert StatementPage.objects.get(pk=french.pk).withdrawal_reason == REASON


def test_moderator_withdraws_from_the_admin(client, django_user_model, statement):
    moderator = user_with(django_user_model, statement, ["add_page", "change_page", "publish_page"], "moderators")
    client.force_login(moderator)

    edit = client.get(reverse("wagtailadmin_pages:edit", args=[statement.pk]))
    assert reverse("hub_withdraw", args=[statement.pk]) in edit.content.decode()

    response = client.post(reverse("hub_withdraw", args=[statement.pk]), {"reason": REASON})
    assert response.status_code == 302
    assert StatementPage.objects.get(pk=statement.pk).withdrawal_reason == REASON


@pytest.mark.parametrize("reason", ["", "   ", "\x00\x01", "x" * 1001])
def test_a_withdrawal_needs_a_readable_reason(client, admin_user, statement, reason):
    client.force_login(admin_user)
    response = client.post(reverse("hub_withdraw", args=[statement.pk]), {"reason": reason})
    assert response.status_code == 200
    assert "error" in response.content.decode()
    assert not StatementPage.objects.get(pk=statement.pk).is_withdrawn


def test_an_editor_without_publish_rights_cannot_withdraw(client, django_user_model, statement):
    editor = user_with(django_user_model, statement, ["add_page", "change_page"], "editors")
    client.force_login(editor)

    assert (
        reverse("hub_withdraw", args=[statement.pk])
        not in client.get(reverse("wagtailadmin_pages:edit", args=[statement.pk])).content.decode()
    )
    response = client.post(reverse("hub_withdraw", args=[statement.pk]), {"reason": REASON})
    assert response.status_code in (302, 403)
    assert not StatementPage.objects.get(pk=statement.pk).is_withdrawn


def test_pages_that_cannot_be_withdrawn_are_refused(client, admin_user, statement):
    client.force_login(admin_user)
    home = Page.objects.get(slug="home", locale__language_code="en")
    # The admin turns PermissionDenied into a redirect with a message.
    assert client.post(reverse("hub_withdraw", args=[home.pk]), {"reason": REASON}).status_code in (302, 403)
