"""Fixtures for the fact-check database: its section in three languages, outlets and a set of debunks.

``factchecks_world`` builds everything once per test module inside an outer transaction
(rolled back when the module ends), as ``tests/statements/conftest.py`` does; each test runs
inside its own savepoint. Tests that use it must also ask for ``db`` and must re-read objects
they change.

What it holds:

* home pages in en/fr/es (``hub.demo.content.ensure_home``; HubSettings names "G20 Communication
  Office", contact press@g20-hub.example), the fact-checks section at /en/, /fr/ and
  /es/fact-checks/, the statements section at /en/statements/ with one statement
  ``statement`` ("G20 office sets out principles for information integrity").
* outlets: ``daily`` "Daily Rumour" (news site, GB), ``channel`` "Channel Nine Truths" (video
  channel, US), ``whispers`` "Telegram Whispers" (messaging channel, RU, with a state-affiliation
  note) and ``quiet`` "Quiet Blog" (blog; no claim appeared there).
* English debunks, created in this order (so with case ids G20-DB-<year>-0001 … in this order),
  each published the day after it was first seen (``first_published_at``):

  - ``video``: manipulated_media, seen 2026-02-05, FR, fr, keywords Video + Summit, appeared on ``channel``;
  - ``private``: false, 2026-06-20, ZA, en, Summit, ``daily``; live but password-protected;
  - ``draft``: false, 2026-06-25, ZA, en, Summit, ``daily``; never published;
  - ``summit``: false, 2026-01-10, ZA + US, en + ru, Summit + Elections, ``daily`` (2026-01-12, listed
    first) and ``whispers`` (2026-01-10, so the first appearance);
  - ``debt``: misleading, 2026-03-15, ZA + BR, en + pt, Debt, ``daily``;
  - ``deal``: unsupported, 2026-04-20, US, en, Elections, ``channel`` and ``whispers``;
  - ``climate``: missing_context, 2026-05-02, IN, hi + en, Climate, one undated appearance on X, no outlet;
  - ``ban``: false, 2026-06-01, ZA, ru, Debt + Summit, ``whispers``;
  - ``withdrawn``: false, 2026-05-20, ZA, en, Summit, ``daily``; withdrawn ("Published in error: …").

  ``summit`` has two evidence links, one correction (2026-02-01), a claim author ("Rumour
  Network", an organisation), related debunks [video, draft] and the related statement;
  ``debt`` has two corrections; ``deal`` is related to [video, draft, private]; ``video`` has
  a French translation ``video_fr`` (same case id). The word "Quibblewick" is in the claim
  summaries of ``summit`` and ``ban`` (and of ``private``, ``draft`` and ``withdrawn``, which must
  never be listed).

The English index lists ``LIVE_ENGLISH``, newest first; the French index lists ``video_fr`` only.
"""

import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from wagtail.models import Locale, PageViewRestriction

from factchecks import demo as factchecks_demo
from factchecks.models import FactCheckIndexPage, Outlet, OutletKind
from factchecks.verdicts import Verdict
from hub.demo.content import ensure_home
from hub.demo.helpers import ensure_section
from hub.publishing.withdrawal import withdraw
from statements import demo as statements_demo
from statements.models import StatementIndexPage, StatementKind
from tests.factories.factchecks import add_debunk, translate_debunk
from tests.factories.statements import add_statement

# The debunks the English index shows, newest first.
LIVE_ENGLISH = ["ban", "climate", "deal", "debt", "video", "summit"]
NEVER_LISTED = ["private", "draft", "withdrawn"]
SEARCH_WORD = "Quibblewick"


