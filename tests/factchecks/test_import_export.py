"""Bulk import and export of debunks (factchecks/importing/, factchecks/exchange.py, the import_debunks and
export_debunks commands, and the public downloads /api/v1/debunks/export.csv and export.jsonl).

The loaded is built once per module inside an outer transaction: home pages, the fact-checks and statements
sections in every language, one statement, then tests/fixtures/debunks-sample.jsonl (G20-DB-2026-0101 in en
and fr, G20-DB-2026-0102) and two more rows (G20-DB-2025-0042, withdrawn, in en and es) imported through
``import_debunks``. Each test runs in its own savepoint, so whatever a test imports or deletes is rolled back.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

from factchecks import demo as factchecks_demo
from factchecks import exchange, importing
from factchecks.models import (
    CaseIdSequence,
    DebunkPage,
    FactCheckIndexPage,
    Outlet,
    format_case_id,
    next_case_id,
)
from hub.demo.content import ensure_home
from hub.demo.helpers import ensure_section
from statements import demo as statements_demo
from statements.models import StatementIndexPage, StatementKind, StatementPage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE_JSONL = FIXTURES / "debunks-sample.jsonl"
SAMPLE_CSV = FIXTURES / "debunks-sample.csv"
BAD_JSONL = FIXTURES / "debunks-bad.jsonl"
BAD_CSV = FIXTURES / "debunks-bad.csv"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- The loaded, built once, and helpers ----------------------------------------------------------------------


def extra_rows(statement_pk: int) -> list[dict]:
    """A withdrawn debunk with a related statement, related debunks, corrections and a Spanish translation."""
    return [
        record(
            "G20-DB-2025-0042",
            title="Fake accounts do not speak for the G20",
            claim_author="@g20_official_news (impersonating account)",
            claim_author_type="Organization",
            countries=["za", "BR"],
            languages=["pt", "en"],
            keywords=["G20 Summit", "accounts"],
            appearances=[
                {"url": "https://a.example/1", "archive_url": "", "outlet": "", "platform": "", "date": ""},
                {
                    "url": "https://b.example/2",
                    "archive_url": "https://archive.example/b2",
                    "outlet": "Horizon Daily Wire",
                    "platform": "Website",
                    "date": "2025-10-02",
                },
            ],
            corrections=[
                {"date": "2025-10-06", "text": "Added the archive link."},
                {"date": "2025-10-07", "text": "Fixed a typo."},
            ],
            related_debunks=["G20-DB-2026-0102", "G20-DB-2026-0101"],
            related_statements=[statement_pk],
            withdrawn_at="2026-03-01T10:00:00+00:00",
            withdrawal_reason="Merged into a newer debunk.",
        ),
        record("G20-DB-2025-0042", "es", title="Las cuentas falsas no hablan por el G20", slug="cuentas-falsas"),
    ]


@pytest.fixture(scope="module")
def exchange_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The site of the module docstring, built once and rolled back when the module ends."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        home = ensure_home(out)
        index = ensure_section(FactCheckIndexPage, "fact-checks", factchecks_demo.INDEX_TITLES, out)
        statements = ensure_section(StatementIndexPage, "statements", statements_demo.INDEX_TITLES, out)
        statement = StatementPage(
            title="G20 office sets out principles for information integrity",
            slug="information-integrity",
            kind=StatementKind.OFFICE_STATEMENT,
            date=datetime.date(2026, 3, 2),
            summary="The office commits to correcting false claims in public.",
            body=[("text", "<p>Every correction cites its sources.</p>")],
        )
        Page.objects.get(pk=statements.pk).add_child(instance=statement)
        statement.save_revision().publish()
        outlets_before = Outlet.objects.count()
        sample_stdout, _ = run_import(SAMPLE_JSONL, "--no-progress")
        extra = write_jsonl(tmp_path_factory.mktemp("world") / "extra.jsonl", extra_rows(statement.pk))
        extra_stdout, _ = run_import(extra, "--no-progress")
        yield SimpleNamespace(
            home=home,
            index=index,
            statement=StatementPage.objects.get(pk=statement.pk),
            outlets_before=outlets_before,
            sample_stdout=sample_stdout,
            extra=extra,
            extra_stdout=extra_stdout,
        )
        transaction.set_rollback(True)


@pytest.fixture
def loaded(exchange_world, db):
    """The site with its five debunks, for one test (which must re-read what it changes)."""
    return exchange_world


def run_import(path: Path, *args: str) -> tuple[str, str]:
    """stdout and stderr of an import that must succeed (a failure shows the errors it printed)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command("import_debunks", str(path), *args, stdout=stdout, stderr=stderr)
    except CommandError as error:
        raise AssertionError(f"import of {path.name} failed: {error}\n{stderr.getvalue()}") from error
    return stdout.getvalue(), stderr.getvalue()


