"""Demo roundtable: members from governments, platforms and civil society; two meetings with approved,
published minutes and a dozen commitments in every status; one upcoming meeting with its agenda; one
open and one closed consultation with moderated submissions. Goes through the status flow
(``roundtable.flow``) as officers would. Idempotent."""

from __future__ import annotations

import datetime
import json
import uuid
import zoneinfo
from pathlib import Path
from typing import TextIO

from django.utils import timezone
from wagtail.models import Locale

from hub.demo.helpers import ensure_section, publish_translation
from hub.models import Organisation

from . import flow
from .access import ensure_roundtable_groups
from .models import (
    AgendaItem,
    Commitment,
    CommitmentStatus,
    ConsultationPage,
    ConsultationSubmission,
    MeetingMode,
    MeetingParticipant,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    ProgressUpdate,
    Representative,
    RoundtableIndexPage,
    RoundtableMeetingPage,
    RoundtableMember,
    SubmissionStatus,
)

# The demo's texts (en/fr/es) live in demo_data/*.json; these turn them back into the Python values the
# functions below use: naive local datetimes and dates from ISO strings, enums from their stored values,
# tuples where the functions unpack rows.
DATA = Path(__file__).resolve().parent / "demo_data"


def _read(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _past_meeting(spec: dict) -> dict:
    return {
        **spec,
        "start": datetime.datetime.fromisoformat(spec["start"]),
        "end": datetime.datetime.fromisoformat(spec["end"]),
        "mode": MeetingMode(spec["mode"]),
        "apologies": set(spec["apologies"]),
        "items": [
            (
                item["title"],
                item["discussion"],
                item["decisions"],
                [
                    (action["owner"], action["text"], datetime.date.fromisoformat(action["due"]), action["outcome"])
                    for action in item["actions"]
                ],
            )
            for item in spec["items"]
        ],
    }


def _upcoming_meeting(spec: dict) -> dict:
    spec = {key: value for key, value in spec.items() if key != "translations"}
    return {
        **spec,
        "mode": MeetingMode(spec["mode"]),
        "agenda": [
            (row["title"], row["presenter"], row["organisation"], row["duration_minutes"]) for row in spec["agenda"]
        ],
    }


def _question_rows(rows: list) -> list:
    return [(row["question"], row["required"]) for row in rows]


def _submission_rows(rows: list) -> list:
    return [
        (
            row["organisation"],
            row["kind"],
            row["country"],
            row["consent"],
            SubmissionStatus(row["status"]),
            row["answers"],
        )
        for row in rows
    ]


INDEX_TITLES = {code: (texts["title"], texts["introduction"]) for code, texts in _read("section.json").items()}

# Organisation name → representatives (name, role, e-mail). Invented people on .example addresses.
MEMBERS = {
    organisation: [(person["name"], person["role"], person["email"]) for person in people]
    for organisation, people in _read("members.json").items()
}

_MEETINGS = _read("meetings.json")
PAST_MEETINGS = [_past_meeting(spec) for spec in _MEETINGS["past"]]
UPCOMING = _upcoming_meeting(_MEETINGS["upcoming"])
UPCOMING_TRANSLATIONS = {
    code: (texts["title"], texts["summary"]) for code, texts in _MEETINGS["upcoming"]["translations"].items()
}
UPCOMING_AGENDA_TRANSLATIONS = {
    code: texts.get("agenda", []) for code, texts in _MEETINGS["upcoming"]["translations"].items()
}

_CONSULTATIONS = _read("consultations.json")
CONSULTATION_BODY = _CONSULTATIONS["body"]
CLOSED_CONSULTATION = {
    "slug": _CONSULTATIONS["closed"]["slug"],
    "title": _CONSULTATIONS["closed"]["title"],
    "introduction": _CONSULTATIONS["closed"]["introduction"],
    "opens_at": datetime.datetime.fromisoformat(_CONSULTATIONS["closed"]["opens_at"]),
    "closes_at": datetime.datetime.fromisoformat(_CONSULTATIONS["closed"]["closes_at"]),
    "received_at": datetime.datetime.fromisoformat(_CONSULTATIONS["closed"]["received_at"]),
    "response": [
        ("response", {"you_said": row["you_said"], "we_did": row["we_did"]})
        for row in _CONSULTATIONS["closed"]["response"]
    ],
}
OPEN_CONSULTATION = {key: _CONSULTATIONS["open"][key] for key in ("slug", "title", "introduction")}
QUESTIONS_OPEN = _question_rows(_CONSULTATIONS["open"]["questions"])
QUESTIONS_CLOSED = _question_rows(_CONSULTATIONS["closed"]["questions"])
CLOSED_SUBMISSIONS = _submission_rows(_CONSULTATIONS["closed"]["submissions"])
OPEN_SUBMISSIONS = _submission_rows(_CONSULTATIONS["open"]["submissions"])

OUTCOMES = {
    "done_on_time": (CommitmentStatus.DONE, 100, -20),
    "done_late": (CommitmentStatus.DONE, 100, 20),
    "in_progress": (CommitmentStatus.IN_PROGRESS, 45, None),
    "overdue_in_progress": (CommitmentStatus.IN_PROGRESS, 60, None),
    "overdue_not_started": (CommitmentStatus.NOT_STARTED, 0, None),
    "not_started": (CommitmentStatus.NOT_STARTED, 0, None),
    "dropped": (CommitmentStatus.DROPPED, 10, None),
}


def ensure_members(stdout: TextIO) -> dict[str, Organisation]:
    organisations = {org.name: org for org in Organisation.objects.filter(name__in=MEMBERS)}
    for name, people in MEMBERS.items():
        organisation = organisations.get(name)
        if organisation is None:
            continue
        member, created = RoundtableMember.objects.get_or_create(
            organisation=organisation, defaults={"joined_on": datetime.date(2025, 6, 1)}
        )
        if created:
            for position, (person, role, email) in enumerate(people):
                Representative.objects.create(member=member, name=person, role=role, email=email, sort_order=position)
    return organisations


def _aware(local: datetime.datetime, zone: str) -> datetime.datetime:
    return local.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def _meeting(index, spec: dict, organisations: dict, start, end, agenda) -> RoundtableMeetingPage:
    meeting = RoundtableMeetingPage.objects.filter(locale=index.locale, slug=spec["slug"]).first()
    if meeting is not None:
        return meeting
    apologies = spec.get("apologies", set())
    meeting = RoundtableMeetingPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        start=start,
        end=end,
        time_zone=spec["time_zone"],
        mode=spec["mode"],
        place=spec["place"],
        chair=organisations.get(spec["chair"]),
        chair_name=spec["chair_name"],
        participants=[
            MeetingParticipant(
                organisation=organisation,
                attendance="invited" if start > timezone.now() else ("apologies" if name in apologies else "attended"),
                represented_by=", ".join(f"{person} ({role})" for person, role, _email in MEMBERS[name]),
                sort_order=position,
            )
            for position, (name, organisation) in enumerate(sorted(organisations.items()))
        ],
        agenda_items=[
            AgendaItem(
                title=title,
                presenter=presenter,
                presenter_organisation=organisations.get(organisation) if organisation else None,
                duration_minutes=minutes,
                sort_order=position,
            )
            for position, (title, presenter, organisation, minutes) in enumerate(agenda)
        ],
    )
    index.add_child(instance=meeting)
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting


