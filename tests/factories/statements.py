"""Factories for statements: the page factory, and helpers that publish or translate a statement as editors do."""

import datetime

import factory
from wagtail.models import Locale, Page

from hub.demo.helpers import publish_translation
from hub.models import Topic
from statements.models import StatementKind, StatementPage

from .hub import PublishablePageFactory, as_date


def topics_of(locale: Locale, *slugs: str) -> list[Topic]:
    """The topics of ``locale`` with these slugs."""
    return list(Topic.objects.filter(locale=locale, slug__in=slugs))


class StatementPageFactory(PublishablePageFactory):
    """A statement page; pass ``parent`` (a statements section). Titled after its slug."""

    slug = factory.Sequence(lambda n: f"statement-{n}")
    title = factory.LazyAttribute(lambda page: page.slug.replace("-", " ").capitalize())
    kind = StatementKind.PRESS_RELEASE
    date = datetime.date(2026, 1, 15)
    summary = "A statement."
    body = factory.LazyAttribute(lambda page: [("text", f"<p>Body of {page.slug}</p>")])

    class Meta:
        model = StatementPage
        skip_postgeneration_save = True


def add_statement(
    parent: Page,
    slug: str,
    *,
    kind: str = StatementKind.PRESS_RELEASE,
    date: str | datetime.date = "2026-01-15",
    title: str | None = None,
    summary: str = "A statement.",
    body: str | None = None,
    topics: tuple[str, ...] | list[str] = (),
    publish: bool = True,
    revision: bool = True,
) -> StatementPage:
    """A statement under ``parent`` with topics by slug; published through a revision as editors do (or,
    with ``revision=False``, saved live directly, which is quicker for bulk set-ups)."""
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild: parents outlive the savepoints of tests
    fields = {"title": title} if title else {}
    statement = StatementPageFactory(
        parent=parent,
        slug=slug,
        kind=kind,
        date=as_date(date),
        summary=summary,
        body=[("text", f"<p>{body or 'Body of ' + slug}</p>")],
        topics=topics_of(parent.locale, *topics),
        live=publish and not revision,
        **fields,
    )
    if revision:
        saved = statement.save_revision()
        if publish:
            saved.publish()
    statement.refresh_from_db()
    return statement


def translate_statement(statement: StatementPage, language_code: str, title: str, summary: str) -> StatementPage:
    """Its published translation into ``language_code``, with the same topics in that locale."""
    locale = Locale.objects.get(language_code=language_code)
    translated = publish_translation(
        statement, locale, {"title": title, "summary": summary, "body": [("text", f"<p>{summary}</p>")]}
    )
    translated.topics.set(topics_of(locale, *statement.topics.values_list("slug", flat=True)))
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated
