"""Fact-check scale (part of ``make bench``, bench/run.py): the database view and the debunks API at
1,000 and 10,000 debunks, timed in-process (Django test client, DEBUG off, page cache off).

Debunks are written straight into the page tree under the demo's fact-check index, fast enough that
ten thousand take well under a minute.
"""

from __future__ import annotations

import datetime
import random
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_save
from django.test import Client
from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.search import signal_handlers as search_signal_handlers
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from bench.common import analyze, growth, measure_in_process
from factchecks.models import ClaimAppearance, DebunkPage, DebunkTag, FactCheckIndexPage, Outlet
from factchecks.verdicts import Verdict

SIZES = (1_000, 10_000)
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


@contextmanager
def search_index_deferred(model):
    """Skip the per-save search index update for ``model``; the caller indexes in bulk."""
    post_save.disconnect(search_signal_handlers.post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        post_save.connect(search_signal_handlers.post_save_signal_handler, sender=model)


def fact_check_index() -> FactCheckIndexPage:
    """The demo's English fact-check index, with the outlets and tags generated debunks draw on."""
    for number in range(40):
        Outlet.objects.get_or_create(name=f"Bench outlet {number}")
    for word in WORDS:
        Tag.objects.get_or_create(name=word, slug=word)
    return FactCheckIndexPage.objects.get(locale=Locale.objects.get(language_code="en"))


def add_debunks(index: FactCheckIndexPage, upto: int, rng: random.Random) -> None:
    """Grow the index to ``upto`` live debunks (the demo's count towards it).

    Pages are written straight into the tree (path and depth computed here, one ``save_base``
    each) rather than one ``add_child`` at a time, and indexed for search in bulk afterwards
    (``add_bulk``, as feed ingest indexes items): the per-save index update recounts the whole
    index each time, which made ten thousand take minutes. The reference index (admin usage
    reports, never read by public pages) is not updated for them.
    """
    existing = DebunkPage.objects.child_of(index).count()
    outlets = list(Outlet.objects.all())
    tags = list(Tag.objects.filter(slug__in=WORDS))
    verdicts = list(Verdict)
    start = datetime.date(2024, 1, 1)
    published = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    content_type = ContentType.objects.get_for_model(DebunkPage)
    with transaction.atomic(), disable_reference_index_auto_update(), search_index_deferred(DebunkPage):
        parent = Page.objects.select_for_update().get(pk=index.pk)
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
        backend = get_search_backend()
        for offset in range(0, len(new_pages), 1000):
            backend.add_bulk(DebunkPage, new_pages[offset : offset + 1000])


def run(rng: random.Random, requests: int, log) -> dict:
    """Measure every scenario at each size; returns the "factchecks" section of the results."""
    index = fact_check_index()
    client = Client()
    figures: dict[str, dict] = {}
    for size in SIZES:
        started = datetime.datetime.now()
        add_debunks(index, size, rng)
        analyze()
        log(f"{size} debunks in place ({(datetime.datetime.now() - started).total_seconds():.0f} s)")
        for name, url in SCENARIOS:
            figures.setdefault(name, {"url": url})[str(size)] = measure_in_process(client, url, requests)
    for figure in figures.values():
        figure["growth_p50"] = growth(figure, *SIZES)
    return {
        "requests_per_figure": requests,
        "method": "in-process Django test client, DEBUG off, anonymous, page cache off",
        "sizes": list(SIZES),
        "figures": figures,
    }
