"""Demo roundtable: members from governments, platforms and civil society; two meetings with approved,
published minutes and a dozen commitments in every status; one upcoming meeting with its agenda; one
open and one closed consultation with moderated submissions. Goes through the status flow
(``hub.roundtable.flow``) as officers would. Idempotent."""

from __future__ import annotations

import datetime
import uuid
import zoneinfo
from typing import TextIO

from django.utils import timezone
from wagtail.models import Locale

from hub.demo import publish_translation
from hub.models import Organisation
from hub.presidencies.demo import ensure_section

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

INDEX_TITLES = {
    "en": (
        "Roundtable",
        "The standing dialogue between G20 governments, platform companies and civil society: meetings, "
        "minutes, the commitments made there and how far each has got.",
    ),
    "fr": (
        "Table ronde",
        "Le dialogue permanent entre les gouvernements du G20, les plateformes et la société civile : réunions, "
        "procès-verbaux, engagements pris et leur avancement.",
    ),
    "es": (
        "Mesa redonda",
        "El diálogo permanente entre los gobiernos del G20, las plataformas y la sociedad civil: reuniones, "
        "actas, los compromisos asumidos y su avance.",
    ),
}

# Organisation name → representatives (name, role, e-mail). Invented people on .example addresses.
MEMBERS = {
    "Government of South Africa": [
        ("Thandiwe Mokoena", "Deputy Director-General, Communications", "t.mokoena@gov-za.example")
    ],
    "Government of the United States": [("Daniel Reyes", "Senior Adviser, Digital Policy", "d.reyes@gov-us.example")],
    "European Union": [("Claire Dubois", "Head of Unit, Information Integrity", "c.dubois@eu.example")],
    "Meta Platforms": [("Priya Raman", "Director, Public Policy", "p.raman@meta.example")],
    "Google": [("Lukas Brandt", "Head of Trust and Safety Policy", "l.brandt@google.example")],
    "TikTok": [("Mei Lin Tan", "Global Head of Integrity Policy", "m.tan@tiktok.example")],
    "International Fact-Checking Network": [("Ana Oliveira", "Programme Director", "a.oliveira@ifcn.example")],
    "European Digital Media Observatory": [("Marco Bellini", "Research Coordinator", "m.bellini@edmo.example")],
    "Civil 20": [("Amara Nwosu", "Co-chair, Digital Working Group", "a.nwosu@c20.example")],
}

