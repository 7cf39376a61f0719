"""The yearly handover: the incoming presidency is built, the outgoing one archived. One transaction."""

from __future__ import annotations

import datetime
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
    default_term,
    presidency_title,
)


class HandoverError(Exception):
    """The handover cannot run as asked; nothing was changed."""


@dataclass
class HandoverReport:
    incoming: PresidencyPage
    outgoing: PresidencyPage | None
    changes: list[str] = field(default_factory=list)

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


@transaction.atomic
def handover(
    country: str,
    year: int,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> HandoverReport:
    """Hand the G20 over to ``country`` for ``year``. Running it again changes nothing."""
    try:
        code, name = resolve_country(country)
    except ValueError as error:
        raise HandoverError(str(error)) from None
    if start and end and end < start:
        raise HandoverError(_("The end date must be after the start date."))
    index = presidency_index()
    changes = ensure_office_group()
    incoming = PresidencyPage.objects.filter(locale=index.locale, year=year).first()
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
        if (start and start != incoming.start_date) or (end and end != incoming.end_date):
            set_term(incoming, start or incoming.start_date, end or incoming.end_date)
            incoming.refresh_from_db()
            changes.append(f"set the dates of {incoming} to {incoming.start_date} – {incoming.end_date}")
    else:
        later = PresidencyPage.objects.filter(locale=index.locale, year__gt=year, is_archived=True).first()
        if later is not None:
            raise HandoverError(
                _("%(presidency)s is already archived: a handover only goes forward.") % {"presidency": later}
            )
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
