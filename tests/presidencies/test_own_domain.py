"""A presidency on its own domain (issue 3, item 2), tested with the Host header.

Publishing a hostname on the 2027 presidency creates a Wagtail Site rooted at its
section (``sites.py``, via the page_published signal); Django's host check admits
it at once (``hub/web/hosts.py``), its pages carry a canonical link to their permanent
URL on the main site, and removing the hostname removes the Site.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import querydict_from_html

from hub.web.hosts import AllowedHosts, forget_site_hostnames
from presidencies.models import PresidencyPage
from tests.factories.users import UserFactory

HOST = "g20-2027.example.org"
MAIN = "http://testserver"  # the default Site (WAGTAILADMIN_BASE_URL in the test settings)
UK_PATH = "/presidencies/2027-united-kingdom/"


def set_hostname(page: PresidencyPage, hostname: str) -> PresidencyPage:
    """What the office does in the admin: change the field and publish a revision."""
    page = PresidencyPage.objects.get(pk=page.pk)
    page.hostname = hostname
    page.save_revision().publish()
    return page


@pytest.fixture(autouse=True)
def _dynamic_allowed_hosts(settings):
    """The hub's own ALLOWED_HOSTS, as in production.

    Django's setup_test_environment() replaces settings.ALLOWED_HOSTS by a plain list
    ([*ALLOWED_HOSTS, "testserver"]), which drops hub.web.hosts.AllowedHosts and its Site
    hostnames; put it back. Its per-process cache is emptied around each test, since
    the test database rolls back underneath it.
    """
    settings.ALLOWED_HOSTS = AllowedHosts(["testserver"])
    forget_site_hostnames()
    yield
    forget_site_hostnames()


@pytest.fixture
def own_domain(world, db):
    set_hostname(world.uk, HOST)
    return Site.objects.get(hostname=HOST)


def canonical(response) -> str:
    html = response.content.decode()
    start = html.index('<link rel="canonical" href="') + len('<link rel="canonical" href="')
    return html[start : html.index('"', start)]


def test_publishing_a_hostname_creates_a_site_rooted_at_the_section(world, own_domain):
    assert own_domain.root_page_id == world.uk.pk
    assert own_domain.port == 80
    assert not own_domain.is_default_site
    assert Site.objects.get(is_default_site=True).root_page_id == world.home.pk
    assert Site.objects.filter(root_page__translation_key=world.uk.translation_key).count() == 1


def test_publishing_again_keeps_one_site(world, own_domain):
    set_hostname(world.uk, HOST)
    assert Site.objects.filter(hostname=HOST).count() == 1
    assert Site.objects.filter(root_page__translation_key=world.uk.translation_key).count() == 1


def test_the_own_domain_serves_the_presidency(world, own_domain, client):
    response = client.get("/en/", HTTP_HOST=HOST)

    assert response.status_code == 200
    assert response.context["page"].pk == world.uk.pk
    assert "<h1>United Kingdom 2027 presidency</h1>" in response.content.decode()
    assert '<html lang="en"' in response.content.decode()


def test_the_own_domain_serves_the_translations(world, own_domain, client):
    french = world.uk.get_translation(Locale.objects.get(language_code="fr"))

    response = client.get("/fr/", HTTP_HOST=HOST)

    assert response.status_code == 200
    assert response.context["page"].pk == french.pk
    assert f"<h1>{french.title}</h1>" in response.content.decode()
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_own_domain_serves_the_sections(world, own_domain, client, language):
    priorities = (
        world.uk.get_children().get(slug="priorities").get_translation(Locale.objects.get(language_code=language))
    )

    response = client.get(f"/{language}/priorities/", HTTP_HOST=HOST)

    assert response.status_code == 200
    assert response.context["page"].pk == priorities.pk


@pytest.mark.parametrize(
    ("path", "permanent"),
    [
        ("/en/", f"{MAIN}/en{UK_PATH}"),
        ("/fr/", f"{MAIN}/fr{UK_PATH}"),
        ("/en/priorities/", f"{MAIN}/en{UK_PATH}priorities/"),
        ("/fr/calendar/", f"{MAIN}/fr{UK_PATH}calendar/"),
    ],
)
def test_canonical_link_points_to_the_permanent_url_on_the_main_site(own_domain, client, path, permanent):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == 200
    assert canonical(response) == permanent
    # ... and that permanent URL answers on the main site, with the same canonical link.
    main = client.get(permanent.removeprefix(MAIN))
    assert main.status_code == 200
    assert canonical(main) == permanent


def test_the_main_site_still_serves_the_section(world, own_domain, client):
    response = client.get(f"/en{UK_PATH}")
    assert response.status_code == 200
    assert response.context["page"].pk == world.uk.pk


def test_the_own_domain_does_not_serve_the_rest_of_the_hub(own_domain, client):
    """Its root is the section: the main site's home and other presidencies are not under it."""
    response = client.get("/en/presidencies/2026-united-states/", HTTP_HOST=HOST)
    assert response.status_code == 404


