"""Previous, current and next presidency, computed from the dates (never stored)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class Troika:
    previous: object | None
    current: object | None
    next: object | None

    def role_of(self, presidency) -> str | None:
        for role in ("previous", "current", "next"):
            member = getattr(self, role)
            if member is not None and member.pk == presidency.pk:
                return role
        return None

    def members(self) -> list[tuple[str, object]]:
        return [(role, getattr(self, role)) for role in ("previous", "current", "next") if getattr(self, role)]


def compute_troika(presidencies: Iterable, today: datetime.date | None = None) -> Troika:
    """The troika on ``today``: the presidency in office, the one before it and the one after it.

    Between two terms (a gap in the dates) there is no current presidency; the
    previous is the last one that ended and the next the first one to start.
    """
    today = today or timezone.localdate()
    ordered = sorted(presidencies, key=lambda p: (p.start_date, p.year))
    current = next((p for p in ordered if p.start_date <= today <= p.end_date), None)
    if current is not None:
        before = [p for p in ordered if p.end_date < current.start_date]
        after = [p for p in ordered if p.start_date > current.end_date]
    else:
        before = [p for p in ordered if p.end_date < today]
        after = [p for p in ordered if p.start_date > today]
    return Troika(previous=before[-1] if before else None, current=current, next=after[0] if after else None)


def presidency_status(presidency, troika: Troika, today: datetime.date | None = None) -> str:
    """``past``, ``current``, ``next`` or ``upcoming`` for the API."""
    today = today or timezone.localdate()
    role = troika.role_of(presidency)
    if role in {"current", "next"}:
        return role
    return "past" if presidency.end_date < today else "upcoming"


def troika_for_locale(locale_id: int, today: datetime.date | None = None) -> Troika:
    from .models import PresidencyPage

    presidencies = PresidencyPage.objects.live().public().filter(locale_id=locale_id).select_related("logo")
    return compute_troika(presidencies, today)


def presidencies_for_request(request, locale_id: int) -> list:
    """Every presidency in one language, any state (there are a few dozen), once per request:
    the troika and each page's presidency are found among them instead of by a query each."""
    from hub.pages.lookups import request_memo, with_privacy

    from .models import PresidencyPage

    def compute() -> list:
        presidencies = with_privacy(PresidencyPage.objects.filter(locale_id=locale_id))
        return list(presidencies.select_related("logo").order_by("path"))

    return request_memo(request, ("presidencies", locale_id), compute)


def troika_for_request(request, locale_id: int, today: datetime.date | None = None) -> Troika:
    """``troika_for_locale`` from the request's ``presidencies_for_request`` (no query of its own)."""
    from hub.pages.lookups import is_public

    presidencies = presidencies_for_request(request, locale_id)
    return compute_troika((p for p in presidencies if p.live and is_public(p, request)), today)


def presidencies_by_path(pages) -> dict[int, object]:
    """For each page, the presidency it was published under (None for the permanent office).

    One query whatever the number of pages: presidencies are few, matched by tree path.
    """
    from .models import PresidencyPage

    pages = list(pages)
    if not pages:
        return {}
    presidencies = list(PresidencyPage.objects.filter(locale_id__in={page.locale_id for page in pages}))
    found = {}
    for page in pages:
        found[page.pk] = next((p for p in presidencies if page.path.startswith(p.path)), None)
    return found
