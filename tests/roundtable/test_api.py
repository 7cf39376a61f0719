"""/api/v1/meetings/, /api/v1/commitments/ and /api/v1/organisations/: pagination, fields, filters and their
400s, minutes only once published, commitments only of published meetings, no representative's e-mail
address anywhere, and a number of queries that does not grow with the rows."""

import datetime
import json

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hub.models import Organisation
from roundtable import flow
from roundtable.models import (
    Commitment,
    CommitmentStatus,
    MeetingDocument,
    MeetingParticipant,
    Minutes,
    Representative,
    RoundtableIndexPage,
    RoundtableMeetingPage,
    RoundtableMember,
)
from tests.roundtable.conftest import new_meeting

MEETINGS = "/api/v1/meetings/"
COMMITMENTS = "/api/v1/commitments/"
ORGANISATIONS = "/api/v1/organisations/"
OPEN = (CommitmentStatus.NOT_STARTED, CommitmentStatus.IN_PROGRESS)


def get_json(client, url, params=None, status=200) -> dict:
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code, response.content[:500])
    return response.json()


def results(client, url, params=None) -> list[dict]:
    body = get_json(client, url, params)
    assert set(body) == {"count", "next", "previous", "results"}
    return body["results"]


def by_id(items: list[dict]) -> dict[int, dict]:
    return {item["id"]: item for item in items}


def meeting_item(client, meeting, params=None) -> dict:
    items = by_id(results(client, MEETINGS, params))
    assert meeting.pk in items, sorted(items)
    return items[meeting.pk]


def expected_public_status(commitment: Commitment) -> str:
    if commitment.status in OPEN and commitment.due_date and commitment.due_date < timezone.localdate():
        return "overdue"
    return commitment.status


def public_commitments():
    return Commitment.objects.public()


# --- /api/v1/meetings/ -----------------------------------------------------------------------------


def test_meetings_list_is_paginated(world, db, client):
    body = get_json(client, MEETINGS)
    assert set(body) == {"count", "next", "previous", "results"}
    # Three English meetings and the upcoming one's French and Spanish translations.
    assert body["count"] == 5
    assert len(body["results"]) == 5
    assert body["next"] is None and body["previous"] is None
    first = get_json(client, MEETINGS, {"page_size": "2"})
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["next"] and "page=2" in first["next"]
    assert first["previous"] is None
    last = get_json(client, MEETINGS, {"page_size": "2", "page": "3"})
    assert len(last["results"]) == 1
    assert last["next"] is None and last["previous"]
    seen = [item["id"] for page in (1, 2, 3) for item in results(client, MEETINGS, {"page_size": "2", "page": page})]
    assert sorted(seen) == sorted(item["id"] for item in body["results"])


def test_meeting_fields(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["election"].pk)
    item = meeting_item(client, meeting)
    assert item["title"] == "Roundtable on election integrity and platform preparedness"
    assert item["url"] == "http://testserver/en/roundtable/2025-10-election-integrity/"
    assert item["locale"] == "en"
    assert item["translation_key"] == str(meeting.translation_key)
    assert item["translations"] == []
    assert item["summary"] == meeting.summary
    assert item["start"] == "2025-10-14T07:30:00Z"
    assert item["end"] == "2025-10-14T15:00:00Z"
    assert item["time_zone"] == "Africa/Johannesburg"
    assert item["mode"] == "hybrid"
    assert item["mode_label"] == "Hybrid"
    assert item["place"] == "Cape Town International Convention Centre, Cape Town"
    south_africa = world.organisations["Government of South Africa"]
    assert item["chair"] == {"id": south_africa.pk, "name": "Government of South Africa", "kind": "member_government"}
    assert item["chair_name"] == "Thandiwe Mokoena"
    assert item["status"] == "published"
    assert item["status_label"] == "Minutes published"
    assert item["documents"] == []
    assert [agenda["title"] for agenda in item["agenda"]] == [
        "Lessons from the 2024 and 2025 elections",
        "A shared incident-reporting template",
        "Research access to platform data",
    ]
    assert item["agenda"][0] == {
        "title": "Lessons from the 2024 and 2025 elections",
        "presenter": "",
        "presenter_organisation": None,
        "duration_minutes": 60,
        "description": "",
    }


