"""Conditional GET on pages, feeds and the API: an ETag on every answer, 304 while nothing changed,
a full answer again once something did."""

import pytest

from hub.models import ContentPage


@pytest.mark.parametrize("url", ["/en/", "/en/about/", "/api/v1/topics/", "/sitemap.xml"])
def test_unchanged_answers_are_304(demo_pages, client, url):
    first = client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_published_change_gives_a_new_etag(demo_pages, client):
    etag = client.get("/en/about/")["ETag"]
    about = ContentPage.objects.get(pk=demo_pages["about"]["en"].pk)
    about.introduction = "Who runs this site, since today."
    about.save_revision().publish()
    changed = client.get("/en/about/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "since today" in changed.content.decode()