def _minutes_items(spec: dict, organisations: dict) -> list:
    items = []
    for title, discussion, decisions, actions in spec["items"]:
        items.append(
            (
                "item",
                {
                    "title": title,
                    "discussion": discussion,
                    "decisions": decisions,
                    "action_items": [
                        {
                            "text": text,
                            "owner": organisations[owner],
                            "due_date": due,
                            "is_commitment": True,
                        }
                        for owner, text, due, _outcome in actions
                    ],
                },
            )
        )
    return items


def _track(meeting: RoundtableMeetingPage, spec: dict) -> None:
    outcomes = [(text, outcome) for _t, _d, _dec, actions in spec["items"] for _o, text, _due, outcome in actions]
    for commitment in Commitment.objects.filter(meeting=meeting, status=CommitmentStatus.NOT_STARTED, progress=0):
        outcome = dict(outcomes).get(commitment.text)
        if outcome is None or outcome == "not_started" or outcome == "overdue_not_started":
            continue
        status, progress, completed_offset = OUTCOMES[outcome]
        commitment.status = status
        commitment.progress = progress
        if completed_offset is not None and commitment.due_date:
            commitment.completed_on = commitment.due_date + datetime.timedelta(days=completed_offset)
        commitment.save()
        first = (meeting.start + datetime.timedelta(days=45)).date()
        ProgressUpdate.objects.create(
            commitment=commitment,
            date=first,
            progress=min(progress, 40),
            note="Work started; a plan was shared with the secretariat.",
        )
        if status == CommitmentStatus.DONE:
            ProgressUpdate.objects.create(
                commitment=commitment,
                date=commitment.completed_on,
                progress=100,
                note="Completed and published.",
                evidence_url=f"https://{commitment.owner.name.split()[0].lower()}.example/transparency/{commitment.pk}",
            )
        elif status == CommitmentStatus.DROPPED:
            ProgressUpdate.objects.create(
                commitment=commitment,
                date=first + datetime.timedelta(days=30),
                note="Dropped: the organisation withdrew the funding; the roundtable was informed.",
            )


