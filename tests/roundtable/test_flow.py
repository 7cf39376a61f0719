import pytest
from hub.roundtable import flow
from hub.roundtable.models import *
from tests.roundtable.conftest import new_meeting
from bs4 import BeautifulSoup


def test_explore(world, db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        m = new_meeting(world, slug="explore-one", status="circulated")
    print("URL", m.url, m.status)
    r = client.get(m.url)
    print(r.status_code)
    print(BeautifulSoup(r.content, "html.parser").select_one("section.minutes").get_text(" ", strip=True))
    for u in ["/en/roundtable/rss/", "/en/roundtable/json/", "/en/search/?q=explore", "/api/v1/meetings/", m.url + "minutes.xml", m.url + "minutes/print/", "/en/roundtable/commitments/", "/api/v1/commitments/"]:
        r = client.get(u)
        print(u, r.status_code, r.get("Content-Type"), len(r.content))
    r = client.get("/api/v1/meetings/")
    print(r.content[:1500])
    with django_capture_on_commit_callbacks(execute=True):
        flow.approve(Minutes.objects.get(meeting=m), None, "Chair")
        flow.publish(Minutes.objects.get(meeting=m))
    for u in [m.url + "minutes.xml", m.url + "minutes.xml/", m.url + "minutes/print/", "/en/search/?q=zebraquill"]:
        r = client.get(u)
        print(u, r.status_code, r.get("Content-Type"))
        print(r.content.decode()[:3000])
    print([(c.pk, c.status, c.due_date, c.completed_on, c.owner.name, c.meeting.slug) for c in Commitment.objects.all()])
    print([(o.pk, o.name, o.kind) for o in world.organisations.values()])
