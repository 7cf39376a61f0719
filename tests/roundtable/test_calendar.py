"""/<lang>/roundtable/calendar.ics: an RFC 5545 calendar of the roundtable's live meetings in that language,
parsed back with icalendar: one VEVENT per meeting with a UID shared by its translations, start and end in
the meeting's own time zone (with its VTIMEZONE), the agenda in the description, 75-octet folded CRLF lines."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from roundtable.models import AgendaItem, RoundtableIndexPage, RoundtableMeetingPage
from tests.roundtable.conftest import new_meeting

EN = "/en/roundtable/calendar.ics"
FR = "/fr/roundtable/calendar.ics"
HOSTILE_TITLE = 'Budget, risks; and "quotes" \\ back\nslash — Zürich café ☕ réunion über Öffentlichkeit'
HOSTILE_PLACE = "Salle 3; Palais des Nations, Genève — Étage 2"
HOSTILE_AGENDA = "Q&A; votes, amendments\nand next steps — ünïcödé"
LONG_UNICODE = "Ünïcödé-€-日本語-" * 12


def fetch(client, url=EN) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    assert response["Content-Type"].split(";")[0] == "text/calendar"
    return response.content


def parse(body: bytes) -> Calendar:
    return Calendar.from_ical(body)


def events_by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid_of(meeting) -> str:
    return f"roundtable-{meeting.translation_key}@g20-hub"


def event_of(calendar: Calendar, meeting):
    events = events_by_uid(calendar)
    assert uid_of(meeting) in events, sorted(events)
    return events[uid_of(meeting)]


def english_meetings():
    return list(RoundtableMeetingPage.objects.live().public().filter(locale__language_code="en"))


# --- The response and the calendar -----------------------------------------------------------------


def test_calendar_is_served_as_text_calendar(world, db, client):
    response = client.get(EN)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="g20-roundtable.ics"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.rstrip(b"\r\n").endswith(b"END:VCALENDAR")


def test_calendar_properties(world, db, client):
    calendar = parse(fetch(client))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//G20 Communications Hub//Roundtable calendar//EN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["X-WR-CALNAME"]) == "Roundtable · G20"


def test_one_event_per_live_english_meeting(world, db, client):
    calendar = parse(fetch(client))
    events = calendar.walk("VEVENT")
    meetings = english_meetings()
    assert len(meetings) == 3
    assert len(events) == len(meetings)
    assert set(events_by_uid(calendar)) == {uid_of(meeting) for meeting in meetings}
    assert {str(event["SUMMARY"]) for event in events} == {meeting.title for meeting in meetings}


def test_french_calendar_holds_the_translated_upcoming_meeting_with_the_same_uid(world, db, client):
    upcoming = world.meetings["upcoming"]
    french = RoundtableMeetingPage.objects.get(translation_key=upcoming.translation_key, locale__language_code="fr")
    english_event = event_of(parse(fetch(client, EN)), upcoming)
    calendar = parse(fetch(client, FR))
    # Every meeting is in the French calendar: the translated one in French, the others in English.
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 3
    event = events[uid_of(upcoming)]
    assert str(event["UID"]) == str(english_event["UID"]) == uid_of(upcoming)
    assert str(event["SUMMARY"]) == french.title == "Table ronde sur les protocoles de réponse aux crises"
    assert str(event["URL"]) == "http://testserver/fr/roundtable/crisis-response-protocols/"
    assert event.decoded("DTSTART") == english_event.decoded("DTSTART")
    assert str(calendar["X-WR-CALNAME"]) == "Table ronde · G20"


def test_uids_are_unique_and_stable_between_requests(world, db, client):
    first = [str(event["UID"]) for event in parse(fetch(client)).walk("VEVENT")]
    second = [str(event["UID"]) for event in parse(fetch(client)).walk("VEVENT")]
    assert len(set(first)) == len(first) == 3
    assert sorted(first) == sorted(second)


# --- Times and time zones --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "zone", "local_start", "local_end"),
    [
        (
            "election",
            "Africa/Johannesburg",
            datetime.datetime(2025, 10, 14, 9, 30),
            datetime.datetime(2025, 10, 14, 17, 0),
        ),
        ("ai", "America/New_York", datetime.datetime(2026, 5, 19, 14, 0), datetime.datetime(2026, 5, 19, 17, 30)),
    ],
)
def test_start_and_end_are_the_meetings_instants_in_its_time_zone(world, db, client, key, zone, local_start, local_end):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings[key].pk)
    event = event_of(parse(fetch(client)), meeting)
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == meeting.start
    assert end == meeting.end
    assert event["DTSTART"].params["TZID"] == zone == meeting.time_zone
    assert event["DTEND"].params["TZID"] == zone
    # Written as the wall-clock time of the place, not converted to UTC.
    assert start.replace(tzinfo=None) == local_start
    assert end.replace(tzinfo=None) == local_end
    assert start.utcoffset() == meeting.start.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()


def test_upcoming_meeting_times_and_zone(world, db, client):
    upcoming = RoundtableMeetingPage.objects.get(pk=world.meetings["upcoming"].pk)
    event = event_of(parse(fetch(client)), upcoming)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART") == upcoming.start
    assert event.decoded("DTEND") == upcoming.end
    assert event.decoded("DTEND") - event.decoded("DTSTART") == datetime.timedelta(hours=6)
    assert event.decoded("DTSTART").astimezone(zoneinfo.ZoneInfo("Europe/London")).hour == 10


def test_a_vtimezone_for_every_tzid_used(world, db, client):
    calendar = parse(fetch(client))
    used = set()
    for event in calendar.walk("VEVENT"):
        used.add(event["DTSTART"].params["TZID"])
        used.add(event["DTEND"].params["TZID"])
    zones = [str(component["TZID"]) for component in calendar.walk("VTIMEZONE")]
    assert used == {"Africa/Johannesburg", "America/New_York", "Europe/London"}
    assert set(zones) == used
    assert len(zones) == len(set(zones))
    for component in calendar.walk("VTIMEZONE"):
        assert component.walk("STANDARD") or component.walk("DAYLIGHT"), component["TZID"]


def test_a_meeting_in_another_zone_adds_its_vtimezone(world, db, client):
    start = (timezone.now() + datetime.timedelta(days=20)).replace(microsecond=0)  # iCalendar has whole seconds
    meeting = new_meeting(world, slug="tokyo-session", start=start)
    RoundtableMeetingPage.objects.filter(pk=meeting.pk).update(time_zone="Asia/Tokyo")
    meeting.refresh_from_db()
    calendar = parse(fetch(client))
    event = event_of(calendar, meeting)
    assert event["DTSTART"].params["TZID"] == "Asia/Tokyo"
    assert event.decoded("DTSTART") == meeting.start
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=9)
    assert "Asia/Tokyo" in {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}


# --- What each event says --------------------------------------------------------------------------


def test_event_summary_url_location_and_description(world, db, client):
    upcoming = world.meetings["upcoming"]
    event = event_of(parse(fetch(client)), upcoming)
    assert str(event["SUMMARY"]) == "Roundtable on crisis response protocols"
    assert str(event["URL"]) == "http://testserver/en/roundtable/crisis-response-protocols/"
    assert str(event["LOCATION"]) == "Lancaster House, London"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    lines = description.split("\n")
    assert lines[0] == upcoming.summary
    assert "Agenda:" in lines
    agenda = lines[lines.index("Agenda:") + 1 :]
    assert agenda == [
        "1. Opening and adoption of the agenda (Claire Dubois, 15 min)",
        "2. Review of commitments from earlier meetings (Roundtable secretariat, 45 min)",
        "3. Crisis protocols: what worked in 2026 (Priya Raman, 60 min)",
        "4. Civil-society input from the open consultation (Amara Nwosu, 45 min)",
        "5. Conclusions and next meeting (Claire Dubois, 15 min)",
    ]


def test_description_lists_every_agenda_item_of_past_meetings(world, db, client):
    calendar = parse(fetch(client))
    for key in ("election", "ai"):
        meeting = RoundtableMeetingPage.objects.get(pk=world.meetings[key].pk)
        description = str(event_of(calendar, meeting)["DESCRIPTION"])
        titles = [item.title for item in meeting.agenda_items.order_by("sort_order")]
        assert len(titles) == 3
        for number, title in enumerate(titles, start=1):
            assert f"{number}. {title} (60 min)" in description.split("\n"), (key, title)


def test_online_meeting_location_and_in_person_place(world, db, client):
    calendar = parse(fetch(client))
    assert str(event_of(calendar, world.meetings["ai"])["LOCATION"]) == "Online"
    assert str(event_of(calendar, world.meetings["election"])["LOCATION"]) == (
        "Cape Town International Convention Centre, Cape Town"
    )
    assert str(event_of(calendar, world.meetings["election"])["URL"]) == (
        "http://testserver/en/roundtable/2025-10-election-integrity/"
    )


# --- Wire format -----------------------------------------------------------------------------------


def assert_wire_format(body: bytes) -> None:
    assert body.endswith(b"\r\n")
    assert b"\n" not in body.replace(b"\r\n", b""), "a bare LF"
    assert b"\r" not in body.replace(b"\r\n", b""), "a bare CR"
    lines = body.split(b"\r\n")[:-1]
    too_long = [(len(line), line) for line in lines if len(line) > 75]
    assert not too_long, too_long[:3]
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character


def test_lines_are_folded_at_75_octets_with_crlf(world, db, client):
    body = fetch(client)
    assert_wire_format(body)
    # The descriptions are long: they are folded, not left on one line.
    assert any(line.startswith(b" ") for line in body.split(b"\r\n"))


def test_hostile_text_round_trips_and_stays_folded(world, db, client):
    meeting = new_meeting(
        world,
        slug="hostile-meeting",
        title=HOSTILE_TITLE,
        start=timezone.now() + datetime.timedelta(days=12),
        agenda=(HOSTILE_AGENDA, LONG_UNICODE),
    )
    RoundtableMeetingPage.objects.filter(pk=meeting.pk).update(place=HOSTILE_PLACE)
    meeting.refresh_from_db()
    assert meeting.title == HOSTILE_TITLE
    body = fetch(client)
    assert_wire_format(body)
    event = event_of(parse(body), meeting)
    assert str(event["SUMMARY"]) == HOSTILE_TITLE
    assert str(event["LOCATION"]) == HOSTILE_PLACE
    description = str(event["DESCRIPTION"])
    assert f"1. {HOSTILE_AGENDA} (30 min)" in description
    assert f"2. {LONG_UNICODE} (30 min)" in description
    # The other events are still whole: the hostile one did not break the parse.
    assert len(parse(body).walk("VEVENT")) == 4


def test_hostile_agenda_item_added_later_is_listed(world, db, client):
    upcoming = world.meetings["upcoming"]
    AgendaItem.objects.create(meeting_id=upcoming.pk, title=HOSTILE_AGENDA, presenter="Zoë, Ørsted; Jr.", sort_order=99)
    body = fetch(client)
    assert_wire_format(body)
    description = str(event_of(parse(body), upcoming)["DESCRIPTION"])
    assert f"6. {HOSTILE_AGENDA} (Zoë, Ørsted; Jr.)" in description


# --- What stays out --------------------------------------------------------------------------------


def test_a_draft_meeting_is_not_in_the_calendar(world, db, client):
    index = RoundtableIndexPage.objects.get(pk=world.index.pk)
    start = timezone.now() + datetime.timedelta(days=30)
    draft = RoundtableMeetingPage(
        title="Draft meeting kestrelwing",
        slug="draft-meeting",
        summary="Not announced yet.",
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Asia/Kolkata",
        live=False,
    )
    index.add_child(instance=draft)
    draft.save_revision()
    draft.refresh_from_db()
    assert not draft.live
    body = fetch(client)
    calendar = parse(body)
    assert uid_of(draft) not in events_by_uid(calendar)
    assert b"kestrelwing" not in body
    assert len(calendar.walk("VEVENT")) == 3
    # Its time zone is not announced either.
    assert "Asia/Kolkata" not in {str(component["TZID"]) for component in calendar.walk("VTIMEZONE")}


def test_an_unpublished_meeting_leaves_the_calendar(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["ai"].pk)
    assert uid_of(meeting) in events_by_uid(parse(fetch(client)))
    meeting.unpublish()
    events = events_by_uid(parse(fetch(client)))
    assert uid_of(meeting) not in events
    assert len(events) == 2
