"""Draft, circulated and approved minutes are invisible to the public until they are published: not on
the meeting page, in feeds, search, the API, the exports or the commitments tracker. Once published
they appear everywhere, and the Akoma Ntoso export and the print view are well formed."""

import datetime
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from roundtable import flow
from roundtable.models import Commitment, Minutes
from tests.roundtable.conftest import new_meeting

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"akn": AKN}
SECRET_WORD = "zebraquill"
TITLE_WORD = "Narwhalsession"


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def indexed_meeting(world, capture, slug: str, status: str):
    """A meeting moved up to ``status`` and indexed for search, as it would be after each commit."""
    with capture(execute=True):
        return new_meeting(world, slug=slug, title=f"{TITLE_WORD} {slug}", status=status)


def secrets_of(slug: str) -> list[str]:
    """Every piece of the draft minutes ``new_meeting`` writes."""
    return [SECRET_WORD, f"Secret draft summary of {slug}", f"Draft decision of {slug}", f"Publish a report ({slug})"]


def assert_hidden(content: bytes | str, slug: str, where: str) -> None:
    text = content.decode() if isinstance(content, bytes) else content
    for secret in secrets_of(slug):
        assert secret not in text, (where, secret)


def get(client, url, expect=200, **params):
    response = client.get(url, params)
    assert response.status_code == expect, (url, params, response.status_code)
    return response


def search_hrefs(client, query: str) -> list[str]:
    soup = BeautifulSoup(get(client, "/en/search/", q=query).content, "html.parser")
    return [a["href"] for a in soup.select("ol.result-list li.result h2 a")]


