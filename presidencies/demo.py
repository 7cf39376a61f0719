"""Demo content: every G20 presidency from the reference data, the troika, and official accounts.

Idempotent. Runs after the core demo (the home pages exist in every language).
"""

import datetime
from typing import TextIO

from django.utils import timezone

from hub.demo.helpers import ensure_emblem, ensure_section

from .access import ensure_office_group, ensure_office_workflow, ensure_presidency_access, ensure_presidency_workflow
from .countries import presidency_records
from .handover import archive_presidency, create_presidency
from .models import (
    AccountStatus,
    CalendarPage,
    OfficialAccount,
    OfficialAccountsPage,
    PresidencyIndexPage,
    PresidencyPage,
    PrioritiesPage,
)
from .troika import compute_troika

INDEX_TITLES = {
    "en": ("Presidencies", "Every G20 presidency since 2008, each in its own section, kept online for good."),
    "fr": ("Présidences", "Toutes les présidences du G20 depuis 2008, chacune dans sa section, en ligne pour de bon."),
    "es": ("Presidencias", "Todas las presidencias del G20 desde 2008, cada una en su sección, en línea para siempre."),
}
ACCOUNTS_TITLES = {
    "en": (
        "Official accounts",
        "The social-media accounts and websites that speak for the G20. Check before you trust.",
    ),
    "fr": ("Comptes officiels", "Les comptes et sites qui parlent au nom du G20. Vérifiez avant de faire confiance."),
    "es": ("Cuentas oficiales", "Las cuentas y sitios que hablan en nombre del G20. Compruebe antes de confiar."),
}
THEMES = {
    2024: "Building a just world and a sustainable planet",
    2025: "Solidarity, Equality, Sustainability",
    2026: "Restoring growth and prosperity",
}
# The presidencies' mottos as their French and Spanish pages give them.
THEME_TRANSLATIONS = {
    2024: {
        "fr": "Construire un monde juste et une planète durable",
        "es": "Construyendo un mundo justo y un planeta sostenible",
    },
    2025: {"fr": "Solidarité, égalité, durabilité", "es": "Solidaridad, igualdad, sostenibilidad"},
    2026: {"fr": "Restaurer la croissance et la prospérité", "es": "Restablecer el crecimiento y la prosperidad"},
}
OFFICE_ACCOUNTS = [
    ("x", "@g20org", "https://x.com/g20org", ""),
    ("youtube", "@G20", "https://www.youtube.com/@G20", "https://www.youtube.com/channel/UCg20HubDemoChannel01"),
    ("mastodon", "@g20@mastodon.social", "https://mastodon.social/@g20", ""),
    ("bluesky", "@g20.bsky.social", "https://bsky.app/profile/g20.bsky.social", ""),
    ("linkedin", "G20", "https://www.linkedin.com/company/g20", ""),
    ("website", "g20.org", "https://www.g20.org/", ""),
]
PRESIDENCY_ACCOUNTS = {
    2024: [
        ("x", "@g20brasil2024", "https://x.com/g20brasil2024", ""),
        ("instagram", "@g20brasil2024", "https://www.instagram.com/g20brasil2024/", ""),
    ],
    2025: [
        ("x", "@g20southafrica", "https://x.com/g20southafrica", ""),
        ("facebook", "G20 South Africa", "https://www.facebook.com/profile.php?id=100090000002025", ""),
    ],
    2026: [
        ("x", "@g20usa2026", "https://x.com/g20usa2026", ""),
        ("instagram", "@g20usa2026", "https://www.instagram.com/g20usa2026/", ""),
        ("youtube", "@g20usa2026", "https://www.youtube.com/@g20usa2026", ""),
    ],
}
PRIORITIES = {
    2025: [
        ("Disaster resilience", "<p>Strengthening disaster risk reduction and response.</p>"),
        ("Debt sustainability", "<p>Action on debt sustainability for low-income countries.</p>"),
        ("Just energy transition", "<p>Mobilising finance for a just energy transition.</p>"),
    ],
    2026: [
        ("Growth and deregulation", "<p>Unleashing economic prosperity by removing regulatory burdens.</p>"),
        ("Affordable energy", "<p>Securing affordable and reliable energy supply chains.</p>"),
        ("New technologies", "<p>Pioneering new technologies and innovation.</p>"),
    ],
}
CALENDAR = {
    2026: [
        ("First Sherpa meeting", "2025-12-15", "2025-12-16", "Washington, D.C.", "sherpa"),
        ("Finance ministers and central bank governors", "2026-04-15", "2026-04-16", "Washington, D.C.", "finance"),
        ("Leaders' Summit", "2026-12-14", "2026-12-15", "Miami", "leaders"),
    ],
}


