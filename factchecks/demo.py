"""Demo fact-check database: the section in every language, outlets, and debunks imported through
the same path as ``import_debunks`` (validated, then written in one transaction). Idempotent."""

import json
from pathlib import Path
from typing import TextIO

from hub.demo.helpers import ensure_section
from statements.models import StatementPage

from .importing import ImportFailed, Row, apply_records, validate_rows
from .models import FactCheckIndexPage, Outlet

DATA = Path(__file__).resolve().parent / "data"

INDEX_TITLES = {
    "en": (
        "Fact-checks",
        "Disinformation about the G20, answered in public with sources: every claim, where it appeared and "
        "why it is wrong.",
    ),
    "fr": (
        "Vérification des faits",
        "La désinformation sur le G20, réfutée publiquement et sources à l'appui : chaque affirmation, où elle "
        "est apparue et pourquoi elle est fausse.",
    ),
    "es": (
        "Verificación de datos",
        "La desinformación sobre el G20, respondida en público y con fuentes: cada afirmación, dónde apareció y "
        "por qué es falsa.",
    ),
}
METHODOLOGY = (
    "<p>We take up a claim about the G20 when it spreads widely or targets a G20 process, check it against "
    "primary sources, and publish the evidence with the verdict. Every debunk keeps its case id for good; "
    "changes are listed in its corrections log.</p>"
)


def ensure_outlets(stdout: TextIO) -> None:
    for item in json.loads((DATA / "demo-outlets.json").read_text(encoding="utf-8")):
        _, created = Outlet.objects.get_or_create(name=item["name"], defaults=item)
        if created:
            stdout.write(f"Created outlet {item['name']}.\n")


def demo_rows() -> list[Row]:
    statements = dict(StatementPage.objects.filter(locale__language_code="en").values_list("slug", "pk"))
    rows = []
    lines = (DATA / "demo-debunks.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        data = json.loads(line)
        slugs = data.pop("related_statement_slugs", [])
        data["related_statements"] = [statements[slug] for slug in slugs if slug in statements]
        rows.append(Row(number, data))
    return rows


def load(stdout: TextIO) -> None:
    index = ensure_section(FactCheckIndexPage, "fact-checks", INDEX_TITLES, stdout)
    if not index.methodology:
        index.methodology = METHODOLOGY
        index.save_revision().publish()
    ensure_outlets(stdout)
    records, errors = validate_rows(demo_rows())
    if errors:
        raise ImportFailed(errors)
    report = apply_records(records)
    stdout.write(f"Debunks: {report.created} created, {report.updated} updated, {report.unchanged} unchanged.\n")
