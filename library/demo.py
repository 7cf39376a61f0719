"""Demo library items from the office and presidencies, each with a real PDF or CSV file. Idempotent."""

import datetime
from typing import TextIO

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from hub.demo.helpers import ensure_document, ensure_section
from hub.models import Organisation, Topic
from presidencies.models import PresidencyDocumentsPage, PresidencyPage

from .models import LibraryAuthor, LibraryFile, LibraryIndexPage, LibraryItemPage, LibraryKind, Licence

INDEX_TITLES = {
    "en": ("Library", "Reports, studies, papers and data from the G20 taskforces and working groups."),
    "fr": ("Bibliothèque", "Rapports, études, documents et données des groupes de travail du G20."),
    "es": ("Biblioteca", "Informes, estudios, documentos y datos de los grupos de trabajo del G20."),
}

ITEMS = [
    (
        None,
        "state-of-information-integrity-2026",
        LibraryKind.REPORT,
        "2026-05-20",
        "State of information integrity around the G20, 2026",
        "How false claims about G20 summits spread in 2025 and 2026, which platforms carried them, and "
        "what worked in answering them.",
        ["Okafor, Adaeze", "Lindqvist, Erik"],
        None,
        "10.5555/g20hub.2026.001",
        ["information-integrity"],
        "pdf",
    ),
    (
        None,
        "fact-check-dataset-2025",
        LibraryKind.DATASET,
        "2026-01-15",
        "Debunked claims about the G20, 2020–2025 (dataset)",
        "Every claim the office debunked between 2020 and 2025, with verdicts and appearances, as CSV.",
        ["G20 Communication Office"],
        None,
        "",
        ["information-integrity"],
        "csv",
    ),
    (
        2025,
        "dpi-for-development-study",
        LibraryKind.STUDY,
        "2025-08-30",
        "Digital public infrastructure for development",
        "A study of digital public infrastructure in twelve G20 and guest countries.",
        ["Naidoo, Thandi", "Ferreira, Lucas"],
        "Organisation for Economic Co-operation and Development",
        "",
        ["digital-economy"],
        "pdf",
    ),
    (
        2026,
        "ai-and-productivity-paper",
        LibraryKind.PAPER,
        "2026-06-02",
        "Artificial intelligence and productivity: a policy paper",
        "Options for G20 members to raise productivity with artificial intelligence while managing risks.",
        ["Miller, Jordan"],
        None,
        "https://hdl.handle.net/20.500.12345/67890",
        ["artificial-intelligence"],
        "pdf",
    ),
]


def _file(slug: str, title: str, kind: str, abstract: str = "") -> Document:
    if kind == "csv":
        existing = Document.objects.filter(title=title).first()
        if existing:
            return existing
        document = Document(title=title)
        content = ContentFile(b"case_id,claim,verdict\nG20-DB-2025-0001,Example claim,false\n", name=f"{slug}.csv")
        document.file.save(content.name, content, save=False)
        document._set_document_file_metadata()
        document.save()
        return document
    return ensure_document(title, abstract)


def load(stdout: TextIO) -> None:
    index = ensure_section(LibraryIndexPage, "library", INDEX_TITLES, stdout)
    for year, slug, kind, date, title, abstract, authors, publisher, pid, topic_slugs, file_kind in ITEMS:
        if LibraryItemPage.objects.filter(locale=index.locale, slug=slug).exists():
            continue
        parent = index
        if year is not None:
            presidency = PresidencyPage.objects.filter(locale=index.locale, year=year).first()
            parent = PresidencyDocumentsPage.objects.child_of(presidency).first() if presidency else None
        if parent is None:
            continue
        item = LibraryItemPage(
            title=title,
            slug=slug,
            kind=kind,
            date=datetime.date.fromisoformat(date),
            abstract=abstract,
            persistent_identifier=pid,
            licence=Licence.CC0 if kind == LibraryKind.DATASET else Licence.CC_BY,
            publisher=Organisation.objects.filter(name=publisher).first() if publisher else None,
        )
        item.authors = [LibraryAuthor(name=name) for name in authors]
        item.files = [LibraryFile(document=_file(slug, title, file_kind, abstract), label="")]
        parent.add_child(instance=item)
        item.topics.set(Topic.objects.filter(locale=index.locale, slug__in=topic_slugs))
        item.save_revision().publish()
        stdout.write(f"Created library item {title}.\n")