def ensure_past_meetings(index, organisations: dict) -> None:
    for spec in PAST_MEETINGS:
        start = _aware(spec["start"], spec["time_zone"])
        end = _aware(spec["end"], spec["time_zone"])
        agenda = [(title, "", None, 60) for title, _d, _dec, _a in spec["items"]]
        meeting = _meeting(index, spec, organisations, start, end, agenda)
        if meeting.status == MeetingStatus.SCHEDULED:
            flow.mark_held(meeting)
        if meeting.status == MeetingStatus.HELD:
            minutes = flow.start_minutes(meeting)
            minutes.summary = spec["summary_minutes"]
            minutes.items = _minutes_items(spec, organisations)
            minutes.save()
        minutes = Minutes.objects.get(meeting=meeting)
        if minutes.status == MinutesStatus.DRAFT:
            flow.circulate(minutes)
        if minutes.status == MinutesStatus.CIRCULATED:
            flow.approve(minutes, None, spec["chair_name"])
        if minutes.status == MinutesStatus.APPROVED:
            flow.publish(minutes)
            # As if approved three weeks and published four weeks after the meeting.
            approved, published = end + datetime.timedelta(days=21), end + datetime.timedelta(days=28)
            Minutes.objects.filter(pk=minutes.pk).update(approved_at=approved, published_at=published)
            RoundtableMeetingPage.objects.filter(translation_key=meeting.translation_key).update(
                minutes_published_at=published, last_published_at=published
            )
        _track(meeting, spec)


def ensure_upcoming_meeting(index, organisations: dict) -> RoundtableMeetingPage:
    existing = RoundtableMeetingPage.objects.filter(locale=index.locale, slug=UPCOMING["slug"]).first()
    if existing is not None:
        return existing
    day = timezone.localdate() + datetime.timedelta(days=50)
    start = datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=zoneinfo.ZoneInfo(UPCOMING["time_zone"]))
    return _meeting(index, UPCOMING, organisations, start, start + datetime.timedelta(hours=6), UPCOMING["agenda"])


def _questions(questions) -> list:
    return [
        ("question", {"question": text, "help_text": "", "required": required, "max_length": 5000})
        for text, required in questions
    ]


def _consultation(index, slug, title, introduction, opens, closes, questions, response=None) -> ConsultationPage:
    page = ConsultationPage.objects.filter(locale=index.locale, slug=slug).first()
    if page is None:
        page = ConsultationPage(
            title=title,
            slug=slug,
            introduction=introduction,
            body=CONSULTATION_BODY,
            opens_at=opens,
            closes_at=closes,
            questions=_questions(questions),
            response=response or [],
        )
        index.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
    return page


