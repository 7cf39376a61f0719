"""Demo aggregator: partner sources and their items, ingested from bundled feed documents through the
real parse and ingest path (as ``ingest_feed_file`` does), never inserted as rows. Idempotent."""

from pathlib import Path
from typing import TextIO

from hub.demo.helpers import ensure_section

from .ingest import ingest
from .models import FeedItem, NewsroomPage, Source, SourceKind
from .parsing import parse

DATA = Path(__file__).resolve().parent / "data" / "demo"

INDEX_TITLES = {
    "en": ("Newsroom", "News from the G20's partners: strategic-communication teams, fact-checkers and observatories."),
    "fr": (
        "Salle de presse",
        "Les actualités des partenaires du G20 : équipes de communication stratégique, vérificateurs et observatoires.",
    ),
    "es": (
        "Sala de prensa",
        "Noticias de los socios del G20: equipos de comunicación estratégica, verificadores y observatorios.",
    ),
}

# (file, name, feed address, website, kind, country, default language)
SOURCES = [
    ("stratcom.xml", "Strategic Communication Unit (demo)", "https://stratcom.example/feed.xml",
     "https://stratcom.example/", SourceKind.INSTITUTION, "", "en"),
    ("factcheckers.xml", "Red de verificadores (demo)", "https://verificadores.example/atom.xml",
     "https://verificadores.example/", SourceKind.FACT_CHECKER, "AR", "es"),
    ("observatory.xml", "Information Integrity Observatory (demo)", "https://observatory.example/rss",
     "https://observatory.example/", SourceKind.RESEARCH, "FR", "fr"),
]  # fmt: skip


def load(stdout: TextIO) -> None:
    ensure_section(NewsroomPage, "newsroom", INDEX_TITLES, stdout)
    for filename, name, feed_url, site_url, kind, country, language in SOURCES:
        source, created = Source.objects.get_or_create(
            feed_url=feed_url,
            defaults={
                "name": name,
                "site_url": site_url,
                "kind": kind,
                "country": country,
                "default_language": language,
                # Demo addresses do not exist: never poll them.
                "active": False,
            },
        )
        report = ingest(source, parse((DATA / filename).read_bytes(), base_url=site_url))
        stdout.write(f"{'Created' if created else 'Kept'} source {name}: {report}.\n")
    # Editors feature items from the admin; the demo features one.
    FeedItem.objects.filter(guid="stratcom-review-2026-46").update(featured=True)
