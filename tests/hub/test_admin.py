"""Admin smoke tests: the editing screens of the core open for a superuser."""

import pytest
from django.urls import reverse

from hub.models import HubSettings
from tests.factories import OrganisationFactory, TopicFactory


def test_dashboard_opens(admin_client):
    assert admin_client.get("/admin/").status_code == 200


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_home_page_edit_view_opens(admin_client, demo_pages):
    home = demo_pages["home"]["en"]

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))

    assert response.status_code == 200
    assert home.title in response.content.decode()


def test_translated_content_page_edit_view_opens(admin_client, demo_pages):
    about = demo_pages["about"]["fr"]

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[about.pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("model", "factory", "field"), [("topic", TopicFactory, "name"), ("organisation", OrganisationFactory, "name")]
)
def test_snippet_listing_and_edit_open(admin_client, model, factory, field):
    obj = factory()

    listing = admin_client.get(reverse(f"wagtailsnippets_hub_{model}:list"))
    edit = admin_client.get(reverse(f"wagtailsnippets_hub_{model}:edit", args=[obj.pk]))

    assert listing.status_code == 200
    assert getattr(obj, field) in listing.content.decode()
    assert edit.status_code == 200


def test_hub_settings_edit_view_opens(admin_client, demo_pages):
    response = admin_client.get(reverse("wagtailsettings:edit", args=["hub", "hubsettings"]), follow=True)

    assert response.status_code == 200
    assert HubSettings.load().organisation_name in response.content.decode()
