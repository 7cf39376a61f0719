"""Shared privacy passwords (issue 17): a private page's or collection's password may be tried only
``PRIVACY_PASSWORD_RATE`` times per address, and ``PRIVACY_PASSWORD_RATE_PER_RESTRICTION`` times in all
(hub.web.privacy_passwords). Anonymous readers, real HTTP."""

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import ContentPageFactory

PASSWORD = "summit-2026-shared"
GUESSER = "203.0.113.7"
READER = "198.51.100.20"
PAUSED = "This password has been tried too many times in a short while."


@pytest.fixture
def private_page(home_page):
    page = ContentPageFactory(parent=home_page, title="Sherpa notes", introduction="Not for everyone.", publish=True)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return page, reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])


@pytest.fixture
def private_collection_url(db):
    collection = Collection.get_first_root_node().add_child(name="Sherpa papers")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.PASSWORD, password=PASSWORD
    )
    return reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])


def try_password(client, url, password, address, return_url="/en/"):
    return client.post(url, {"password": password, "return_url": return_url}, REMOTE_ADDR=address)


def test_page_password_guesses_are_limited_per_address(client, private_page, settings):
    settings.PRIVACY_PASSWORD_RATE = "10/h"
    page, url = private_page
    assert url.startswith("/en/_util/authenticate_with_password/")
    for _ in range(10):
        response = try_password(client, url, "wrong", GUESSER)
        assert response.status_code == 200  # Wagtail's form again, with its error
    eleventh = try_password(client, url, "wrong", GUESSER)
    assert eleventh.status_code == 429
    assert PAUSED in eleventh.content.decode()

    # Over the limit, the right password is refused too: the guesser learns nothing from it.
    assert try_password(client, url, PASSWORD, GUESSER, return_url=page.url).status_code == 429
    assert client.get(page.url, REMOTE_ADDR=GUESSER).status_code == 200
    assert "Not for everyone." not in client.get(page.url, REMOTE_ADDR=GUESSER).content.decode()

    # Someone else, given the password, still gets in.
    response = try_password(client, url, PASSWORD, READER, return_url=page.url)
    assert response.status_code == 302
    assert response["Location"] == page.url
    assert "Not for everyone." in client.get(page.url, REMOTE_ADDR=READER).content.decode()


def test_document_password_guesses_are_limited_per_address(client, private_collection_url, settings):
    settings.PRIVACY_PASSWORD_RATE = "10/h"
    for _ in range(10):
        assert try_password(client, private_collection_url, "wrong", GUESSER).status_code == 200
    eleventh = try_password(client, private_collection_url, "wrong", GUESSER)
    assert eleventh.status_code == 429
    assert PAUSED in eleventh.content.decode()
    assert try_password(client, private_collection_url, PASSWORD, GUESSER).status_code == 429
    assert try_password(client, private_collection_url, PASSWORD, READER).status_code == 302


def test_guesses_spread_over_addresses_are_limited_per_restriction(client, private_collection_url, settings):
    settings.PRIVACY_PASSWORD_RATE = "10/h"
    settings.PRIVACY_PASSWORD_RATE_PER_RESTRICTION = "20/h"
    for number in range(20):
        assert try_password(client, private_collection_url, "wrong", f"203.0.113.{number}").status_code == 200
    assert try_password(client, private_collection_url, "wrong", "203.0.113.99").status_code == 429


def test_reading_the_form_is_not_counted(client, private_page, settings):
    settings.PRIVACY_PASSWORD_RATE = "2/h"
    page, url = private_page
    for _ in range(5):
        assert client.get(page.url, REMOTE_ADDR=READER).status_code == 200
    assert try_password(client, url, PASSWORD, READER, return_url=page.url).status_code == 302
