"""The roundtable's pages render: the section index in en, fr and es, meeting pages (published minutes,
upcoming, held, approved but unpublished), consultations, the commitments tracker, the minutes feeds,
the print view and minutes.xml. The demo runs twice without adding anything, and the index and a meeting
page run as many queries with more meetings, participants and agenda items."""

import datetime
import io
import json
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roundtable import demo as roundtable_demo
from roundtable import flow
from roundtable.models import (
    AgendaItem,
    Commitment,
    ConsultationPage,
    ConsultationSubmission,
    MeetingParticipant,
    Minutes,
    ProgressUpdate,
    Representative,
    RoundtableIndexPage,
    RoundtableMeetingPage,
    RoundtableMember,
)
from tests.roundtable.conftest import new_meeting

ELECTION = "/en/roundtable/2025-10-election-integrity/"
AI = "/en/roundtable/2026-05-ai-generated-content/"
UPCOMING = "/en/roundtable/crisis-response-protocols/"
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
UPCOMING_TITLES = {
    "en": "Roundtable on crisis response protocols",
    "fr": "Table ronde sur les protocoles de réponse aux crises",
    "es": "Mesa redonda sobre protocolos de respuesta a crisis",
}
AGENDA = [
    "Opening and adoption of the agenda",
    "Review of commitments from earlier meetings",
    "Crisis protocols: what worked in 2026",
    "Civil-society input from the open consultation",
    "Conclusions and next meeting",
]
AGENDA_TRANSLATED = {
    "fr": [
        "Ouverture et adoption de l'ordre du jour",
        "Bilan des engagements des réunions précédentes",
        "Protocoles de crise : ce qui a fonctionné en 2026",
        "Contributions de la société civile issues de la consultation ouverte",
        "Conclusions et prochaine réunion",
    ],
    "es": [
        "Apertura y aprobación del orden del día",
        "Revisión de los compromisos de reuniones anteriores",
        "Protocolos de crisis: lo que funcionó en 2026",
        "Aportes de la sociedad civil de la consulta abierta",
        "Conclusiones y próxima reunión",
    ],
}


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code)
    return response


