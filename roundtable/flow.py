"""The status flow of a meeting and its minutes, in one place:

scheduled → held → minutes in draft (draft, then circulated) → minutes approved → published.

Each step checks where the meeting stands and refuses, with a message an officer can act on, a step
out of order. The admin's buttons, the demo and the tests all go through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import (
    Commitment,
    MeetingStatus,
    Minutes,
    MinutesReviewLink,
    MinutesStatus,
    Representative,
    RoundtableMeetingPage,
)


class TransitionError(Exception):
    """A step the meeting's current status does not allow; the message says why."""


@dataclass
class IssuedLink:
    link: MinutesReviewLink
    token: str


def _set_meeting_status(meeting: RoundtableMeetingPage, status: str, **extra) -> None:
    # The status belongs to the meeting in every language, and is not page content: no revision.
    RoundtableMeetingPage.objects.filter(translation_key=meeting.translation_key).update(status=status, **extra)
    meeting.status = status
    for name, value in extra.items():
        setattr(meeting, name, value)


def source_meeting(meeting: RoundtableMeetingPage) -> RoundtableMeetingPage:
    """The translation that holds the minutes (the one they were started on), else ``meeting`` itself."""
    minutes = Minutes.objects.filter(meeting__translation_key=meeting.translation_key).select_related("meeting").first()
    return minutes.meeting if minutes else meeting


def mark_held(meeting: RoundtableMeetingPage, user=None) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise TransitionError(_("Only a scheduled meeting can be marked as held."))
    if meeting.start > timezone.now():
        raise TransitionError(_("This meeting has not started yet."))
    with transaction.atomic():
        _set_meeting_status(meeting, MeetingStatus.HELD)
        log(instance=meeting, action="roundtable.held", user=user)


def start_minutes(meeting: RoundtableMeetingPage, user=None) -> Minutes:
    if meeting.status != MeetingStatus.HELD:
        raise TransitionError(_("Minutes can be started once the meeting has been held."))
    with transaction.atomic():
        minutes, _created = Minutes.objects.get_or_create(
            meeting=meeting,
            defaults={
                "items": [
                    ("item", {"title": item.title, "discussion": "", "decisions": [], "action_items": []})
                    for item in meeting.agenda_items.order_by("sort_order", "pk")
                ]
            },
        )
        _set_meeting_status(meeting, MeetingStatus.MINUTES_DRAFT)
        log(instance=meeting, action="roundtable.minutes_started", user=user)
    return minutes


def representatives_of(meeting: RoundtableMeetingPage) -> list[Representative]:
    """Everyone who speaks for an organisation invited to the meeting (whether it came or not)."""
    organisations = meeting.participants.values("organisation_id")
    return list(
        Representative.objects.filter(member__organisation__in=organisations)
        .select_related("member__organisation")
        .order_by("member__organisation__name", "sort_order", "pk")
    )


def circulate(minutes: Minutes, user=None, days: int | None = None) -> list[IssuedLink]:
    """Send the draft to every representative: a fresh private link each, valid for ``days``.
    Circulating again (after changes) revokes the earlier links."""
    if minutes.status not in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED):
        raise TransitionError(_("Approved minutes can no longer be circulated."))
    if minutes.is_empty:
        raise TransitionError(_("The minutes are empty: write them before circulating them."))
    representatives = representatives_of(minutes.meeting)
    if not representatives:
        raise TransitionError(
            _(
                "Nobody would receive the draft: no representative of the participating organisations is on "
                "record. Add representatives under Roundtable members, then circulate."
            )
        )
    days = days or settings.ROUNDTABLE_REVIEW_LINK_DAYS
    issued = []
    with transaction.atomic():
        now = timezone.now()
        minutes.review_links.filter(revoked_at__isnull=True).update(revoked_at=now)
        for representative in representatives:
            link, token = MinutesReviewLink.issue(
                minutes,
                name=representative.name,
                email=representative.email,
                organisation_name=str(representative.member.organisation),
                days=days,
                representative=representative,
            )
            issued.append(IssuedLink(link, token))
        minutes.status = MinutesStatus.CIRCULATED
        minutes.circulated_at = now
        minutes.save(update_fields=["status", "circulated_at", "updated_at"])
        log(instance=minutes.meeting, action="roundtable.minutes_circulated", user=user, data={"links": len(issued)})
    return issued


def approve(minutes: Minutes, user, chair_name: str = "") -> list[Commitment]:
    """The chair approves: the minutes are frozen and their action items become commitments."""
    if user is not None and not user.has_perm("roundtable.approve_minutes"):
        raise TransitionError(_("Only the chair (or someone they delegated) can approve minutes."))
    if minutes.status != MinutesStatus.CIRCULATED:
        raise TransitionError(_("Minutes are approved after they have been circulated to the participants."))
    if minutes.is_empty:
        raise TransitionError(_("The minutes are empty: there is nothing to approve."))
    with transaction.atomic():
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_at = timezone.now()
        minutes.approved_by = user
        minutes.approved_by_name = chair_name or minutes.meeting.chair_name or (user.get_full_name() if user else "")
        minutes.save(update_fields=["status", "approved_at", "approved_by", "approved_by_name", "updated_at"])
        minutes.review_links.filter(revoked_at__isnull=True).update(revoked_at=minutes.approved_at)
        commitments = commitments_from_minutes(minutes)
        _set_meeting_status(minutes.meeting, MeetingStatus.MINUTES_APPROVED)
        log(instance=minutes.meeting, action="roundtable.minutes_approved", user=user)
    return commitments


def commitments_from_minutes(minutes: Minutes) -> list[Commitment]:
    """One commitment per action item marked as such; running it again adds nothing."""
    created = []
    existing = set(Commitment.objects.filter(meeting=minutes.meeting).values_list("source_block_id", flat=True))
    for block in minutes.items:
        for position, action in enumerate(block.value["action_items"]):
            key = f"{block.id}:{position}"
            if not action["is_commitment"] or key in existing or action["owner"] is None:
                continue
            created.append(
                Commitment.objects.create(
                    meeting=minutes.meeting,
                    source_block_id=key,
                    text=action["text"],
                    owner=action["owner"],
                    due_date=action["due_date"],
                )
            )
    return created


def publish(minutes: Minutes, user=None) -> None:
    """Make approved minutes public: the meeting page shows them, feeds, search and the API carry them."""
    if minutes.status != MinutesStatus.APPROVED:
        raise TransitionError(_("Only minutes the chair has approved can be published."))
    if minutes.is_empty:
        raise TransitionError(_("The minutes are empty: there is nothing to publish."))
    with transaction.atomic():
        now = timezone.now()
        minutes.status = MinutesStatus.PUBLISHED
        minutes.published_at = now
        minutes.save(update_fields=["status", "published_at", "updated_at"])
        _set_meeting_status(minutes.meeting, MeetingStatus.PUBLISHED, minutes_published_at=now, last_published_at=now)
        log(instance=minutes.meeting, action="roundtable.minutes_published", user=user)
        transaction.on_commit(lambda: _reindex(minutes.meeting))


def _reindex(meeting: RoundtableMeetingPage) -> None:
    from wagtail.search.index import insert_or_update_object

    for page in RoundtableMeetingPage.objects.filter(translation_key=meeting.translation_key):
        insert_or_update_object(page)
