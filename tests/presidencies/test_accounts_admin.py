"""The official-accounts admin as presidency officers use it: search, the chooser, and creating from it."""

import pytest
from django.contrib.auth.models import Group

from presidencies.models import AccountStatus, OfficialAccount
from tests.factories import UserFactory

LIST = "/admin/snippets/presidencies/officialaccount/"
CHOOSER = "/admin/snippets/choose/presidencies/officialaccount/"


@pytest.fixture
def accounts(world, db):
    return {
        "us": OfficialAccount.objects.create(
            platform="x", handle="@g20usa", url="https://x.com/g20usa", owner=world.us, status=AccountStatus.ACTIVE
        ),
        "za": OfficialAccount.objects.create(
            platform="x", handle="@g20za", url="https://x.com/g20za", owner=world.za, status=AccountStatus.ARCHIVED
        ),
    }


@pytest.fixture(params=["editors", "moderators"])
def us_officer(request, world, db):
    return UserFactory(groups=[Group.objects.get(name=f"2026 United States {request.param}")])


def test_a_presidency_officer_searches_their_accounts(client, us_officer, accounts):
    client.force_login(us_officer)

    response = client.get(LIST, {"q": "g20"})

    assert response.status_code == 200
    assert "@g20usa" in response.content.decode()
    assert "@g20za" not in response.content.decode()  # another presidency's account stays out of reach


def test_searching_with_nothing_found_says_so(client, us_officer, accounts):
    client.force_login(us_officer)
    response = client.get(LIST, {"q": "nobody-here"})
    assert response.status_code == 200
    assert "@g20usa" not in response.content.decode()


def test_the_chooser_lists_and_searches_the_officers_accounts(client, us_officer, accounts):
    client.force_login(us_officer)

    listing = client.get(CHOOSER)
    searched = client.get(CHOOSER + "results/", {"q": "g20"})

    assert listing.status_code == 200 and searched.status_code == 200
    assert "@g20usa" in listing.content.decode() and "@g20usa" in searched.content.decode()
    # Choosers show what the list shows: another presidency's accounts are not offered.
    assert "@g20za" not in listing.content.decode() and "@g20za" not in searched.content.decode()


def test_the_chooser_offers_no_creation_and_answers_cleanly(client, us_officer, world, accounts):
    """Accounts are created on the registry's own page (owner checked there); the chooser's create address
    refuses (Wagtail's admin answers a refusal by sending the officer home) instead of failing with 500, and
    its modal offers no creation form."""
    client.force_login(us_officer)

    for response in (client.get(CHOOSER + "create/"), client.post(CHOOSER + "create/", {"handle": "@x"})):
        assert response.status_code == 302 and response.url == "/admin/"
    assert not OfficialAccount.objects.filter(handle="@x").exists()
    assert CHOOSER + "create/" not in client.get(CHOOSER).json()["html"]


def test_choosing_another_presidencys_account_by_id_is_refused(client, us_officer, accounts):
    client.force_login(us_officer)
    assert client.get(f"{CHOOSER}chosen/{accounts['us'].pk}/").status_code == 200
    assert client.get(f"{CHOOSER}chosen/{accounts['za'].pk}/").status_code == 404


def test_the_office_chooses_among_every_account(client, world, accounts):
    office = UserFactory(groups=[Group.objects.get(name="G20 communication office")])
    client.force_login(office)
    listing = client.get(CHOOSER).content.decode()
    assert "@g20usa" in listing and "@g20za" in listing
