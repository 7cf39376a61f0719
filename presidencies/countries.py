"""G20 presidencies reference data and country-name resolution."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_countries import countries

DATA_FILE = Path(__file__).resolve().parent / "data" / "g20-presidencies.csv"


@dataclass(frozen=True)
class PresidencyRecord:
    year: int
    country_name: str
    iso_code: str
    leaders_summits: str
    note: str


@cache
def presidency_records() -> tuple[PresidencyRecord, ...]:
    """The G20 presidencies by year (copy of shared/data/g20-presidencies.csv)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return tuple(
            PresidencyRecord(
                year=int(row["year"]),
                country_name=row["presidency"].strip(),
                iso_code=row["iso_code"].strip().upper(),
                leaders_summits=row["leaders_summits"].strip(),
                note=row["note"].strip(),
            )
            for row in csv.DictReader(handle)
        )


@cache
def _short_names() -> dict[str, str]:
    """ISO code → the short name the G20 uses (e.g. KR → Republic of Korea)."""
    return {record.iso_code: record.country_name for record in presidency_records()}


class UnknownCountry(ValueError):
    pass


def resolve_country(value: str) -> tuple[str, str]:
    """Return (ISO 3166 alpha-2 code, short name) for a short name, official name or ISO code."""
    text = (value or "").strip()
    if not text:
        raise UnknownCountry(_("A country is required."))
    short_names = _short_names()
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        if code in short_names:
            return code, short_names[code]
        name = countries.name(code)
        if name:
            return code, str(name)
    folded = text.casefold()
    for code, name in short_names.items():
        if name.casefold() == folded:
            return code, name
    code = countries.by_name(text)
    if code:
        return code, short_names.get(code, str(countries.name(code)))
    raise UnknownCountry(
        f"Unknown country {value!r}: give the short name (e.g. 'United Kingdom') or the ISO code (GB)."
    )


def presidency_slug(year: int, country_name: str) -> str:
    return f"{year}-{slugify(country_name)}"