def ensure_presidencies(stdout: TextIO) -> list[PresidencyPage]:
    index = ensure_section(PresidencyIndexPage, "presidencies", INDEX_TITLES, stdout)
    presidencies = []
    for record in presidency_records():
        presidency = PresidencyPage.objects.filter(locale=index.locale, year=record.year).first()
        if presidency is None:
            presidency = create_presidency(
                index,
                code=record.iso_code,
                name=record.country_name,
                year=record.year,
                theme=THEMES.get(record.year, ""),
                leaders_summit=record.leaders_summits,
                # Each its own made-up emblem (from its code and year): no real logo is used.
                logo=ensure_emblem(
                    f"{record.country_name} {record.year} presidency emblem (demo)", record.iso_code, record.year
                )
                if record.year >= 2024
                else None,
            )
            stdout.write(f"Created {presidency}.\n")
        presidencies.append(presidency.specific)
    translate_themes(presidencies, stdout)
    return presidencies


def translate_themes(presidencies: list[PresidencyPage], stdout: TextIO) -> None:
    """Each translation that still carries the English motto gets its own language's (editors' changes stay)."""
    for presidency in presidencies:
        for translated in PresidencyPage.objects.filter(translation_key=presidency.translation_key).exclude(
            pk=presidency.pk
        ):
            theme = THEME_TRANSLATIONS.get(presidency.year, {}).get(translated.locale.language_code)
            if not theme or translated.theme != presidency.theme:
                continue
            translated.theme = theme
            revision = translated.save_revision()
            if translated.live:
                revision.publish()
            stdout.write(f"Translated the motto of {translated}.\n")


def archive_past(presidencies: list[PresidencyPage]) -> PresidencyPage | None:
    """Every presidency before the current one is archived, as past handovers would have done."""
    troika = compute_troika(presidencies, timezone.localdate())
    current = troika.current or troika.next
    for presidency in presidencies:
        if current is not None and presidency.end_date < current.start_date and not presidency.is_archived:
            archive_presidency(presidency)
    if current is not None:
        ensure_presidency_access(current)
        ensure_office_workflow()
        ensure_presidency_workflow(current)
    return current


def ensure_accounts(presidencies: list[PresidencyPage]) -> None:
    by_year = {p.year: p for p in presidencies}
    today = timezone.localdate()
    for platform, handle, url, alias in OFFICE_ACCOUNTS:
        if not OfficialAccount.objects.filter(url=url).exists():
            account = OfficialAccount(
                platform=platform,
                handle=handle,
                url=url,
                alias_urls=alias,
                active_from=datetime.date(2008, 11, 15),
                verified_on=today,
            )
            account.full_clean()
            account.save()
    for year, accounts in PRESIDENCY_ACCOUNTS.items():
        owner = by_year.get(year)
        if owner is None:
            continue
        for platform, handle, url, alias in accounts:
            if OfficialAccount.objects.filter(url=url).exists():
                continue
            archived = owner.is_archived
            account = OfficialAccount(
                platform=platform,
                handle=handle,
                url=url,
                alias_urls=alias,
                owner=owner,
                status=AccountStatus.ARCHIVED if archived else AccountStatus.ACTIVE,
                active_from=owner.start_date,
                active_until=owner.end_date if archived else None,
                verified_on=owner.start_date,
            )
            account.full_clean()
            account.save()


def ensure_section_content(presidencies: list[PresidencyPage]) -> None:
    for presidency in presidencies:
        priorities = PRIORITIES.get(presidency.year)
        if priorities:
            page = PrioritiesPage.objects.child_of(presidency).first()
            if page is not None and not page.priorities:
                page.priorities = [("priority", {"title": t, "summary": s}) for t, s in priorities]
                page.save_revision().publish()
        events = CALENDAR.get(presidency.year)
        if events:
            page = CalendarPage.objects.child_of(presidency).first()
            if page is not None and not page.events:
                page.events = [
                    (
                        "event",
                        {
                            "title": title,
                            "start": datetime.date.fromisoformat(start),
                            "end": datetime.date.fromisoformat(end),
                            "location": place,
                            "track": track,
                            "description": "",
                        },
                    )
                    for title, start, end, place, track in events
                ]
                page.save_revision().publish()


def ensure_own_domain(presidencies: list[PresidencyPage]) -> None:
    """The current presidency also answers on its own domain (try http://g20-2026.localhost:8000/en/)."""
    from .sites import sync_presidency_site

    current = next((p for p in presidencies if p.year == 2026), None)
    if current is not None and not current.hostname:
        PresidencyPage.objects.filter(translation_key=current.translation_key).update(hostname="g20-2026.localhost")
        current.refresh_from_db()
        sync_presidency_site(current)


def load(stdout: TextIO) -> None:
    ensure_office_group()
    presidencies = ensure_presidencies(stdout)
    ensure_own_domain(presidencies)
    archive_past(presidencies)
    ensure_accounts(presidencies)
    ensure_section_content(presidencies)
    ensure_section(OfficialAccountsPage, "accounts", ACCOUNTS_TITLES, stdout)