PAST_MEETINGS = [
    {
        "slug": "2025-10-election-integrity",
        "title": "Roundtable on election integrity and platform preparedness",
        "summary": "How platforms, governments and fact-checkers prepare for elections in G20 countries in 2026.",
        "start": (2025, 10, 14, 9, 30),
        "end": (2025, 10, 14, 17, 0),
        "time_zone": "Africa/Johannesburg",
        "mode": MeetingMode.HYBRID,
        "place": "Cape Town International Convention Centre, Cape Town",
        "chair": "Government of South Africa",
        "chair_name": "Thandiwe Mokoena",
        "apologies": {"TikTok"},
        "summary_minutes": "Participants agreed a shared incident-reporting template for elections, commitments "
        "on political-advertising libraries and support for independent fact-checking in local languages.",
        "items": [
            (
                "Lessons from the 2024 and 2025 elections",
                "<p>Platforms presented what their election operations centres saw in 2024 and 2025. Fact-checkers "
                "noted that most viral false claims re-used old footage, and that local-language coverage lagged.</p>",
                ["Election operations should cover every official language of the country holding the vote."],
                [
                    (
                        "Meta Platforms",
                        "Publish an election-operations report for each G20 national election within 90 days "
                        "of the vote.",
                        (2026, 3, 31),
                        "done_on_time",
                    ),
                    (
                        "Google",
                        "Extend the political-advertising transparency library to every G20 member.",
                        (2026, 1, 31),
                        "done_late",
                    ),
                ],
            ),
            (
                "A shared incident-reporting template",
                "<p>The secretariat presented a draft template for reporting coordinated inauthentic behaviour to "
                "election authorities. Civil society asked for a public summary of the reports received.</p>",
                [
                    "The roundtable adopts the incident-reporting template, version 1.0.",
                    "The secretariat publishes a yearly public summary of the reports received.",
                ],
                [
                    (
                        "TikTok",
                        "Adopt the incident-reporting template in its election-integrity operations.",
                        (2026, 6, 30),
                        "overdue_in_progress",
                    ),
                    (
                        "International Fact-Checking Network",
                        "Train 200 fact-checkers from G20 countries on the template.",
                        (2026, 9, 30),
                        "overdue_not_started",
                    ),
                ],
            ),
            (
                "Research access to platform data",
                "<p>Researchers described the barriers they still meet. Platforms described their research programmes "
                "and their limits under privacy law.</p>",
                [],
                [
                    (
                        "European Digital Media Observatory",
                        "Publish a comparison of platform research-access programmes.",
                        (2027, 3, 31),
                        "in_progress",
                    ),
                    (
                        "Government of the United States",
                        "Convene a working group on a common research-access standard.",
                        (2026, 4, 30),
                        "dropped",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "2026-05-ai-generated-content",
        "title": "Roundtable on AI-generated content and transparency",
        "summary": "Labelling, provenance and detection of AI-generated images, audio and video about public affairs.",
        "start": (2026, 5, 19, 14, 0),
        "end": (2026, 5, 19, 17, 30),
        "time_zone": "America/New_York",
        "mode": MeetingMode.ONLINE,
        "place": "",
        "chair": "Government of the United States",
        "chair_name": "Daniel Reyes",
        "apologies": {"Civil 20"},
        "summary_minutes": "Platforms committed to label AI-generated media about elections and public health, "
        "to support open provenance standards, and to report on detection error rates.",
        "items": [
            (
                "Labelling AI-generated media",
                "<p>Participants compared labelling practices. Civil society stressed that labels must be visible on "
                "re-shares and in every language of the platform.</p>",
                ["Labels should follow content when it is re-shared."],
                [
                    (
                        "Meta Platforms",
                        "Label AI-generated images and video about elections on all its services.",
                        (2026, 9, 30),
                        "done_on_time",
                    ),
                    (
                        "TikTok",
                        "Make AI-content labels visible in every language the app supports.",
                        (2026, 8, 31),
                        "done_late",
                    ),
                ],
            ),
            (
                "Provenance standards",
                "<p>Participants discussed open content-provenance standards and how newsrooms and governments can "
                "sign what they publish.</p>",
                ["The G20 communication office will sign its own photographs and videos with open provenance data."],
                [
                    (
                        "Google",
                        "Attach provenance data to images generated by its consumer AI tools.",
                        (2026, 11, 15),
                        "overdue_in_progress",
                    ),
                    (
                        "European Union",
                        "Publish guidance for public bodies on signing official media.",
                        (2027, 5, 31),
                        "not_started",
                    ),
                ],
            ),
            (
                "Detection and its limits",
                "<p>Researchers presented detection error rates. Participants agreed that detection cannot replace "
                "provenance and labelling.</p>",
                [],
                [
                    (
                        "European Digital Media Observatory",
                        "Publish an independent evaluation of detection tools.",
                        (2027, 2, 28),
                        "in_progress",
                    ),
                    (
                        "Meta Platforms",
                        "Fund a detection challenge for audio deepfakes in African languages.",
                        (2026, 12, 31),
                        "dropped",
                    ),
                ],
            ),
        ],
    },
]

UPCOMING = {
    "slug": "crisis-response-protocols",
    "title": "Roundtable on crisis response protocols",
    "summary": "How platforms and governments share information during natural disasters and public-health "
    "emergencies without amplifying false claims.",
    "time_zone": "Europe/London",
    "mode": MeetingMode.IN_PERSON,
    "place": "Lancaster House, London",
    "chair": "European Union",
    "chair_name": "Claire Dubois",
    "agenda": [
        ("Opening and adoption of the agenda", "Claire Dubois", "European Union", 15),
        ("Review of commitments from earlier meetings", "Roundtable secretariat", None, 45),
        ("Crisis protocols: what worked in 2026", "Priya Raman", "Meta Platforms", 60),
        ("Civil-society input from the open consultation", "Amara Nwosu", "Civil 20", 45),
        ("Conclusions and next meeting", "Claire Dubois", "European Union", 15),
    ],
}

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


def _aware(parts: tuple, zone: str) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=zoneinfo.ZoneInfo(zone))


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
                            "due_date": datetime.date(*due),
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


QUESTIONS_OPEN = [
    ("What should platforms tell the public during a natural disaster or health emergency?", True),
    ("Which false claims did your organisation see spread fastest during recent crises?", False),
    ("What should governments do differently when they share crisis information?", False),
]
QUESTIONS_CLOSED = [
    ("What should a political-advertising library show about each advertisement?", True),
    ("How long should political advertisements stay in the library?", False),
]
CLOSED_SUBMISSIONS = [
    (
        "Digital Rights Watch Nairobi",
        "civil_society",
        "KE",
        True,
        SubmissionStatus.PUBLISHED,
        [
            "Who paid, how much, whom it targeted and on what criteria, in the language of the advertisement.",
            "At least seven years, so that journalists can compare elections.",
        ],
    ),
    (
        "Observatorio de Publicidad Política",
        "academia",
        "AR",
        True,
        SubmissionStatus.PUBLISHED,
        [
            "The targeting criteria and the reach by region, not only by country.",
            "Permanently; deletion erases the record of a campaign.",
        ],
    ),
    (
        "Transparency Forum Jakarta",
        "civil_society",
        "ID",
        True,
        SubmissionStatus.PUBLISHED,
        ["Issue advertisements too, not only those that name a candidate.", ""],
    ),
    (
        "Anonymous Campaign Consultancy",
        "other",
        "GB",
        False,
        SubmissionStatus.REJECTED,
        ["Less than it does today.", "A year is enough."],
    ),
]
OPEN_SUBMISSIONS = [
    (
        "Red Cross Digital Volunteers Manila",
        "civil_society",
        "PH",
        True,
        SubmissionStatus.PUBLISHED,
        [
            "Where to find official updates, pinned at the top of search results and feeds, in local languages.",
            "Fake evacuation orders and fake donation pages.",
            "Publish in the languages people speak, not only the official ones.",
        ],
    ),
    (
        "Health Misinformation Lab São Paulo",
        "academia",
        "BR",
        True,
        SubmissionStatus.PUBLISHED,
        ["Clear labels on old footage recirculated as new.", "Miracle cures and false vaccine side-effect claims.", ""],
    ),
    (
        "Community Radio Network Dakar",
        "media",
        "SN",
        True,
        SubmissionStatus.NEW,
        ["Work with community radio, which reaches people offline.", "", ""],
    ),
]


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
            body="<p>The roundtable reads every submission before its next meeting. Moderators publish submissions "
            "whose authors agree, after removing anything unlawful or abusive.</p>",
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
    response = [
        (
            "response",
            {
                "you_said": "Show who paid for each advertisement, how much, and whom it targeted.",
                "we_did": "<p>Google and Meta committed at the October 2025 roundtable to show payer, spend and "
                "targeting criteria in every G20 country.</p>",
            },
        ),
        (
            "response",
            {
                "you_said": "Keep political advertisements in the library for years, not months.",
                "we_did": "<p>The roundtable asked every platform to keep them for at least seven years; progress "
                "is in the commitments tracker.</p>",
            },
        ),
    ]
    closed = _consultation(
        index,
        "political-advertising-transparency",
        "Consultation on the transparency of political advertising",
        "What should platforms' political-advertising libraries show, and for how long?",
        datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 31, 23, 59, tzinfo=datetime.UTC),
        QUESTIONS_CLOSED,
        response,
    )
    _submissions(closed, CLOSED_SUBMISSIONS, datetime.datetime(2026, 2, 10, 9, 0, tzinfo=datetime.UTC))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    open_ = _consultation(
        index,
        "crisis-information",
        "Consultation on information during crises",
        "Civil society's experience of false claims during disasters and health emergencies, for the next roundtable.",
        now - datetime.timedelta(days=20),
        now + datetime.timedelta(days=40),
        QUESTIONS_OPEN,
    )
    _submissions(open_, OPEN_SUBMISSIONS, now - datetime.timedelta(days=10))


def ensure_translations(index, upcoming: RoundtableMeetingPage) -> None:
    texts = {
        "fr": (
            "Table ronde sur les protocoles de réponse aux crises",
            "Comment plateformes et gouvernements partagent l'information pendant les catastrophes et les "
            "urgences sanitaires sans amplifier les fausses informations.",
        ),
        "es": (
            "Mesa redonda sobre protocolos de respuesta a crisis",
            "Cómo plataformas y gobiernos comparten información durante desastres y emergencias sanitarias "
            "sin amplificar afirmaciones falsas.",
        ),
    }
    for code, (title, summary) in texts.items():
        locale = Locale.objects.filter(language_code=code).first()
        if locale is not None:
            publish_translation(upcoming, locale, {"title": title, "summary": summary})


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