def test_an_unknown_host_is_refused(own_domain, client):
    assert client.get("/en/", HTTP_HOST="g20-2099.example.org").status_code == 400


def test_a_host_is_refused_before_its_hostname_is_published(world, db, client):
    assert client.get("/en/", HTTP_HOST="g20-2027-draft.example.org").status_code == 400


def test_removing_the_hostname_removes_the_site(world, own_domain):
    set_hostname(world.uk, "")
    assert not Site.objects.filter(hostname=HOST).exists()
    assert not Site.objects.filter(root_page__translation_key=world.uk.translation_key).exists()
    assert Site.objects.filter(is_default_site=True).exists()


def test_removing_the_hostname_refuses_the_host_at_once(world, own_domain, client):
    assert client.get("/en/", HTTP_HOST=HOST).status_code == 200
    set_hostname(world.uk, "")
    assert client.get("/en/", HTTP_HOST=HOST).status_code == 400


def test_changing_the_hostname_moves_the_site(world, own_domain, client):
    set_hostname(world.uk, "uk2027.example.org")
    assert not Site.objects.filter(hostname=HOST).exists()
    assert Site.objects.get(hostname="uk2027.example.org").root_page_id == world.uk.pk
    assert client.get("/en/", HTTP_HOST="uk2027.example.org").status_code == 200


# --- a hostname must never take over another Site --------------------------------------------


def _publish_hostname_in_admin(client, page: Page, hostname: str):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = dict(querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").lists())
    data.update({"hostname": [hostname], "action-publish": ["action-publish"]})
    return client.post(url, data)


def test_a_presidency_cannot_take_over_the_main_site(world, db, client):
    main = Site.objects.get(is_default_site=True)
    main.hostname = "www.g20.example.org"  # as in production: a dotted name
    main.save()
    client.force_login(UserFactory(username="us-moderator", groups=["2026 United States moderators"]))

    response = _publish_hostname_in_admin(client, world.us, "www.g20.example.org")

    main.refresh_from_db()
    assert main.root_page_id == world.home.pk
    assert main.is_default_site
    assert response.status_code == 200  # the form, with an error on the hostname
    assert response.context["form"].errors.get("hostname")


def test_a_presidency_cannot_take_over_another_presidencys_domain(world, own_domain, client):
    client.force_login(UserFactory(username="us-moderator", groups=["2026 United States moderators"]))

    response = _publish_hostname_in_admin(client, world.us, HOST)

    own_domain.refresh_from_db()
    assert own_domain.root_page_id == world.uk.pk
    assert response.status_code == 200
    assert response.context["form"].errors.get("hostname")


def test_a_presidency_cannot_take_over_any_other_site(world, db, client):
    other = Site.objects.create(hostname="media.g20.example.org", port=80, root_page=world.home, site_name="Media")
    client.force_login(UserFactory(username="us-moderator", groups=["2026 United States moderators"]))

    response = _publish_hostname_in_admin(client, world.us, "media.g20.example.org")

    other.refresh_from_db()
    assert other.root_page_id == world.home.pk
    assert response.status_code == 200
    assert response.context["form"].errors.get("hostname")


def test_publishing_never_re_roots_the_main_site(world, db):
    """A revision published by code is validated too (save_revision runs full_clean): the default site stays put."""
    main = Site.objects.get(is_default_site=True)
    main.hostname = "www.g20.example.org"
    main.save()

    with pytest.raises(ValidationError) as refused:
        set_hostname(world.us, "www.g20.example.org")

    assert "hostname" in refused.value.message_dict
    main.refresh_from_db()
    assert main.is_default_site
    assert main.root_page_id == world.home.pk


def test_a_presidency_moderator_can_give_their_section_its_own_domain(world, db, client):
    """Positive control for the two tests above: a free hostname is accepted from the admin."""
    client.force_login(UserFactory(username="us-moderator", groups=["2026 United States moderators"]))

    response = _publish_hostname_in_admin(client, world.us, "g20-2026.example.org")

    assert response.status_code == 302
    assert Site.objects.get(hostname="g20-2026.example.org").root_page_id == world.us.pk
    assert client.get("/en/", HTTP_HOST="g20-2026.example.org").context["page"].pk == world.us.pk


@pytest.mark.parametrize("hostname", ["not a host", "-bad.example.org", "localhost", "http://g20.example.org"])
def test_an_invalid_hostname_is_refused_in_the_admin(world, db, client, hostname):
    client.force_login(UserFactory(username="us-moderator", groups=["2026 United States moderators"]))
    response = _publish_hostname_in_admin(client, world.us, hostname)
    assert response.status_code == 200
    assert response.context["form"].errors.get("hostname")
    assert not Site.objects.filter(root_page__translation_key=world.us.translation_key).exists()
