"""``body_html`` of published minutes in /api/v1/meetings/: the items as safe HTML beside the summary, in
the same number of queries whatever the number of meetings."""

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roundtable.models import Minutes, RoundtableMeetingPage

MEETINGS = "/api/v1/meetings/"


def minutes_of(client, meeting) -> dict:
    response = client.get(MEETINGS)
    assert response.status_code == 200
    items = {item["id"]: item for item in response.json()["results"]}
    return items[meeting.pk]["minutes"]


def test_published_minutes_carry_body_html_beside_the_summary(world, db, client):
    meeting = world.meetings["election"]
    data = minutes_of(client, meeting)
    minutes = Minutes.objects.get(meeting=meeting)
    assert data["summary"] == minutes.summary
    body_html = data["body_html"]
    assert body_html.startswith("<h2>Lessons from the 2024 and 2025 elections</h2>")
    assert "<h2>A shared incident-reporting template</h2><p>The secretariat presented a draft template" in body_html
    assert "<h3>Decisions</h3><ul><li>The roundtable adopts the incident-reporting template, version 1.0.</li>" in (
        body_html
    )
    assert "<h3>Action items</h3><ul><li>Adopt the incident-reporting template" in body_html
    # The detail says the same.
    detail = client.get(f"{MEETINGS}{meeting.pk}/").json()["minutes"]
    assert detail["body_html"] == body_html


def test_hostile_minutes_never_reach_body_html(world, db, client):
    meeting = world.meetings["ai"]
    minutes = Minutes.objects.get(meeting=meeting)
    raw = minutes.items.raw_data
    raw[0]["value"]["discussion"] = (
        '<p onclick="x()">Talked <script>alert(1)</script><a href="javascript:y()">here</a></p>'
    )
    raw[0]["value"]["title"] = "<img src=x onerror=alert(2)>Agenda"
    Minutes.objects.filter(pk=minutes.pk).update(items=list(raw))
    body_html = minutes_of(client, meeting)["body_html"]
    for forbidden in ("<script", "alert(1)", "onclick", "javascript:", "<img"):
        assert forbidden not in body_html
    assert "<h2>&lt;img src=x onerror=alert(2)&gt;Agenda</h2>" in body_html
    assert "Talked" in body_html


def test_unpublished_minutes_have_no_body(world, db, client):
    items = {item["id"]: item for item in client.get(MEETINGS).json()["results"]}
    assert items[world.meetings["upcoming"].pk]["minutes"] is None


def test_the_same_queries_with_more_published_minutes(world, db, client):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MEETINGS).status_code == 200
        return len(queries)

    both = count()
    Minutes.objects.filter(meeting=world.meetings["ai"]).update(status="approved")
    RoundtableMeetingPage.objects.filter(pk=world.meetings["ai"].pk).update(status="minutes_approved")
    assert count() == both


def test_the_schema_documents_body_html(world, db, client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["Minutes"]["properties"]["body_html"]["type"] == "string"


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_the_minutes_feeds_carry_the_full_minutes(world, db, client, kind):
    response = client.get(f"/en/roundtable/{kind}/")
    assert response.status_code == 200
    if kind == "json":
        contents = [item.get("content_html", "") for item in response.json()["items"]]
    else:
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        contents = [entry.content[0].value for entry in parsed.entries if "content" in entry]
    assert any(content.startswith("<h2>Lessons from the 2024 and 2025 elections</h2>") for content in contents)
    if kind == "rss":
        assert b'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in response.content
