"""Scheduled work of the roundtable: erase consultation contact details once their retention ends."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from .models import ConsultationPage


def erase_expired_contacts(now: datetime.datetime | None = None) -> int:
    """Erase contact e-mails and attachments of submissions whose consultation closed more than its
    retention period ago. Returns how many submissions were erased; running it again erases nothing."""
    now = now or timezone.now()
    erased = 0
    for consultation in ConsultationPage.objects.filter(closes_at__lt=now):
        if consultation.erase_contacts_after > now:
            continue
        for submission in consultation.submissions.filter(~Q(contact_email="") | ~Q(attachment="")):
            erased += submission.erase_contact()
    return erased


# Beat schedules it by this name (settings.CELERY_BEAT_SCHEDULE); the work is the plain function above.
@shared_task(name="roundtable.tasks.erase_expired_contacts")
def erase_expired_contacts_task() -> int:
    return erase_expired_contacts()
