"""Fixtures for the library app: the office's Library section, two presidencies, a set of library items.

``library_world`` builds everything once per test module inside an outer transaction (rolled
back when the module ends), as ``tests/presidencies/conftest.py`` does; each test runs inside
its own savepoint. Tests that use it must also ask for ``db`` and must re-read objects they change.

What it holds (English):

* office (under /en/library/): ``office-report`` (report, 2026-03-10, English, CC BY, DOI, two
  authors with affiliations, a PDF and a CSV, information integrity + digital economy, no
  publisher so "G20"), ``office-dataset`` (dataset, 2026-01-15, French, CC0, handle URL, OECD,
  one CSV without a label, finance track), ``office-draft`` (never published);
* South Africa 2025 (archived): ``za-study`` (study, 2025-08-30, English, CC BY-SA, climate +
  digital economy, published by the presidency);
* United States 2026: ``us-paper`` (paper, 2026-06-02, Spanish, all rights reserved, an ISBN as
  identifier, Government of the United States, artificial intelligence), ``us-private`` (live,
  password-protected).

The word "resilience" is in the abstracts of ``office-dataset`` and ``za-study`` (and of the
draft and the private item, which must never show).
"""

import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from hub.demo.content import ensure_home, ensure_organisations, ensure_topics
from hub.demo.helpers import ensure_section
from library import demo as library_demo
from library.models import LibraryIndexPage, LibraryKind, Licence
from presidencies.handover import archive_presidency, create_presidency, presidency_index
from presidencies.models import PresidencyDocumentsPage
from tests.factories.library import DocumentFactory, add_item

# The library items the English index shows, newest first.
LIVE_ENGLISH = ["us-paper", "office-report", "office-dataset", "za-study"]

PDF_SIZE = 2048  # shown as "2.0 KB"
CSV_SIZE = 300  # shown as "300 bytes"


def build_library_base() -> SimpleNamespace:
    """Home pages, topics, organisations, South Africa 2025 (archived) and United States 2026, the Library."""
    home = ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    ensure_organisations(io.StringIO())
    index = presidency_index()
    za = create_presidency(index, code="ZA", name="South Africa", year=2025)
    us = create_presidency(index, code="US", name="United States", year=2026)
    archive_presidency(za)
    for page in (za, us):
        page.refresh_from_db()
    library = ensure_section(LibraryIndexPage, "library", library_demo.INDEX_TITLES, io.StringIO())
    return SimpleNamespace(
        home=home,
        presidency_index=index,
        za=za,
        us=us,
        library=library,
        za_documents=PresidencyDocumentsPage.objects.child_of(za).get(),
        us_documents=PresidencyDocumentsPage.objects.child_of(us).get(),
    )


def build_library_world() -> SimpleNamespace:
    world = build_library_base()
    pdf = DocumentFactory(title="State of information integrity (PDF)", name="integrity-report.pdf", size=PDF_SIZE)
    csv = DocumentFactory(title="Debunked claims (CSV)", name="debunked-claims.csv", size=CSV_SIZE)
    study_pdf = DocumentFactory(title="Digital public infrastructure study", name="dpi-study.pdf", size=PDF_SIZE)
    items = {}
    items["office-report"] = add_item(
        world.library,
        slug="office-report",
        title="State of information integrity 2026",
        kind=LibraryKind.REPORT,
        date="2026-03-10",
        abstract="How false claims spread around G20 summits.\nWhich answers worked.",
        authors=(("Okafor, Adaeze", "University of Lagos"), ("Lindqvist, Erik", "Stockholm University")),
        files=((pdf, "Full report"), (csv, "Data (CSV)")),
        topics=("information-integrity", "digital-economy"),
        identifier="10.5555/g20hub.2026.042",
    )
    items["office-dataset"] = add_item(
        world.library,
        slug="office-dataset",
        title="Debunked claims about the G20, 2020-2025",
        kind=LibraryKind.DATASET,
        date="2026-01-15",
        abstract="Every debunked claim, with the resilience of each correction over time.",
        authors=(("G20 Communication Office", ""),),
        files=((csv, ""),),
        topics=("finance-track",),
        publisher="Organisation for Economic Co-operation and Development",
        language="fr",
        licence=Licence.CC0,
        identifier="https://hdl.handle.net/20.500.12345/67890",
    )
    items["office-draft"] = add_item(
        world.library,
        slug="office-draft",
        title="Unpublished draft report",
        date="2026-06-30",
        abstract="Draft resilience wording, not for release.",
        files=((pdf, ""),),
        topics=("finance-track", "digital-economy"),
        publish=False,
    )
    items["za-study"] = add_item(
        world.za_documents,
        slug="za-study",
        title="Digital public infrastructure for development",
        kind=LibraryKind.STUDY,
        date="2025-08-30",
        abstract="Disaster resilience and digital public infrastructure in twelve countries.",
        authors=(("Naidoo, Thandi", "University of Cape Town"),),
        files=((study_pdf, "Study"),),
        topics=("climate-and-energy", "digital-economy"),
        licence=Licence.CC_BY_SA,
    )
    items["us-paper"] = add_item(
        world.us_documents,
        slug="us-paper",
        title="Artificial intelligence and productivity",
        kind=LibraryKind.PAPER,
        date="2026-06-02",
        abstract="Options for raising productivity with artificial intelligence.",
        authors=(("Miller, Jordan", "Stanford University"),),
        files=((pdf, "Paper"),),
        topics=("artificial-intelligence",),
        publisher="Government of the United States",
        language="es",
        licence=Licence.ALL_RIGHTS,
        identifier="ISBN 978-3-16-148410-0",
    )
    items["us-private"] = add_item(
        world.us_documents,
        slug="us-private",
        title="Private sherpa paper",
        kind=LibraryKind.PAPER,
        date="2026-04-17",
        abstract="Confidential resilience note.",
        files=((pdf, ""),),
        topics=("finance-track",),
    )
    PageViewRestriction.objects.create(
        page=items["us-private"], restriction_type=PageViewRestriction.PASSWORD, password="sherpa"
    )
    world.items = items
    world.documents = SimpleNamespace(pdf=pdf, csv=csv, study_pdf=study_pdf)
    return world


def _module_transaction(django_db_blocker, build):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def library_world(django_db_setup, django_db_blocker):
    yield from _module_transaction(django_db_blocker, build_library_world)


@pytest.fixture(scope="module")
def library_base(django_db_setup, django_db_blocker):
    """The site, presidencies and the empty Library, for tests that add their own items."""
    yield from _module_transaction(django_db_blocker, build_library_base)
