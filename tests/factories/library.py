"""Factories for the library: documents, the item page factory, and a helper that publishes an item as editors do."""

import datetime
from collections.abc import Iterable

import factory
from django.core.files.base import ContentFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from wagtail.documents.models import Document
from wagtail.models import Page

from hub.models import Organisation, Topic
from library.models import LibraryAuthor, LibraryFile, LibraryItemPage, LibraryKind, Licence

from .hub import PublishablePageFactory, as_date


def _document_bytes(name: str, size: int) -> bytes:
    head = b"%PDF-1.4\n" if name.endswith(".pdf") else b"id,value\n1,2\n"
    return head + b"0" * (size - len(head))


class DocumentFactory(DjangoModelFactory):
    """A Wagtail document of exactly ``size`` bytes (a PDF, or a CSV for other ``name``s), with its size and
    hash recorded as on upload."""

    title = factory.Sequence(lambda n: f"Document {n}")

    class Params:
        name = factory.LazyAttribute(lambda document: f"{slugify(document.title)}.pdf")
        size = 2048

    file = factory.LazyAttribute(
        lambda document: ContentFile(_document_bytes(document.name, document.size), name=document.name)
    )

    class Meta:
        model = Document

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        content = kwargs.pop("file")
        document = model_class(*args, **kwargs)
        document.file.save(content.name, content, save=False)
        document._set_document_file_metadata()
        document.save()
        return document


class LibraryItemPageFactory(PublishablePageFactory):
    """A library item page; pass ``parent`` (the Library or a presidency's documents). Titled after its slug."""

    slug = factory.Sequence(lambda n: f"item-{n}")
    title = factory.LazyAttribute(lambda page: page.slug.replace("-", " ").capitalize())
    kind = LibraryKind.REPORT
    date = datetime.date(2026, 1, 15)
    abstract = "An abstract."
    language = "en"
    licence = Licence.CC_BY
    persistent_identifier = ""
    authors = factory.LazyFunction(lambda: [LibraryAuthor(name="Doe, Jane", affiliation="")])

    class Meta:
        model = LibraryItemPage
        skip_postgeneration_save = True


def add_item(
    parent: Page,
    slug: str,
    *,
    kind: str = LibraryKind.REPORT,
    date: str | datetime.date = "2026-01-15",
    title: str | None = None,
    abstract: str = "An abstract.",
    authors: Iterable[tuple[str, str]] = (("Doe, Jane", ""),),
    files: Iterable[tuple[Document, str]] = (),
    topics: Iterable[str] = (),
    publisher: str | None = None,
    language: str = "en",
    licence: str = Licence.CC_BY,
    identifier: str = "",
    publish: bool = True,
) -> LibraryItemPage:
    """A library item under ``parent`` with (name, affiliation) authors, (document, label) files, topics by slug
    and a publisher by name; published through a revision as editors do."""
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild: parents outlive the savepoints of tests
    fields = {"title": title} if title else {}
    item = LibraryItemPageFactory(
        parent=parent,
        slug=slug,
        kind=kind,
        date=as_date(date),
        abstract=abstract,
        language=language,
        licence=licence,
        persistent_identifier=identifier,
        publisher=Organisation.objects.get(name=publisher) if publisher else None,
        authors=[LibraryAuthor(name=name, affiliation=affiliation) for name, affiliation in authors],
        files=[LibraryFile(document=document, label=label) for document, label in files],
        topics=list(Topic.objects.filter(locale=parent.locale, slug__in=list(topics))),
        live=False,
        **fields,
    )
    revision = item.save_revision()
    if publish:
        revision.publish()
    item.refresh_from_db()
    return item