def test_meeting_participants_with_attendance(world, db, client):
    item = meeting_item(client, world.meetings["election"])
    participants = {participant["organisation"]["name"]: participant for participant in item["participants"]}
    assert len(item["participants"]) == 9
    tiktok = participants["TikTok"]
    assert tiktok["attendance"] == "apologies"
    assert tiktok["represented_by"] == "Mei Lin Tan (Global Head of Integrity Policy)"
    assert tiktok["organisation"] == {
        "id": world.organisations["TikTok"].pk,
        "name": "TikTok",
        "kind": "platform_company",
    }
    assert {participant["attendance"] for name, participant in participants.items() if name != "TikTok"} == {"attended"}
    upcoming = meeting_item(client, world.meetings["upcoming"])
    assert {participant["attendance"] for participant in upcoming["participants"]} == {"invited"}


def test_local_start_and_end_are_in_the_meetings_time_zone(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["election"].pk)
    item = meeting_item(client, meeting)
    local_start = datetime.datetime.fromisoformat(item["local_start"])
    local_end = datetime.datetime.fromisoformat(item["local_end"])
    assert local_start == meeting.start
    assert local_end == meeting.end
    # "The start in the meeting's time zone": 09:30 in Johannesburg (UTC+2), not 07:30 UTC.
    assert local_start.utcoffset() == datetime.timedelta(hours=2), item["local_start"]
    assert (local_start.hour, local_start.minute) == (9, 30), item["local_start"]
    assert (local_end.hour, local_end.minute) == (17, 0), item["local_end"]


def test_upcoming_meeting_has_its_agenda_and_no_minutes(world, db, client):
    item = meeting_item(client, world.meetings["upcoming"])
    assert item["status"] == "scheduled"
    assert item["minutes"] is None
    assert item["mode"] == "in_person"
    assert item["time_zone"] == "Europe/London"
    assert [agenda["duration_minutes"] for agenda in item["agenda"]] == [15, 45, 60, 45, 15]
    crisis = item["agenda"][2]
    assert crisis["title"] == "Crisis protocols: what worked in 2026"
    assert crisis["presenter"] == "Priya Raman"
    assert crisis["presenter_organisation"] == {
        "id": world.organisations["Meta Platforms"].pk,
        "name": "Meta Platforms",
        "kind": "platform_company",
    }
    assert item["agenda"][1]["presenter_organisation"] is None
    assert sorted(translation["locale"] for translation in item["translations"]) == ["es", "fr"]


def test_published_minutes_are_an_object(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["election"].pk)
    minutes = Minutes.objects.get(meeting=meeting)
    data = meeting_item(client, meeting)["minutes"]
    assert isinstance(data, dict)
    assert data["summary"] == minutes.summary
    assert data["approved_by"] == "Thandiwe Mokoena"
    assert data["approved_at"] and data["published_at"]
    assert data["xml_url"] == "http://testserver/en/roundtable/2025-10-election-integrity/minutes.xml"
    assert data["print_url"] == "http://testserver/en/roundtable/2025-10-election-integrity/minutes/print/"
    assert [item["title"] for item in data["items"]] == [
        "Lessons from the 2024 and 2025 elections",
        "A shared incident-reporting template",
        "Research access to platform data",
    ]
    template = data["items"][1]
    assert template["decisions"] == [
        "The roundtable adopts the incident-reporting template, version 1.0.",
        "The secretariat publishes a yearly public summary of the reports received.",
    ]
    assert template["discussion"].startswith("<p>The secretariat presented a draft template")
    assert template["action_items"][0] == {
        "text": "Adopt the incident-reporting template in its election-integrity operations.",
        "owner": {"id": world.organisations["TikTok"].pk, "name": "TikTok", "kind": "platform_company"},
        "due_date": "2026-06-30",
        "is_commitment": True,
    }
    assert sum(len(item["action_items"]) for item in data["items"]) == 6
    assert data["items"][2]["decisions"] == []


def test_minutes_links_answer(world, db, client):
    data = meeting_item(client, world.meetings["ai"])["minutes"]
    assert client.get(data["xml_url"]).status_code == 200
    assert client.get(data["print_url"]).status_code == 200


