"""The home page leads with what is new (issue #16, "phone first"): the latest statements, debunks and
newsroom items and the next roundtable meeting, each a domain's ``hub_slot_home_panels`` hook, above the
directory of sections; in the reader's language where translated, otherwise the original marked with its
language; live and public items only; and at a constant number of queries however much there is."""

import datetime
import html as html_module
import io
import re
from itertools import count

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale, PageViewRestriction

from factchecks.models import DebunkPage
from factchecks.wagtail_hooks import latest_debunks_slot
from feeds.models import FeedItem
from feeds.wagtail_hooks import latest_newsroom_slot
from hub.publishing.withdrawal import withdraw
from roundtable.models import RoundtableMeetingPage
from roundtable.wagtail_hooks import next_meeting_slot
from statements.models import StatementPage
from statements.wagtail_hooks import latest_statements_slot

LANGUAGES = ["en", "fr", "es"]
PANELS = ["home-latest-statements", "home-latest-debunks", "home-latest-newsroom", "home-next-meeting"]
IN_ENGLISH = {"fr": "En anglais", "es": "En inglés"}
_unique = count(1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``load_demo`` (every domain's demo) once for the module, rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_pages(demo, db):
    """The demo site, each test in its own savepoint."""


def home_html(client, language: str) -> str:
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    return response.content.decode()


def panel(html: str, panel_id: str) -> str:
    """The HTML of one panel (a <section> labelled by ``panel_id``); fails when it is missing."""
    match = re.search(rf'<section class="home-panel" aria-labelledby="{panel_id}">(.*?)</section>', html, re.S)
    assert match, f"no {panel_id} panel on the home page"
    return match.group(1)


def linked_titles(panel_html: str) -> list[str]:
    return [
        html_module.unescape(re.sub(r"<.*?>", "", title)).strip()
        for title in re.findall(r"<li>\s*<a [^>]*>(.*?)</a>", panel_html, re.S)
    ]


def reader_version(model, translation_key, language: str):
    """The version a reader of ``language`` sees: their language's live one, else the English original."""
    versions = {
        page.locale.language_code: page for page in model.objects.live().filter(translation_key=translation_key)
    }
    return versions.get(language) or versions["en"]


def english(model):
    return model.objects.live().filter(locale__language_code="en")


def copy_page(page, **changes):
    number = next(_unique)
    return page.copy(
        to=page.get_parent(),
        update_attrs={"slug": f"{page.slug}-copy-{number}", "title": f"{page.title} copy {number}", **changes},
        keep_live=True,
        log_action=None,
    ).specific


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_leads_with_what_is_new_then_the_troika_then_the_sections(client, demo_pages, language):
    html = home_html(client, language)

    positions = [html.index(f'aria-labelledby="{panel_id}"') for panel_id in [*PANELS, "troika-heading"]]

    assert positions == sorted(positions)
    assert positions[-1] < html.index('id="home-sections"')
    assert html.index('id="page-title"') < positions[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_latest_statements_are_the_three_newest_in_the_readers_language_or_marked_originals(
    client, demo_pages, language
):
    keys = {page.translation_key for page in StatementPage.objects.live().filter(withdrawn_at__isnull=True)}
    shown = sorted(
        (reader_version(StatementPage, key, language) for key in keys), key=lambda page: (page.date, page.pk)
    )[::-1][:3]

    html = panel(home_html(client, language), "home-latest-statements")

    assert linked_titles(html) == [page.title for page in shown]
    originals = [page for page in shown if page.locale.language_code != language]
    assert html.count('class="language-note"') == len(originals)
    for page in originals:
        assert f'hreflang="{page.locale.language_code}">{page.title}</a>' in html
        assert IN_ENGLISH[language] in html
    assert f'<a href="/{language}/statements/">' in html


def test_a_withdrawn_or_private_statement_leaves_the_panel(client, demo_pages):
    newest, second = english(StatementPage).filter(withdrawn_at__isnull=True).order_by("-date", "-pk")[:2]
    assert newest.title in linked_titles(panel(home_html(client, "en"), "home-latest-statements"))

    withdraw(newest, "Superseded.")
    titles = linked_titles(panel(home_html(client, "en"), "home-latest-statements"))
    assert newest.title not in titles
    assert titles[0] == second.title

    PageViewRestriction.objects.create(page=second, restriction_type=PageViewRestriction.LOGIN)
    assert second.title not in linked_titles(panel(home_html(client, "en"), "home-latest-statements"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_latest_debunks_are_the_three_newest_in_the_readers_language(client, demo_pages, language):
    keys = {page.translation_key for page in DebunkPage.objects.live().filter(withdrawn_at__isnull=True)}
    shown = sorted(
        (reader_version(DebunkPage, key, language) for key in keys),
        key=lambda page: (page.first_published_at, page.pk),
    )[::-1][:3]

    html = panel(home_html(client, language), "home-latest-debunks")

    assert linked_titles(html) == [page.title for page in shown]
    assert html.count('class="language-note"') == sum(page.locale.language_code != language for page in shown)
    assert "verdict verdict--" in html


def test_newsroom_items_say_their_language_when_it_is_not_the_readers(client, demo_pages):
    source = FeedItem.objects.shown().first().source
    spanish = FeedItem.objects.create(
        source=source,
        guid="home-es",
        link="https://example.org/es/noticia",
        normalised_link="https://example.org/es/noticia",
        content_hash="e" * 64,
        title="Noticia de hoy",
        language="es",
        published_at=timezone.now(),
        first_seen_at=timezone.now(),
    )
    FeedItem.objects.create(
        source=source,
        guid="home-hidden",
        link="https://example.org/hidden",
        normalised_link="https://example.org/hidden",
        content_hash="h" * 64,
        title="Hidden by an officer",
        published_at=timezone.now() + datetime.timedelta(minutes=1),
        first_seen_at=timezone.now(),
        hidden=True,
    )

    english_html = panel(home_html(client, "en"), "home-latest-newsroom")
    spanish_html = panel(home_html(client, "es"), "home-latest-newsroom")

    assert linked_titles(english_html)[0].startswith(spanish.title)
    assert "Hidden by an officer" not in english_html
    assert 'lang="es" hreflang="es">Noticia de hoy' in english_html
    assert '<span class="language-note">In Spanish</span>' in english_html
    first_item_es = spanish_html.split("</li>")[0]
    assert "Noticia de hoy" in first_item_es and "language-note" not in first_item_es
    assert '<a href="/en/newsroom/">' in english_html


def test_the_next_meeting_is_the_soonest_not_yet_ended_in_the_readers_language(client, demo_pages):
    template = english(RoundtableMeetingPage).first()
    now = timezone.now()
    copy_page(
        template,
        title="Ended yesterday",
        start=now - datetime.timedelta(days=1, hours=3),
        end=now - datetime.timedelta(days=1),
    )
    soon = copy_page(
        template,
        title="Meeting in two days",
        start=now + datetime.timedelta(days=2),
        end=now + datetime.timedelta(days=2, hours=2),
    )
    copy_page(
        template,
        title="Meeting in a week",
        start=now + datetime.timedelta(days=7),
        end=now + datetime.timedelta(days=7, hours=2),
    )

    english_html = panel(home_html(client, "en"), "home-next-meeting")
    french_html = panel(home_html(client, "fr"), "home-next-meeting")

    assert linked_titles(english_html) == [soon.title]
    assert "language-note" not in english_html
    assert linked_titles(french_html) == [soon.title]  # no French version: the original, marked
    assert f'lang="en" hreflang="en">{soon.title}</a> <span class="language-note">En anglais</span>' in french_html
    assert '<a href="/fr/roundtable/">' in french_html

    translated = soon.copy_for_translation(Locale.objects.get(language_code="fr"))
    translated.title = "Réunion dans deux jours"
    translated.save_revision().publish()
    assert linked_titles(panel(home_html(client, "fr"), "home-next-meeting")) == ["Réunion dans deux jours"]


def test_without_a_meeting_to_come_the_panel_is_left_out(client, demo_pages):
    past = timezone.now() - datetime.timedelta(days=30)
    RoundtableMeetingPage.objects.update(start=past, end=past + datetime.timedelta(hours=2))

    html = home_html(client, "en")

    assert 'aria-labelledby="home-next-meeting"' not in html
    assert 'aria-labelledby="home-latest-statements"' in html


def grow_everything() -> None:
    """Five more of everything the panels list."""
    for model in (StatementPage, DebunkPage):
        original = english(model).first()
        for _ in range(5):
            copy_page(original)
    meeting = english(RoundtableMeetingPage).first()
    for days in range(1, 6):
        start = timezone.now() + datetime.timedelta(days=days)
        copy_page(meeting, start=start, end=start + datetime.timedelta(hours=2))
    item = FeedItem.objects.shown().first()
    for _ in range(5):
        number = next(_unique)
        FeedItem.objects.create(
            source=item.source,
            guid=f"grown-{number}",
            link=f"https://example.org/grown/{number}",
            normalised_link=f"https://example.org/grown/{number}",
            content_hash=f"{number:064d}",
            title=f"Grown {number}",
            language="fr",
            published_at=timezone.now(),
            first_seen_at=timezone.now(),
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_runs_as_many_queries_however_much_there_is(client, demo_pages, language):
    home_html(client, language)  # warm the process-wide caches, as production's first request does
    with CaptureQueriesContext(connection) as before:
        home_html(client, language)

    grow_everything()
    home_html(client, language)
    with CaptureQueriesContext(connection) as after:
        html = home_html(client, language)

    assert len(after) == len(before), [query["sql"][:120] for query in after.captured_queries]
    for panel_id in PANELS:
        assert panel(html, panel_id).count("<li>") == (1 if panel_id == "home-next-meeting" else 3)


@pytest.mark.parametrize(
    "slot", [latest_statements_slot, latest_debunks_slot, latest_newsroom_slot, next_meeting_slot], ids=PANELS
)
def test_each_panel_costs_a_few_queries(demo_pages, slot, django_assert_max_num_queries):
    request = RequestFactory().get("/fr/")
    with translation.override("fr"):
        slot({"request": request}, 2)  # warm the site's root paths, as the page's layout does
        request = RequestFactory().get("/fr/")
        # Its items, its section (for "All …"), the default locale; and, alone here but shared with the rest
        # of a real page, the reader's locale, the locales' codes and the site.
        with django_assert_max_num_queries(6):
            html = slot({"request": request}, 2)
    assert "<li>" in html


def test_a_hostile_query_string_on_the_home_page_changes_nothing(client, demo_pages):
    response = client.get("/en/", {"page": "<script>", "q": "x" * 5000})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]
    assert 'aria-labelledby="home-latest-statements"' in response.content.decode()
