"""The one blueprint every presidency section is built from, in every language."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from .models import (
    CalendarPage,
    PresidencyAccountsPage,
    PresidencyDocumentsPage,
    PresidencyPage,
    PresidencyStatementsPage,
    PrioritiesPage,
    presidency_title,
)

BLUEPRINT = (
    (PrioritiesPage, "priorities", _("Priorities")),
    (CalendarPage, "calendar", _("Calendar")),
    (PresidencyStatementsPage, "statements", _("Statements")),
    (PresidencyDocumentsPage, "documents", _("Documents")),
    (PresidencyAccountsPage, "accounts", _("Accounts")),
)


def _title(label, language_code: str) -> str:
    with translation.override(language_code):
        return str(label)


def _publish_if(page: Page, live: bool) -> None:
    revision = page.save_revision()
    if live:
        revision.publish()


def apply_blueprint(presidency: PresidencyPage) -> list[str]:
    """Create whatever the blueprint lacks: the five sections, and the presidency with its
    sections in every language. Idempotent; returns a line per page created.

    Pages go live when the presidency they belong to is live.
    """
    created: list[str] = []
    source = presidency.specific
    for page_class, slug, label in BLUEPRINT:
        if not page_class.objects.child_of(source).exists():
            # A draft presidency's sections are drafts too; they go live with it.
            child = page_class(
                title=_title(label, source.locale.language_code),
                slug=slug,
                live=source.live,
                has_unpublished_changes=not source.live,
            )
            source.add_child(instance=child)
            _publish_if(child, source.live)
            created.append(f"{source.locale.language_code}: {child.title} of {source}")

    source_children = {
        page_class: page_class.objects.child_of(source).first() for page_class, _slug, _label in BLUEPRINT
    }
    for locale in Locale.objects.exclude(pk=source.locale_id).order_by("pk"):
        target = source.get_translation_or_none(locale)
        if target is None:
            target = source.copy_for_translation(locale, copy_parents=True).specific
            target.title = presidency_title(source.country.code, source.country_name, source.year, locale.language_code)
            _publish_if(target, source.live)
            created.append(f"{locale.language_code}: {target}")
        for page_class, _slug, label in BLUEPRINT:
            child = source_children[page_class]
            if child.get_translation_or_none(locale) is None:
                translated = child.copy_for_translation(locale).specific
                translated.title = _title(label, locale.language_code)
                _publish_if(translated, child.live)
                created.append(f"{locale.language_code}: {translated.title} of {target}")
    return created


def publish_new_structure(presidency: PresidencyPage) -> None:
    """When a presidency first goes live, so do its never-published blueprint pages and translations."""
    for translated in PresidencyPage.objects.filter(translation_key=presidency.translation_key):
        pages = [translated, *translated.get_children()]
        for page in pages:
            if page.first_published_at is None and not page.live:
                revision = page.latest_revision or page.save_revision()
                revision.publish()