@pytest.mark.parametrize("status", ["scheduled", "held", "minutes_draft", "circulated", "minutes_approved"])
def test_minutes_are_null_until_published(world, db, client, status):
    meeting = new_meeting(world, slug=f"flow-{status.replace('_', '-')}", status=status)
    response = client.get(MEETINGS, {"page_size": "50"})
    assert response.status_code == 200
    item = by_id(response.json()["results"])[meeting.pk]
    assert item["minutes"] is None
    assert item["status"] == ("minutes_draft" if status == "circulated" else status)
    # Nothing of the draft leaks anywhere in the list.
    assert "zebraquill" not in response.content.decode()
    assert "Secret draft summary" not in response.content.decode()


def test_minutes_appear_once_published(world, db, client):
    meeting = new_meeting(world, slug="flow-published", status="minutes_approved")
    assert meeting_item(client, meeting, {"page_size": "50"})["minutes"] is None
    flow.publish(Minutes.objects.get(meeting=meeting))
    data = meeting_item(client, meeting, {"page_size": "50"})["minutes"]
    assert data["summary"] == "Secret draft summary of flow-published."
    assert data["items"][0]["decisions"] == ["Draft decision of flow-published."]
    assert data["items"][0]["action_items"][0]["owner"]["name"] == "Meta Platforms"


def test_meeting_documents(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["upcoming"].pk)
    document = wagtail_factories.DocumentFactory(title="Background paper")
    MeetingDocument.objects.create(meeting=meeting, document=document, title="", sort_order=0)
    other = wagtail_factories.DocumentFactory(title="Slides")
    MeetingDocument.objects.create(meeting=meeting, document=other, title="Crisis slides", sort_order=1)
    documents = meeting_item(client, meeting)["documents"]
    assert [entry["title"] for entry in documents] == ["Background paper", "Crisis slides"]
    assert documents[0]["url"].startswith("http://testserver/")
    assert documents[0]["url"].endswith(document.url)
    assert documents[0]["format"] == document.file_extension.lower()


def test_draft_meeting_is_not_listed(world, db, client):
    index = RoundtableIndexPage.objects.get(pk=world.index.pk)
    start = timezone.now() + datetime.timedelta(days=30)
    end = start + datetime.timedelta(hours=1)
    draft = RoundtableMeetingPage(
        title="Draft meeting osprey", slug="draft-osprey", summary="Not yet.", start=start, end=end, live=False
    )
    index.add_child(instance=draft)
    response = client.get(MEETINGS)
    assert draft.pk not in by_id(response.json()["results"])
    assert "osprey" not in response.content.decode()


# --- Meeting filters -------------------------------------------------------------------------------


def test_filter_by_status(world, db, client):
    published = results(client, MEETINGS, {"status": "published"})
    assert {item["id"] for item in published} == {world.meetings["election"].pk, world.meetings["ai"].pk}
    scheduled = results(client, MEETINGS, {"status": "scheduled"})
    assert len(scheduled) == 3
    assert {item["translation_key"] for item in scheduled} == {str(world.meetings["upcoming"].translation_key)}


def test_filter_by_organisation(world, db, client):
    unesco = next(org for name, org in world.organisations.items() if "UNESCO" in str(org))
    assert results(client, MEETINGS, {"organisation": unesco.pk}) == []
    meeting = new_meeting(world, slug="with-unesco", participants=(unesco.name, "Meta Platforms"))
    assert [item["id"] for item in results(client, MEETINGS, {"organisation": unesco.pk})] == [meeting.pk]
    meta = results(client, MEETINGS, {"organisation": world.organisations["Meta Platforms"].pk})
    # Every demo meeting invited Meta (once each: no duplicates from the join).
    assert len(meta) == 6
    assert len({item["id"] for item in meta}) == 6


def test_filter_by_dates(world, db, client):
    election, ai = world.meetings["election"].pk, world.meetings["ai"].pk
    assert [item["id"] for item in results(client, MEETINGS, {"to": "2025-12-31"})] == [election]
    day = results(client, MEETINGS, {"from": "2025-10-14", "to": "2025-10-14"})
    assert [item["id"] for item in day] == [election]
    spring = results(client, MEETINGS, {"from": "2026-01-01", "to": "2026-06-30"})
    assert [item["id"] for item in spring] == [ai]
    later = results(client, MEETINGS, {"from": "2026-05-20"})
    assert len(later) == 3
    assert {item["status"] for item in later} == {"scheduled"}


