"""Factories for the fact-check database: the debunk page factory, and helpers that publish or translate a debunk."""

import datetime

import factory
from wagtail.models import Locale, Page

from factchecks.models import (
    ClaimAppearance,
    ClaimAuthorType,
    DebunkCorrection,
    DebunkEvidence,
    DebunkPage,
    DebunkRelatedDebunk,
    DebunkRelatedStatement,
    reserve_case_id,
)
from factchecks.verdicts import Verdict

from .hub import PublishablePageFactory, as_date


class DebunkPageFactory(PublishablePageFactory):
    """A debunk page; pass ``parent`` (a FactCheckIndexPage). Its slug comes from its title."""

    title = factory.Sequence(lambda n: f"Debunk {n}")
    slug = factory.LazyAttribute(lambda page: page.title.lower().replace(" ", "-")[:50])
    case_id = ""
    claim = "A claim about the G20"
    claim_summary = "The claim in more detail."
    disproof = "<p>The evidence shows otherwise.</p>"
    verdict = Verdict.FALSE
    rating_explanation = "The evidence contradicts the claim."
    first_seen = datetime.date(2026, 1, 15)
    countries = factory.LazyFunction(list)
    languages = ""
    claim_author = ""
    claim_author_type = ClaimAuthorType.ORGANIZATION
    keywords = ()  # tag names, added before the page is first saved

    class Meta:
        model = DebunkPage
        skip_postgeneration_save = True

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        keywords = kwargs.pop("keywords")
        page = super()._build(model_class, *args, **kwargs)
        if keywords:
            page.keywords.add(*keywords)
        return page

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        keywords = kwargs.pop("keywords")
        page = model_class(**kwargs)
        if keywords:
            page.keywords.add(*keywords)
        if parent:
            parent.add_child(instance=page)
        else:
            model_class.add_root(instance=page)
        return page


def add_debunk(
    parent: Page,
    *,
    case_id: str | None = None,
    title: str,
    claim: str,
    verdict: str,
    first_seen: str | datetime.date,
    countries=(),
    languages=(),
    keywords=(),
    appearances=(),
    evidence=(),
    corrections=(),
    related=(),
    related_statements=(),
    slug: str | None = None,
    claim_summary: str = "The claim in more detail.",
    disproof: str = "<p>The evidence shows otherwise.</p>",
    rating_explanation: str = "The evidence contradicts the claim.",
    claim_author: str = "",
    claim_author_type: str = ClaimAuthorType.ORGANIZATION,
    published_at: datetime.datetime | None = None,
    publish: bool = True,
    revision: bool = True,
) -> DebunkPage:
    """A debunk under ``parent`` (a FactCheckIndexPage), published through a revision as editors do.

    ``appearances`` are dicts of ClaimAppearance fields (``outlet`` an Outlet or None), ``evidence``
    (title, url, publisher) triples, ``corrections`` (date, text) pairs, ``related`` debunks and
    ``related_statements`` statement pages. ``published_at`` (by default the day after
    ``first_seen``, at noon UTC) becomes its first and last publication time. With
    ``revision=False`` it is saved live directly, which is quicker for bulk set-ups."""
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild: parents outlive the savepoints of tests
    first_seen = as_date(first_seen)
    if published_at is None:
        published_at = datetime.datetime.combine(
            first_seen + datetime.timedelta(days=1), datetime.time(12, 0), datetime.UTC
        )
    if case_id:
        reserve_case_id(case_id)
    saved_live = publish and not revision
    fields = {"slug": slug} if slug else {}
    debunk = DebunkPageFactory(
        parent=parent,
        title=title,
        case_id=case_id or "",
        claim=claim,
        claim_summary=claim_summary,
        disproof=disproof,
        verdict=verdict,
        rating_explanation=rating_explanation,
        first_seen=first_seen,
        countries=list(countries),
        languages=",".join(languages),
        claim_author=claim_author,
        claim_author_type=claim_author_type,
        live=saved_live,
        first_published_at=published_at if saved_live else None,
        last_published_at=published_at if saved_live else None,
        appearances=[
            ClaimAppearance(
                url=item["url"],
                archive_url=item.get("archive_url", ""),
                outlet=item.get("outlet"),
                platform=item.get("platform", ""),
                appeared_on=as_date(item.get("appeared_on")),
            )
            for item in appearances
        ],
        evidence=[DebunkEvidence(title=t, url=u, publisher=p) for t, u, p in evidence],
        corrections=[DebunkCorrection(date=as_date(d), text=text) for d, text in corrections],
        related_debunk_links=[DebunkRelatedDebunk(page=page) for page in related],
        related_statement_links=[DebunkRelatedStatement(page=page) for page in related_statements],
        keywords=list(keywords),
        **fields,
    )
    if revision:
        saved = debunk.save_revision()
        if publish:
            saved.publish()
            DebunkPage.objects.filter(pk=debunk.pk).update(
                first_published_at=published_at, last_published_at=published_at
            )
    return DebunkPage.objects.get(pk=debunk.pk)


def translate_debunk(debunk: DebunkPage, language_code: str, **fields) -> DebunkPage:
    """Its translation (copy_for_translation), with ``fields`` changed, published an hour after the original."""
    locale = Locale.objects.get(language_code=language_code)
    translation = debunk.copy_for_translation(locale, copy_parents=True).specific
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    published_at = debunk.first_published_at + datetime.timedelta(hours=1)
    DebunkPage.objects.filter(pk=translation.pk).update(first_published_at=published_at, last_published_at=published_at)
    return DebunkPage.objects.get(pk=translation.pk)