def feed_entries(client, kind: str, url: str = "/en/roundtable/"):
    response = get(client, f"{url}{kind}/")
    if kind == "json":
        return response, json.loads(response.content)["items"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed.entries


def api_meeting(client, meeting) -> dict:
    data = json.loads(get(client, "/api/v1/meetings/", page_size=100).content)
    found = [result for result in data["results"] if result["id"] == meeting.pk]
    assert len(found) == 1
    return found[0]


def api_commitment_texts(client, **params) -> list[str]:
    data = json.loads(get(client, "/api/v1/commitments/", page_size=100, **params).content)
    return [result["text"] for result in data["results"]]


# --- Before publication ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["minutes_draft", "circulated", "minutes_approved"])
def test_unpublished_minutes_appear_in_no_public_response(
    world, db, client, django_capture_on_commit_callbacks, status
):
    slug = f"hidden-{status.replace('_', '-')}"
    meeting = indexed_meeting(world, django_capture_on_commit_callbacks, slug, status)
    assert Minutes.objects.get(meeting=meeting).summary == f"Secret draft summary of {slug}."

    # The meeting page is public, and says the minutes will come.
    response = get(client, meeting.url)
    assert_hidden(response.content, slug, "meeting page")
    soup = BeautifulSoup(response.content, "html.parser")
    assert text_of(soup.select_one("section.minutes")) == (
        "Minutes The minutes will be published here once the chair has approved them."
    )
    assert soup.select_one("a[href$='minutes.xml']") is None
    assert_hidden(get(client, "/en/roundtable/").content, slug, "roundtable index")

    # Feeds.
    for kind in ("rss", "atom", "json"):
        response, entries = feed_entries(client, kind)
        assert_hidden(response.content, slug, kind)
        titles = [entry["title"] for entry in entries]
        assert f"Minutes: {meeting.title}" not in titles
        assert len(titles) == 2  # the demo's two published meetings

    # Search: the meeting is indexed (its title is found) but not its draft minutes.
    assert search_hrefs(client, TITLE_WORD) == [meeting.url]
    assert search_hrefs(client, SECRET_WORD) == []
    assert search_hrefs(client, "Confidential") == []

    # The API.
    assert api_meeting(client, meeting)["minutes"] is None
    assert_hidden(get(client, "/api/v1/meetings/", page_size=100).content, slug, "meetings API")

    # Exports.
    get(client, meeting.url + "minutes.xml", expect=404)
    get(client, meeting.url + "minutes.xml/", expect=404)
    get(client, meeting.url + "minutes/print/", expect=404)

    # The commitments tracker, its feeds and the API.
    if status == "minutes_approved":
        assert Commitment.objects.filter(meeting=meeting).count() == 1  # created, but not yet public
    assert_hidden(get(client, "/en/roundtable/commitments/").content, slug, "tracker")
    for kind in ("rss", "atom", "json"):
        assert_hidden(get(client, f"/en/roundtable/commitments/{kind}/").content, slug, f"commitments {kind}")
    assert f"Publish a report ({slug})." not in api_commitment_texts(client)
    assert_hidden(get(client, "/api/v1/commitments/", page_size=100).content, slug, "commitments API")
    # Its slug is no choice of the tracker's meeting filter.
    get(client, "/en/roundtable/commitments/", expect=400, meeting=slug)


def test_the_meetings_api_status_filter_does_not_leak_approved_minutes(world, db, client):
    meeting = new_meeting(world, slug="hidden-api-filter", status="minutes_approved")
    response = get(client, "/api/v1/meetings/", status="minutes_approved", page_size=100)
    data = json.loads(response.content)
    assert [result["id"] for result in data["results"]] == [meeting.pk]
    assert data["results"][0]["minutes"] is None
    assert_hidden(response.content, "hidden-api-filter", "meetings API filtered")


def test_scheduled_meeting_says_it_has_not_taken_place(world, db, client):
    meeting = world.meetings["upcoming"]
    soup = BeautifulSoup(get(client, meeting.url).content, "html.parser")
    assert text_of(soup.select_one("section.minutes")) == "Minutes The meeting has not taken place yet."


# --- After publication -----------------------------------------------------------------------------------


def test_published_minutes_appear_everywhere(world, db, client, django_capture_on_commit_callbacks):
    slug = "shown-after-publish"
    meeting = indexed_meeting(world, django_capture_on_commit_callbacks, slug, "minutes_approved")
    assert search_hrefs(client, SECRET_WORD) == []
    with django_capture_on_commit_callbacks(execute=True):
        flow.publish(Minutes.objects.get(meeting=meeting))
    meeting.refresh_from_db()

    # The meeting page.
    soup = BeautifulSoup(get(client, meeting.url).content, "html.parser")
    minutes_text = text_of(soup.select_one("section.minutes"))
    for secret in secrets_of(slug):
        assert secret in minutes_text, secret
    assert "by The Chair, chair" in minutes_text
    exports = [a["href"] for a in soup.select("section.minutes .minutes__exports a")]
    assert exports == [
        meeting.url + "minutes/print/",
        meeting.url + "minutes.xml",
        f"/en/roundtable/commitments/?meeting={slug}",
    ]

    # Feeds: the newest entry is this meeting's minutes, with their summary.
    for kind in ("rss", "atom", "json"):
        _response, entries = feed_entries(client, kind)
        assert len(entries) == 3
        newest = entries[0]
        assert newest["title"] == f"Minutes: {meeting.title}"
        assert f"Secret draft summary of {slug}." in newest["summary"], (kind, newest)
        if kind == "json":
            assert newest["content_text"] == f"Secret draft summary of {slug}."
        link = newest["url"] if kind == "json" else newest["link"]
        assert link.endswith("#minutes")

    # Search (the index was updated when the publication was committed).
    assert search_hrefs(client, SECRET_WORD) == [meeting.url]

    # The API.
    minutes = api_meeting(client, meeting)["minutes"]
    assert minutes["summary"] == f"Secret draft summary of {slug}."
    assert minutes["approved_by"] == "The Chair"
    assert [item["title"] for item in minutes["items"]] == ["Transparency reports"]
    assert SECRET_WORD in minutes["items"][0]["discussion"]
    assert minutes["items"][0]["decisions"] == [f"Draft decision of {slug}."]
    assert minutes["items"][0]["action_items"][0]["owner"]["id"] == world.organisations["Meta Platforms"].pk
    assert minutes["xml_url"] == f"http://testserver{meeting.url}minutes.xml"
    assert minutes["print_url"] == f"http://testserver{meeting.url}minutes/print/"

    # Exports.
    assert SECRET_WORD in get(client, meeting.url + "minutes.xml").content.decode()
    assert SECRET_WORD in get(client, meeting.url + "minutes/print/").content.decode()

    # The commitments tracker, its feeds and the API.
    commitment = f"Publish a report ({slug})."
    tracker = BeautifulSoup(get(client, "/en/roundtable/commitments/").content, "html.parser")
    assert commitment in [text_of(h3) for h3 in tracker.select("li.commitment h3")]
    _response, entries = feed_entries(client, "rss", "/en/roundtable/commitments/")
    assert any(commitment in entry["title"] for entry in entries)
    assert commitment in api_commitment_texts(client)
    filtered = BeautifulSoup(get(client, "/en/roundtable/commitments/", meeting=slug).content, "html.parser")
    assert [text_of(h3) for h3 in filtered.select("li.commitment h3")] == [commitment]


def test_published_minutes_show_on_every_translation(world, db, client):
    from wagtail.models import Locale

    from hub.demo.content import publish_translation

    meeting = new_meeting(world, slug="shown-translated", status="minutes_approved")
    french = publish_translation(meeting, Locale.objects.get(language_code="fr"), {"title": "Réunion publiée"})
    assert SECRET_WORD not in get(client, french.url).content.decode()
    get(client, french.url + "minutes.xml", expect=404)
    flow.publish(Minutes.objects.get(meeting=meeting))
    soup = BeautifulSoup(get(client, french.url).content, "html.parser")
    assert SECRET_WORD in text_of(soup.select_one("section.minutes"))
    get(client, french.url + "minutes.xml")


# --- Akoma Ntoso ----------------------------------------------------------------------------------------


def akn(tag: str) -> str:
    return f"{{{AKN}}}{tag}"


@pytest.fixture
def published_meeting(world, db):
    """A published meeting whose minutes hold two items, decisions and action items."""
    meeting = new_meeting(world, slug="akn-export", status="minutes_draft")
    minutes = Minutes.objects.get(meeting=meeting)
    meta, union = world.organisations["Meta Platforms"], world.organisations["European Union"]
    minutes.items = [
        (
            "item",
            {
                "title": "Opening",
                "discussion": "<p>The chair opened the meeting.</p><p>Members agreed the agenda.</p>",
                "decisions": [],
                "action_items": [],
            },
        ),
        (
            "item",
            {
                "title": "Transparency reports",
                "discussion": "<p>Reports were discussed.</p>",
                "decisions": ["Reports are published twice a year.", "A shared template is used."],
                "action_items": [
                    {
                        "text": "Publish the template.",
                        "owner": union,
                        "due_date": datetime.date(2027, 2, 1),
                        "is_commitment": True,
                    },
                    {"text": "Circulate a note.", "owner": None, "due_date": None, "is_commitment": False},
                    {"text": "Report on ads.", "owner": meta, "due_date": None, "is_commitment": True},
                ],
            },
        ),
    ]
    minutes.save()
    flow.circulate(minutes)
    flow.approve(Minutes.objects.get(pk=minutes.pk), None, "Claire Dubois")
    flow.publish(Minutes.objects.get(pk=minutes.pk))
    meeting.refresh_from_db()
    return meeting


def parse_akn(client, meeting) -> ET.Element:
    response = get(client, meeting.url + "minutes.xml")
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def test_akoma_ntoso_export_structure(published_meeting, client):
    meeting = published_meeting
    minutes = Minutes.objects.get(meeting=meeting)
    root = parse_akn(client, meeting)
    assert root.tag == akn("akomaNtoso")
    docs = root.findall("akn:doc", NS)
    assert len(docs) == 1 and docs[0].get("name") == "minutes"
    doc = docs[0]

    identification = doc.find("akn:meta/akn:identification", NS)
    work = identification.find("akn:FRBRWork", NS)
    expression = identification.find("akn:FRBRExpression", NS)
    manifestation = identification.find("akn:FRBRManifestation", NS)
    assert work is not None and expression is not None and manifestation is not None
    meeting_date = f"{meeting.start:%Y-%m-%d}"
    work_uri = f"/akn/int/doc/minutes/g20-roundtable/{meeting_date}/akn-export"
    assert work.find("akn:FRBRuri", NS).get("value") == work_uri
    assert work.find("akn:FRBRdate", NS).get("date") == meeting_date
    assert expression.find("akn:FRBRuri", NS).get("value") == f"{work_uri}/en@"
    assert expression.find("akn:FRBRlanguage", NS).get("language") == "en"
    assert expression.find("akn:FRBRdate", NS).get("date") == f"{minutes.approved_at:%Y-%m-%d}"
    assert manifestation.find("akn:FRBRuri", NS).get("value") == f"http://testserver{meeting.url}minutes.xml"
    assert manifestation.find("akn:FRBRdate", NS).get("date") == f"{minutes.published_at:%Y-%m-%d}"

    references = doc.find("akn:meta/akn:references", NS)
    assert references.find("akn:TLCPerson", NS).get("showAs") == "Claire Dubois"
    organisations = {ref.get("eId") for ref in references.findall("akn:TLCOrganization", NS)}
    participants = {f"org_{p.organisation_id}" for p in meeting.participants.all()}
    assert participants <= organisations

    assert doc.find("akn:preface/akn:p/akn:docTitle", NS).text == meeting.title
    body = doc.find("akn:mainBody", NS)
    attendance = body.find("akn:hcontainer[@name='attendance']", NS)
    assert len(attendance.findall("akn:content/akn:p", NS)) == 3

    items = body.findall("akn:hcontainer[@name='agendaItem']", NS)
    assert len(items) == len(list(minutes.items)) == 2
    assert [item.find("akn:heading", NS).text for item in items] == ["Opening", "Transparency reports"]
    assert [item.find("akn:num", NS).text for item in items] == ["1", "2"]
    opening, reports = items
    assert [p.text for p in opening.findall("akn:hcontainer[@name='discussion']/akn:content/akn:p", NS)] == [
        "The chair opened the meeting.",
        "Members agreed the agenda.",
    ]
    assert opening.find("akn:hcontainer[@name='decisions']", NS) is None
    assert opening.find("akn:hcontainer[@name='actionItems']", NS) is None
    decisions = reports.findall("akn:hcontainer[@name='decisions']/akn:content/akn:p[@class='decision']", NS)
    assert [p.text for p in decisions] == ["Reports are published twice a year.", "A shared template is used."]
    actions = reports.findall("akn:hcontainer[@name='actionItems']/akn:content/akn:p[@class='actionItem']", NS)
    assert len(actions) == 3
    union = world_org_ref(actions[0])
    assert union == (
        f"#org_{meeting.participants.get(organisation__name='European Union').organisation_id}",
        "European Union (EU)",
    )
    assert actions[0].find("akn:organization", NS).tail == ": Publish the template."
    assert actions[0].find("akn:date", NS).get("date") == "2027-02-01"
    assert actions[1].text == "Circulate a note."
    assert actions[1].find("akn:organization", NS) is None
    assert actions[2].find("akn:date", NS) is None

    conclusions = doc.find("akn:conclusions/akn:p", NS)
    assert conclusions.find("akn:date", NS).get("date") == f"{minutes.approved_at:%Y-%m-%d}"
    assert conclusions.find("akn:signature/akn:person", NS).text == "Claire Dubois"


def world_org_ref(paragraph) -> tuple[str, str]:
    organisation = paragraph.find("akn:organization", NS)
    return organisation.get("refersTo"), organisation.text


def test_akoma_ntoso_export_is_well_formed_whatever_the_text(world, db, client):
    meeting = new_meeting(world, slug="akn-hostile", status="minutes_draft")
    minutes = Minutes.objects.get(meeting=meeting)
    hostile = "Bell\x01 <script>alert('x')</script> & Sons \x0b]]>"
    minutes.summary = f"Summary {hostile}"
    minutes.items = [
        (
            "item",
            {
                "title": f"Title {hostile}",
                "discussion": "<p>Discussed &amp; noted \x01 &lt;script&gt;</p>",
                "decisions": [f"Decision {hostile}"],
                "action_items": [
                    {
                        "text": f"Action {hostile}",
                        "owner": world.organisations["Meta Platforms"],
                        "due_date": None,
                        "is_commitment": False,
                    }
                ],
            },
        )
    ]
    minutes.save()
    flow.circulate(minutes)
    flow.approve(Minutes.objects.get(pk=minutes.pk), None, "Chair & \x01 <Co>")
    flow.publish(Minutes.objects.get(pk=minutes.pk))

    root = parse_akn(client, meeting)
    assert root.tag == akn("akomaNtoso")
    item = root.find("akn:doc/akn:mainBody/akn:hcontainer[@name='agendaItem']", NS)
    clean = "Bell <script>alert('x')</script> & Sons ]]>"
    assert item.find("akn:heading", NS).text == f"Title {clean}"
    assert item.find("akn:hcontainer[@name='decisions']/akn:content/akn:p", NS).text == f"Decision {clean}"
    action = item.find("akn:hcontainer[@name='actionItems']/akn:content/akn:p", NS)
    assert action.find("akn:organization", NS).tail == f": Action {clean}"
    discussion = item.find("akn:hcontainer[@name='discussion']/akn:content/akn:p", NS)
    assert "\x01" not in discussion.text and "Discussed" in discussion.text
    preface = [p.text for p in root.findall("akn:doc/akn:preface/akn:p", NS)]
    assert f"Summary {clean}" in preface
    person = root.find("akn:doc/akn:conclusions/akn:p/akn:signature/akn:person", NS)
    assert person.text == "Chair &  <Co>"


# --- The print view -------------------------------------------------------------------------------------


def test_print_view_has_the_print_stylesheet_and_no_site_navigation(published_meeting, client):
    meeting = published_meeting
    soup = BeautifulSoup(get(client, meeting.url + "minutes/print/").content, "html.parser")
    stylesheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    assert any(href.endswith("/print.css") for href in stylesheets)
    assert soup.select_one("nav") is None
    assert soup.select_one("header.site-header") is None
    assert soup.select_one("form.site-search") is None
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert text_of(soup.find("h1")) == f"Minutes: {meeting.title}"
    assert [text_of(h3) for h3 in soup.select(".minutes__item h3")] == ["Opening", "Transparency reports"]
    commitments = [
        " ".join(li.get_text().split()) for li in soup.find(id="print-commitments").find_parent("section").select("li")
    ]
    assert commitments == [
        "European Union (EU): Publish the template. (due Feb. 1, 2027)",
        "Meta Platforms: Report on ads.",
    ]
    assert soup.select_one("p.no-print a")["href"] == meeting.url
