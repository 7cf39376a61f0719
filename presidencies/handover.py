"""The yearly handover: the incoming presidency is built, the outgoing one archived. One transaction.

A presidency whose term has not ended is never archived by mistake: the handover refuses, naming the
dates, unless it is given the date it takes effect (confirmed by the officer). A date still to come is
scheduled (``ScheduledHandover``) and applied on that day by Celery beat through this same function;
the outgoing term is then cut to the day before, so the archive banner, the permissions and the troika's
status (computed from the dates) agree.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from hub.models import HomePage
from hub.publishing.pagecache import purge_all

from .access import (
    ensure_office_group,
    ensure_office_workflow,
    ensure_presidency_access,
    ensure_presidency_workflow,
    revoke_presidency_access,
)
from .blueprint import apply_blueprint
from .countries import presidency_slug, resolve_country
from .models import (
    AccountStatus,
    OfficialAccount,
    PresidencyIndexPage,
    PresidencyPage,
    ScheduledHandover,
    default_term,
    presidency_title,
)

logger = logging.getLogger(__name__)
ONE_DAY = datetime.timedelta(days=1)


class HandoverError(Exception):
    """The handover cannot run as asked; nothing was changed."""


@dataclass
class HandoverReport:
    incoming: PresidencyPage | None  # None while the handover is only scheduled
    outgoing: PresidencyPage | None
    changes: list[str] = field(default_factory=list)
    scheduled: ScheduledHandover | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def presidency_index() -> PresidencyIndexPage:
    default_locale = Locale.get_default()
    index = PresidencyIndexPage.objects.filter(locale=default_locale).first()
    if index is None:
        home = HomePage.objects.filter(locale=default_locale).first()
        if home is None:
            raise HandoverError(_("There is no home page yet: run migrate and create the site first."))
        index = PresidencyIndexPage(title="Presidencies", slug="presidencies", show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def archive_presidency(presidency: PresidencyPage, now: datetime.datetime | None = None) -> list[str]:
    """Archive at once: banner on, groups lose their rights, accounts archived. Nothing deleted,
    unpublished or moved."""
    now = now or timezone.now()
    changes = []
    if not presidency.is_archived:
        PresidencyPage.objects.filter(translation_key=presidency.translation_key).update(
            is_archived=True, archived_at=now
        )
        presidency.is_archived = True
        presidency.archived_at = now
        changes.append(f"archived {presidency}")
    changes += revoke_presidency_access(presidency)
    active = OfficialAccount.objects.for_presidency(presidency).filter(status=AccountStatus.ACTIVE)
    count = active.update(status=AccountStatus.ARCHIVED, active_until=timezone.localdate(), updated_at=now)
    if count:
        changes.append(f"archived {count} official accounts of {presidency}")
    return changes


def set_term(presidency: PresidencyPage, start: datetime.date, end: datetime.date) -> None:
    """New dates on the live pages and on any pending draft, so publishing the draft keeps them."""
    for page in PresidencyPage.objects.filter(translation_key=presidency.translation_key):
        PresidencyPage.objects.filter(pk=page.pk).update(start_date=start, end_date=end)
        revision = page.latest_revision
        if page.has_unpublished_changes and revision is not None:
            revision.content["start_date"] = start.isoformat()
            revision.content["end_date"] = end.isoformat()
            revision.save(update_fields=["content"])


def create_presidency(
    index: PresidencyIndexPage,
    *,
    code: str,
    name: str,
    year: int,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    **fields,
) -> PresidencyPage:
    default_start, default_end = default_term(year)
    presidency = PresidencyPage(
        title=presidency_title(code, name, year, index.locale.language_code),
        slug=presidency_slug(year, name),
        country=code,
        country_name=name,
        year=year,
        start_date=start or default_start,
        end_date=end or default_end,
        **fields,
    )
    index.add_child(instance=presidency)
    presidency.save_revision().publish()
    return presidency


def outgoing_presidency(year: int) -> PresidencyPage | None:
    """The presidency a handover for ``year`` would archive: the latest one before it not yet archived."""
    return (
        PresidencyPage.objects.filter(locale=Locale.get_default(), year__lt=year, is_archived=False)
        .order_by("-year")
        .first()
    )


def sitting_presidency(year: int, today: datetime.date) -> PresidencyPage | None:
    """The outgoing presidency of a handover for ``year``, if its term has not ended by ``today``."""
    outgoing = outgoing_presidency(year)
    return outgoing if outgoing is not None and outgoing.end_date >= today else None


def _term_not_ended(outgoing: PresidencyPage) -> str:
    return _(
        "The %(presidency)s presidency is in office from %(start)s to %(end)s: it cannot be archived before its "
        "term ends. To hand over early, give the date the handover takes effect (--effective YYYY-MM-DD, or "
        '"Takes effect on" in the admin) and confirm.'
    ) % {"presidency": outgoing, "start": outgoing.start_date.isoformat(), "end": outgoing.end_date.isoformat()}


def handover_plan(
    country: str,
    year: int,
    *,
    effective: datetime.date | None = None,
    today: datetime.date | None = None,
) -> list[str]:
    """What the handover will change, in words, for the officer's confirmation. Changes nothing."""
    today = today or timezone.localdate()
    code, name = resolve_country(country)
    when = effective or today
    outgoing = outgoing_presidency(year)
    incoming = PresidencyPage.objects.filter(locale=Locale.get_default(), year=year).first()
    lines = []
    if when > today:
        lines.append(
            _("Nothing changes until %(date)s; Celery beat applies the handover that day, as this form would now.")
            % {"date": when.isoformat()}
        )
    if outgoing is not None:
        accounts = OfficialAccount.objects.for_presidency(outgoing).filter(status=AccountStatus.ACTIVE).count()
        if outgoing.end_date >= when:
            lines.append(
                _(
                    "The %(presidency)s presidency's term, due to end on %(end)s, ends on %(last)s instead "
                    "(%(days)d days early)."
                )
                % {
                    "presidency": outgoing,
                    "end": outgoing.end_date.isoformat(),
                    "last": (when - ONE_DAY).isoformat(),
                    "days": (outgoing.end_date - when).days + 1,
                }
            )
        lines.append(
            _(
                "The %(presidency)s presidency is archived: every page of its section, in every language, shows the "
                "archive banner; its editors and moderators lose their rights; its %(count)d active official accounts "
                "become archived. Nothing is deleted, unpublished or moved."
            )
            % {"presidency": outgoing, "count": accounts}
        )
    incoming_name = f"{year} {incoming.country_name if incoming else name}"
    if incoming is None:
        lines.append(
            _(
                "The %(presidency)s presidency is created from the blueprint in every language, with its groups "
                "and media collection."
            )
            % {"presidency": incoming_name}
        )
    if outgoing is not None and outgoing.end_date >= when:
        lines.append(
            _("The %(presidency)s presidency starts on %(date)s.")
            % {"presidency": incoming_name, "date": when.isoformat()}
        )
    return lines