def test_filter_by_locale(world, db, client):
    # The French view: the translated meeting in French, the two others in their English original.
    mixed = results(client, MEETINGS, {"locale": "fr"})
    assert sorted(item["locale"] for item in mixed) == ["en", "en", "fr"]
    french = results(client, MEETINGS, {"locale": "fr", "fallback": "0"})
    assert len(french) == 1
    assert french[0]["title"] == "Table ronde sur les protocoles de réponse aux crises"
    assert french[0]["url"] == "http://testserver/fr/roundtable/crisis-response-protocols/"
    assert {item["locale"] for item in results(client, MEETINGS, {"locale": "en"})} == {"en"}
    assert len(results(client, MEETINGS, {"locale": "en"})) == 3


def test_filter_since(world, db, client):
    stamp = timezone.now()
    assert results(client, MEETINGS, {"since": stamp.isoformat()}) == []
    first = new_meeting(world, slug="since-one")
    second = new_meeting(world, slug="since-two")
    items = results(client, MEETINGS, {"since": stamp.isoformat()})
    assert [item["id"] for item in items] == [first.pk, second.pk]
    everything = results(client, MEETINGS, {"since": "2000-01-01T00:00:00Z", "page_size": "50"})
    keys = [(item["updated_at"], item["id"]) for item in everything]
    assert keys == sorted(keys)
    assert len(everything) == 7


@pytest.mark.parametrize(
    "params",
    [
        {"status": "x"},
        {"from": "notadate"},
        {"to": "2026-13-45"},
        {"page_size": "500"},
        {"page_size": "0"},
        {"page": "abc"},
        {"organisation": "abc"},
        {"locale": "xx"},
        {"since": "yesterday"},
    ],
)
def test_bad_meeting_filters_answer_400(world, db, client, params):
    response = client.get(MEETINGS, params)
    assert response.status_code == 400, (params, response.content[:300])
    body = response.json()
    assert set(body) & set(params), body


# --- /api/v1/commitments/ --------------------------------------------------------------------------


def test_commitments_list_and_fields(world, db, client):
    body = get_json(client, COMMITMENTS)
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 12 == public_commitments().count()
    item = body["results"][0]
    assert set(item) >= {
        "id",
        "text",
        "owner",
        "meeting",
        "due_date",
        "status",
        "recorded_status",
        "progress",
        "completed_on",
        "updates",
    }
    commitment = Commitment.objects.select_related("owner", "meeting").get(pk=item["id"])
    assert item["text"] == commitment.text
    assert item["owner"] == {"id": commitment.owner.pk, "name": str(commitment.owner), "kind": commitment.owner.kind}
    assert item["due_date"] == commitment.due_date.isoformat()
    assert item["progress"] == commitment.progress


def test_commitment_of_the_google_library(world, db, client):
    items = results(client, COMMITMENTS)
    (item,) = [item for item in items if item["text"].startswith("Extend the political-advertising")]
    google = world.organisations["Google"]
    assert item["owner"] == {"id": google.pk, "name": "Google", "kind": "platform_company"}
    assert item["meeting"] == {
        "title": "Roundtable on election integrity and platform preparedness",
        "slug": "2025-10-election-integrity",
        "url": "http://testserver/en/roundtable/2025-10-election-integrity/",
        "start": "2025-10-14T07:30:00Z",
    }
    assert item["due_date"] == "2026-01-31"
    assert item["status"] == item["recorded_status"] == "done"
    assert item["progress"] == 100
    assert item["completed_on"] == "2026-02-20"
    assert item["updates"][0]["progress"] == 100
    assert item["updates"][0]["note"] == "Completed and published."
    assert item["updates"][0]["evidence_url"].startswith("https://google.example/transparency/")
    assert [update["date"] for update in item["updates"]] == ["2026-02-20", "2025-11-28"]
    assert item["updates"][1] == {
        "date": "2025-11-28",
        "note": "Work started; a plan was shared with the secretariat.",
        "evidence_url": "",
        "progress": 40,
    }


def test_commitments_are_ordered_by_due_date(world, db, client):
    items = results(client, COMMITMENTS)
    keys = [(item["due_date"], item["id"]) for item in items]
    assert keys == sorted(keys)