def _submissions(page: ConsultationPage, rows, received: datetime.datetime) -> None:
    if page.submissions.exists():
        return
    questions = page.question_list()
    for position, (name, kind, country, consent, status, answers) in enumerate(rows):
        submission = ConsultationSubmission.objects.create(
            consultation=page,
            organisation_name=name,
            organisation_kind=kind,
            country=country,
            contact_email=f"consultations@{name.split()[0].lower()}.example",
            answers=[
                {"question_id": question["id"], "question": question["question"], "answer": answer}
                for question, answer in zip(questions, answers, strict=False)
            ],
            consent_to_publish=consent,
            language="en",
            idempotency_token=uuid.uuid5(uuid.NAMESPACE_URL, f"demo:{page.slug}:{name}"),
            status=status,
            moderated_at=received + datetime.timedelta(days=3) if status != SubmissionStatus.NEW else None,
        )
        ConsultationSubmission.objects.filter(pk=submission.pk).update(
            received_at=received + datetime.timedelta(hours=5 * position)
        )


def ensure_consultations(index) -> None:
    closed = _consultation(
        index,
        CLOSED_CONSULTATION["slug"],
        CLOSED_CONSULTATION["title"],
        CLOSED_CONSULTATION["introduction"],
        CLOSED_CONSULTATION["opens_at"],
        CLOSED_CONSULTATION["closes_at"],
        QUESTIONS_CLOSED,
        CLOSED_CONSULTATION["response"],
    )
    _submissions(closed, CLOSED_SUBMISSIONS, CLOSED_CONSULTATION["received_at"])
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    open_ = _consultation(
        index,
        OPEN_CONSULTATION["slug"],
        OPEN_CONSULTATION["title"],
        OPEN_CONSULTATION["introduction"],
        now - datetime.timedelta(days=20),
        now + datetime.timedelta(days=40),
        QUESTIONS_OPEN,
    )
    _submissions(open_, OPEN_SUBMISSIONS, now - datetime.timedelta(days=10))


def ensure_translations(index, upcoming: RoundtableMeetingPage) -> None:
    for code, (title, summary) in UPCOMING_TRANSLATIONS.items():
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None:
            translated = publish_translation(upcoming, locale, {"title": title, "summary": summary})
            translate_agenda(upcoming, translated, UPCOMING_AGENDA_TRANSLATIONS.get(code, []))


def translate_agenda(original: RoundtableMeetingPage, translated: RoundtableMeetingPage, titles: list[str]) -> None:
    """The translation's agenda items, copied in English with the page, get their own language's titles
    (only those still in English: an editor's wording stays)."""
    translated = RoundtableMeetingPage.objects.get(pk=translated.pk)  # as published, not as copied
    english = [item.title for item in original.agenda_items.order_by("sort_order")]
    items = list(translated.agenda_items.order_by("sort_order"))
    changed = False
    for item, source, title in zip(items, english, titles, strict=False):
        if item.title == source and title:
            item.title, changed = title, True
    if changed:
        translated.agenda_items = items  # the revision (and so the published page) takes the edited items
        revision = translated.save_revision()
        if translated.live:
            revision.publish()


def load(stdout: TextIO) -> None:
    ensure_roundtable_groups()
    index = ensure_section(RoundtableIndexPage, "roundtable", INDEX_TITLES, stdout)
    organisations = ensure_members(stdout)
    ensure_past_meetings(index, organisations)
    upcoming = ensure_upcoming_meeting(index, organisations)
    ensure_consultations(index)
    ensure_translations(index, upcoming)
    stdout.write(
        f"Roundtable: {RoundtableMeetingPage.objects.filter(locale=index.locale).count()} meetings, "
        f"{Commitment.objects.count()} commitments, {ConsultationSubmission.objects.count()} submissions.\n"
    )