def _incoming_or_refuse(code: str, year: int) -> PresidencyPage | None:
    """The incoming presidency if it exists; refuses a year held by another country, or a handover backwards."""
    locale = Locale.get_default()
    incoming = PresidencyPage.objects.filter(locale=locale, year=year).first()
    if incoming is not None:
        incoming = incoming.specific
        if incoming.country != code:
            raise HandoverError(
                _("The %(year)s presidency is already held by %(country)s.")
                % {"year": year, "country": incoming.country_name}
            )
        if incoming.is_archived:
            raise HandoverError(
                _("The %(presidency)s presidency is archived: a handover only goes forward.") % {"presidency": incoming}
            )
        return incoming
    later = PresidencyPage.objects.filter(locale=locale, year__gt=year, is_archived=True).first()
    if later is not None:
        raise HandoverError(
            _("%(presidency)s is already archived: a handover only goes forward.") % {"presidency": later}
        )
    return None


def _schedule(
    code: str,
    name: str,
    year: int,
    start: datetime.date | None,
    end: datetime.date | None,
    effective: datetime.date,
    requested_by,
    outgoing: PresidencyPage | None,
) -> HandoverReport:
    values = {"country": code, "country_name": name, "start_date": start, "end_date": end, "effective_on": effective}
    pending = ScheduledHandover.objects.pending().filter(year=year).first()
    if pending is not None and pending.country != code:
        raise HandoverError(
            _("A handover to %(country)s for %(year)s is already scheduled for %(date)s: cancel it first.")
            % {"country": pending.country_name, "year": year, "date": pending.effective_on.isoformat()}
        )
    if pending is not None and all(getattr(pending, name) == value for name, value in values.items()):
        return HandoverReport(incoming=None, outgoing=outgoing, changes=[], scheduled=pending)
    if pending is None:
        pending = ScheduledHandover(year=year, requested_by=requested_by)
    for attribute, value in values.items():
        setattr(pending, attribute, value)
    pending.save()
    change = f"scheduled the handover to {year} {name} for {effective.isoformat()}"
    return HandoverReport(incoming=None, outgoing=outgoing, changes=[change], scheduled=pending)