def get_soup(client, url, params=None, status=200) -> BeautifulSoup:
    return BeautifulSoup(get(client, url, params, status).content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def section(soup, heading_id: str):
    heading = soup.find(id=heading_id)
    assert heading is not None, heading_id
    return heading.find_parent("section")


def meeting_titles(node) -> list[str]:
    return [text_of(link) for link in node.select("li.meeting h3 a")]


# --- The roundtable index --------------------------------------------------------------------------


def test_index_shows_upcoming_meeting_with_its_agenda(world, db, client):
    soup = get_soup(client, "/en/roundtable/")
    assert text_of(soup.find("h1")) == "Roundtable"
    upcoming = section(soup, "upcoming-heading")
    assert meeting_titles(upcoming) == ["Roundtable on crisis response protocols"]
    assert upcoming.select_one("li.meeting h3 a")["href"] == UPCOMING
    assert [text_of(title) for title in upcoming.select(".agenda__title")] == AGENDA
    meta = [text_of(node) for node in upcoming.select(".agenda__meta")]
    assert meta[2] == "Presented by Priya Raman, Meta Platforms · 60 minutes"
    assert "(Europe/London)" in text_of(upcoming.select_one(".result__meta"))
    assert "Lancaster House, London" in text_of(upcoming.select_one(".result__meta"))


def test_index_shows_past_meetings_newest_first_without_agenda(world, db, client):
    soup = get_soup(client, "/en/roundtable/")
    past = section(soup, "past-heading")
    assert meeting_titles(past) == [
        "Roundtable on AI-generated content and transparency",
        "Roundtable on election integrity and platform preparedness",
    ]
    assert [text_of(status) for status in past.select(".status")] == ["Minutes published", "Minutes published"]
    assert past.select(".agenda__item") == []
    election = past.select("li.meeting")[1]
    assert "Oct. 14, 2025, 9:30 a.m." in text_of(election)
    assert "(Africa/Johannesburg)" in text_of(election)


def test_index_sorts_new_meetings_into_upcoming_and_past(world, db, client):
    new_meeting(world, slug="soon-meeting", title="Soon meeting", start=timezone.now() + datetime.timedelta(days=3))
    new_meeting(world, slug="held-meeting", title="Held meeting", status="held")
    soup = get_soup(client, "/en/roundtable/")
    assert meeting_titles(section(soup, "upcoming-heading")) == [
        "Soon meeting",
        "Roundtable on crisis response protocols",
    ]
    past = section(soup, "past-heading")
    assert meeting_titles(past)[0] == "Held meeting"
    assert text_of(past.select_one(".status")) == "Held"


def test_index_lists_consultations(world, db, client):
    soup = get_soup(client, "/en/roundtable/")
    consultations = section(soup, "consultations-heading")
    items = {text_of(item.select_one("h3 a")): item for item in consultations.select("li.result")}
    assert list(items) == [
        "Consultation on information during crises",
        "Consultation on the transparency of political advertising",
    ]
    open_ = items["Consultation on information during crises"]
    assert open_.select_one("h3 a")["href"] == "/en/roundtable/crisis-information/"
    assert text_of(open_.select_one(".result__meta")).startswith("Open · closes on")
    closed = items["Consultation on the transparency of political advertising"]
    assert text_of(closed.select_one(".result__meta")) == "Closed · closed on March 31, 2026"


def test_index_links_feeds_calendar_and_tracker(world, db, client):
    soup = get_soup(client, "/en/roundtable/")
    feeds = {link.get("type"): link["href"] for link in soup.select("p.feed-links a")}
    assert feeds == {
        "application/rss+xml": "http://testserver/en/roundtable/rss/",
        "application/atom+xml": "http://testserver/en/roundtable/atom/",
        "application/feed+json": "http://testserver/en/roundtable/json/",
    }
    alternates = {link.get("type"): link["href"] for link in soup.select("head link[rel=alternate][type]")}
    assert alternates["application/rss+xml"] == "http://testserver/en/roundtable/rss/"
    assert alternates["text/calendar"] == "/en/roundtable/calendar.ics"
    links = {a["href"] for a in soup.select("nav.section-links a")}
    assert "/en/roundtable/calendar.ics" in links
    assert "/en/roundtable/commitments/" in links
    for href in ("/en/roundtable/calendar.ics", "/en/roundtable/commitments/", *feeds.values()):
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("language", ["fr", "es"])
def test_translated_index_shows_the_translated_upcoming_meeting(world, db, client, language):
    soup = get_soup(client, f"/{language}/roundtable/")
    assert soup.find("html")["lang"] == language
    upcoming = section(soup, "upcoming-heading")
    assert meeting_titles(upcoming) == [UPCOMING_TITLES[language]]
    assert upcoming.select_one("li.meeting h3 a")["href"] == f"/{language}/roundtable/crisis-response-protocols/"
    assert [text_of(title) for title in upcoming.select(".agenda__title")] == AGENDA_TRANSLATED[language]
    # The meetings held in English only are shown in English, marked so, in the past meetings.
    past = section(soup, "past-heading")
    election = next(a for a in past.select("li.meeting h3 a") if "election integrity" in text_of(a))
    assert election["lang"] == "en" and election["href"].startswith("/en/roundtable/")
    assert (
        text_of(election.find_next_sibling(class_="language-note")) == {"fr": "En anglais", "es": "En inglés"}[language]
    )
    links = {a["href"] for a in soup.select("nav.section-links a")}
    assert f"/{language}/roundtable/calendar.ics" in links
    assert f"/{language}/roundtable/commitments/" in links
    feeds = [link["href"] for link in soup.select("p.feed-links a")]
    assert feeds == [f"http://testserver/{language}/roundtable/{kind}/" for kind in ("rss", "atom", "json")]
    calendar = client.get(f"/{language}/roundtable/calendar.ics")
    assert calendar.status_code == 200
    assert UPCOMING_TITLES[language].encode() in calendar.content.replace(b"\r\n ", b"")


# --- Meeting pages ---------------------------------------------------------------------------------


def test_meeting_page_with_published_minutes(world, db, client):
    soup = get_soup(client, ELECTION)
    assert text_of(soup.find("h1")) == "Roundtable on election integrity and platform preparedness"
    assert text_of(soup.select_one(".page-header__kicker")) == "Roundtable meeting · Minutes published"
    facts = {text_of(node.find("dt")): text_of(node.find("dd")) for node in soup.select("dl.facts > div")}
    assert facts["Mode"] == "Hybrid"
    assert facts["Place"] == "Cape Town International Convention Centre, Cape Town"
    assert facts["Chair"] == "Thandiwe Mokoena, Government of South Africa"
    minutes = section(soup, "minutes")
    # The demo dates its minutes three and four weeks after the meeting.
    assert text_of(minutes.select_one(".provenance")) == (
        "Approved on Nov. 4, 2025 by Thandiwe Mokoena, chair · published on Nov. 11, 2025"
    )
    assert text_of(minutes.select_one(".lead")).startswith("Participants agreed a shared incident-reporting template")
    assert [text_of(title) for title in minutes.select(".minutes__item > h3")] == [
        "Lessons from the 2024 and 2025 elections",
        "A shared incident-reporting template",
        "Research access to platform data",
    ]
    decisions = [text_of(decision) for decision in minutes.select("ul.decisions li")]
    assert decisions == [
        "Election operations should cover every official language of the country holding the vote.",
        "The roundtable adopts the incident-reporting template, version 1.0.",
        "The secretariat publishes a yearly public summary of the reports received.",
    ]
    actions = minutes.select("ul.action-items li.action-item")
    assert len(actions) == 6
    assert text_of(actions[2]) == (
        "TikTok : Adopt the incident-reporting template in its election-integrity operations. "
        "(due June 30, 2026) Commitment"
    )
    exports = {text_of(a): a["href"] for a in minutes.select(".minutes__exports a")}
    assert exports == {
        "Printable minutes": ELECTION + "minutes/print/",
        "Minutes as Akoma Ntoso XML": ELECTION + "minutes.xml",
        "Commitments made at this meeting": "/en/roundtable/commitments/?meeting=2025-10-election-integrity",
    }


def test_meeting_page_participants_table(world, db, client):
    soup = get_soup(client, ELECTION)
    table = section(soup, "participants-heading").find("table")
    headers = [text_of(th) for th in table.select("thead th")]
    assert headers == ["Organisation", "Kind", "Attendance", "Represented by"]
    rows = {text_of(row.find("th")): [text_of(cell) for cell in row.find_all("td")] for row in table.select("tbody tr")}
    assert len(rows) == 9
    assert rows["TikTok"] == ["Platform company", "Sent apologies", "Mei Lin Tan (Global Head of Integrity Policy)"]
    assert rows["Government of South Africa"][:2] == ["G20 member government", "Attended"]
    assert {cells[1] for name, cells in rows.items() if name != "TikTok"} == {"Attended"}
    # Names and roles are public; e-mail addresses never are.
    html = get(client, ELECTION).content.decode()
    for email in Representative.objects.values_list("email", flat=True):
        assert email not in html


@pytest.mark.parametrize(
    ("url", "zone", "start_text", "start_attribute", "end_attribute"),
    [
        (
            ELECTION,
            "Africa/Johannesburg",
            "Oct. 14, 2025, 9:30 a.m. – 5 p.m.",
            "2025-10-14T09:30:00+02:00",
            "2025-10-14T17:00:00+02:00",
        ),
        (
            AI,
            "America/New_York",
            "May 19, 2026, 2 p.m. – 5:30 p.m.",
            "2026-05-19T14:00:00-04:00",
            "2026-05-19T17:30:00-04:00",
        ),
    ],
)
def test_meeting_time_is_shown_in_the_meetings_time_zone(
    world, db, client, url, zone, start_text, start_attribute, end_attribute
):
    soup = get_soup(client, url)
    when = next(node.find("dd") for node in soup.select("dl.facts > div") if text_of(node.find("dt")) == "When")
    assert text_of(when) == f"{start_text} ({zone})"
    assert [time["datetime"] for time in when.find_all("time")] == [start_attribute, end_attribute]


def test_upcoming_meeting_page_shows_the_agenda(world, db, client):
    soup = get_soup(client, UPCOMING)
    assert text_of(soup.find("h1")) == "Roundtable on crisis response protocols"
    assert text_of(soup.select_one(".page-header__kicker")) == "Roundtable meeting · Scheduled"
    agenda = soup.find(id=f"agenda-{world.meetings['upcoming'].pk}").find_parent("section")
    assert [text_of(title) for title in agenda.select(".agenda__title")] == AGENDA
    # The organisation's name already holds its acronym in parentheses: no "(European Union (EU))".
    assert text_of(agenda.select(".agenda__meta")[0]) == "Presented by Claire Dubois, European Union (EU) · 15 minutes"
    assert text_of(section(soup, "minutes")) == "Minutes The meeting has not taken place yet."
    calendar = soup.find("a", href="/en/roundtable/calendar.ics")
    assert calendar is not None
    assert text_of(calendar) == "Add the roundtable's meetings to your calendar"
    participants = section(soup, "participants-heading")
    assert {text_of(row.find_all("td")[1]) for row in participants.select("tbody tr")} == {"Invited"}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_translated_upcoming_meeting_page(world, db, client, language):
    soup = get_soup(client, f"/{language}/roundtable/crisis-response-protocols/")
    assert text_of(soup.find("h1")) == UPCOMING_TITLES[language]
    assert [text_of(title) for title in soup.select(".agenda__title")] == AGENDA_TRANSLATED[language]
    assert len(section(soup, "participants-heading").select("tbody tr")) == 9
    presenter = text_of(soup.select(".agenda__meta")[0])
    # The organisation's name in the reader's language (the demo gives it), in the translated line.
    expected = {
        "fr": "Présenté par Claire Dubois, Union européenne (UE)",
        "es": "Presentado por Claire Dubois, Unión Europea (UE)",
    }
    assert presenter.startswith(expected[language])
    assert "(UE))" not in presenter


@pytest.mark.parametrize("status", ["held", "minutes_draft", "circulated", "minutes_approved"])
def test_meeting_page_before_the_minutes_are_published(world, db, client, status):
    meeting = new_meeting(world, slug=f"page-{status.replace('_', '-')}", status=status)
    response = get(client, meeting.url)
    soup = BeautifulSoup(response.content, "html.parser")
    assert text_of(section(soup, "minutes")) == (
        "Minutes The minutes will be published here once the chair has approved them."
    )
    html = response.content.decode()
    assert "zebraquill" not in html
    assert "Secret draft summary" not in html
    assert "Draft decision of" not in html
    assert soup.select(".minutes__exports") == []
    # Nor are the print view and the XML there yet.
    get(client, meeting.url + "minutes/print/", status=404)
    get(client, meeting.url + "minutes.xml", status=404)
    # The page is past, so it offers no calendar link; participants are shown as recorded.
    assert soup.find("a", href="/en/roundtable/calendar.ics") is None
    assert len(section(soup, "participants-heading").select("tbody tr")) == 3


def test_meeting_page_once_published(world, db, client):
    meeting = new_meeting(world, slug="page-published", status="minutes_approved")
    flow.publish(Minutes.objects.get(meeting=meeting))
    soup = get_soup(client, meeting.url)
    minutes = section(soup, "minutes")
    assert "Secret draft summary of page-published." in text_of(minutes)
    assert [text_of(decision) for decision in minutes.select("ul.decisions li")] == [
        "Draft decision of page-published."
    ]
    assert text_of(minutes.select_one("li.action-item")).startswith(
        "Meta Platforms : Publish a report (page-published)."
    )
    get(client, meeting.url + "minutes/print/")
    get(client, meeting.url + "minutes.xml")


def test_upcoming_meeting_has_no_print_view_nor_xml(world, db, client):
    get(client, UPCOMING + "minutes/print/", status=404)
    get(client, UPCOMING + "minutes.xml", status=404)


# --- Consultations ---------------------------------------------------------------------------------


def test_open_consultation_page(world, db, client):
    soup = get_soup(client, "/en/roundtable/crisis-information/")
    assert text_of(soup.find("h1")) == "Consultation on information during crises"
    assert text_of(soup.select_one(".page-header__kicker")) == "Consultation · Open"
    questions = [text_of(item) for item in section(soup, "questions-heading").select("ol.questions li")]
    assert len(questions) == 3
    assert questions[0] == "What should platforms tell the public during a natural disaster or health emergency?"
    form = soup.select_one("form.plain-form")
    assert form is not None and form["method"] == "post"
    assert form["action"] == "/en/roundtable/crisis-information/"
    submissions = section(soup, "submissions-heading")
    assert [text_of(item.find("h3")) for item in submissions.select("li.submission")] == [
        "Red Cross Digital Volunteers Manila",
        "Health Misinformation Lab São Paulo",
    ]
    html = get(client, "/en/roundtable/crisis-information/").content.decode()
    # Not yet moderated, so not shown; contact addresses are never shown.
    assert "Community Radio Network Dakar" not in html
    for email in ConsultationSubmission.objects.values_list("contact_email", flat=True):
        assert email not in html


def test_closed_consultation_page(world, db, client):
    soup = get_soup(client, "/en/roundtable/political-advertising-transparency/")
    assert text_of(soup.select_one(".page-header__kicker")) == "Consultation · Closed"
    assert soup.select_one("form.plain-form") is None
    assert "This consultation closed on March 31, 2026" in text_of(soup.select_one(".notice"))
    submissions = section(soup, "submissions-heading")
    names = [text_of(item.find("h3")) for item in submissions.select("li.submission")]
    assert sorted(names) == [
        "Digital Rights Watch Nairobi",
        "Observatorio de Publicidad Política",
        "Transparency Forum Jakarta",
    ]
    assert "Anonymous Campaign Consultancy" not in text_of(soup)
    response = section(soup, "response-heading")
    assert len(response.select(".response")) == 2
    assert "Show who paid for each advertisement" in text_of(response.select(".response")[0])
    # An empty answer is left out.
    jakarta = next(item for item in submissions.select("li.submission") if "Jakarta" in text_of(item.find("h3")))
    assert len(jakarta.select("dl.answers dt")) == 1


# --- Commitments tracker ---------------------------------------------------------------------------


def test_commitments_tracker(world, db, client):
    soup = get_soup(client, "/en/roundtable/commitments/")
    assert text_of(soup.find("h1")) == "Commitments tracker"
    assert text_of(soup.select_one(".results-count")) == "12 commitments"
    items = soup.select("li.commitment")
    assert len(items) == 12
    first = items[0]
    assert text_of(first.find("h3")) == "Extend the political-advertising transparency library to every G20 member."
    assert first.select_one(".result__meta a")["href"] == ELECTION
    assert text_of(first.select_one(".status")) == "Done"
    # Google finished after the due date (Jan. 31, 2026): the tracker says so.
    assert text_of(first.select_one(".status").parent) == "Done · done on Feb. 20, 2026 (after the due date)"
    on_time = next(item for item in items if text_of(item.find("h3")).startswith("Publish an election-operations"))
    assert text_of(on_time.select_one(".status").parent) == "Done · done on March 11, 2026"
    assert first.select_one("progress")["value"] == "100"
    assert len(first.select("details.updates li")) == 2
    scorecards = {
        text_of(row.find("th")): [text_of(td) for td in row.find_all("td")]
        for row in soup.select(".scorecards tbody tr")
    }
    assert scorecards["Meta Platforms"] == ["2", "0", "0", "1", "3"]
    assert sum(int(cells[-1]) for cells in scorecards.values()) == 12
    feeds = [a["href"] for a in soup.select("p.feed-links a")]
    assert feeds == [f"http://testserver/en/roundtable/commitments/{kind}/" for kind in ("rss", "atom", "json")]


def test_commitments_tracker_filters(world, db, client):
    today = timezone.localdate()
    overdue = [
        commitment
        for commitment in Commitment.objects.public()
        if commitment.status in ("not_started", "in_progress") and commitment.due_date < today
    ]
    soup = get_soup(client, "/en/roundtable/commitments/", {"status": "overdue"})
    assert len(soup.select("li.commitment")) == len(overdue) > 0
    assert {text_of(status) for status in soup.select("li.commitment .status")} == {"Overdue"}
    soup = get_soup(client, "/en/roundtable/commitments/", {"meeting": "2026-05-ai-generated-content"})
    assert len(soup.select("li.commitment")) == 6
    get(client, "/en/roundtable/commitments/", {"status": "bogus"}, status=400)


def test_commitments_feed(world, db, client):
    response = get(client, "/en/roundtable/commitments/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert len(feed.entries) == 12
    assert all(
        entry.link.startswith("http://testserver/en/roundtable/commitments/#commitment-") for entry in feed.entries
    )


# --- Minutes feeds ---------------------------------------------------------------------------------


MINUTES_TITLES = [
    "Minutes: Roundtable on AI-generated content and transparency",
    "Minutes: Roundtable on election integrity and platform preparedness",
]


@pytest.mark.parametrize(("kind", "content_type"), [("rss", "application/rss+xml"), ("atom", "application/atom+xml")])
def test_xml_minutes_feeds(world, db, client, kind, content_type):
    response = get(client, f"/en/roundtable/{kind}/")
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "Roundtable · G20"
    assert [entry.title for entry in feed.entries] == MINUTES_TITLES
    assert all(entry.title.startswith("Minutes:") for entry in feed.entries)
    assert [entry.link for entry in feed.entries] == [
        f"http://testserver{AI}#minutes",
        f"http://testserver{ELECTION}#minutes",
    ]
    election = Minutes.objects.get(meeting_id=world.meetings["election"].pk)
    assert feed.entries[1].summary == election.summary


def test_json_minutes_feed(world, db, client):
    response = get(client, "/en/roundtable/json/")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    document = json.loads(response.content)
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["feed_url"] == "http://testserver/en/roundtable/json/"
    assert [item["title"] for item in document["items"]] == MINUTES_TITLES
    assert all(item["title"].startswith("Minutes:") for item in document["items"])
    assert document["items"][0]["url"] == f"http://testserver{AI}#minutes"
    assert document["items"][0]["language"] == "en"
    assert document["items"][0]["id"].startswith("tag:g20-hub,2026:roundtable-minutes-")


def test_feeds_carry_only_published_minutes(world, db, client):
    new_meeting(world, slug="feed-approved", title="Approved only", status="minutes_approved")
    published = new_meeting(world, slug="feed-published", title="Freshly published", status="published")
    feed = feedparser.parse(get(client, "/en/roundtable/rss/").content)
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Minutes: Freshly published", *MINUTES_TITLES]
    document = json.loads(get(client, "/en/roundtable/json/").content)
    assert [item["title"] for item in document["items"]][0] == "Minutes: Freshly published"
    assert document["items"][0]["summary"] == f"Secret draft summary of {published.slug}."
    atom = feedparser.parse(get(client, "/en/roundtable/atom/").content)
    assert "Minutes: Approved only" not in [entry.title for entry in atom.entries]


def test_french_feed_carries_the_english_minutes_unless_strict(world, db, client):
    feed = feedparser.parse(get(client, "/fr/roundtable/rss/").content)
    assert not feed.bozo
    links = [entry.link for entry in feed.entries]
    assert "http://testserver" + ELECTION + "#minutes" in links
    assert all(link.startswith("http://testserver/en/roundtable/") for link in links)
    json_feed = get(client, "/fr/roundtable/json/").json()
    assert {item["language"] for item in json_feed["items"]} == {"en"}
    strict = feedparser.parse(get(client, "/fr/roundtable/rss/?fallback=0").content)
    assert strict.entries == []
    assert client.get("/fr/roundtable/rss/?fallback=yes").status_code == 400


# --- Print view and Akoma Ntoso --------------------------------------------------------------------


def test_print_view(world, db, client):
    response = get(client, ELECTION + "minutes/print/")
    soup = BeautifulSoup(response.content, "html.parser")
    title = "Minutes: Roundtable on election integrity and platform preparedness"
    assert text_of(soup.find("h1")) == title
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # The meeting page's absolute address, as every other page's canonical link gives it; the site's icon.
    assert soup.find("link", rel="canonical")["href"] == "http://testserver" + ELECTION
    icon = soup.find("link", rel="icon")
    assert (icon["href"], icon["type"]) == ("/static/hub/img/favicon.svg", "image/svg+xml")
    from django.contrib.staticfiles import finders

    assert finders.find("hub/img/favicon.svg")
    participants = section(soup, "print-participants").select("li")
    assert len(participants) == 9
    assert "TikTok: Sent apologies (Mei Lin Tan (Global Head of Integrity Policy))" in [
        text_of(li) for li in participants
    ]
    minutes = section(soup, "print-minutes")
    assert len(minutes.select("ul.decisions li")) == 3
    commitments = section(soup, "print-commitments").select("li")
    assert len(commitments) == 6
    assert text_of(commitments[0]).startswith("Meta Platforms : Publish an election-operations report")
    assert [time["datetime"] for time in soup.select("dl.facts time")] == [
        "2025-10-14T09:30:00+02:00",
        "2025-10-14T17:00:00+02:00",
    ]


@pytest.mark.parametrize("url", [ELECTION + "minutes.xml", AI + "minutes.xml"])
def test_minutes_xml(world, db, client, url):
    response = get(client, url)
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert "-minutes.akn.xml" in response["Content-Disposition"]
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{AKN}akomaNtoso"
    assert root.find(f"{AKN}doc").get("name") == "minutes"
    assert root.find(f".//{AKN}FRBRlanguage").get("language") == "en"


# --- The demo --------------------------------------------------------------------------------------


def counts() -> dict[str, int]:
    return {
        "meetings": RoundtableMeetingPage.objects.count(),
        "minutes": Minutes.objects.count(),
        "commitments": Commitment.objects.count(),
        "submissions": ConsultationSubmission.objects.count(),
        "progress updates": ProgressUpdate.objects.count(),
        "consultations": ConsultationPage.objects.count(),
        "members": RoundtableMember.objects.count(),
        "representatives": Representative.objects.count(),
        "participants": MeetingParticipant.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "indexes": RoundtableIndexPage.objects.count(),
    }


def test_demo_is_idempotent(world, db):
    before = counts()
    assert before["meetings"] == 5
    assert before["commitments"] == 12
    assert before["submissions"] == 7
    assert before["minutes"] == 2
    assert before["progress updates"] > 0
    statuses = dict(Commitment.objects.values_list("pk", "status"))
    roundtable_demo.load(io.StringIO())
    assert counts() == before
    assert dict(Commitment.objects.values_list("pk", "status")) == statuses
    assert RoundtableMeetingPage.objects.get(pk=world.meetings["election"].pk).status == "published"


# --- Queries ---------------------------------------------------------------------------------------


def measure(client, url) -> tuple[int, list[str], bytes]:
    """Queries of a second, warm request."""
    cache.clear()
    get(client, url)
    with CaptureQueriesContext(connection) as context:
        response = get(client, url)
    cache.clear()
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries], response.content


def explain(small: int, large: int, sql: list[str]) -> str:
    return f"{small} queries, then {large}:\n" + "\n".join(query[:200] for query in sql)


def test_index_query_count_does_not_grow_with_past_meetings(world, db, client):
    small, _, content = measure(client, "/en/roundtable/")
    assert len(BeautifulSoup(content, "html.parser").select("li.meeting")) == 3
    names = sorted(world.organisations)
    for number in range(8):
        new_meeting(
            world,
            slug=f"past-bulk-{number}",
            status="published",
            start=timezone.now() - datetime.timedelta(days=10 + number),
            participants=tuple(names[number : number + 5]),
        )
    large, sql, content = measure(client, "/en/roundtable/")
    assert len(BeautifulSoup(content, "html.parser").select("li.meeting")) == 11
    assert large == small, explain(small, large, sql)


def test_index_query_count_does_not_grow_with_upcoming_meetings(world, db, client):
    small, _, content = measure(client, "/en/roundtable/")
    assert len(section(BeautifulSoup(content, "html.parser"), "upcoming-heading").select("li.meeting")) == 1
    presenters = ["Meta Platforms", "Google", "TikTok"]
    for number in range(3):
        meeting = new_meeting(
            world, slug=f"upcoming-bulk-{number}", start=timezone.now() + datetime.timedelta(days=5 + number)
        )
        for position, name in enumerate(presenters):
            AgendaItem.objects.create(
                meeting=meeting,
                title=f"Talk {position}",
                presenter=f"Speaker {position}",
                presenter_organisation=world.organisations[name],
                duration_minutes=20,
                sort_order=10 + position,
            )
    large, sql, content = measure(client, "/en/roundtable/")
    upcoming = section(BeautifulSoup(content, "html.parser"), "upcoming-heading")
    assert len(upcoming.select("li.meeting")) == 4
    assert "Presented by Speaker 2, TikTok" in text_of(upcoming)
    assert large == small, explain(small, large, sql)


def test_meeting_page_query_count_does_not_grow_with_participants(world, db, client):
    names = sorted(world.organisations)
    few = new_meeting(world, slug="few-participants", status="published", participants=tuple(names[:2]))
    many = new_meeting(world, slug="many-participants", status="published", participants=tuple(names))
    small, _, _ = measure(client, few.url)
    large, sql, content = measure(client, many.url)
    rows = section(BeautifulSoup(content, "html.parser"), "participants-heading").select("tbody tr")
    assert len(rows) == len(names) > 10
    assert large == small, explain(small, large, sql)


def test_meeting_page_query_count_does_not_grow_with_agenda_presenters(world, db, client):
    names = sorted(world.organisations)
    one = new_meeting(world, slug="one-presenter", start=timezone.now() + datetime.timedelta(days=4), agenda=())
    six = new_meeting(world, slug="six-presenters", start=timezone.now() + datetime.timedelta(days=4), agenda=())
    for meeting, count in ((one, 1), (six, 6)):
        for position in range(count):
            AgendaItem.objects.create(
                meeting=meeting,
                title=f"Talk {position}",
                presenter=f"Speaker {position}",
                presenter_organisation=world.organisations[names[position]],
                sort_order=position,
            )
    small, _, _ = measure(client, one.url)
    large, sql, content = measure(client, six.url)
    assert len(BeautifulSoup(content, "html.parser").select(".agenda__item")) == 6
    assert large == small, explain(small, large, sql)


def test_french_print_view_has_an_absolute_canonical_link_and_the_icon(world, db, client):
    from wagtail.models import Locale

    from hub.demo.helpers import publish_translation

    french = publish_translation(
        world.meetings["election"], Locale.objects.get(language_code="fr"), {"title": "Table ronde électorale"}
    )
    soup = BeautifulSoup(get(client, french.url + "minutes/print/").content, "html.parser")
    assert text_of(soup.find("h1")) == "Procès-verbal : Table ronde électorale"
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/fr/roundtable/2025-10-election-integrity/"
    icon = soup.find("link", rel="icon")
    assert (icon["href"], icon["type"]) == ("/static/hub/img/favicon.svg", "image/svg+xml")
