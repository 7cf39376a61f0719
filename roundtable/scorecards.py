"""Scorecards: for each organisation, its public commitments done on time, late, open and dropped.

Late means done after the due date, or still open past it (overdue); open means not started or in
progress and not yet due. The four add up to every public commitment of the organisation.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from hub.models import Organisation

from .models import OPEN_STATUSES, Commitment, CommitmentStatus


@dataclass
class Scorecard:
    organisation: Organisation
    done_on_time: int
    late: int
    open: int
    dropped: int

    @property
    def total(self) -> int:
        return self.done_on_time + self.late + self.open + self.dropped


def scorecard_counts(today: datetime.date):
    done = Q(status=CommitmentStatus.DONE)
    open_ = Q(status__in=OPEN_STATUSES)
    past_due = Q(due_date__lt=today)
    return {
        "done_on_time": Count(
            "pk",
            filter=done
            & (Q(due_date__isnull=True) | Q(completed_on__isnull=True) | Q(completed_on__lte=F("due_date"))),
        ),
        "late": Count("pk", filter=(done & Q(completed_on__gt=F("due_date"))) | (open_ & past_due)),
        "open": Count("pk", filter=open_ & (Q(due_date__isnull=True) | Q(due_date__gte=today))),
        "dropped": Count("pk", filter=Q(status=CommitmentStatus.DROPPED)),
    }


def scorecards(commitments=None, today: datetime.date | None = None, organisations=None) -> list[Scorecard]:
    """One scorecard per organisation with public commitments (or those of ``commitments``), in two queries
    (one when ``organisations``, by id, already holds the owners, as the tracker's filter does)."""
    today = today or timezone.localdate()
    commitments = Commitment.objects.public() if commitments is None else commitments
    rows = commitments.order_by().values("owner_id").annotate(**scorecard_counts(today))
    organisations = dict(organisations or {})
    missing = [row["owner_id"] for row in rows if row["owner_id"] not in organisations]
    if missing:
        organisations.update(Organisation.objects.in_bulk(missing))
    cards = [
        Scorecard(
            organisation=organisations[row["owner_id"]],
            done_on_time=row["done_on_time"],
            late=row["late"],
            open=row["open"],
            dropped=row["dropped"],
        )
        for row in rows
    ]
    return sorted(cards, key=lambda card: card.organisation.name.casefold())
