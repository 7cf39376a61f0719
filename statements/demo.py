"""Demo statements from the office and several presidencies. Idempotent."""

import datetime
from typing import TextIO

from wagtail.models import Locale

from hub.demo.helpers import ensure_section, publish_translation
from hub.models import Topic
from presidencies.models import PresidencyPage, PresidencyStatementsPage

from .models import StatementIndexPage, StatementKind, StatementPage

INDEX_TITLES = {
    "en": ("Statements", "Declarations, joint statements and press releases of the G20 and its presidencies."),
    "fr": ("Déclarations", "Déclarations, déclarations conjointes et communiqués du G20 et de ses présidences."),
    "es": ("Declaraciones", "Declaraciones, declaraciones conjuntas y comunicados del G20 y sus presidencias."),
}

# (issuer year or None for the office, slug, kind, date, title, summary, topic slugs, translations)
STATEMENTS = [
    (
        None,
        "g20-office-information-integrity-principles",
        StatementKind.OFFICE_STATEMENT,
        "2026-03-02",
        "G20 office sets out principles for information integrity",
        "The permanent office commits to correcting false claims about the G20 in public, with sources.",
        ["information-integrity"],
        {
            "fr": (
                "Le bureau du G20 énonce ses principes d'intégrité de l'information",
                "Le bureau permanent s'engage à corriger publiquement, sources à l'appui, les fausses "
                "informations sur le G20.",
            ),
            "es": (
                "La oficina del G20 fija principios de integridad de la información",
                "La oficina permanente se compromete a corregir en público, con fuentes, las "
                "afirmaciones falsas sobre el G20.",
            ),
        },
    ),
    (
        None,
        "fake-g20-accounts-warning",
        StatementKind.PRESS_RELEASE,
        "2026-06-18",
        "Warning: fake accounts impersonate the G20 on social media",
        "Several accounts falsely claim to speak for the G20. Check any account against the official registry.",
        ["information-integrity"],
        {},
    ),
    (
        2024,
        "rio-leaders-declaration",
        StatementKind.LEADERS_DECLARATION,
        "2024-11-18",
        "G20 Rio de Janeiro Leaders' Declaration",
        "Leaders agreed on social inclusion, the fight against hunger and poverty, and global governance reform.",
        ["finance-track", "global-health"],
        {},
    ),
    (
        2025,
        "johannesburg-leaders-declaration",
        StatementKind.LEADERS_DECLARATION,
        "2025-11-22",
        "G20 Johannesburg Leaders' Declaration",
        "Leaders committed to solidarity, equality and sustainability, including disaster resilience and debt.",
        ["climate-and-energy", "finance-track"],
        {},
    ),
    (
        2025,
        "digital-economy-ministers-declaration",
        StatementKind.MINISTERIAL_DECLARATION,
        "2025-09-11",
        "Digital Economy Ministers' Declaration",
        "Ministers agreed on inclusive digital public infrastructure and on artificial intelligence for development.",
        ["digital-economy", "artificial-intelligence"],
        {},
    ),
    (
        2026,
        "us-presidency-priorities-announced",
        StatementKind.PRESIDENCY_STATEMENT,
        "2025-12-01",
        "United States presidency announces its priorities",
        "The presidency will focus on growth, affordable energy and new technologies.",
        ["climate-and-energy", "artificial-intelligence"],
        {},
    ),
    (
        2026,
        "finance-ministers-joint-statement-april-2026",
        StatementKind.JOINT_STATEMENT,
        "2026-04-16",
        "Joint statement of finance ministers and central bank governors",
        "Ministers and governors discussed the global outlook and the resilience of the financial system.",
        ["finance-track"],
        {},
    ),
]


def _parent_for(year, index_en):
    if year is None:
        return index_en
    presidency = PresidencyPage.objects.filter(locale=index_en.locale, year=year).first()
    return PresidencyStatementsPage.objects.child_of(presidency).first() if presidency else None


# One statement reaches French the way officers work: wagtail-localize makes a draft translation, a
# translator of the office fills it and submits it to the office's review, another member approves it,
# and the approval publishes it.
REVIEWED_TRANSLATION = (
    "fake-g20-accounts-warning",
    "fr",
    {
        "title": "Attention : de faux comptes se font passer pour le G20 sur les réseaux sociaux",
        "summary": "Plusieurs comptes prétendent à tort parler au nom du G20. Vérifiez tout compte dans le "
        "registre officiel.",
    },
)
DEMO_OFFICERS = {"translator": "demo-office-translator", "reviewer": "demo-office-reviewer"}


def _demo_officer(username: str):
    """An office member the demo acts as; no password, so nobody signs in as them."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from hub.publishing.office import OFFICE_GROUP

    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_active": True})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    office = Group.objects.filter(name=OFFICE_GROUP).first()
    if office is not None:
        user.groups.add(office)
    return user


def translate_through_review(stdout: TextIO) -> None:
    from wagtail_localize.operations import translate_object

    slug, code, fields = REVIEWED_TRANSLATION
    source = StatementPage.objects.filter(slug=slug, locale=Locale.get_default()).first()
    locale = Locale.objects.filter(language_code=code).first()
    if source is None or locale is None or source.get_translation_or_none(locale) is not None:
        return
    translator, reviewer = (_demo_officer(name) for name in DEMO_OFFICERS.values())
    translate_object(source, [locale], user=translator)
    draft = source.get_translation(locale).specific
    if draft.live:  # WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE must keep new translations as drafts
        raise RuntimeError(f"The new {code} translation of {source} went live without review.")
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.body = [("text", f"<p>{fields['summary']}</p>")]
    draft.topics.set(Topic.objects.filter(locale=locale, slug__in=source.topics.values_list("slug", flat=True)))
    draft.save_revision(user=translator)
    workflow = draft.get_workflow()
    if workflow is None:
        return
    workflow.start(draft, translator)
    draft = StatementPage.objects.get(pk=draft.pk)
    while draft.current_workflow_state is not None:
        task_state = draft.current_workflow_state.current_task_state
        task_state.task.specific.on_action(task_state, reviewer, "approve")
        draft = StatementPage.objects.get(pk=draft.pk)
    stdout.write(f"Translated {source.title} into {code} through review.\n")


def load(stdout: TextIO) -> None:
    index = ensure_section(StatementIndexPage, "statements", INDEX_TITLES, stdout)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for year, slug, kind, date, title, summary, topic_slugs, translations in STATEMENTS:
        parent = _parent_for(year, index)
        if parent is None or StatementPage.objects.filter(locale=index.locale, slug=slug).exists():
            continue
        statement = StatementPage(
            title=title,
            slug=slug,
            kind=kind,
            date=datetime.date.fromisoformat(date),
            summary=summary,
            body=[("text", f"<p>{summary}</p><p>The full text is available in the annex.</p>")],
        )
        parent.add_child(instance=statement)
        statement.topics.set(Topic.objects.filter(locale=index.locale, slug__in=topic_slugs))
        statement.save_revision().publish()
        stdout.write(f"Created statement {title}.\n")
        for code, (translated_title, translated_summary) in translations.items():
            if code in locales:
                translated = publish_translation(
                    statement,
                    locales[code],
                    {
                        "title": translated_title,
                        "summary": translated_summary,
                        "body": [("text", f"<p>{translated_summary}</p>")],
                    },
                )
                translated.topics.set(Topic.objects.filter(locale=locales[code], slug__in=topic_slugs))
                translated.save_revision().publish()
    translate_through_review(stdout)
