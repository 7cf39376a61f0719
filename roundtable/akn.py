"""Approved minutes as an Akoma Ntoso-style XML document (OASIS LegalDocML, AKN 3.0 vocabulary):
a ``doc`` named "minutes" with FRBR identification, the participants as references, and one
``hcontainer`` per agenda item holding the discussion, decisions and action items."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from django.http import HttpRequest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext

from hub.listings.syndication import xml_safe
from hub.pages.addresses import permanent_page_url

from .models import Minutes, MinutesStatus, RoundtableMeetingPage

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {key.rstrip("_"): xml_safe(str(value)) for key, value in attributes.items()})
    if text is not None:
        element.text = xml_safe(text)
    return element


def _paragraphs(parent: ET.Element, html: str) -> None:
    text = strip_tags(html.replace("</p>", "\n").replace("<br>", "\n").replace("</li>", "\n"))
    for line in (line.strip() for line in text.splitlines()):
        if line:
            _sub(parent, "p", line)


def minutes_document(meeting: RoundtableMeetingPage, minutes: Minutes, request: HttpRequest | None = None) -> bytes:
    # The document's own words are in the meeting's language, whatever the reader's.
    with translation.override(meeting.locale.language_code):
        return _minutes_document(meeting, minutes, request)


def _minutes_document(meeting: RoundtableMeetingPage, minutes: Minutes, request: HttpRequest | None) -> bytes:
    ET.register_namespace("", AKN_NS)
    language = meeting.locale.language_code
    work = f"/akn/int/doc/minutes/g20-roundtable/{meeting.start:%Y-%m-%d}/{meeting.slug}"
    date = f"{meeting.start:%Y-%m-%d}"
    root = ET.Element(f"{{{AKN_NS}}}akomaNtoso")
    doc = _sub(root, "doc", name="minutes")
    meta = _sub(doc, "meta")
    identification = _sub(meta, "identification", source="#g20hub")
    frbr_work = _sub(identification, "FRBRWork")
    _sub(frbr_work, "FRBRthis", value=f"{work}/!main")
    _sub(frbr_work, "FRBRuri", value=work)
    _sub(frbr_work, "FRBRdate", date=date, name="meeting")
    _sub(frbr_work, "FRBRauthor", href="#g20hub")
    _sub(frbr_work, "FRBRcountry", value="int")
    expression = _sub(identification, "FRBRExpression")
    _sub(expression, "FRBRthis", value=f"{work}/{language}@/!main")
    _sub(expression, "FRBRuri", value=f"{work}/{language}@")
    _sub(expression, "FRBRdate", date=f"{minutes.approved_at:%Y-%m-%d}", name="approval")
    _sub(expression, "FRBRauthor", href="#g20hub")
    _sub(expression, "FRBRlanguage", language=language)
    manifestation = _sub(identification, "FRBRManifestation")
    _sub(manifestation, "FRBRthis", value=f"{work}/{language}@/!main.xml")
    _sub(manifestation, "FRBRuri", value=permanent_page_url(meeting, request) + "minutes.xml")
    _sub(manifestation, "FRBRdate", date=f"{minutes.published_at:%Y-%m-%d}", name="publication")
    _sub(manifestation, "FRBRauthor", href="#g20hub")

    lifecycle = _sub(meta, "lifecycle", source="#g20hub")
    _sub(lifecycle, "eventRef", eId="evt_meeting", date=date, source="#g20hub", type="generation")
    _sub(
        lifecycle,
        "eventRef",
        eId="evt_approval",
        date=f"{minutes.approved_at:%Y-%m-%d}",
        source="#chair",
        type="amendment",
    )

    references = _sub(meta, "references", source="#g20hub")
    _sub(
        references,
        "TLCOrganization",
        eId="g20hub",
        href="/ontology/organization/g20.communication.office",
        showAs="G20 Communication Office",
    )
    if minutes.approved_by_name:
        _sub(references, "TLCPerson", eId="chair", href="/ontology/person/chair", showAs=minutes.approved_by_name)
    participants = list(meeting.participants.select_related("organisation").order_by("sort_order", "pk"))
    for participant in participants:
        _sub(
            references,
            "TLCOrganization",
            eId=f"org_{participant.organisation_id}",
            href=f"/ontology/organization/g20hub/{participant.organisation_id}",
            showAs=str(participant.organisation),
        )

    preface = _sub(doc, "preface")
    title = _sub(preface, "p", **{"class": "title"})
    _sub(title, "docTitle", meeting.title)
    _sub(_sub(preface, "p"), "docDate", f"{meeting.local_start:%Y-%m-%d %H:%M} ({meeting.time_zone})", date=date)
    if meeting.place:
        _sub(_sub(preface, "p"), "location", meeting.place, refersTo="#place")
    if minutes.summary:
        _sub(preface, "p", minutes.summary)

    body = _sub(doc, "mainBody")
    attendance = _sub(body, "hcontainer", name="attendance", eId="attendance")
    _sub(attendance, "heading", gettext("Participants"))
    attendance_list = _sub(attendance, "content")
    for participant in participants:
        _sub(
            attendance_list,
            "p",
            f"{participant.organisation}: {participant.get_attendance_display()}"
            + (f" ({participant.represented_by})" if participant.represented_by else ""),
            refersTo=f"#org_{participant.organisation_id}",
            **{"class": participant.attendance},
        )
    for number, block in enumerate(minutes.items, start=1):
        value = block.value
        item = _sub(body, "hcontainer", name="agendaItem", eId=f"agendaItem_{number}")
        _sub(item, "num", str(number))
        _sub(item, "heading", value["title"])
        discussion = _sub(item, "hcontainer", name="discussion", eId=f"agendaItem_{number}__discussion")
        _paragraphs(_sub(discussion, "content"), value["discussion"].source)
        if value["decisions"]:
            decisions = _sub(item, "hcontainer", name="decisions", eId=f"agendaItem_{number}__decisions")
            content = _sub(decisions, "content")
            for decision in value["decisions"]:
                _sub(content, "p", decision, **{"class": "decision"})
        if value["action_items"]:
            actions = _sub(item, "hcontainer", name="actionItems", eId=f"agendaItem_{number}__actions")
            content = _sub(actions, "content")
            for action in value["action_items"]:
                owner = action["owner"]
                paragraph = _sub(content, "p", **{"class": "actionItem"})
                if owner is not None:
                    organisation = _sub(paragraph, "organization", str(owner), refersTo=f"#org_{owner.pk}")
                    organisation.tail = xml_safe(": " + action["text"])
                else:
                    paragraph.text = xml_safe(action["text"])
                if action["due_date"]:
                    _sub(paragraph, "date", f" ({action['due_date']:%Y-%m-%d})", date=f"{action['due_date']:%Y-%m-%d}")
    conclusions = _sub(doc, "conclusions")
    approval = _sub(conclusions, "p")
    approval.text = f"{MinutesStatus.APPROVED.label}: "
    _sub(approval, "date", f"{minutes.approved_at:%Y-%m-%d}", date=f"{minutes.approved_at:%Y-%m-%d}")
    if minutes.approved_by_name:
        signature = _sub(approval, "signature")
        _sub(signature, "person", minutes.approved_by_name, refersTo="#chair", **{"as": "#chair"})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
