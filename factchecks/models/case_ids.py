"""Case ids (G20-DB-<year>-<number>): issued from a per-year sequence that only grows, so an id is never
reused, even after its debunk is deleted; and the provisional address of a debunk that has none yet."""

import re
import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

CASE_ID_PATTERN = re.compile(r"^G20-DB-(?P<year>\d{4})-(?P<number>\d{4,6})$")


class CaseIdSequence(models.Model):
    """The last case number issued per year. It only ever grows, so a case id is never reused,
    even after its debunk is deleted."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case-id sequence")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


def format_case_id(year: int, number: int) -> str:
    return f"G20-DB-{year}-{number:04d}"


def next_case_id(year: int | None = None) -> str:
    """Issue the next case id of ``year`` (this year by default), safely under concurrency."""
    year = year or timezone.now().year
    with transaction.atomic():
        CaseIdSequence.objects.get_or_create(year=year)
        sequence = CaseIdSequence.objects.select_for_update().get(year=year)
        sequence.last_number += 1
        sequence.save(update_fields=["last_number"])
    return format_case_id(year, sequence.last_number)


PROVISIONAL_SLUG_PREFIX = "draft-"


def provisional_slug() -> str:
    """The address of a debunk that has no case id yet (an unfinished draft); never shown to readers."""
    return f"{PROVISIONAL_SLUG_PREFIX}{uuid.uuid4().hex[:12]}"


def is_provisional_slug(slug: str) -> bool:
    return not slug or (slug.startswith(PROVISIONAL_SLUG_PREFIX) and len(slug) == len(PROVISIONAL_SLUG_PREFIX) + 12)


def reserve_case_id(case_id: str) -> None:
    """Record an id issued elsewhere (an import), so the sequence never issues it again."""
    match = CASE_ID_PATTERN.match(case_id)
    if not match:
        return
    year, number = int(match["year"]), int(match["number"])
    with transaction.atomic():
        CaseIdSequence.objects.get_or_create(year=year)
        CaseIdSequence.objects.filter(year=year, last_number__lt=number).update(last_number=number)
