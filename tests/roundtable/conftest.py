"""Fixtures for the roundtable: the core demo plus the roundtable demo, built once per test module
inside an outer transaction (rolled back when the module ends); each test runs in its own savepoint.
Tests that use ``world`` must also ask for ``db`` and must re-read objects they change.

What ``world`` holds (English unless said otherwise):

* ``index``: the roundtable section at /en/roundtable/ (also in fr and es);
* ``meetings["election"]`` (2025-10-14, Cape Town, minutes published, 6 commitments),
  ``meetings["ai"]`` (2026-05-19, online, minutes published, 6 commitments) and
  ``meetings["upcoming"]`` (50 days after the demo was built, London, scheduled, 5 agenda items,
  translated into fr and es);
* ``open_consultation`` (``crisis-information``, open, 3 required/optional questions, 3 submissions of
  which 2 published) and ``closed_consultation`` (``political-advertising-transparency``, closed
  2026-03-31, 4 submissions of which 3 published, with a "you said, we did" section);
* ``organisations`` by name (the core demo's), nine of them roundtable members with one
  representative each.

``new_meeting(world, ...)`` adds a meeting in any status for flow tests.
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from hub.demo import content as core_demo
from hub.models import Organisation
from roundtable import demo as roundtable_demo
from roundtable import flow
from roundtable.models import (
    AgendaItem,
    ConsultationPage,
    MeetingParticipant,
    Minutes,
    RoundtableIndexPage,
    RoundtableMeetingPage,
)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        core_demo.load(io.StringIO())
        roundtable_demo.load(io.StringIO())
        index = RoundtableIndexPage.objects.get(locale__language_code="en")
        meetings = {
            "election": RoundtableMeetingPage.objects.get(slug="2025-10-election-integrity", locale=index.locale),
            "ai": RoundtableMeetingPage.objects.get(slug="2026-05-ai-generated-content", locale=index.locale),
            "upcoming": RoundtableMeetingPage.objects.get(slug="crisis-response-protocols", locale=index.locale),
        }
        yield SimpleNamespace(
            index=index,
            meetings=meetings,
            open_consultation=ConsultationPage.objects.get(slug="crisis-information", locale=index.locale),
            closed_consultation=ConsultationPage.objects.get(
                slug="political-advertising-transparency", locale=index.locale
            ),
            organisations={org.name: org for org in Organisation.objects.all()},
        )
        transaction.set_rollback(True)


def new_meeting(
    world,
    *,
    slug: str,
    title: str | None = None,
    start: datetime.datetime | None = None,
    hours: int = 3,
    participants: tuple[str, ...] = ("Meta Platforms", "Civil 20", "European Union"),
    agenda: tuple[str, ...] = ("Opening", "Transparency reports"),
    status: str = "scheduled",
) -> RoundtableMeetingPage:
    """A published meeting under the roundtable, moved through the flow up to ``status``
    (scheduled, held, minutes_draft, circulated, minutes_approved, published)."""
    index = RoundtableIndexPage.objects.get(pk=world.index.pk)  # fresh numchild
    start = start or (timezone.now() - datetime.timedelta(days=7))
    meeting = RoundtableMeetingPage(
        title=title or slug.replace("-", " ").capitalize(),
        slug=slug,
        summary=f"Summary of {slug}.",
        start=start,
        end=start + datetime.timedelta(hours=hours),
        time_zone="Europe/Paris",
        place="Paris",
        participants=[
            MeetingParticipant(organisation=world.organisations[name], attendance="attended", sort_order=position)
            for position, name in enumerate(participants)
        ],
        agenda_items=[
            AgendaItem(title=item, duration_minutes=30, sort_order=position) for position, item in enumerate(agenda)
        ],
    )
    index.add_child(instance=meeting)
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    steps = ["scheduled", "held", "minutes_draft", "circulated", "minutes_approved", "published"]
    target = steps.index(status)
    if target >= 1:
        flow.mark_held(meeting)
    if target >= 2:
        minutes = flow.start_minutes(meeting)
        minutes.summary = f"Secret draft summary of {slug}."
        minutes.items = [
            (
                "item",
                {
                    "title": "Transparency reports",
                    "discussion": f"<p>Confidential draft discussion zebraquill {slug}.</p>",
                    "decisions": [f"Draft decision of {slug}."],
                    "action_items": [
                        {
                            "text": f"Publish a report ({slug}).",
                            "owner": world.organisations["Meta Platforms"],
                            "due_date": datetime.date(2027, 6, 30),
                            "is_commitment": True,
                        }
                    ],
                },
            )
        ]
        minutes.save()
    if target >= 3:
        flow.circulate(Minutes.objects.get(meeting=meeting))
    if target >= 4:
        flow.approve(Minutes.objects.get(meeting=meeting), None, "The Chair")
    if target >= 5:
        flow.publish(Minutes.objects.get(meeting=meeting))
    meeting.refresh_from_db()
    return meeting
