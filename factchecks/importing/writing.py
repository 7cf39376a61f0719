"""Writing an import: validated records saved and published in one transaction, all or nothing.

``import_file`` runs the three steps: read, validate, then (unless a dry run) write.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale, Page

from ..exchange import IMPORT_FIELDS, debunk_record
from ..facets import invalidate_facet_counts
from ..languages import join_codes
from ..models import (
    ClaimAppearance,
    DebunkCorrection,
    DebunkEvidence,
    DebunkPage,
    DebunkRelatedDebunk,
    DebunkRelatedStatement,
    FactCheckIndexPage,
    Outlet,
    reserve_case_id,
)
from .reading import ImportFailed, read_rows
from .validating import validate_rows


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    outlets_created: list[str] = field(default_factory=list)


def _comparable(record: dict) -> dict:
    """The fields an import sets, in the form ``debunk_record`` gives them."""
    keys = [name for name in IMPORT_FIELDS if name not in {"published_at"}]
    value = {name: record.get(name) for name in keys}
    for name in ("first_seen", "withdrawn_at"):
        if isinstance(value[name], datetime.date):
            value[name] = value[name].isoformat()
        value[name] = value[name] or ""
    if value["withdrawn_at"]:
        value["withdrawn_at"] = parse_datetime(value["withdrawn_at"]).astimezone(datetime.UTC).isoformat()
    else:
        # A file that does not mention a withdrawal leaves the stored one alone.
        value.pop("withdrawn_at")
        value.pop("withdrawal_reason")
    value["claim_author_type"] = value["claim_author_type"] if value.get("claim_author") else ""
    value["appearances"] = [
        {**item, "date": item["date"].isoformat() if isinstance(item["date"], datetime.date) else item["date"] or ""}
        for item in value["appearances"]
    ]
    value["corrections"] = [
        {**item, "date": item["date"].isoformat() if isinstance(item["date"], datetime.date) else item["date"]}
        for item in value["corrections"]
    ]
    return value


def _unchanged(page: DebunkPage, record: dict) -> bool:
    wanted = _comparable(record)
    # Outlets are matched by name whatever the case: compare with the stored spelling.
    stored_names = {name.casefold(): name for name in Outlet.objects.values_list("name", flat=True)}
    for item in wanted["appearances"]:
        item["outlet"] = stored_names.get(item["outlet"].casefold(), item["outlet"])
    stored = _comparable(debunk_record(page))
    if "withdrawn_at" not in wanted:
        stored.pop("withdrawn_at", None)
        stored.pop("withdrawal_reason", None)
    return stored == wanted


def _outlet(name: str, report: ImportReport, cache: dict[str, Outlet]) -> Outlet | None:
    if not name:
        return None
    if name not in cache:
        outlet = Outlet.objects.filter(name__iexact=name).first()
        if outlet is None:
            outlet = Outlet.objects.create(name=name)
            report.outlets_created.append(name)
        cache[name] = outlet
    return cache[name]


def _apply_fields(page: DebunkPage, record: dict, report: ImportReport, outlets: dict) -> None:
    page.title = record["title"]
    page.slug = record["slug"]
    page.claim = record["claim"]
    page.claim_summary = record["claim_summary"]
    page.disproof = record["disproof"]
    page.verdict = record["verdict"]
    page.rating_explanation = record["rating_explanation"]
    page.first_seen = record["first_seen"]
    page.countries = record["countries"]
    page.languages = join_codes(record["languages"])
    page.claim_author = record["claim_author"]
    page.claim_author_type = record["claim_author_type"]
    page.keywords.set(record["keywords"])
    page.appearances = [
        ClaimAppearance(
            url=item["url"],
            archive_url=item["archive_url"],
            outlet=_outlet(item["outlet"], report, outlets),
            platform=item["platform"],
            appeared_on=item["date"],
            sort_order=position,
        )
        for position, item in enumerate(record["appearances"])
    ]
    page.evidence = [DebunkEvidence(sort_order=position, **item) for position, item in enumerate(record["evidence"])]
    page.corrections = [
        DebunkCorrection(sort_order=position, **item) for position, item in enumerate(record["corrections"])
    ]
    page.related_statement_links = [
        DebunkRelatedStatement(page_id=pk, sort_order=position)
        for position, pk in enumerate(record["related_statements"])
    ]


def _publish(page: DebunkPage, record: dict) -> None:
    page.save_revision(log_action=True).publish()
    if record["withdrawn_at"]:
        # Withdrawal is not revision content (see WithdrawableMixin): set it on the page itself.
        DebunkPage.objects.filter(pk=page.pk).update(
            withdrawn_at=record["withdrawn_at"], withdrawal_reason=record["withdrawal_reason"]
        )
        invalidate_facet_counts()


def apply_records(records: list[dict], progress: Callable[[Iterable], Iterable] = iter) -> ImportReport:
    """Write validated records in one transaction: any failure rolls everything back."""
    report = ImportReport()
    default = Locale.get_default().language_code
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    indexes = {index.locale.language_code: index for index in FactCheckIndexPage.objects.select_related("locale")}
    outlets: dict[str, Outlet] = {}
    # Originals first, so translations find them; related debunks once everything exists.
    ordered = sorted(records, key=lambda record: (record["locale"] != default, record["line"]))
    touched: dict[tuple[str, str], tuple[DebunkPage, dict, bool]] = {}
    with transaction.atomic():
        for record in progress(ordered):
            key = (record["case_id"], record["locale"])
            existing = DebunkPage.objects.filter(
                case_id=record["case_id"], locale__language_code=record["locale"]
            ).first()
            if existing is not None:
                if _unchanged(existing, record):
                    report.unchanged += 1
                    touched[key] = (existing, record, False)
                    continue
                page = existing.get_latest_revision_as_object() if existing.has_unpublished_changes else existing
                _apply_fields(page, record, report, outlets)
                _publish(page, record)
                report.updated += 1
            elif record["locale"] == default:
                page = DebunkPage(case_id=record["case_id"], first_published_at=record["published_at"])
                _apply_fields(page, record, report, outlets)
                index = Page.objects.get(pk=indexes[record["locale"]].pk)
                index.add_child(instance=page)
                _publish(page, record)
                reserve_case_id(record["case_id"])
                report.created += 1
            else:
                original = DebunkPage.objects.get(case_id=record["case_id"], locale__language_code=default)
                page = original.copy_for_translation(locales[record["locale"]]).specific
                page.case_id = record["case_id"]
                page.first_published_at = record["published_at"]
                _apply_fields(page, record, report, outlets)
                _publish(page, record)
                report.created += 1
            touched[key] = (page, record, True)
        _link_related(touched)
    return report


def _link_related(touched: dict) -> None:
    """Related debunks point to the debunk of the same language where one exists, else the original."""
    wanted = {case_id for _, record, _ in touched.values() for case_id in record["related_debunks"]}
    pages: dict[tuple[str, str], DebunkPage] = {
        (page.case_id, page.locale.language_code): page
        for page in DebunkPage.objects.filter(case_id__in=wanted).select_related("locale")
    }
    default = Locale.get_default().language_code
    for (_, language), (page, record, _changed) in touched.items():
        current = [
            link.page.case_id for link in page.related_debunk_links.select_related("page").order_by("sort_order")
        ]
        if current == record["related_debunks"]:
            continue
        targets = [pages.get((case_id, language)) or pages[(case_id, default)] for case_id in record["related_debunks"]]
        page = DebunkPage.objects.get(pk=page.pk)
        page.related_debunk_links = [
            DebunkRelatedDebunk(page=target, sort_order=position) for position, target in enumerate(targets)
        ]
        page.save_revision(log_action=True).publish()


def import_file(path: Path, fmt: str | None = None, progress=iter, dry_run: bool = False) -> ImportReport:
    """Read, validate, then (unless ``dry_run``) write. Raises ImportFailed listing every error."""
    rows, errors = read_rows(path, fmt)
    records, row_errors = validate_rows(rows)
    errors = sorted(errors + row_errors, key=lambda error: error.line)
    if errors:
        raise ImportFailed(errors)
    if dry_run:
        return ImportReport(unchanged=len(records))
    return apply_records(records, progress)