@transaction.atomic
def handover(
    country: str,
    year: int,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    *,
    effective: datetime.date | None = None,
    requested_by=None,
    today: datetime.date | None = None,
) -> HandoverReport:
    """Hand the G20 over to ``country`` for ``year``. Running it again changes nothing.

    Refused while the outgoing presidency is in office, unless ``effective`` (confirmed by the caller) says
    when the handover takes effect: a later day is scheduled, today or earlier is applied now, the
    outgoing term ending the day before."""
    today = today or timezone.localdate()
    try:
        code, name = resolve_country(country)
    except ValueError as error:
        raise HandoverError(str(error)) from None
    if start and end and end < start:
        raise HandoverError(_("The end date must be after the start date."))
    sitting = sitting_presidency(year, today)
    if sitting is not None and effective is None:
        raise HandoverError(_term_not_ended(sitting))
    if effective is not None and effective > today:
        _incoming_or_refuse(code, year)  # refused now, not on the day
        return _schedule(code, name, year, start, end, effective, requested_by, sitting)
    index = presidency_index()
    changes = ensure_office_group()
    if sitting is not None:
        last_day = effective - ONE_DAY
        if last_day < sitting.start_date:
            raise HandoverError(
                _(
                    "The handover cannot take effect on %(date)s, before the %(presidency)s presidency began "
                    "(%(start)s)."
                )
                % {"date": effective.isoformat(), "presidency": sitting, "start": sitting.start_date.isoformat()}
            )
        set_term(sitting, sitting.start_date, last_day)
        changes.append(f"ended the term of {sitting} on {last_day.isoformat()} (handover effective {effective})")
        start = start or effective
    incoming = _incoming_or_refuse(code, year)
    if incoming is not None:
        if (start and start != incoming.start_date) or (end and end != incoming.end_date):
            set_term(incoming, start or incoming.start_date, end or incoming.end_date)
            incoming.refresh_from_db()
            changes.append(f"set the dates of {incoming} to {incoming.start_date} – {incoming.end_date}")
    else:
        incoming = create_presidency(index, code=code, name=name, year=year, start=start, end=end)
        changes.append(f"created {incoming}")
    changes += apply_blueprint(incoming)
    changes += ensure_presidency_access(incoming)
    changes += ensure_office_workflow()
    changes += ensure_presidency_workflow(incoming)

    outgoing = PresidencyPage.objects.filter(locale=index.locale, year__lt=year).order_by("-year").first()
    if outgoing is not None:
        changes += archive_presidency(outgoing.specific)
    # Archiving writes with .update(): no signal says that every page's presidency banner changed.
    purge_all(f"handover to {code} {year}", pages=[page for page in (incoming, outgoing) if page is not None])
    return HandoverReport(incoming=incoming, outgoing=outgoing, changes=changes)


def apply_due_handovers(today: datetime.date | None = None) -> list[str]:
    """Apply every scheduled handover whose day has come (Celery beat, hourly). A failure is recorded on
    the scheduled handover for the office to see, and tried again at the next run."""
    today = today or timezone.localdate()
    done = []
    for scheduled in ScheduledHandover.objects.due(today):
        try:
            report = handover(
                scheduled.country,
                scheduled.year,
                scheduled.start_date,
                scheduled.end_date,
                effective=scheduled.effective_on,
                today=today,
            )
        except HandoverError as error:
            logger.error("Scheduled handover %s failed: %s", scheduled, error)
            ScheduledHandover.objects.filter(pk=scheduled.pk).update(outcome=f"failed: {error}")
            continue
        scheduled.applied_at = timezone.now()
        scheduled.outcome = "\n".join(report.changes) or "nothing to change"
        scheduled.save(update_fields=["applied_at", "outcome"])
        done.append(str(scheduled))
    return done