def failed_import(path: Path, *args: str) -> tuple[str, str]:
    """The CommandError's message and what was written to stderr."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_debunks", str(path), "--no-progress", *args, stdout=io.StringIO(), stderr=stderr)
    return str(failure.value), stderr.getvalue()


def import_errors(path: Path) -> list[tuple[int, str]]:
    """(line, field) of every error ``import_file`` reports; it must report some."""
    with pytest.raises(importing.ImportFailed) as failure:
        importing.import_file(path)
    return [(error.line, error.field) for error in failure.value.errors]


def run_export(fmt: str, path: Path) -> str:
    stderr = io.StringIO()
    call_command("export_debunks", "--format", fmt, str(path), stdout=io.StringIO(), stderr=stderr)
    return stderr.getvalue()


def record(case_id: str, locale: str = "en", **values) -> dict:
    """A valid row of the open format, with ``values`` replacing the defaults."""
    row = {
        "case_id": case_id,
        "locale": locale,
        "title": f"Debunk {case_id} in {locale}",
        "slug": "",
        "claim": "The G20 will ban cash payments in 2027",
        "claim_summary": "Posts say the G20 agreed to end cash payments.",
        "disproof": "<p>No G20 text says so.</p>",
        "verdict": "false",
        "rating_explanation": "No G20 text mentions banning cash.",
        "first_seen": "2025-10-01",
        "countries": ["ZA"],
        "languages": ["en"],
        "keywords": ["cash"],
        "claim_author": "",
        "claim_author_type": "Organization",
        "appearances": [
            {"url": "https://cash.example/post", "archive_url": "", "outlet": "", "platform": "Website", "date": ""}
        ],
        "evidence": [{"title": "G20 declarations", "url": "https://www.g20.org/", "publisher": "G20"}],
        "corrections": [],
        "related_debunks": [],
        "related_statements": [],
        "published_at": "2025-10-05T08:00:00+00:00",
        "withdrawn_at": "",
        "withdrawal_reason": "",
    }
    row.update(values)
    return row


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.writelines(exchange.csv_lines(rows))
    return path


def debunk(case_id: str, locale: str = "en") -> DebunkPage:
    return DebunkPage.objects.get(case_id=case_id, locale__language_code=locale)


def counts() -> dict[str, object]:
    return {
        "debunks": DebunkPage.objects.count(),
        "outlets": sorted(Outlet.objects.values_list("name", flat=True)),
        "sequences": sorted(CaseIdSequence.objects.values_list("year", "last_number")),
        "revisions": Revision.objects.count(),
    }


def read_jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.split("\n") if line]


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def without_updated_at(records: list[dict]) -> list[dict]:
    return [{name: value for name, value in item.items() if name != "updated_at"} for item in records]


# --- Importing the samples -----------------------------------------------------------------------------------


def assert_sample_stored(first: str, second: str, summary: str) -> None:
    """The three debunks of a sample file (``first`` in en and fr, ``second`` in en) as stored."""
    en, fr, other = debunk(first), debunk(first, "fr"), debunk(second)
    for page in (en, fr, other):
        assert page.live
        assert page.get_parent().specific_class is FactCheckIndexPage
        assert page.get_parent().locale_id == page.locale_id
        assert not page.has_unpublished_changes
    assert fr.translation_key == en.translation_key
    assert other.translation_key != en.translation_key

    assert en.title == "No, the G20 has not agreed a global digital ID"
    assert en.slug == first.lower()
    assert en.claim == "The G20 will force a global digital ID on everyone by 2027"
    assert en.claim_summary == summary
    assert '<a href="https://www.g20.org/">leaders\' declarations</a>' in en.disproof
    assert en.verdict == "false"
    assert en.rating_explanation == "No G20 text mentions a compulsory global digital ID."
    assert en.first_seen == datetime.date(2026, 2, 3)
    assert sorted(country.code for country in en.countries) == ["US", "ZA"]
    assert en.languages == "en,ru"
    assert sorted(tag.name for tag in en.keywords.all()) == ["digital id", "surveillance"]
    assert en.claim_author == ""
    appearances = list(en.appearances.order_by("sort_order").select_related("outlet"))
    assert [(a.url, a.archive_url, a.outlet.name, a.platform, a.appeared_on) for a in appearances] == [
        (
            "https://horizon-wire.example/g20-digital-id",
            "https://archive.example/a1b2c",
            "Horizon Daily Wire",
            "Website",
            datetime.date(2026, 2, 3),
        ),
        ("https://t.example/truthchannel/812", "", "Truth Channel 24", "Telegram", datetime.date(2026, 2, 5)),
    ]
    assert [(e.title, e.url, e.publisher) for e in en.evidence.all()] == [
        ("G20 leaders' declarations", "https://www.g20.org/", "G20")
    ]
    assert not en.corrections.exists()
    assert [link.page_id for link in en.related_debunk_links.all()] == [other.pk]
    assert en.first_published_at == datetime.datetime(2026, 2, 10, 9, 30, tzinfo=datetime.UTC)
    assert en.withdrawn_at is None

    assert fr.title == "Non, le G20 n'a pas adopté d'identité numérique mondiale"
    assert fr.slug == first.lower()
    assert fr.claim == "Le G20 imposera une identité numérique mondiale d'ici 2027"
    assert sorted(tag.name for tag in fr.keywords.all()) == ["identité numérique", "surveillance"]
    assert [a.outlet.name for a in fr.appearances.all()] == ["Horizon Daily Wire"]
    # No French version of the related debunk: the link goes to the original.
    assert [link.page_id for link in fr.related_debunk_links.all()] == [other.pk]
    assert fr.first_published_at == datetime.datetime(2026, 2, 12, 9, 30, tzinfo=datetime.UTC)

    assert other.verdict == "manipulated_media"
    assert other.claim_author == "@truthwatch_2026 (anonymous account)"
    assert other.claim_author_type == "Person"
    assert other.languages == "en,fr"
    [appearance] = other.appearances.all()
    assert appearance.outlet is None
    assert appearance.platform == "X"
    assert [(c.date, c.text) for c in other.corrections.all()] == [
        (datetime.date(2025, 12, 1), "We corrected the date of the original photo from 21 to 22 November.")
    ]
    assert not other.related_debunk_links.exists()
    assert other.first_published_at == datetime.datetime(2025, 11, 28, 12, 0, tzinfo=datetime.UTC)


def test_import_jsonl_sample(loaded):
    assert "3 created, 0 updated, 0 unchanged." in loaded.sample_stdout
    assert "New outlet: Horizon Daily Wire" in loaded.sample_stdout
    assert "New outlet: Truth Channel 24" in loaded.sample_stdout
    assert "2 created, 0 updated, 0 unchanged." in loaded.extra_stdout
    assert "New outlet" not in loaded.extra_stdout  # outlets are found by name
    assert Outlet.objects.count() == loaded.outlets_before + 2
    assert sorted(DebunkPage.objects.values_list("case_id", "locale__language_code")) == [
        ("G20-DB-2025-0042", "en"),
        ("G20-DB-2025-0042", "es"),
        ("G20-DB-2026-0101", "en"),
        ("G20-DB-2026-0101", "fr"),
        ("G20-DB-2026-0102", "en"),
    ]
    assert_sample_stored(
        "G20-DB-2026-0101",
        "G20-DB-2026-0102",
        "Posts claim that G20 leaders signed a plan making a single digital identity compulsory worldwide by 2027.",
    )


def test_import_of_the_other_fields(loaded):
    withdrawn, translation = debunk("G20-DB-2025-0042"), debunk("G20-DB-2025-0042", "es")
    assert withdrawn.live and translation.live
    assert translation.translation_key == withdrawn.translation_key
    assert translation.slug == "cuentas-falsas"
    assert withdrawn.slug == "g20-db-2025-0042"
    assert withdrawn.withdrawn_at == datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)
    assert withdrawn.withdrawal_reason == "Merged into a newer debunk."
    # Created from its withdrawn original, the translation is withdrawn with it (as hub.publishing.withdrawal does).
    assert translation.withdrawn_at == withdrawn.withdrawn_at
    assert sorted(country.code for country in withdrawn.countries) == ["BR", "ZA"]
    assert withdrawn.languages == "en,pt"
    assert [link.page_id for link in withdrawn.related_statement_links.all()] == [loaded.statement.pk]
    assert [link.page.case_id for link in withdrawn.related_debunk_links.order_by("sort_order")] == [
        "G20-DB-2026-0102",
        "G20-DB-2026-0101",
    ]
    appearances = list(withdrawn.appearances.order_by("sort_order"))
    assert [(a.outlet_id, a.appeared_on) for a in appearances[:1]] == [(None, None)]
    assert appearances[1].outlet == Outlet.objects.get(name="Horizon Daily Wire")
    assert [c.text for c in withdrawn.corrections.order_by("sort_order")] == [
        "Added the archive link.",
        "Fixed a typo.",
    ]
    # A row without published_at is published now.
    assert translation.first_published_at == datetime.datetime(2025, 10, 5, 8, 0, tzinfo=datetime.UTC)


def test_import_csv_sample_unescapes_formula_cells_and_reimports_as_a_no_op(loaded):
    raw = SAMPLE_CSV.read_text(encoding="utf-8")
    assert ",'=2027 is the date" in raw and ",'@truthwatch_2026" in raw
    outlets = Outlet.objects.count()

    stdout, _ = run_import(SAMPLE_CSV, "--no-progress")

    assert "3 created, 0 updated, 0 unchanged." in stdout
    assert "New outlet" not in stdout
    assert Outlet.objects.count() == outlets
    assert DebunkPage.objects.count() == 8
    assert_sample_stored(
        "G20-DB-2026-0201",
        "G20-DB-2026-0202",
        "=2027 is the date: posts claim that G20 leaders signed a plan making a single digital identity "
        "compulsory worldwide.",
    )

    revisions = Revision.objects.count()
    published = dict(DebunkPage.objects.values_list("pk", "last_published_at"))
    stdout, _ = run_import(SAMPLE_CSV, "--no-progress")
    assert "0 created, 0 updated, 3 unchanged." in stdout
    assert Revision.objects.count() == revisions
    assert dict(DebunkPage.objects.values_list("pk", "last_published_at")) == published


def test_csv_with_a_byte_order_mark_is_read(loaded, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE_CSV.read_bytes())

    stdout, _ = run_import(path, "--dry-run", "--no-progress")

    assert "3 row(s) checked: no errors. Nothing written." in stdout


def test_progress_bar_goes_to_stderr_unless_no_progress(loaded, tmp_path):
    path = write_jsonl(tmp_path / "one.jsonl", [record("G20-DB-2026-0500")])

    _, stderr = run_import(path)
    assert "Importing" in stderr
    assert "1/1" in stderr

    _, quiet = run_import(path, "--no-progress")
    assert quiet == ""


# --- Bad files: every error reported, nothing written ---------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(
            BAD_CSV,
            [(3, "verdict"), (4, "first_seen"), (4, "countries"), (6, "claim"), (6, "appearances")],
            id="csv",
        ),
        pytest.param(
            BAD_JSONL,
            [(2, "verdict"), (3, "first_seen"), (3, "countries"), (5, "claim"), (5, "appearances")],
            id="jsonl",
        ),
    ],
)
def test_bad_file_reports_every_error_and_writes_nothing(loaded, path, expected):
    stored = debunk("G20-DB-2026-0101")
    before = counts()

    message, stderr = failed_import(path)

    assert message == "5 error(s) in 3 row(s); nothing was imported."
    reported = re.findall(r"^.*: line (\d+), field (\w+): .*$", stderr, re.MULTILINE)
    assert [(int(line), name) for line, name in reported] == expected
    assert all(line.startswith(f"{path}: line ") for line in stderr.splitlines())
    assert "'fake' is not one of: false, manipulated_media" in stderr
    assert "'2026-13-45' is not a date (YYYY-MM-DD)." in stderr
    assert "not ISO 3166 country codes: XX." in stderr
    assert "is 80 characters long; the limit is 74." in stderr
    assert "'javascript:alert(1)' is not an http(s) address." in stderr
    assert counts() == before
    assert not DebunkPage.objects.filter(case_id__startswith="G20-DB-2025-03").exists()
    assert not Outlet.objects.filter(name="Bad File Outlet").exists()
    assert not CaseIdSequence.objects.filter(year=2025, last_number__gt=42).exists()
    # The good row that changes G20-DB-2026-0101 was not applied either.
    again = debunk("G20-DB-2026-0101")
    assert again.title == stored.title == "No, the G20 has not agreed a global digital ID"
    assert again.last_published_at == stored.last_published_at
    assert again.latest_revision_id == stored.latest_revision_id


def test_csv_errors_name_the_line_a_row_starts_on(loaded, tmp_path):
    """A quoted cell may span lines; the error names the line where its row starts."""
    rows = [
        record("G20-DB-2026-0600", claim_summary="First line.\nSecond line.\r\nThird line."),
        record("G20-DB-2026-0601", verdict="fake"),
        record("G20-DB-2026-0602", disproof="<p>One</p>\n<p>Two</p>", first_seen="2026-02-30"),
    ]
    path = write_csv(tmp_path / "multiline.csv", rows)

    assert import_errors(path) == [(5, "verdict"), (6, "first_seen")]


def test_dry_run_checks_and_writes_nothing(loaded):
    before = counts()

    stdout, _ = run_import(SAMPLE_CSV, "--dry-run", "--no-progress")

    assert "3 row(s) checked: no errors. Nothing written." in stdout
    assert counts() == before
    assert not DebunkPage.objects.filter(case_id__in=["G20-DB-2026-0201", "G20-DB-2026-0202"]).exists()

    message, stderr = failed_import(BAD_CSV, "--dry-run")
    assert "nothing was imported" in message
    assert "line 3, field verdict" in stderr


def test_a_failure_while_writing_rolls_back_everything(loaded, tmp_path, monkeypatch):
    path = write_jsonl(
        tmp_path / "two.jsonl",
        [
            record("G20-DB-2024-0501", appearances=[{"url": "https://n.example/1", "outlet": "Never Stored"}]),
            record("G20-DB-2024-0502", related_debunks=["G20-DB-2024-0501"]),
        ],
    )
    before = counts()

    def explode(touched):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("factchecks.importing.writing._link_related", explode)
    with pytest.raises(RuntimeError):
        run_import(path, "--no-progress")

    assert counts() == before


def test_unknown_file_is_a_command_error(loaded, tmp_path):
    message, _ = failed_import(tmp_path / "missing.jsonl")
    assert "is not a readable file" in message


# --- Re-import: matched by case id and language ---------------------------------------------------------------


def test_reimporting_the_same_file_changes_nothing(loaded):
    revisions = Revision.objects.count()
    published = dict(DebunkPage.objects.values_list("pk", "last_published_at"))
    outlets = Outlet.objects.count()

    stdout, _ = run_import(SAMPLE_JSONL, "--no-progress")
    assert "0 created, 0 updated, 3 unchanged." in stdout
    stdout, _ = run_import(loaded.extra, "--no-progress")
    assert "0 created, 0 updated, 2 unchanged." in stdout

    assert Revision.objects.count() == revisions
    assert dict(DebunkPage.objects.values_list("pk", "last_published_at")) == published
    assert Outlet.objects.count() == outlets
    # The withdrawal a file does not mention is kept.
    assert debunk("G20-DB-2025-0042").withdrawn_at is not None


def test_a_changed_row_updates_only_that_debunk(loaded, tmp_path):
    rows = read_jsonl(SAMPLE_JSONL.read_text(encoding="utf-8"))
    rows[1]["rating_explanation"] = "The image combines two photos taken a day apart."
    changed = write_jsonl(tmp_path / "changed.jsonl", rows)
    pages = {page.pk: page for page in DebunkPage.objects.all()}
    revisions = {pk: Revision.page_revisions.filter(object_id=str(pk)).count() for pk in pages}

    stdout, _ = run_import(changed, "--no-progress")

    assert "0 created, 1 updated, 2 unchanged." in stdout
    target = debunk("G20-DB-2026-0102")
    assert target.rating_explanation == "The image combines two photos taken a day apart."
    assert target.claim == "Photo shows G20 leaders running from protesters in Johannesburg"
    assert target.first_published_at == pages[target.pk].first_published_at
    assert target.last_published_at > pages[target.pk].last_published_at
    for pk, page in pages.items():
        now = DebunkPage.objects.get(pk=pk)
        expected = revisions[pk] + (1 if pk == target.pk else 0)
        assert Revision.page_revisions.filter(object_id=str(pk)).count() == expected
        if pk != target.pk:
            assert now.last_published_at == page.last_published_at
            assert now.rating_explanation == page.rating_explanation


# --- Export, and the export imported again ------------------------------------------------------------------

WORLD_KEYS = [
    ("G20-DB-2025-0042", "en"),
    ("G20-DB-2025-0042", "es"),
    ("G20-DB-2026-0101", "en"),
    ("G20-DB-2026-0101", "fr"),
    ("G20-DB-2026-0102", "en"),
]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_imports_back_to_the_same_export(loaded, tmp_path, fmt):
    first = tmp_path / f"first.{fmt}"
    assert run_export(fmt, first) == "Exported 5 debunk(s).\n"
    outlets = Outlet.objects.count()
    for pk in DebunkPage.objects.values_list("pk", flat=True):
        Page.objects.get(pk=pk).delete()
    assert not DebunkPage.objects.exists()

    stdout, _ = run_import(first, "--no-progress")
    assert "5 created, 0 updated, 0 unchanged." in stdout
    second = tmp_path / f"second.{fmt}"
    run_export(fmt, second)

    reader = read_csv if fmt == "csv" else read_jsonl
    before = reader(first.read_text(encoding="utf-8"))
    after = reader(second.read_text(encoding="utf-8"))
    assert [(item["case_id"], item["locale"]) for item in after] == WORLD_KEYS
    assert without_updated_at(after) == without_updated_at(before)
    assert all(item["updated_at"] for item in after)
    assert Outlet.objects.count() == outlets
    withdrawn = debunk("G20-DB-2025-0042")
    assert withdrawn.withdrawn_at == datetime.datetime(2026, 3, 1, 10, 0, tzinfo=datetime.UTC)
    assert [link.page_id for link in withdrawn.related_statement_links.all()] == [loaded.statement.pk]
    assert debunk("G20-DB-2026-0101", "fr").translation_key == debunk("G20-DB-2026-0101").translation_key
    # The same file once more: nothing to do.
    stdout, _ = run_import(second, "--no-progress")
    assert "0 created, 0 updated, 5 unchanged." in stdout


def test_export_records(loaded, tmp_path):
    path = tmp_path / "all.jsonl"
    run_export("jsonl", path)

    records = read_jsonl(path.read_text(encoding="utf-8"))

    assert [(item["case_id"], item["locale"]) for item in records] == WORLD_KEYS
    assert all(list(item) == exchange.FIELDS for item in records)
    withdrawn, translation = records[0], records[1]
    assert withdrawn["countries"] == ["BR", "ZA"]
    assert withdrawn["languages"] == ["en", "pt"]
    assert withdrawn["keywords"] == ["G20 Summit", "accounts"]
    assert withdrawn["related_debunks"] == ["G20-DB-2026-0102", "G20-DB-2026-0101"]
    assert withdrawn["related_statements"] == [loaded.statement.pk]
    assert withdrawn["appearances"][0] == {
        "url": "https://a.example/1",
        "archive_url": "",
        "outlet": "",
        "platform": "",
        "date": "",
    }
    assert withdrawn["corrections"] == [
        {"date": "2025-10-06", "text": "Added the archive link."},
        {"date": "2025-10-07", "text": "Fixed a typo."},
    ]
    assert withdrawn["published_at"] == "2025-10-05T08:00:00+00:00"
    assert withdrawn["withdrawn_at"] == "2026-03-01T10:00:00+00:00"
    assert withdrawn["withdrawal_reason"] == "Merged into a newer debunk."
    assert withdrawn["url"] == "http://testserver/en/fact-checks/g20-db-2025-0042/"
    assert translation["url"] == "http://testserver/es/fact-checks/cuentas-falsas/"
    assert translation["withdrawn_at"] == withdrawn["withdrawn_at"]
    assert records[3]["url"] == "http://testserver/fr/fact-checks/g20-db-2026-0101/"
    assert records[3]["related_debunks"] == ["G20-DB-2026-0102"]


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("csv", "text/csv; charset=utf-8"), ("jsonl", "application/jsonl; charset=utf-8")],
)
def test_public_download_matches_the_command_export(loaded, tmp_path, client, fmt, content_type):
    path = tmp_path / f"export.{fmt}"
    run_export(fmt, path)

    response = client.get(f"/api/v1/debunks/export.{fmt}")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == content_type
    assert re.fullmatch(
        rf'attachment; filename="g20-debunks-\d{{4}}-\d{{2}}-\d{{2}}\.{fmt}"', response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body == path.read_bytes().decode("utf-8")
    if fmt == "csv":
        assert body.startswith(",".join(exchange.FIELDS) + "\r\n")
    else:
        assert json.loads(body.split("\n", 1)[0])["case_id"] == "G20-DB-2025-0042"


def test_public_download_accepts_the_list_filters(loaded, client):
    response = client.get("/api/v1/debunks/export.jsonl", {"verdict": "false", "locale": "en"})
    body = b"".join(response.streaming_content).decode("utf-8")
    assert [item["case_id"] for item in read_jsonl(body)] == ["G20-DB-2025-0042", "G20-DB-2026-0101"]

    response = client.get("/api/v1/debunks/export.csv", {"verdict": "fake"})
    assert response.status_code == 400
    assert "verdict" in response.json()


def test_export_to_standard_output(loaded):
    stdout, stderr = io.StringIO(), io.StringIO()

    call_command("export_debunks", "--format", "jsonl", "-", stdout=stdout, stderr=stderr)

    records = read_jsonl(stdout.getvalue())
    assert [(item["case_id"], item["locale"]) for item in records] == WORLD_KEYS
    assert stderr.getvalue() == "Exported 5 debunk(s).\n"


def test_export_to_a_missing_directory_is_a_command_error(loaded, tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        run_export("csv", tmp_path / "missing" / "debunks.csv")
    assert not (tmp_path / "missing").exists()


# --- Formula escaping ----------------------------------------------------------------------------------------

TRICKY = [
    "",
    "'",
    "''",
    "''=",
    "'=",
    "'a",
    "a=b",
    "normal text",
    "-5%",
    "-",
    "=",
    "=1+1",
    "+27 11 000 0000",
    "@SUM(A1:A2)",
    '=HYPERLINK("http://x")',
    "\tindented",
    "\rcarriage",
    "\nnewline",
    "'-5%",
    "'''=x",
    "’=curly apostrophe",
]


@pytest.mark.parametrize("value", TRICKY)
def test_escape_formula_round_trips(value):
    escaped = exchange.escape_formula(value)

    assert exchange.unescape_formula(escaped) == value
    assert not escaped.startswith(exchange.FORMULA_STARTS)
    if value.startswith(exchange.FORMULA_STARTS):
        assert escaped == "'" + value


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("", ""),
        ("'", "'"),
        ("''=", "'''="),
        ("-5%", "'-5%"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("'=x", "''=x"),
        ("'a", "'a"),
        ("plain", "plain"),
    ],
)
def test_escape_formula_values(value, escaped):
    assert exchange.escape_formula(value) == escaped


def test_formula_cells_are_escaped_in_csv_only(loaded, tmp_path):
    originals = {
        "title": '=HYPERLINK("http://evil.example","Click")',
        "claim": "+27 numbers prove the G20 rigged the vote",
        "claim_summary": "-5% is what posts say the G20 will cut pensions by.",
        "rating_explanation": "@mentions spread the claim; no G20 text supports it.",
        "claim_author": "'=already quoted",
    }
    row = record(
        "G20-DB-2026-0700",
        slug="formulas",
        keywords=["@everyone", "cmd"],
        appearances=[
            {
                "url": "https://f.example/1",
                "archive_url": "",
                "outlet": "",
                "platform": "=cmd|' /C calc'!A0",
                "date": "",
            }
        ],
        **originals,
    )
    run_import(write_jsonl(tmp_path / "formulas.jsonl", [row]), "--no-progress")
    csv_path = tmp_path / "formulas.csv"
    run_export("csv", csv_path)
    # The CSV export, imported again, is exactly what is stored: import removed each apostrophe export added.
    stdout, _ = run_import(csv_path, "--no-progress")
    assert "0 created, 0 updated, 6 unchanged." in stdout

    # A tab cannot come in through an import (surrounding white space is trimmed), but an editor may type one.
    DebunkPage.objects.filter(case_id="G20-DB-2026-0700").update(disproof="\t<p>Indented disproof.</p>")
    originals["disproof"] = "\t<p>Indented disproof.</p>"
    run_export("csv", csv_path)
    with csv_path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))

    assert rows[0] == exchange.FIELDS
    [cells] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == "G20-DB-2026-0700"]
    for name, value in originals.items():
        assert cells[name] == "'" + value, name
        assert exchange.unescape_formula(cells[name]) == value
    assert cells["keywords"] == "'@everyone;cmd"
    # Lists of objects are JSON arrays: the cell starts with "[", so nothing inside it can run.
    assert cells["appearances"].startswith("[")
    assert json.loads(cells["appearances"])[0]["platform"] == "=cmd|' /C calc'!A0"
    for line in rows:
        for cell in line:
            assert not cell.startswith(exchange.FORMULA_STARTS), cell

    jsonl_path = tmp_path / "formulas.jsonl"
    run_export("jsonl", jsonl_path)
    [exported] = [item for item in read_jsonl(jsonl_path.read_text(encoding="utf-8")) if item["slug"] == "formulas"]
    for name, value in originals.items():
        assert exported[name] == value
    assert exported["keywords"] == ["@everyone", "cmd"]
    assert exported["appearances"][0]["platform"] == "=cmd|' /C calc'!A0"


def test_jsonl_import_keeps_apostrophes(loaded, tmp_path):
    """Only CSV cells are escaped, so JSON Lines values are taken as they are."""
    row = record("G20-DB-2026-0701", claim_summary="'=not an escape in JSON Lines", title="'-'")
    run_import(write_jsonl(tmp_path / "apostrophes.jsonl", [row]), "--no-progress")

    page = debunk("G20-DB-2026-0701")
    assert page.claim_summary == "'=not an escape in JSON Lines"
    assert page.title == "'-'"


# --- Hostile input -------------------------------------------------------------------------------------------

DIRTY = {
    "title": "Nul\x00 and bell\x07 and escape\x1b in a title",
    "claim": "A claim\x00 with\x7f controls",
    "claim_summary": "Line one\nLine two\x0b\x0c and a NUL\x00.",
    "rating_explanation": "\x00No G20 text\x08 says so.",
    "claim_author": "Some\x00one",
    "keywords": ["key\x00word", "\x1fsecond"],
    "appearances": [
        {"url": "https://x.example/\x00a", "archive_url": "", "outlet": "Out\x00let", "platform": "Web\x01", "date": ""}
    ],
    "evidence": [{"title": "Evi\x00dence", "url": "https://www.g20.org/", "publisher": "G\x0020"}],
    "corrections": [{"date": "2025-10-06", "text": "Fixed\x00 it."}],
    "disproof": "<p>Dis\x00proof\x1b.</p>",
}


def assert_clean(page: DebunkPage) -> None:
    texts = [
        page.title,
        page.claim,
        page.claim_summary,
        page.rating_explanation,
        page.claim_author,
        page.disproof,
        *(tag.name for tag in page.keywords.all()),
        *(value for a in page.appearances.all() for value in (a.url, a.platform, a.outlet.name)),
        *(value for e in page.evidence.all() for value in (e.title, e.publisher)),
        *(c.text for c in page.corrections.all()),
    ]
    assert not [text for text in texts if CONTROL.search(text)]
    assert page.title == "Nul and bell and escape in a title"
    assert page.claim == "A claim with controls"
    assert page.claim_summary == "Line one\nLine two and a NUL."
    assert sorted(tag.name for tag in page.keywords.all()) == ["keyword", "second"]
    [appearance] = page.appearances.all()
    assert (appearance.url, appearance.outlet.name, appearance.platform) == ("https://x.example/a", "Outlet", "Web")
    assert page.disproof == "<p>Disproof.</p>"


@pytest.mark.parametrize("write", [write_jsonl, write_csv], ids=["jsonl", "csv"])
def test_control_characters_are_stripped(loaded, tmp_path, write):
    path = write(
        tmp_path / f"dirty.{'jsonl' if write is write_jsonl else 'csv'}", [record("G20-DB-2026-0800", **DIRTY)]
    )
    if write is write_csv:
        assert b"\x00" in path.read_bytes()

    run_import(path, "--no-progress")

    assert_clean(debunk("G20-DB-2026-0800"))


def test_disproof_html_is_cleaned(loaded, tmp_path):
    hostile = (
        '<p>Real text with <a href="https://www.g20.org/" onclick="steal()">a source</a>.</p>'
        "<script>alert('script')</script>"
        '<img src="x" onerror="alert(\'img\')">'
        "<p onmouseover=\"alert('hover')\">Hover <a href=\"javascript:alert('link')\">here</a>"
        " or <a href=\"JaVaScRiPt&#58;alert('entity')\">there</a>.</p>"
        "<style>body { background: url(javascript:alert('css')) }</style>"
        '<form action="https://evil.example/"><input name="password"><button>Send</button></form>'
        '<iframe src="https://evil.example/"></iframe>'
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>'
    )
    run_import(write_jsonl(tmp_path / "html.jsonl", [record("G20-DB-2026-0801", disproof=hostile)]), "--no-progress")

    stored = debunk("G20-DB-2026-0801").disproof.lower()
    for forbidden in (
        "<script",
        "alert",
        "onerror",
        "onclick",
        "onmouseover",
        "javascript",
        "<style",
        "<form",
        "<input",
        "<button",
        "<iframe",
        "<img",
        "data:",
        "evil.example",
    ):
        assert forbidden not in stored, forbidden
    assert '<a href="https://www.g20.org/">a source</a>' in stored
    assert stored.startswith("<p>real text with")


def test_disproof_that_is_only_markup_is_refused(loaded, tmp_path):
    path = write_jsonl(tmp_path / "empty.jsonl", [record("G20-DB-2026-0802", disproof="<script>x()</script>")])
    assert import_errors(path) == [(1, "disproof")]


def test_file_that_is_not_utf8(loaded, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(SAMPLE_CSV.read_text(encoding="utf-8").encode("latin-1", errors="replace"))

    message, stderr = failed_import(path)

    assert "nothing was imported" in message
    assert f"{path}: line 0, field file: The file is not UTF-8 text (invalid" in stderr
    assert DebunkPage.objects.count() == 5


def test_empty_files(loaded, tmp_path):
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    _, stderr = failed_import(empty_csv)
    assert "field file: The file is empty." in stderr

    # A JSON Lines file with no line holds no record: there is nothing to import, and nothing is written.
    empty_jsonl = tmp_path / "empty.jsonl"
    empty_jsonl.write_bytes(b"\n\n")
    stdout, _ = run_import(empty_jsonl, "--no-progress")
    assert "0 created, 0 updated, 0 unchanged." in stdout
    assert DebunkPage.objects.count() == 5


def test_csv_missing_required_columns(loaded, tmp_path):
    path = tmp_path / "columns.csv"
    path.write_text("case_id,title,claim\nG20-DB-2026-0900,A title,A claim\n", encoding="utf-8")

    assert import_errors(path) == [(1, "header")]
    _, stderr = failed_import(path)
    assert (
        "line 1, field header: missing column(s): claim_summary, disproof, verdict, rating_explanation, first_seen."
        in stderr
    )


def test_csv_row_with_too_many_cells(loaded, tmp_path):
    path = write_csv(tmp_path / "cells.csv", [record("G20-DB-2026-0901"), record("G20-DB-2026-0902")])
    header, first, second, _ = path.read_bytes().split(b"\r\n")
    path.write_bytes(b"\r\n".join([header, first + b",one cell too many", second, b""]))

    assert import_errors(path) == [(2, "row")]


def test_jsonl_lines_that_are_not_objects(loaded, tmp_path):
    path = tmp_path / "lines.jsonl"
    good = json.dumps(record("G20-DB-2026-0902"))
    path.write_text(f'{good}\n["a", "list"]\n\n{{"unclosed": \n"a string"\n', encoding="utf-8")

    assert import_errors(path) == [(2, "row"), (4, "row"), (5, "row")]
    _, stderr = failed_import(path)
    assert "line 2, field row: each line must be a JSON object." in stderr
    assert "line 4, field row: not valid JSON" in stderr


def test_unknown_field_and_the_format_option(loaded, tmp_path):
    path = write_jsonl(tmp_path / "notes.jsonl", [record("G20-DB-2026-0903", notes="An internal note.")])
    assert import_errors(path) == [(1, "notes")]

    # The format comes from the file name unless --format says otherwise.
    text = tmp_path / "sample.txt"
    text.write_bytes(SAMPLE_JSONL.read_bytes())
    _, stderr = failed_import(text)
    assert "line 1, field header: missing column(s)" in stderr
    stdout, _ = run_import(text, "--format", "jsonl", "--dry-run", "--no-progress")
    assert "3 row(s) checked: no errors." in stdout


def test_invalid_date_times_are_row_errors(loaded, tmp_path):
    """A date-time in ISO 8601 shape that does not exist (month 13, 30 February) is a bad value like any other."""
    rows = [
        record("G20-DB-2026-0940", published_at="yesterday"),
        record("G20-DB-2026-0941", published_at="2026-13-45T10:00:00Z"),
        record("G20-DB-2026-0942", withdrawn_at="2026-02-30T00:00:00+00:00", withdrawal_reason="Merged."),
    ]
    path = write_jsonl(tmp_path / "datetimes.jsonl", rows)
    before = counts()

    _, stderr = failed_import(path)

    assert "line 1, field published_at: 'yesterday' is not an ISO 8601 date-time." in stderr
    assert "line 2, field published_at:" in stderr
    assert "line 3, field withdrawn_at:" in stderr
    assert counts() == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_deeply_nested_json_is_a_row_error(loaded, tmp_path, fmt):
    """A hostile file must get an error report, not a crash of the importer."""
    nested = "[" * 50_000 + "]" * 50_000  # within the csv module's field size limit
    if fmt == "jsonl":
        path = tmp_path / "nested.jsonl"
        path.write_text(json.dumps(record("G20-DB-2026-0943")) + "\n" + nested + "\n", encoding="utf-8")
        expected = (2, "row")
    else:
        cells = exchange.to_csv_row(record("G20-DB-2026-0943"))
        cells[exchange.FIELDS.index("appearances")] = nested
        path = tmp_path / "nested.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows([exchange.FIELDS, cells])
        expected = (2, "appearances")

    message, stderr = failed_import(path)

    assert "nothing was imported" in message
    assert f"line {expected[0]}, field {expected[1]}:" in stderr


def test_two_new_rows_with_one_slug(loaded, tmp_path):
    """Two rows may not take the same address: that is reported like any other error, with line and field,
    before anything is written (and --dry-run finds it too)."""
    rows = [record("G20-DB-2026-0950", slug="same-address"), record("G20-DB-2026-0951", slug="same-address")]
    path = write_jsonl(tmp_path / "slugs.jsonl", rows)
    before = counts()

    for args in ([], ["--dry-run"]):
        _, stderr = failed_import(path, *args)
        assert "line 2, field slug:" in stderr

    assert counts() == before


def test_rows_checked_against_each_other_and_the_database(loaded, tmp_path):
    rows = [
        record("G20-DB-2026-0910", "fr"),  # 1: no English original, neither in the file nor stored
        record("G20-DB-2026-0911"),  # 2
        record("G20-DB-2026-0911", title="The same case and language again"),  # 3: duplicate of line 2
        record("G20-DB-2026-0912", related_debunks=["G20-DB-2026-0999", "G20-DB-2026-0101"]),  # 4
        record("G20-DB-2026-0913", related_statements=[loaded.statement.pk, 999_999]),  # 5
        record("G20-DB-2026-0101", "de"),  # 6: not a language of the loaded
        record("G20-DB-2026-0915", slug="g20-db-2026-0101"),  # 7: slug of another debunk
        record("G20-DB-2026-0101", "es", title="El original está guardado"),  # 8: fine
        record("not-a-case-id"),  # 9
    ]
    path = write_jsonl(tmp_path / "cross.jsonl", rows)

    assert import_errors(path) == [
        (1, "locale"),
        (3, "case_id"),
        (4, "related_debunks"),
        (5, "related_statements"),
        (6, "locale"),
        (7, "slug"),
        (9, "case_id"),
    ]
    message, stderr = failed_import(path)
    assert "line 1, field locale: a translation needs the original ('en') of G20-DB-2026-0910." in stderr
    assert "line 3, field case_id: G20-DB-2026-0911 in 'en' is already on line 2." in stderr
    assert "line 4, field related_debunks: G20-DB-2026-0999 is neither in the file nor stored." in stderr
    assert "line 5, field related_statements: there is no statement 999999." in stderr
    assert "line 6, field locale: 'de' is not a language of this site." in stderr
    assert "line 7, field slug: 'g20-db-2026-0101' is already used by another page." in stderr
    assert "'not-a-case-id' is not a case id like G20-DB-2026-0042." in stderr
    assert "line 8" not in stderr
    assert message == "7 error(s) in 7 row(s); nothing was imported."
    assert DebunkPage.objects.count() == 5


def test_translation_and_original_in_one_file_in_any_order(loaded, tmp_path):
    rows = [
        record("G20-DB-2026-0920", "es", title="Traducción antes que el original", slug="traduccion"),
        record("G20-DB-2026-0920", title="The original, after its translation"),
        record("G20-DB-2026-0921", related_statements=[loaded.statement.pk], related_debunks=["G20-DB-2026-0920"]),
    ]
    stdout, _ = run_import(write_jsonl(tmp_path / "order.jsonl", rows), "--no-progress")

    assert "3 created" in stdout
    original, translation = debunk("G20-DB-2026-0920"), debunk("G20-DB-2026-0920", "es")
    assert translation.translation_key == original.translation_key
    assert translation.slug == "traduccion"
    linked = debunk("G20-DB-2026-0921")
    assert [link.page_id for link in linked.related_statement_links.all()] == [loaded.statement.pk]
    assert [link.page_id for link in linked.related_debunk_links.all()] == [original.pk]


def test_outlet_named_in_another_case_reimports_as_a_no_op(loaded, tmp_path):
    """Outlets are found by name whatever the case; importing the same file again must still change nothing."""
    row = record(
        "G20-DB-2026-0952",
        appearances=[{"url": "https://horizon-wire.example/x", "outlet": "horizon DAILY wire", "platform": "Website"}],
    )
    path = write_jsonl(tmp_path / "outlet-case.jsonl", [row])
    outlets = Outlet.objects.count()
    stdout, _ = run_import(path, "--no-progress")
    assert "1 created" in stdout
    assert Outlet.objects.count() == outlets
    assert debunk("G20-DB-2026-0952").appearances.get().outlet.name == "Horizon Daily Wire"
    revisions = Revision.objects.count()

    stdout, _ = run_import(path, "--no-progress")

    assert "0 created, 0 updated, 1 unchanged." in stdout
    assert Revision.objects.count() == revisions


def test_keyword_holding_the_list_separator_is_refused(loaded, tmp_path):
    """In CSV, keywords are joined with ";": a keyword holding one could not survive an export to CSV and back
    (it would come back as two keywords), so the import refuses it, in JSON Lines too."""
    row = record("G20-DB-2026-0953", keywords=["health; vaccines", "cash"])
    path = write_jsonl(tmp_path / "semicolon.jsonl", [row])

    assert import_errors(path) == [(1, "keywords")]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_line_separators_in_text_survive_export_and_import(loaded, tmp_path, fmt):
    """U+2028, U+2029 and U+0085 are ordinary characters inside a JSON string or a CSV cell (and not control
    characters the import strips), so an export holding them must import again."""
    summary = "First part\u2028second part\u2029third part\x85fourth part."
    source = write_jsonl(tmp_path / "separators.jsonl", [record("G20-DB-2026-0930", claim_summary=summary)])
    run_import(source, "--no-progress")
    assert debunk("G20-DB-2026-0930").claim_summary == summary
    path = tmp_path / f"export.{fmt}"
    run_export(fmt, path)

    stdout, _ = run_import(path, "--no-progress")

    assert "0 created, 0 updated, 6 unchanged." in stdout
    assert debunk("G20-DB-2026-0930").claim_summary == summary


# --- Case ids ------------------------------------------------------------------------------------------------


def test_case_id_sequence_continues_after_imported_ids(loaded, tmp_path):
    assert CaseIdSequence.objects.get(year=2026).last_number == 102

    assert next_case_id(2026) == "G20-DB-2026-0103"

    # Deleting a debunk does not give its id back.
    for page in DebunkPage.objects.filter(case_id="G20-DB-2026-0102"):
        Page.objects.get(pk=page.pk).delete()
    assert next_case_id(2026) == "G20-DB-2026-0104"

    # An imported id below the sequence does not move it back; a new debunk gets the next one.
    run_import(write_jsonl(tmp_path / "low.jsonl", [record("G20-DB-2026-0050")]), "--no-progress")
    assert CaseIdSequence.objects.get(year=2026).last_number == 104
    year = timezone.now().year
    last = CaseIdSequence.objects.filter(year=year).values_list("last_number", flat=True).first() or 0
    page = DebunkPage(
        title="Written in the admin",
        slug="written-in-the-admin",
        claim="A claim",
        claim_summary="A summary.",
        disproof="<p>Wrong.</p>",
        verdict="false",
        rating_explanation="Because.",
        first_seen=datetime.date(2026, 1, 1),
    )
    Page.objects.get(pk=loaded.index.pk).add_child(instance=page)
    assert page.case_id == format_case_id(year, last + 1)
    assert page.case_id not in {"G20-DB-2026-0102", "G20-DB-2026-0103"}


def test_imported_id_of_another_year_starts_that_years_sequence(loaded, tmp_path):
    run_import(write_jsonl(tmp_path / "old.jsonl", [record("G20-DB-2024-0007")]), "--no-progress")

    assert next_case_id(2024) == "G20-DB-2024-0008"


# --- Hostile values: a line and field error, never a traceback, and nothing written ---------------------------

PLACEHOLDER = "@@value@@"


def hostile_jsonl(path: Path, literal: str, **values) -> Path:
    """One valid row, then one whose ``PLACEHOLDER`` is replaced by ``literal`` as it stands in the JSON text
    (1e400 and Infinity cannot be written by json.dumps from Python values)."""
    line = json.dumps(record("G20-DB-2026-0961", **values)).replace(f'"{PLACEHOLDER}"', literal)
    path.write_text(json.dumps(record("G20-DB-2026-0960")) + "\n" + line + "\n", encoding="utf-8")
    return path


def strict_stderr() -> io.TextIOWrapper:
    """A UTF-8 stream as a terminal is: writing a lone surrogate to it fails."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")