def build_factchecks_world() -> SimpleNamespace:
    home = ensure_home(io.StringIO())
    index = ensure_section(FactCheckIndexPage, "fact-checks", factchecks_demo.INDEX_TITLES, io.StringIO())
    index_fr = index.get_translation(Locale.objects.get(language_code="fr")).specific
    index_es = index.get_translation(Locale.objects.get(language_code="es")).specific
    statements = ensure_section(StatementIndexPage, "statements", statements_demo.INDEX_TITLES, io.StringIO())
    statement = add_statement(
        statements,
        slug="office-integrity",
        title="G20 office sets out principles for information integrity",
        kind=StatementKind.OFFICE_STATEMENT,
        date="2026-03-02",
    )

    outlets = SimpleNamespace(
        daily=Outlet.objects.create(
            name="Daily Rumour", url="https://rumour.example/", country="GB", kind=OutletKind.NEWS_SITE
        ),
        channel=Outlet.objects.create(
            name="Channel Nine Truths", url="https://video.example/c9", country="US", kind=OutletKind.VIDEO_CHANNEL
        ),
        whispers=Outlet.objects.create(
            name="Telegram Whispers",
            url="https://t.me/whispers",
            country="RU",
            kind=OutletKind.MESSAGING_CHANNEL,
            state_affiliation_note="Registered to a state-funded media group (source: company register).",
        ),
        quiet=Outlet.objects.create(name="Quiet Blog", kind=OutletKind.BLOG),
    )

    d = {}
    d["video"] = add_debunk(
        index,
        slug="video",
        title="Video of leaders arguing was doctored",
        claim="Video shows G20 leaders shouting at each other",
        claim_summary="A clip shared widely shows leaders in a heated row.",
        verdict=Verdict.MANIPULATED_MEDIA,
        rating_explanation="The clip was edited from two unrelated recordings.",
        first_seen="2026-02-05",
        countries=["FR"],
        languages=["fr"],
        keywords=["Video", "Summit"],
        appearances=[
            {
                "url": "https://video.example/watch/1",
                "outlet": outlets.channel,
                "platform": "YouTube",
                "appeared_on": "2026-02-05",
            }
        ],
        evidence=[("Original unedited footage", "https://g20.example/footage", "G20 media centre")],
    )
    d["private"] = add_debunk(
        index,
        slug="private",
        title="Private protected debunk",
        claim="A claim only the office may read",
        claim_summary=f"{SEARCH_WORD} private summary.",
        verdict=Verdict.FALSE,
        first_seen="2026-06-20",
        countries=["ZA"],
        languages=["en"],
        keywords=["Summit"],
        appearances=[{"url": "https://rumour.example/private", "outlet": outlets.daily, "appeared_on": "2026-06-20"}],
    )
    PageViewRestriction.objects.create(
        page=d["private"], restriction_type=PageViewRestriction.PASSWORD, password="office"
    )
    d["draft"] = add_debunk(
        index,
        slug="draft",
        title="Unpublished draft debunk",
        claim="A claim still being checked",
        claim_summary=f"{SEARCH_WORD} draft summary.",
        verdict=Verdict.FALSE,
        first_seen="2026-06-25",
        countries=["ZA"],
        languages=["en"],
        keywords=["Summit"],
        appearances=[{"url": "https://rumour.example/draft", "outlet": outlets.daily}],
        publish=False,
    )
    d["summit"] = add_debunk(
        index,
        slug="summit",
        title="No, the Johannesburg summit was not cancelled",
        claim="The G20 summit in Johannesburg was cancelled at the last minute",
        claim_summary=f"Posts claim the summit was called off. {SEARCH_WORD} accounts spread it.",
        disproof='<p>The summit opened as planned; see the <a href="https://g20.example/programme">programme</a>.</p>',
        verdict=Verdict.FALSE,
        rating_explanation="The summit took place on the planned dates.",
        first_seen="2026-01-10",
        countries=["ZA", "US"],
        languages=["en", "ru"],
        keywords=["Summit", "Elections"],
        claim_author="Rumour Network",
        appearances=[
            {
                "url": "https://rumour.example/summit",
                "archive_url": "https://web.archive.org/web/2026/https://rumour.example/summit",
                "outlet": outlets.daily,
                "platform": "website",
                "appeared_on": "2026-01-12",
            },
            {
                "url": "https://t.me/whispers/1",
                "outlet": outlets.whispers,
                "platform": "Telegram",
                "appeared_on": "2026-01-10",
            },
        ],
        evidence=[
            ("Official summit programme", "https://g20.example/programme", "G20"),
            ("Live broadcast of the opening", "https://broadcast.example/opening", "Public broadcaster"),
        ],
        corrections=[("2026-02-01", "The date of the first appearance was corrected.")],
        related=[d["video"], d["draft"]],
        related_statements=[statement],
    )
    d["debt"] = add_debunk(
        index,
        slug="debt",
        title="Debt figures taken out of context",
        claim="G20 debt relief doubled the debts of poor countries",
        verdict=Verdict.MISLEADING,
        first_seen="2026-03-15",
        countries=["ZA", "BR"],
        languages=["en", "pt"],
        keywords=["Debt"],
        appearances=[{"url": "https://rumour.example/debt", "outlet": outlets.daily, "appeared_on": "2026-03-15"}],
        evidence=[("Debt service suspension data", "https://data.example/dssi", "World Bank")],
        corrections=[("2026-03-20", "First fix."), ("2026-04-02", "Second fix.")],
    )
    d["deal"] = add_debunk(
        index,
        slug="deal",
        title="No evidence of a secret deal",
        claim="G20 ministers signed a secret deal on elections",
        verdict=Verdict.UNSUPPORTED,
        first_seen="2026-04-20",
        countries=["US"],
        languages=["en"],
        keywords=["Elections"],
        appearances=[
            {"url": "https://video.example/watch/2", "outlet": outlets.channel, "appeared_on": "2026-04-21"},
            {"url": "https://t.me/whispers/2", "outlet": outlets.whispers, "appeared_on": "2026-04-20"},
        ],
        related=[d["video"], d["draft"], d["private"]],
    )
    d["climate"] = add_debunk(
        index,
        slug="climate",
        title="Climate quote missing its context",
        claim="The G20 said climate targets no longer matter",
        verdict=Verdict.MISSING_CONTEXT,
        first_seen="2026-05-02",
        countries=["IN"],
        languages=["hi", "en"],
        keywords=["Climate"],
        appearances=[{"url": "https://social.example/post/5", "platform": "X"}],
    )
    d["ban"] = add_debunk(
        index,
        slug="ban",
        title="No ban on cash announced",
        claim="The G20 will ban cash payments next year",
        claim_summary=f"{SEARCH_WORD} channels say cash will be banned.",
        verdict=Verdict.FALSE,
        first_seen="2026-06-01",
        countries=["ZA"],
        languages=["ru"],
        keywords=["Debt", "Summit"],
        appearances=[{"url": "https://t.me/whispers/3", "outlet": outlets.whispers, "appeared_on": "2026-06-01"}],
    )
    d["withdrawn"] = add_debunk(
        index,
        slug="withdrawn",
        title="Withdrawn debunk",
        claim="A claim that was never made",
        claim_summary=f"{SEARCH_WORD} withdrawn summary.",
        verdict=Verdict.FALSE,
        first_seen="2026-05-20",
        countries=["ZA"],
        languages=["en"],
        keywords=["Summit"],
        appearances=[{"url": "https://rumour.example/withdrawn", "outlet": outlets.daily}],
    )
    withdraw(d["withdrawn"], "Published in error: the claim was never made.")
    d["withdrawn"].refresh_from_db()
    d["video_fr"] = translate_debunk(
        d["video"],
        "fr",
        title="La vidéo des dirigeants qui se disputent a été truquée",
        claim="Une vidéo montre les dirigeants du G20 se disputer",
        claim_summary="Un extrait très partagé montre une dispute entre dirigeants.",
        rating_explanation="L'extrait a été monté à partir de deux enregistrements sans rapport.",
    )
    return SimpleNamespace(
        home=home,
        index=index,
        index_fr=index_fr,
        index_es=index_es,
        statements=statements,
        statement=statement,
        outlets=outlets,
        debunks=d,
    )


@pytest.fixture(scope="module")
def factchecks_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_factchecks_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(factchecks_world, db):
    return factchecks_world
