"""Validating an import: raw rows into cleaned records, with an error per bad row and field.

Nothing here writes to the database; ``validate_rows`` only reads it to check what
rows say about each other and about stored languages, pages, slugs and statements.
"""

from __future__ import annotations

import datetime
import math
import re

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_countries import countries as all_countries
from wagtail.models import Locale

from statements.models import StatementPage

from ..exchange import IMPORT_FIELDS, LIST_SEPARATOR
from ..languages import CODES as LANGUAGE_CODES
from ..models import CASE_ID_PATTERN, CLAIM_MAX_LENGTH, ClaimAuthorType, DebunkPage, FactCheckIndexPage
from ..verdicts import Verdict
from .reading import Row, RowError, _Invalid

MAX_LENGTHS = {
    "case_id": 32,
    "title": 255,
    "slug": 255,
    "claim": CLAIM_MAX_LENGTH,
    "rating_explanation": 280,
    "claim_author": 200,
    "claim_summary": 10_000,
    "disproof": 100_000,
    "withdrawal_reason": 2_000,
}
DISPROOF_TAGS = {"p", "br", "h2", "h3", "b", "strong", "i", "em", "a", "ul", "ol", "li", "blockquote"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_url = URLValidator(schemes=["http", "https"])
# Page ids are PostgreSQL integers: a larger number cannot name one (and would overflow the query).
MAX_PAGE_ID = 2**31 - 1
_PAGE_ID = re.compile(r"[0-9]{1,10}")


def clean_text(value: str) -> str:
    """Text as stored: control characters (NUL included, which PostgreSQL refuses) removed."""
    return _CONTROL.sub("", value).strip()


def clean_disproof(html: str) -> str:
    return nh3.clean(
        html,
        tags=DISPROOF_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).strip()


def shown(value: str, limit: int = 40) -> str:
    """``value`` safe to print in an error: what is not printable (a lone surrogate, a control) escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in value[:limit])


def _unreadable(value) -> str:
    """Why a value (nested lists and objects included) cannot be stored at all, or "" when it can.

    A lone surrogate is not text: PostgreSQL refuses it and no encoder writes it. An infinite or NaN
    number (JSON's 1e400, Infinity, NaN) is no value of this format. Both are refused before any write."""
    if isinstance(value, str):
        found = _SURROGATE.search(value)
        return f"holds a lone surrogate ({shown(found.group())}), which is not text." if found else ""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number."
    if isinstance(value, dict):
        value = [item for pair in value.items() for item in pair]
    if isinstance(value, list):
        return next((problem for problem in map(_unreadable, value) if problem), "")
    return ""


class _RowValidator:
    def __init__(self, row: Row):
        self.row = row
        self.errors: list[RowError] = []
        # A field that holds something unreadable gets that one error; the rest of the row is checked without it.
        self.refused: set[str] = set()
        for name, value in row.data.items():
            problem = _unreadable(value)
            if problem:
                self.error(name if name in IMPORT_FIELDS else shown(name), problem)
                self.refused.add(name)
        self.data = {name: value for name, value in row.data.items() if name not in self.refused}

    def error(self, name: str, message: str) -> None:
        if name not in self.refused:
            self.errors.append(RowError(self.row.line, name, message))

    def text(self, name: str, required: bool = False) -> str:
        value = self.data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(name, "must be text.")
            return ""
        value = clean_text(value)
        if required and not value:
            self.error(name, "is required.")
        limit = MAX_LENGTHS.get(name)
        if limit and len(value) > limit:
            self.error(name, f"is {len(value)} characters long; the limit is {limit}.")
        return value

    def date(self, value, name: str, required: bool = False) -> datetime.date | None:
        if value in (None, ""):
            if required:
                self.error(name, "is required.")
            return None
        try:
            parsed = datetime.date.fromisoformat(str(value).strip())
        except ValueError:
            self.error(name, f"{str(value)[:40]!r} is not a date (YYYY-MM-DD).")
            return None
        if parsed.year < 1990 or parsed > timezone.localdate() + datetime.timedelta(days=1):
            self.error(name, f"{parsed.isoformat()} is not a plausible date.")
            return None
        return parsed

    def url(self, value, name: str, required: bool = False) -> str:
        value = clean_text(value) if isinstance(value, str) else value
        if not value:
            if required:
                self.error(name, "is required.")
            return ""
        if not isinstance(value, str) or len(value) > 1000:
            self.error(name, "must be an http(s) address of at most 1000 characters.")
            return ""
        try:
            _url(value)
        except ValidationError:
            self.error(name, f"{value[:80]!r} is not an http(s) address.")
            return ""
        return value

    def items(self, name: str) -> list:
        value = self.data.get(name) or []
        if isinstance(value, _Invalid):
            self.error(name, value.message)
            return []
        if isinstance(value, str):
            value = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
        if not isinstance(value, list):
            self.error(name, "must be a list.")
            return []
        return value

    def objects(self, name: str) -> list[dict]:
        value = self.items(name)
        if any(not isinstance(item, dict) for item in value):
            self.error(name, "must be a list of objects.")
            return []
        return value


def validate_row(row: Row) -> tuple[dict, list[RowError]]:
    """A row's values, cleaned and checked (no database writes), and its errors."""
    check = _RowValidator(row)
    record: dict = {"line": row.line}
    unknown = sorted(set(check.data) - set(IMPORT_FIELDS) - {"url", "updated_at"})
    if unknown:
        check.error(shown(unknown[0]), "unknown field.")
    for name in ("case_id", "title", "claim", "claim_summary", "rating_explanation"):
        record[name] = check.text(name, required=True)
    for name in ("slug", "claim_author", "withdrawal_reason"):
        record[name] = check.text(name)
    record["locale"] = check.text("locale") or Locale.get_default().language_code
    if record["case_id"] and not CASE_ID_PATTERN.match(record["case_id"]):
        check.error("case_id", f"{record['case_id'][:40]!r} is not a case id like G20-DB-2026-0042.")
    record["slug"] = record["slug"] or record["case_id"].lower()
    if record["slug"]:
        try:
            validate_slug(record["slug"])
        except ValidationError:
            check.error("slug", "may hold only letters, numbers, hyphens and underscores.")
    disproof = check.text("disproof", required=True)
    record["disproof"] = clean_disproof(disproof) if disproof else ""
    if disproof and not record["disproof"]:
        check.error("disproof", "holds no text once cleaned.")
    verdict = check.text("verdict", required=True)
    if verdict and verdict not in Verdict.values:
        check.error("verdict", f"{verdict[:40]!r} is not one of: {', '.join(Verdict.values)}.")
    record["verdict"] = verdict
    record["first_seen"] = check.date(check.data.get("first_seen"), "first_seen", required=True)
    author_type = check.text("claim_author_type") or ClaimAuthorType.ORGANIZATION
    if author_type not in ClaimAuthorType.values:
        check.error("claim_author_type", f"must be one of: {', '.join(ClaimAuthorType.values)}.")
    record["claim_author_type"] = author_type

    countries = [str(code).strip().upper() for code in check.items("countries")]
    bad = [code for code in countries if code not in all_countries]
    if bad:
        check.error("countries", f"not ISO 3166 country codes: {', '.join(shown(code, 10) for code in bad[:5])}.")
    record["countries"] = sorted(set(countries))
    languages = [str(code).strip().lower() for code in check.items("languages")]
    bad = [code for code in languages if code not in LANGUAGE_CODES]
    if bad:
        check.error("languages", f"not ISO 639-1 language codes: {', '.join(shown(code, 10) for code in bad[:5])}.")
    record["languages"] = sorted(set(languages))
    keywords = [clean_text(str(keyword)) for keyword in check.items("keywords")]
    if any(len(keyword) > 100 for keyword in keywords):
        check.error("keywords", "a keyword is longer than 100 characters.")
    if any(LIST_SEPARATOR in keyword or "," in keyword for keyword in keywords):
        check.error("keywords", f"a keyword may not contain {LIST_SEPARATOR!r} or ',' (they separate keywords).")
    record["keywords"] = sorted({keyword for keyword in keywords if keyword})

    appearances = []
    for item in check.objects("appearances"):
        outlet = clean_text(str(item.get("outlet") or ""))
        platform = clean_text(str(item.get("platform") or ""))
        if len(outlet) > 200 or len(platform) > 60:
            check.error("appearances", "an outlet name (200) or platform (60) is too long.")
        appearances.append(
            {
                "url": check.url(item.get("url"), "appearances", required=True),
                "archive_url": check.url(item.get("archive_url"), "appearances"),
                "outlet": outlet,
                "platform": platform,
                "date": check.date(item.get("date"), "appearances"),
            }
        )
    record["appearances"] = appearances
    evidence = []
    for item in check.objects("evidence"):
        title = clean_text(str(item.get("title") or ""))
        if not title or len(title) > 300:
            check.error("evidence", "each source needs a title of at most 300 characters.")
        evidence.append(
            {
                "title": title,
                "url": check.url(item.get("url"), "evidence", required=True),
                "publisher": clean_text(str(item.get("publisher") or ""))[:200],
            }
        )
    record["evidence"] = evidence
    corrections = []
    for item in check.objects("corrections"):
        text = clean_text(str(item.get("text") or ""))
        if not text or len(text) > 2000:
            check.error("corrections", "each correction needs a text of at most 2000 characters.")
        corrections.append({"date": check.date(item.get("date"), "corrections", required=True), "text": text})
    record["corrections"] = corrections
    related = [clean_text(str(case_id)) for case_id in check.items("related_debunks")]
    if any(not CASE_ID_PATTERN.match(case_id) for case_id in related):
        check.error("related_debunks", "must be case ids like G20-DB-2026-0042.")
    record["related_debunks"] = related
    statements = []
    for value in check.items("related_statements"):
        pk = _page_id(value)
        if pk is None:
            check.error("related_statements", f"{shown(repr(value), 30)} is not a statement id.")
        else:
            statements.append(pk)
    record["related_statements"] = statements
    record["published_at"] = _datetime(check, "published_at")
    record["withdrawn_at"] = _datetime(check, "withdrawn_at")
    return record, check.errors


def _page_id(value) -> int | None:
    """A page id from a JSON number or a CSV cell: digits only (no sign, fraction, exponent or
    boolean), from 1 to MAX_PAGE_ID; None otherwise."""
    if isinstance(value, str):
        value = value.strip()
        if not _PAGE_ID.fullmatch(value):
            return None
        value = int(value)
    elif isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_PAGE_ID else None


def _datetime(check: _RowValidator, name: str) -> datetime.datetime | None:
    value = check.data.get(name)
    if not value:
        return None
    try:
        parsed = parse_datetime(str(value).strip()) if isinstance(value, str) else None
        # In UTC here, where it can still be refused: 9999-12-31T23:59:59-12:00 is past the last
        # date-time Python and the database hold, and would overflow when saved.
        if parsed is not None:
            parsed = (
                parsed.astimezone(datetime.UTC) if timezone.is_aware(parsed) else parsed.replace(tzinfo=datetime.UTC)
            )
    except (ValueError, OverflowError):  # well-formed but impossible, e.g. 2026-02-30T10:00:00Z
        parsed = None
    if parsed is None:
        check.error(name, f"{str(value)[:40]!r} is not an ISO 8601 date-time.")
        return None
    return parsed


def validate_rows(rows: list[Row]) -> tuple[list[dict], list[RowError]]:
    """Check every row, then what rows say about each other and about the database (read only)."""
    records, errors = [], []
    for row in rows:
        record, row_errors = validate_row(row)
        records.append(record)
        errors.extend(row_errors)
    default = Locale.get_default().language_code
    locales = set(Locale.objects.values_list("language_code", flat=True))
    indexes = {index.locale.language_code: index for index in FactCheckIndexPage.objects.select_related("locale")}
    seen: dict[tuple[str, str], int] = {}
    file_case_ids = {record["case_id"] for record in records}
    stored_case_ids = set(DebunkPage.objects.values_list("case_id", flat=True).distinct())
    default_case_ids = {record["case_id"] for record in records if record["locale"] == default} | set(
        DebunkPage.objects.filter(locale__language_code=default).values_list("case_id", flat=True)
    )
    statement_ids = {pk for record in records for pk in record["related_statements"]}
    known_statements = set(StatementPage.objects.filter(pk__in=statement_ids).values_list("pk", flat=True))
    slugs = _slugs_in_use()
    file_slugs: dict[tuple[str, str], tuple[str, int]] = {}
    for record in records:
        line, key = record["line"], (record["case_id"], record["locale"])
        if record["locale"] not in locales:
            errors.append(RowError(line, "locale", f"{record['locale'][:10]!r} is not a language of this site."))
        elif record["locale"] not in indexes:
            errors.append(RowError(line, "locale", f"there is no fact-checks section in {record['locale']!r} yet."))
        if key in seen:
            errors.append(RowError(line, "case_id", f"{key[0]} in {key[1]!r} is already on line {seen[key]}."))
        seen[key] = line
        if record["locale"] != default and record["case_id"] and record["case_id"] not in default_case_ids:
            errors.append(
                RowError(line, "locale", f"a translation needs the original ({default!r}) of {record['case_id']}.")
            )
        for case_id in record["related_debunks"]:
            if case_id not in file_case_ids and case_id not in stored_case_ids:
                errors.append(RowError(line, "related_debunks", f"{case_id} is neither in the file nor stored."))
        for pk in record["related_statements"]:
            if pk not in known_statements:
                errors.append(RowError(line, "related_statements", f"there is no statement {pk}."))
        owner = slugs.get((record["locale"], record["slug"]))
        if owner and owner != record["case_id"]:
            errors.append(RowError(line, "slug", f"{record['slug']!r} is already used by another page."))
        in_file = file_slugs.setdefault((record["locale"], record["slug"]), (record["case_id"], line))
        if in_file[0] != record["case_id"]:
            errors.append(RowError(line, "slug", f"{record['slug']!r} is already used on line {in_file[1]}."))
    errors.sort(key=lambda error: error.line)
    return records, errors


def _slugs_in_use() -> dict[tuple[str, str], str]:
    """(language, slug) -> case id ("" for other page types) of the fact-check sections' children."""
    used: dict[tuple[str, str], str] = {}
    for index in FactCheckIndexPage.objects.select_related("locale"):
        for page in index.get_children().specific(defer=True):
            used[(index.locale.language_code, page.slug)] = getattr(page, "case_id", "")
    return used
