"""Isolation between presidencies (issue 17, item 4) in the admin's bulk actions, reports and
wagtail-localize's snippet API, with the cast of test_isolation.py: what an officer of one presidency
sees there is what the explorer and the choosers already show them."""

import pytest
from django.urls import reverse

from tests.presidencies.test_isolation import (
    SECRET_TITLES,
    US_ROLES,
    assert_no_secret,
    assert_refused,
    page_of,
)

us_roles = pytest.mark.parametrize("role", US_ROLES)
BULK_ACTIONS = ["delete", "publish", "unpublish", "move"]
OFFICE_REPORTS = [
    "wagtailadmin_reports:page_types_usage",
    "wagtailadmin_reports:page_types_usage_results",
    "wagtail_localize:translations_report",
    "wagtail_localize:translations_report_results",
]


def bulk_url(action: str) -> str:
    return reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])


# --- bulk actions --------------------------------------------------------------------------------


@us_roles
@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_bulk_confirmation_does_not_name_another_presidencys_pages(login, cast, role, action):
    ids = [cast.uk_secret.pk, cast.uk_briefing.pk, page_of(cast, "uk", "statement", "en").pk]
    response = login(role).get(bulk_url(action), {"id": ids})
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_secret(html)
    assert "UK briefing" not in html
    assert "UK statement" not in html


@us_roles
@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_bulk_confirmation_of_all_children_of_another_presidencys_section(login, cast, role, action):
    statements = page_of(cast, "uk", "statements", "en")
    response = login(role).get(bulk_url(action), {"id": "all", "childOf": statements.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_secret(html)
    assert "UK statement" not in html


@us_roles
@pytest.mark.parametrize("action", BULK_ACTIONS)
def test_bulk_confirmation_still_names_own_pages(login, cast, role, action):
    response = login(role).get(bulk_url(action), {"id": [cast.us_draft.pk, cast.uk_secret.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "US draft" in html
    assert_no_secret(html)


@us_roles
def test_bulk_move_to_another_presidencys_draft_does_not_show_its_title(login, cast, role):
    response = login(role).post(
        bulk_url("move") + f"?id={cast.us_draft.pk}", {"chooser": cast.uk_secret.pk}, follow=True
    )
    assert response.status_code == 404
    assert_no_secret(response.content.decode())
    cast.us_draft.refresh_from_db()
    assert cast.us_draft.get_parent().pk == page_of(cast, "us", "statements", "en").pk


def test_bulk_confirmation_shows_the_office_every_presidencys_drafts(login, cast):
    response = login("office").get(bulk_url("delete"), {"id": [cast.uk_secret.pk]})
    assert response.status_code == 200
    assert SECRET_TITLES[0] in response.content.decode()


# --- site-wide reports ---------------------------------------------------------------------------


@us_roles
@pytest.mark.parametrize("report", OFFICE_REPORTS)
def test_site_wide_reports_are_refused(login, cast, role, report):
    response = login(role).get(reverse(report), {"source_title": "secret"})
    assert_refused(response)
    assert_no_secret(response.content.decode())


@us_roles
def test_site_wide_reports_are_not_in_the_menu(login, cast, role):
    html = login(role).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:page_types_usage") not in html
    assert reverse("wagtail_localize:translations_report") not in html
    assert reverse("wagtailadmin_reports:aging_pages") in html  # the other reports stay


@pytest.mark.parametrize("report", OFFICE_REPORTS)
def test_office_reads_the_site_wide_reports(login, cast, report):
    assert login("office").get(reverse(report)).status_code == 200


def test_site_wide_reports_are_in_the_offices_menu(login, cast):
    html = login("office").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("wagtailadmin_reports:page_types_usage") in html
    assert reverse("wagtail_localize:translations_report") in html


# --- wagtail-localize's snippet API --------------------------------------------------------------


def snippet_api(pk=None) -> str:
    if pk is None:
        return reverse("wagtail_localize:snippets_api_listing", args=["presidencies", "officialaccount"])
    return reverse("wagtail_localize:snippets_api_detail", args=["presidencies", "officialaccount", pk])


@us_roles
def test_snippet_api_lists_only_own_accounts(login, cast, role):
    response = login(role).get(snippet_api())
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [cast.accounts["us"].pk]


@us_roles
@pytest.mark.parametrize("owner", ["uk", "office"])
def test_snippet_api_does_not_answer_accounts_of_others(login, cast, role, owner):
    response = login(role).get(snippet_api(cast.accounts[owner].pk))
    assert response.status_code == 404
    assert cast.accounts[owner].handle not in response.content.decode()


@us_roles
def test_snippet_api_answers_own_account_for_the_translation_editor(login, cast, role):
    account = cast.accounts["us"]
    response = login(role).get(snippet_api(account.pk))
    assert response.status_code == 200
    assert response.json() == {
        "id": account.pk,
        "title": str(account),
        "edit_url": reverse("wagtailsnippets_presidencies_officialaccount:edit", args=[account.pk]),
    }


def test_snippet_api_refuses_a_model_the_user_may_not_view(login, cast):
    """The archived South African editors hold no account permission any more."""
    response = login("za_editor").get(snippet_api())
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_office_reads_every_account_through_the_snippet_api(login, cast):
    response = login("office").get(snippet_api())
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(
        account.pk for account in cast.accounts.values()
    )