def test_status_is_computed_and_recorded_status_kept(world, db, client):
    items = by_id(results(client, COMMITMENTS))
    commitments = {commitment.pk: commitment for commitment in public_commitments()}
    assert set(items) == set(commitments)
    for pk, commitment in commitments.items():
        assert items[pk]["status"] == expected_public_status(commitment), commitment.text
        assert items[pk]["recorded_status"] == commitment.status
    overdue = [item for item in items.values() if item["status"] == "overdue"]
    assert overdue
    assert {item["recorded_status"] for item in overdue} <= {"not_started", "in_progress"}
    tiktok = next(item for item in items.values() if item["text"].startswith("Adopt the incident-reporting"))
    assert (tiktok["status"], tiktok["recorded_status"], tiktok["progress"]) == ("overdue", "in_progress", 60)


def test_a_commitment_past_due_turns_overdue(world, db, client):
    commitment = Commitment.objects.get(text__startswith="Publish guidance for public bodies")
    assert commitment.status == "not_started"
    Commitment.objects.filter(pk=commitment.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    item = by_id(results(client, COMMITMENTS))[commitment.pk]
    assert (item["status"], item["recorded_status"]) == ("overdue", "not_started")
    Commitment.objects.filter(pk=commitment.pk).update(due_date=timezone.localdate())
    item = by_id(results(client, COMMITMENTS))[commitment.pk]
    assert item["status"] == "not_started"


def test_only_commitments_of_published_meetings(world, db, client):
    meeting = new_meeting(world, slug="approved-not-published", status="minutes_approved")
    pending = Commitment.objects.get(meeting=meeting)
    response = client.get(COMMITMENTS, {"page_size": "50"})
    assert pending.pk not in by_id(response.json()["results"])
    assert "approved-not-published" not in response.content.decode()
    assert response.json()["count"] == 12
    flow.publish(Minutes.objects.get(meeting=meeting))
    item = by_id(results(client, COMMITMENTS, {"page_size": "50"}))[pending.pk]
    assert item["text"] == "Publish a report (approved-not-published)."
    assert item["meeting"]["slug"] == "approved-not-published"


def test_commitments_of_an_unpublished_meeting_page_leave(world, db, client):
    meeting = RoundtableMeetingPage.objects.get(pk=world.meetings["ai"].pk)
    meeting.unpublish()
    items = results(client, COMMITMENTS)
    assert len(items) == 6
    assert {item["meeting"]["slug"] for item in items} == {"2025-10-election-integrity"}


def test_filter_commitments_by_organisation_and_kind(world, db, client):
    meta = world.organisations["Meta Platforms"]
    items = results(client, COMMITMENTS, {"organisation": meta.pk})
    assert len(items) == 3 == public_commitments().filter(owner=meta).count()
    assert {item["owner"]["id"] for item in items} == {meta.pk}
    platforms = results(client, COMMITMENTS, {"kind": "platform_company"})
    assert {item["owner"]["name"] for item in platforms} == {"Meta Platforms", "Google", "TikTok"}
    assert len(platforms) == public_commitments().filter(owner__kind="platform_company").count() == 7
    assert results(client, COMMITMENTS, {"kind": "guest_country"}) == []


def test_filter_commitments_by_status(world, db, client):
    commitments = list(public_commitments())
    for status in ("overdue", "done", "in_progress", "not_started", "dropped"):
        items = results(client, COMMITMENTS, {"status": status})
        expected = {commitment.pk for commitment in commitments if expected_public_status(commitment) == status}
        assert {item["id"] for item in items} == expected, status
        assert {item["status"] for item in items} <= {status}
    assert results(client, COMMITMENTS, {"status": "overdue"})
    # Overdue is computed: an open commitment past due is not listed under its recorded status.
    in_progress = {item["id"] for item in results(client, COMMITMENTS, {"status": "in_progress"})}
    tiktok = Commitment.objects.get(text__startswith="Adopt the incident-reporting")
    assert tiktok.status == "in_progress" and tiktok.pk not in in_progress


def test_filter_commitments_by_meeting_slug(world, db, client):
    items = results(client, COMMITMENTS, {"meeting": "2026-05-ai-generated-content"})
    assert len(items) == 6
    assert {item["meeting"]["slug"] for item in items} == {"2026-05-ai-generated-content"}
    combined = results(client, COMMITMENTS, {"meeting": "2026-05-ai-generated-content", "status": "dropped"})
    assert [item["text"] for item in combined] == [
        "Fund a detection challenge for audio deepfakes in African languages."
    ]


def test_commitments_since_ordered_by_update_then_id(world, db, client):
    stamp = timezone.now()
    assert results(client, COMMITMENTS, {"since": stamp.isoformat()}) == []
    later, sooner = Commitment.objects.order_by("-due_date")[:2]
    for commitment in (later, sooner):
        commitment.progress = 55
        commitment.save()
    items = results(client, COMMITMENTS, {"since": stamp.isoformat()})
    assert [item["id"] for item in items] == [later.pk, sooner.pk]
    assert {item["progress"] for item in items} == {55}
    everything = results(client, COMMITMENTS, {"since": "2000-01-01T00:00:00Z"})
    keys = [(item["updated_at"], item["id"]) for item in everything]
    assert keys == sorted(keys)
    assert len(everything) == 12


@pytest.mark.parametrize(
    "params",
    [
        {"organisation": "abc"},
        {"organisation": "999999"},
        {"kind": "alien"},
        {"status": "x"},
        {"status": "late"},
        {"meeting": "no-such-meeting"},
        {"since": "notadate"},
        {"page_size": "500"},
    ],
)
def test_bad_commitment_filters_answer_400(world, db, client, params):
    response = client.get(COMMITMENTS, params)
    assert response.status_code == 400, (params, response.content[:300])
    assert set(response.json()) & set(params), response.json()


def test_meeting_filter_refuses_an_unpublished_meetings_slug(world, db, client):
    new_meeting(world, slug="approved-only", status="minutes_approved")
    assert client.get(COMMITMENTS, {"meeting": "approved-only"}).status_code == 400


# --- /api/v1/organisations/ ------------------------------------------------------------------------


def test_organisations_carry_their_roundtable_membership(world, db, client):
    items = {item["name"]: item for item in results(client, ORGANISATIONS, {"page_size": "100"})}
    assert len(items) == Organisation.objects.count()
    members = {name: item for name, item in items.items() if item["roundtable"] is not None}
    assert len(members) == 9
    assert members["Meta Platforms"]["roundtable"] == {
        "member_since": "2025-06-01",
        "logo": None,
        "representatives": [{"name": "Priya Raman", "role": "Director, Public Policy"}],
    }
    member_names = set(RoundtableMember.objects.values_list("organisation__name", flat=True))
    assert set(members) == member_names
    assert all(item["roundtable"] is None for name, item in items.items() if name not in member_names)


def test_representatives_keep_their_order_and_logo_is_absolute(world, db, client):
    member = RoundtableMember.objects.get(organisation=world.organisations["Google"])
    Representative.objects.create(
        member=member, name="Second Person", role="Counsel", email="s@g.example", sort_order=5
    )
    Representative.objects.create(member=member, name="First Person", role="", email="f@g.example", sort_order=-1)
    member.logo = wagtail_factories.ImageFactory(title="Google logo")
    member.save()
    item = by_id(results(client, ORGANISATIONS, {"page_size": "100"}))[member.organisation_id]
    assert [person["name"] for person in item["roundtable"]["representatives"]] == [
        "First Person",
        "Lukas Brandt",
        "Second Person",
    ]
    assert item["roundtable"]["representatives"][0] == {"name": "First Person", "role": ""}
    assert item["roundtable"]["logo"].startswith("http://testserver/")
    assert item["roundtable"]["logo"].endswith(member.logo.file.url)


def test_representatives_email_addresses_never_appear(world, db, client):
    member = RoundtableMember.objects.get(organisation=world.organisations["TikTok"])
    Representative.objects.create(member=member, name="Hidden Mail", role="Adviser", email="hidden.mail@tiktok.example")
    emails = list(Representative.objects.values_list("email", flat=True))
    assert len(emails) == 10
    for params in ({"page_size": "100"}, {"roundtable": "true"}, {"kind": "platform_company"}):
        response = client.get(ORGANISATIONS, params)
        assert response.status_code == 200
        text = response.content.decode()
        for email in emails:
            assert email not in text, (params, email)
        assert "email" not in text.lower()
        assert "@" not in json.dumps([item["roundtable"] for item in response.json()["results"]])


def test_filter_organisations_by_membership(world, db, client):
    members = results(client, ORGANISATIONS, {"roundtable": "true", "page_size": "100"})
    others = results(client, ORGANISATIONS, {"roundtable": "false", "page_size": "100"})
    assert len(members) == 9 == RoundtableMember.objects.count()
    assert all(item["roundtable"] is not None for item in members)
    assert len(others) == Organisation.objects.count() - 9
    assert others and all(item["roundtable"] is None for item in others)
    assert not {item["id"] for item in members} & {item["id"] for item in others}
    combined = results(client, ORGANISATIONS, {"roundtable": "true", "kind": "platform_company"})
    assert sorted(item["name"] for item in combined) == ["Google", "Meta Platforms", "TikTok"]


# --- Queries ---------------------------------------------------------------------------------------


def measure(client, url, params) -> tuple[int, int, list[str]]:
    """(queries, rows) of a second, warm request."""
    assert client.get(url, params).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(context.captured_queries), len(response.json()["results"]), [q["sql"] for q in context.captured_queries]


def add_document(meeting) -> None:
    document = wagtail_factories.DocumentFactory(title=f"Paper of {meeting.slug}")
    MeetingDocument.objects.create(meeting_id=meeting.pk, document=document, sort_order=0)


def add_many(world) -> None:
    """8 more published meetings (with minutes, commitments, documents and participants), 5 more members
    with two representatives each."""
    names = sorted(world.organisations)
    for number in range(8):
        meeting = new_meeting(
            world,
            slug=f"bulk-meeting-{number}",
            status="published",
            start=timezone.now() - datetime.timedelta(days=20 + number),
            participants=tuple(names[number % 4 : number % 4 + 6]),
            agenda=("Opening", "Transparency reports", f"Item {number}"),
        )
        add_document(meeting)
        MeetingParticipant.objects.create(
            meeting=meeting, organisation=world.organisations["Google"], attendance="apologies", sort_order=99
        )
    for number in range(5):
        organisation = Organisation.objects.create(name=f"Bulk member {number}", kind="civil_society")
        member = RoundtableMember.objects.create(
            organisation=organisation, joined_on=datetime.date(2026, 1, number + 1)
        )
        for position in range(2):
            Representative.objects.create(
                member=member,
                name=f"Person {number}-{position}",
                role="Delegate",
                email=f"person{number}{position}@bulk.example",
                sort_order=position,
            )


@pytest.mark.parametrize(
    ("url", "params", "small_rows", "large_rows"),
    [
        (MEETINGS, {"page_size": "50"}, 5, 13),
        (MEETINGS, {"page_size": "50", "status": "published"}, 2, 10),
        (COMMITMENTS, {"page_size": "50"}, 12, 20),
        (COMMITMENTS, {"page_size": "50", "kind": "platform_company"}, 7, 15),
        (ORGANISATIONS, {"page_size": "50"}, 13, 18),
        (ORGANISATIONS, {"page_size": "50", "roundtable": "true"}, 9, 14),
    ],
)
def test_query_count_does_not_grow_with_rows(world, db, client, url, params, small_rows, large_rows):
    add_document(world.meetings["election"])  # few rows, but every kind of row: prefetches skip empty relations
    small, small_count, _ = measure(client, url, params)
    add_many(world)
    large, large_count, sql = measure(client, url, params)
    assert (small_count, large_count) == (small_rows, large_rows)
    assert large == small, f"{small} queries, then {large}:\n" + "\n".join(query[:200] for query in sql)


def test_meetings_page_size_does_not_change_the_query_count(world, db, client):
    add_many(world)
    # Soonest start last: the first five are the upcoming meeting (three languages) and two bulk meetings
    # with minutes and documents, so both pages hold every kind of row.
    five, rows_five, _ = measure(client, MEETINGS, {"page_size": "5"})
    all_, rows_all, sql = measure(client, MEETINGS, {"page_size": "50"})
    assert (rows_five, rows_all) == (5, 13)
    assert all_ == five, f"{five} queries, then {all_}:\n" + "\n".join(query[:200] for query in sql)


@pytest.mark.parametrize("value", ["-99999999999999999999", "99999999999999999999", "1.5", "0", "1e400"])
def test_ids_outside_the_database_range_are_refused_not_crashed(world, db, client, value):
    for url in ("/api/v1/meetings/", "/en/roundtable/rss/"):
        response = client.get(url, {"organisation": value})
        assert response.status_code == 400, (url, value)
        assert "organisation" in response.content.decode()
    assert client.get("/api/v1/presidencies/", {"year": value}).status_code == 400