def assert_refused(path: Path, line: int, field: str) -> str:
    """The import fails with exactly one error, at ``line`` and ``field``, printable; nothing is written."""
    before = counts()
    assert import_errors(path) == [(line, field)]
    stderr = strict_stderr()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_debunks", str(path), "--no-progress", stdout=io.StringIO(), stderr=stderr)
    stderr.seek(0)
    printed = stderr.buffer.getvalue().decode("utf-8")
    assert f"line {line}, field {field}: " in printed
    assert "\x1b" not in printed
    assert counts() == before
    assert not DebunkPage.objects.filter(case_id__in=["G20-DB-2026-0960", "G20-DB-2026-0961"]).exists()
    return printed


@pytest.mark.parametrize(
    ("literal", "values", "field"),
    [
        pytest.param("1e400", {"related_statements": [PLACEHOLDER]}, "related_statements", id="1e400"),
        pytest.param("Infinity", {"related_statements": [PLACEHOLDER]}, "related_statements", id="Infinity"),
        pytest.param("-Infinity", {"related_statements": [PLACEHOLDER]}, "related_statements", id="-Infinity"),
        pytest.param("NaN", {"related_statements": [PLACEHOLDER]}, "related_statements", id="NaN"),
        pytest.param("1" + "0" * 30, {"related_statements": [PLACEHOLDER]}, "related_statements", id="10**30"),
        pytest.param(str(2**31), {"related_statements": [PLACEHOLDER]}, "related_statements", id="2**31"),
        pytest.param("0", {"related_statements": [PLACEHOLDER]}, "related_statements", id="zero"),
        pytest.param("-3", {"related_statements": [PLACEHOLDER]}, "related_statements", id="negative"),
        pytest.param("1.5", {"related_statements": [PLACEHOLDER]}, "related_statements", id="fraction"),
        pytest.param("true", {"related_statements": [PLACEHOLDER]}, "related_statements", id="boolean"),
        pytest.param('"1e3"', {"related_statements": [PLACEHOLDER]}, "related_statements", id="exponent-text"),
        pytest.param("1e400", {"countries": [PLACEHOLDER]}, "countries", id="1e400-in-a-list"),
        pytest.param("Infinity", {"first_seen": PLACEHOLDER}, "first_seen", id="Infinity-as-a-date"),
        pytest.param("NaN", {"appearances": [{"url": PLACEHOLDER}]}, "appearances", id="NaN-in-an-object"),
        pytest.param('"\\ud800"', {"title": PLACEHOLDER}, "title", id="surrogate-in-a-required-text"),
        pytest.param('"a\\udfffb"', {"claim_author": PLACEHOLDER}, "claim_author", id="surrogate-in-a-text"),
        pytest.param('"<p>\\ud83d</p>"', {"disproof": PLACEHOLDER}, "disproof", id="surrogate-in-html"),
        pytest.param('["ok", "\\ud800"]', {"keywords": PLACEHOLDER}, "keywords", id="surrogate-in-a-list"),
        pytest.param(
            '[{"url": "https://x.example/", "outlet": "\\ud800"}]',
            {"appearances": PLACEHOLDER},
            "appearances",
            id="surrogate-in-an-object",
        ),
        pytest.param(
            '[{"url": "https://x.example/", "\\ud800": "x"}]',
            {"evidence": PLACEHOLDER},
            "evidence",
            id="surrogate-in-a-key",
        ),
        pytest.param("1" * 5000, {"related_statements": [PLACEHOLDER]}, "row", id="5000-digits"),
        pytest.param(
            '"9999-12-31T23:59:59-12:00"', {"published_at": PLACEHOLDER}, "published_at", id="after-year-9999-in-utc"
        ),
        pytest.param(
            '"0001-01-01T00:00:00+14:00"', {"published_at": PLACEHOLDER}, "published_at", id="before-year-1-in-utc"
        ),
        pytest.param(
            '"9999-12-31T23:59:59-12:00"',
            {"withdrawn_at": PLACEHOLDER, "withdrawal_reason": "Merged."},
            "withdrawn_at",
            id="withdrawn-after-year-9999-in-utc",
        ),
    ],
)
def test_hostile_json_values_are_line_and_field_errors(loaded, tmp_path, literal, values, field):
    assert_refused(hostile_jsonl(tmp_path / "hostile.jsonl", literal, **values), 2, field)


