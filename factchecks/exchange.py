"""The open data format of the fact-check database, shared by import, export and the bulk download.

One record per debunk and language. CSV and JSON Lines carry the same fields
(documented in docs/debunk-format.md); in CSV, simple lists are joined with ``;``
and lists of objects are JSON arrays. Every CSV cell that a spreadsheet would
run as a formula is escaped with a leading apostrophe, reversibly: import
removes exactly the apostrophe export added.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from wagtail.models import Page

# Re-exported: the import path and its tests read them from here.
from hub.listings.spreadsheets import FORMULA_STARTS, escape_formula, unescape_formula  # noqa: F401
from hub.pages.addresses import permanent_page_url

from .languages import split_codes
from .models import ClaimAppearance, DebunkPage, editor_order

# Columns, in order. The last ones are written by export and ignored by import.
IMPORT_FIELDS = [
    "case_id",
    "locale",
    "title",
    "slug",
    "claim",
    "claim_summary",
    "disproof",
    "verdict",
    "rating_explanation",
    "first_seen",
    "countries",
    "languages",
    "keywords",
    "claim_author",
    "claim_author_type",
    "appearances",
    "evidence",
    "corrections",
    "related_debunks",
    "related_statements",
    "published_at",
    "withdrawn_at",
    "withdrawal_reason",
]
EXPORT_ONLY_FIELDS = ["url", "updated_at"]
FIELDS = IMPORT_FIELDS + EXPORT_ONLY_FIELDS
LIST_FIELDS = {"countries", "languages", "keywords", "related_debunks", "related_statements"}
OBJECT_LIST_FIELDS = {"appearances", "evidence", "corrections"}
LIST_SEPARATOR = ";"


def public_debunks() -> QuerySet:
    """Every live, public debunk (withdrawn ones too, marked) with everything a record shows, fetched in a
    constant number of queries: the API and the export both start here. Evaluate per request: view
    restrictions change at any time."""
    return (
        DebunkPage.objects.live()
        .public()
        .select_related("locale")
        .prefetch_related(
            "keywords",
            Prefetch("appearances", queryset=ClaimAppearance.objects.select_related("outlet")),
            "evidence",
            "corrections",
            "related_debunk_links__page",
            "related_statement_links",
        )
    )


def export_queryset() -> QuerySet:
    """Every public debunk in a stable order (case id, then language)."""
    return public_debunks().order_by("case_id", "locale__language_code", "pk")


def debunk_record(page: DebunkPage, request=None, public_related: set[int] | None = None) -> dict:
    """The page as a record of the open format (values as JSON Lines carries them).

    ``public_related``: when given, related pages outside it (drafts, private pages) are left out,
    as the public download must; the import's comparison passes None to see every stored link."""
    return {
        "case_id": page.case_id,
        "locale": page.locale.language_code,
        "title": page.title,
        "slug": page.slug,
        "claim": page.claim,
        "claim_summary": page.claim_summary,
        "disproof": page.disproof,
        "verdict": page.verdict,
        "rating_explanation": page.rating_explanation,
        "first_seen": page.first_seen.isoformat(),
        "countries": sorted(split_codes(_codes(page.countries))),
        "languages": sorted(split_codes(page.languages)),
        "keywords": sorted(tag.name for tag in page.keywords.all()),
        "claim_author": page.claim_author,
        "claim_author_type": page.claim_author_type if page.claim_author else "",
        "appearances": [
            {
                "url": appearance.url,
                "archive_url": appearance.archive_url,
                "outlet": appearance.outlet.name if appearance.outlet_id else "",
                "platform": appearance.platform,
                "date": appearance.appeared_on.isoformat() if appearance.appeared_on else "",
            }
            for appearance in sorted(page.appearances.all(), key=editor_order)
        ],
        "evidence": [
            {"title": source.title, "url": source.url, "publisher": source.publisher}
            for source in sorted(page.evidence.all(), key=editor_order)
        ],
        "corrections": [
            {"date": correction.date.isoformat(), "text": correction.text}
            for correction in sorted(page.corrections.all(), key=editor_order)
        ],
        "related_debunks": [
            link.page.case_id
            for link in sorted(page.related_debunk_links.all(), key=editor_order)
            if public_related is None or link.page_id in public_related
        ],
        "related_statements": [
            link.page_id
            for link in sorted(page.related_statement_links.all(), key=editor_order)
            if public_related is None or link.page_id in public_related
        ],
        "published_at": page.first_published_at.isoformat() if page.first_published_at else "",
        "withdrawn_at": page.withdrawn_at.isoformat() if page.withdrawn_at else "",
        "withdrawal_reason": page.withdrawal_reason,
        "url": permanent_page_url(page, request) if page.live else "",
        "updated_at": page.last_published_at.isoformat() if page.last_published_at else "",
    }


def _codes(value) -> list[str]:
    if isinstance(value, str):
        return split_codes(value)
    return [getattr(code, "code", str(code)) for code in value or []]


def to_csv_row(record: dict) -> list[str]:
    row = []
    for name in FIELDS:
        value = record.get(name, "")
        if name in LIST_FIELDS:
            value = LIST_SEPARATOR.join(str(item) for item in value)
        elif name in OBJECT_LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False) if value else ""
        row.append(escape_formula(str(value)))
    return row


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(records: Iterable[dict]) -> Iterator[str]:
    """CSV text, one line (or one multi-line row) at a time: memory stays constant."""
    writer = csv.writer(_Echo())
    yield writer.writerow(FIELDS)
    for record in records:
        yield writer.writerow(to_csv_row(record))


def jsonl_lines(records: Iterable[dict]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def iter_records(queryset: QuerySet, request=None, chunk_size: int = 200) -> Iterator[dict]:
    """Records in chunks: related pages are checked for being live and public once per chunk."""
    chunk: list[DebunkPage] = []
    for page in queryset.iterator(chunk_size=chunk_size):
        chunk.append(page)
        if len(chunk) == chunk_size:
            yield from _chunk_records(chunk, request)
            chunk = []
    yield from _chunk_records(chunk, request)


def public_related_ids(pages) -> set[int]:
    """Which pages that ``pages`` link to (related debunks and statements) are live and public."""
    linked = {link.page_id for page in pages for link in page.related_debunk_links.all()} | {
        link.page_id for page in pages for link in page.related_statement_links.all()
    }
    if not linked:
        return set()
    return set(Page.objects.live().public().filter(pk__in=linked).values_list("pk", flat=True))


def _chunk_records(pages: list[DebunkPage], request) -> Iterator[dict]:
    public = public_related_ids(pages)
    for page in pages:
        yield debunk_record(page, request, public)


def write_export(fmt: str, queryset: QuerySet, stream: io.TextIOBase, request=None) -> int:
    lines = csv_lines if fmt == "csv" else jsonl_lines
    count = 0

    def counted():
        nonlocal count
        for record in iter_records(queryset, request):
            count += 1
            yield record

    for line in lines(counted()):
        stream.write(line)
    return count
