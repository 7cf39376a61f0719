"""Feed pollers get 304s: every feed carries an ETag and the newest entry's time as Last-Modified."""

import pytest

from .conftest import new_meeting


@pytest.mark.parametrize("url", ["/en/roundtable/rss/", "/en/roundtable/commitments/atom/", "/en/roundtable/json/"])
def test_feeds_answer_304_while_nothing_changed(world, db, client, url):
    first = client.get(url)
    assert first.status_code == 200
    assert first["Last-Modified"].endswith("GMT")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_newly_published_minutes_reach_a_poller_holding_the_old_etag(world, db, client):
    first = client.get("/en/roundtable/rss/")
    new_meeting(world, slug="conditional-feed", title="Conditional feed meeting", status="published")
    again = client.get("/en/roundtable/rss/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Conditional feed meeting" in again.content.decode()