def test_a_hostile_field_name_is_printed_escaped(loaded, tmp_path):
    path = tmp_path / "names.jsonl"
    path.write_text(
        json.dumps(record("G20-DB-2026-0960")) + "\n" + json.dumps({**record("G20-DB-2026-0961"), "\ud800\x1b[2J": 1}),
        encoding="utf-8",
    )
    printed = assert_refused(path, 2, "\\ud800\\x1b[2J")
    assert printed.endswith("field \\ud800\\x1b[2J: unknown field.\n")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        pytest.param({"related_statements": ["1" + "0" * 30]}, "related_statements", id="10**30"),
        pytest.param({"related_statements": ["1e400"]}, "related_statements", id="1e400"),
        pytest.param({"related_statements": ["Infinity"]}, "related_statements", id="Infinity"),
        pytest.param({"related_statements": ["NaN"]}, "related_statements", id="NaN"),
        pytest.param({"related_statements": ["1_000"]}, "related_statements", id="underscore"),
        pytest.param({"related_statements": ["-1"]}, "related_statements", id="negative"),
        pytest.param({"appearances": [{"url": "https://x.example/", "outlet": "\ud800"}]}, "appearances", id="surr"),
        pytest.param({"evidence": [{"title": float("inf"), "url": "https://x.example/"}]}, "evidence", id="inf"),
        pytest.param({"countries": ["ZA", "\x1b[31mXX"]}, "countries", id="escape-in-a-code"),
    ],
)
def test_hostile_csv_values_are_line_and_field_errors(loaded, tmp_path, values, field):
    rows = [record("G20-DB-2026-0960"), record("G20-DB-2026-0961", **values)]
    path = tmp_path / "hostile.csv"
    # The CSV cells of object lists are JSON: written with escapes, as any JSON writer does.
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.writelines(line.encode("utf-8", "backslashreplace").decode() for line in exchange.csv_lines(rows))
    assert_refused(path, 3, field)


def test_a_number_too_long_for_python_in_a_csv_object_cell(loaded, tmp_path):
    cells = exchange.to_csv_row(record("G20-DB-2026-0960"))
    cells[exchange.FIELDS.index("evidence")] = '[{"title": "x", "url": "https://x.example/", "n": ' + "9" * 5000 + "}]"
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows([exchange.FIELDS, cells])
    assert_refused(path, 2, "evidence")


def test_a_valid_statement_id_still_links(loaded, tmp_path):
    pk = loaded.statement.pk
    for fmt, value in (("jsonl", pk), ("csv", f" {pk} ")):
        case_id = f"G20-DB-2026-097{len(fmt)}"
        rows = [record(case_id, related_statements=[value])]
        path = write_jsonl(tmp_path / "ok.jsonl", rows) if fmt == "jsonl" else write_csv(tmp_path / "ok.csv", rows)
        run_import(path, "--no-progress")
        assert [link.page_id for link in debunk(case_id).related_statement_links.all()] == [pk]
