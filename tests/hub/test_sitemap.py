"""sitemap.xml (every public page in every language) and robots.txt."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import ContentPageFactory

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_paths(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
    return [urlsplit(loc.text).path for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]


def test_sitemap_lists_pages_of_every_language(client, demo_pages):
    paths = sitemap_paths(client)

    for language in ("en", "fr", "es"):
        for path in ("", "about/", "legal/"):
            assert f"/{language}/{path}" in paths
    assert len(paths) == len(set(paths)) == 9


def test_sitemap_urls_are_absolute(client, demo_pages):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)  # noqa: S314

    locations = [loc.text for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]
    assert locations
    assert all(urlsplit(location).scheme in ("http", "https") and urlsplit(location).netloc for location in locations)
    assert all(url.find("sm:lastmod", SITEMAP_NS) is not None for url in root.iterfind("sm:url", SITEMAP_NS))


def test_sitemap_leaves_out_unpublished_and_private_pages(client, demo_pages):
    english_home = demo_pages["home"]["en"]
    ContentPageFactory(parent=english_home, title="Draft statement", live=False)
    private = ContentPageFactory(parent=english_home, title="Internal briefing", publish=True)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    ContentPageFactory(parent=private, title="Briefing annex", publish=True)
    password = ContentPageFactory(parent=demo_pages["home"]["fr"], title="Note protegee", publish=True)
    PageViewRestriction.objects.create(page=password, restriction_type=PageViewRestriction.PASSWORD, password="x")
    ContentPageFactory(parent=english_home, title="Public statement", publish=True)

    paths = sitemap_paths(client)

    assert "/en/public-statement/" in paths
    assert "/en/draft-statement/" not in paths
    assert "/en/internal-briefing/" not in paths
    assert "/en/internal-briefing/briefing-annex/" not in paths
    assert "/fr/note-protegee/" not in paths


def test_sitemap_leaves_out_unpublished_translations(client, demo_pages):
    demo_pages["legal"]["es"].unpublish()

    paths = sitemap_paths(client)

    assert "/es/legal/" not in paths
    assert "/es/about/" in paths


def test_sitemap_query_count_does_not_grow_with_pages(client, demo_pages):
    def queries() -> int:
        client.get("/sitemap.xml")
        with CaptureQueriesContext(connection) as captured:
            client.get("/sitemap.xml")
        return len(captured)

    before = queries()
    for _ in range(10):
        ContentPageFactory(parent=demo_pages["home"]["en"], publish=True)

    assert queries() == before
    assert len(sitemap_paths(client)) == 19


def test_robots_txt_names_the_sitemap_and_keeps_out_of_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /django-admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_sitemap_uses_the_requested_host_and_scheme(client, db, settings):
    settings.ALLOWED_HOSTS = ["g20-hub.example"]

    response = client.get("/robots.txt", HTTP_HOST="g20-hub.example", secure=True)

    assert "Sitemap: https://g20-hub.example/sitemap.xml" in response.content.decode().splitlines()
