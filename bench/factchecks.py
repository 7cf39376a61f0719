"""Benchmark: the fact-check database view and the debunks API at 1,000 and 10,000 debunks.

Run with ``make bench``. Builds a throw-away database (bench/.bench.sqlite3), fills it
with synthetic debunks, and times anonymous requests in-process (Django test client,
DEBUG off): median and 95th-percentile wall time, CPU time and SQL queries per request.
Figures go to bench/results.json under "factchecks" and to stdout as a table.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.bench")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402
from wagtail.models import Page  # noqa: E402

from factchecks import demo as factchecks_demo  # noqa: E402
from factchecks.models import ClaimAppearance, DebunkPage, DebunkTag, FactCheckIndexPage, Outlet  # noqa: E402
from factchecks.verdicts import Verdict  # noqa: E402
from hub.demo import ensure_home  # noqa: E402
from hub.presidencies.demo import ensure_section  # noqa: E402

SIZES = (1_000, 10_000)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
COUNTRIES = ["ZA", "US", "BR", "IN", "FR", "DE", "CN", "RU", "TR", "ID", "AR", "MX", "JP", "KR", "SA", "AU", "CA", "GB"]
LANGUAGES = ["en", "fr", "es", "ru", "pt", "de", "ar", "zh", "tr", "hi"]
WORDS = [
    "digital",
    "identity",
    "climate",
    "summit",
    "finance",
    "debt",
    "health",
    "vaccine",
    "energy",
    "food",
    "trade",
    "tariffs",
    "ai",
    "election",
]
SCENARIOS = [
    ("database view", "/en/fact-checks/"),
    ("database view, 3 filters", "/en/fact-checks/?verdict=false&country=ZA&language=ru"),
    ("database view, search", "/en/fact-checks/?q=summit"),
    ("database view, page 40", "/en/fact-checks/?page=40"),
    ("API list", "/api/v1/debunks/"),
    ("API list, 100 per page", "/api/v1/debunks/?page_size=100"),
    ("API list, filtered", "/api/v1/debunks/?verdict=false&country=ZA"),
]


def build_database() -> FactCheckIndexPage:
    db_file = Path(connection.settings_dict["NAME"])
    if connection.vendor == "sqlite" and db_file.exists():
        db_file.unlink()
    call_command("migrate", verbosity=0, interactive=False)
    out = io.StringIO()
    ensure_home(out)
    index = ensure_section(FactCheckIndexPage, "fact-checks", factchecks_demo.INDEX_TITLES, out)
    for number in range(40):
        Outlet.objects.get_or_create(name=f"Bench outlet {number}")
    for word in WORDS:
        Tag.objects.get_or_create(name=word, slug=word)
    return FactCheckIndexPage.objects.get(pk=index.pk)


def add_debunks(index: FactCheckIndexPage, upto: int, rng: random.Random) -> None:
    """Grow the database to ``upto`` live debunks.

    Pages are written straight into the tree (path and depth computed here, one ``save_base``
    each, which still indexes them for search) rather than one ``add_child`` at a time, so ten
    thousand take seconds, not minutes.
    """
    existing = DebunkPage.objects.count()
    outlets = list(Outlet.objects.all())
    tags = list(Tag.objects.filter(slug__in=WORDS))
    verdicts = list(Verdict)
    start = datetime.date(2024, 1, 1)
    published = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    content_type = ContentType.objects.get_for_model(DebunkPage)
    with transaction.atomic():
        parent = Page.objects.get(pk=index.pk)
        new_pages = []
        for number in range(existing + 1, upto + 1):
            words = rng.sample(WORDS, 3)
            slug = f"g20-db-2026-{number:05d}"
            title = f"Debunk {number}: claims about {words[0]} and the G20"
            page = DebunkPage(
                title=title,
                draft_title=title,
                slug=slug,
                path=Page._get_path(parent.path, parent.depth + 1, parent.numchild + number - existing),
                depth=parent.depth + 1,
                numchild=0,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                locale_id=parent.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=published,
                last_published_at=published,
                case_id=f"G20-DB-2026-{number:05d}",
                claim=f"The G20 secretly controls {words[0]} and {words[1]}",
                claim_summary=f"A claim about {' '.join(words)} spread on social media.",
                disproof=f"<p>No G20 text says anything about {words[2]}.</p>",
                verdict=rng.choice(verdicts),
                rating_explanation="The evidence contradicts the claim.",
                first_seen=start + datetime.timedelta(days=rng.randrange(900)),
                countries=rng.sample(COUNTRIES, 2),
                languages=",".join(sorted(rng.sample(LANGUAGES, 2))),
            )
            page.save_base()
            new_pages.append(page)
        Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(new_pages))
        DebunkTag.objects.bulk_create(
            DebunkTag(content_object_id=page.pk, tag=tag) for page in new_pages for tag in rng.sample(tags, 2)
        )
        ClaimAppearance.objects.bulk_create(
            ClaimAppearance(
                debunk_id=page.pk,
                url=f"https://outlet.example/{page.pk}/{position}",
                outlet=rng.choice(outlets),
                platform="Website",
                appeared_on=page.first_seen,
                sort_order=position,
            )
            for page in new_pages
            for position in range(2)
        )


def measure(client: Client, url: str) -> dict:
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    walls, cpus, queries = [], [], []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            walls.append((time.perf_counter() - wall) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200
        queries.append(len(captured.captured_queries))
    walls.sort()
    return {
        "p50_ms": round(statistics.median(walls), 2),
        "p95_ms": round(walls[int(len(walls) * 0.95) - 1], 2),
        "cpu_ms": round(statistics.median(cpus), 2),
        "queries": max(queries),
    }


def main() -> None:
    rng = random.Random(2026)
    index = build_database()
    client = Client()
    figures: dict[str, dict[str, dict]] = {}
    for size in SIZES:
        started = time.perf_counter()
        add_debunks(index, size, rng)
        print(f"{size} debunks in place ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        for name, url in SCENARIOS:
            figures.setdefault(name, {"url": url})[str(size)] = measure(client, url)
    small, large = (str(size) for size in SIZES)
    for figure in figures.values():
        figure["growth_p50"] = round(figure[large]["p50_ms"] / figure[small]["p50_ms"], 2)
    results_path = ROOT / "bench" / "results.json"
    results = json.loads(results_path.read_text()) if results_path.exists() else {}
    results["factchecks"] = {
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "requests_per_figure": REQUESTS,
        "method": "in-process Django test client, DEBUG off, anonymous, no page cache",
        "figures": figures,
    }
    results_path.write_text(json.dumps(results, indent=2) + "\n")
    header = f"{'fact-checks':30} {'size':>6} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms':>8} {'queries':>8}"
    print(header)
    print("-" * len(header))
    for name, figure in figures.items():
        for size in SIZES:
            row = figure[str(size)]
            print(f"{name:30} {size:>6} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['cpu_ms']:>8} {row['queries']:>8}")
        print(f"{'':30} {'10x':>6} {figure['growth_p50']:>8}× slower (p50)")
    print(f"Written to {results_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
