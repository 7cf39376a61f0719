"""The roundtable's calendar as iCalendar (RFC 5545): one VEVENT per meeting, in the meeting's own
time zone (with its VTIMEZONE), stable UIDs across languages, and the agenda in the description."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from hub.pages.addresses import permanent_page_url

from .models import MeetingMode, RoundtableMeetingPage

PRODID = "-//G20 Communications Hub//Roundtable calendar//EN"


def _description(meeting: RoundtableMeetingPage) -> str:
    lines = [meeting.summary]
    agenda = list(meeting.agenda_items.all())
    if agenda:
        lines += ["", _("Agenda:")]
        for number, item in enumerate(agenda, start=1):
            extra = ", ".join(
                part
                for part in (
                    item.presenter,
                    _("%(minutes)d min") % {"minutes": item.duration_minutes} if item.duration_minutes else "",
                )
                if part
            )
            lines.append(f"{number}. {item.title}" + (f" ({extra})" if extra else ""))
    return "\n".join(lines)


def meeting_event(meeting: RoundtableMeetingPage, request: HttpRequest | None, stamp: datetime.datetime) -> Event:
    event = Event()
    # The same meeting in every language is one event for calendar clients.
    event.add("uid", f"roundtable-{meeting.translation_key}@g20-hub")
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    event.add("description", _description(meeting))
    location = meeting.place or (str(MeetingMode(meeting.mode).label) if meeting.mode == MeetingMode.ONLINE else "")
    if location:
        event.add("location", location)
    event.add("url", permanent_page_url(meeting, request))
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    if meeting.last_published_at:
        event.add("last-modified", meeting.last_published_at.astimezone(datetime.UTC))
        # Clients update an event they know when its sequence grows.
        event.add("sequence", int(meeting.last_published_at.timestamp() - meeting.first_published_at.timestamp()) // 60)
    event.add("categories", [_("G20 roundtable")])
    return event


def meetings_calendar(meetings: list[RoundtableMeetingPage], request: HttpRequest | None, calendar_name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    calendar.add("x-wr-timezone", "UTC")
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, request, stamp))
    if meetings:
        first = min(meeting.start for meeting in meetings).date() - datetime.timedelta(days=366)
        last = max(meeting.end for meeting in meetings).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
