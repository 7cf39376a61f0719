"""Query budgets of the public pages (issue #8: uncached, every page type under 20 SQL queries).

The demo site (``manage.py load_demo``) is built once for the module. Each page type is
requested anonymously with the test client, page cache off (test settings), and:

- answers within the budget (19 queries), and
- runs the same number of queries once more of what it lists has been added (no N+1): more
  debunks on the database view, more appearances and links on a debunk, more feed items on
  the newsroom, and so on.

One warm-up request comes first, as in production: it fills the process-wide caches (content
types, the site's root paths) that every later request finds warm.
"""

import datetime
import io
from collections.abc import Callable
from itertools import count

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from factchecks.models import DebunkPage, DebunkRelatedDebunk, FactCheckIndexPage
from feeds.models import FeedItem, NewsroomPage
from hub.models import ContentPage, HomePage, Topic
from library.models import LibraryAuthor, LibraryItemPage
from presidencies.models import PresidencyPage
from roundtable.models import (
    Commitment,
    MeetingStatus,
    RoundtableIndexPage,
    RoundtableMeetingPage,
)
from statements.models import StatementPage, StatementRelatedLink
from tests.factories import ContentPageFactory, OrganisationFactory, TopicFactory

BUDGET = 19  # "under 20 SQL queries"
MORE = 5  # how many more items the growth tests add
SEARCH_WORD = "information"

_unique = count(1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module, rolled back after it (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def english(model):
    return model.objects.live().filter(locale__language_code="en")


def path_on_main_site(page: Page) -> str:
    """The page's path on the default site (the test client's host falls back on it)."""
    site_id, _root_url, page_path = page.get_url_parts()
    assert site_id == Site.objects.get(is_default_site=True).pk, f"{page} is not on the main site"
    return page_path


def on_main_site(queryset):
    default_site = Site.objects.get(is_default_site=True)
    return [page for page in queryset if page.get_url_parts()[0] == default_site.pk]


def home() -> HomePage:
    return english(HomePage).get()


def presidency() -> PresidencyPage:
    # The one with the most sections, on the main site.
    presidencies = english(PresidencyPage).order_by("-numchild", "year")
    return on_main_site(presidencies)[0]


def statement() -> StatementPage:
    return on_main_site(english(StatementPage).order_by("path"))[0]


def library_item() -> LibraryItemPage:
    return on_main_site(english(LibraryItemPage).order_by("path"))[0]


def debunk() -> DebunkPage:
    return english(DebunkPage).annotate(shown=Count("appearances")).order_by("-shown", "path").first()


def meeting() -> RoundtableMeetingPage:
    return english(RoundtableMeetingPage).filter(status=MeetingStatus.PUBLISHED).order_by("path").first()


def roundtable() -> RoundtableIndexPage:
    return english(RoundtableIndexPage).get()


URLS: dict[str, Callable[[], str]] = {
    "home": lambda: path_on_main_site(home()),
    "presidency": lambda: path_on_main_site(presidency()),
    "statement": lambda: path_on_main_site(statement()),
    "library item": lambda: path_on_main_site(library_item()),
    "debunk": lambda: path_on_main_site(debunk()),
    "fact-check database": lambda: path_on_main_site(english(FactCheckIndexPage).get()),
    "newsroom": lambda: path_on_main_site(english(NewsroomPage).get()),
    "roundtable meeting": lambda: path_on_main_site(meeting()),
    "commitments tracker": lambda: path_on_main_site(roundtable()) + "commitments/",
    "search": lambda: f"/en/search/?q={SEARCH_WORD}",
}


def queries_of(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries), [query["sql"] for query in captured.captured_queries]


# --- What each page lists, and how to add more of it ----------------------------------------------


def clone(instance, **changes):
    """A copy of a plain row (not a page) with ``changes``."""
    copy = type(instance).objects.get(pk=instance.pk)
    copy.pk = None
    copy.id = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def more_menu_sections() -> None:
    parent = home()
    for _ in range(MORE):
        ContentPageFactory(parent=parent, show_in_menus=True, title=f"Section {next(_unique)}")


def more_presidency_sections() -> None:
    parent = presidency()
    for _ in range(MORE):
        ContentPageFactory(parent=parent, title=f"Presidency section {next(_unique)}")


def more_statement_links_and_topics() -> None:
    page = statement()
    targets = on_main_site(english(StatementPage).exclude(pk=page.pk).order_by("path"))
    targets += on_main_site(english(ContentPage).order_by("path"))
    for target in targets[:MORE]:
        StatementRelatedLink.objects.create(statement=page, page=target)
    en = page.locale
    for _ in range(MORE):
        page.topics.add(TopicFactory(locale=en, name=f"Topic {next(_unique)}"))
    page.save()


def more_library_authors() -> None:
    item = library_item()
    author = LibraryAuthor.objects.filter(item=item).first() or LibraryAuthor.objects.create(item=item, name="A")
    for _ in range(MORE):
        clone(author, name=f"Author {next(_unique)}", sort_order=100 + next(_unique))
    for topic in Topic.objects.filter(locale=item.locale)[:MORE]:
        item.topics.add(topic)
    item.save()


def more_debunk_parts() -> None:
    page = debunk()
    appearance = page.appearances.first()
    evidence = page.evidence.first()
    for _ in range(MORE):
        number = next(_unique)
        clone(appearance, url=f"https://example.org/claim-{number}", sort_order=100 + number)
        if evidence is not None:
            clone(evidence, url=f"https://example.org/source-{number}", sort_order=100 + number)
    linked = set(page.related_debunk_links.values_list("page_id", flat=True))
    others = english(DebunkPage).exclude(pk=page.pk).exclude(pk__in=linked).order_by("path")[:MORE]
    for other in others:
        DebunkRelatedDebunk.objects.create(debunk=page, page=other)


def more_debunks() -> None:
    original = english(DebunkPage).order_by("path").first()
    parent = original.get_parent()
    for _ in range(MORE):
        number = next(_unique)
        original.copy(
            to=parent,
            update_attrs={"slug": f"grown-debunk-{number}", "title": f"Grown debunk {number}", "case_id": ""},
            keep_live=True,
            log_action=None,
        )


def more_feed_items() -> None:
    original = FeedItem.objects.filter(hidden=False, duplicate_of__isnull=True).order_by("-published_at").first()
    for _ in range(MORE):
        number = next(_unique)
        clone(
            original,
            guid=f"grown-{number}",
            link=f"https://example.org/news/{number}",
            normalised_link=f"https://example.org/news/{number}",
            content_hash=f"{number:064d}",
            title=f"Grown item {number}",
            published_at=timezone.now() - datetime.timedelta(minutes=number),
            first_seen_at=timezone.now(),
            featured=False,
        )


def more_meeting_parts() -> None:
    page = meeting()
    participant = page.participants.first()
    agenda_item = page.agenda_items.first()
    for _ in range(MORE):
        number = next(_unique)
        clone(participant, organisation=OrganisationFactory(), sort_order=100 + number)
        if agenda_item is not None:
            clone(agenda_item, sort_order=100 + number)


def more_commitments() -> None:
    original = Commitment.objects.public().order_by("pk").first()
    for _ in range(MORE):
        number = next(_unique)
        clone(original, owner=OrganisationFactory(), source_block_id="", text=f"Grown commitment {number}")


def more_search_hits() -> None:
    # Copies of a statement the search finds: more hits of a type already among the results (each
    # page type costs the search view one query for its specific rows, whatever the number of hits).
    found = [page for page in english(StatementPage).order_by("path") if SEARCH_WORD in str(page.body).lower()]
    original = found[0] if found else statement()
    for _ in range(MORE):
        number = next(_unique)
        original.copy(
            to=original.get_parent(),
            update_attrs={"slug": f"grown-statement-{number}", "title": f"{SEARCH_WORD.title()} statement {number}"},
            keep_live=True,
            log_action=None,
        )


GROW: dict[str, Callable[[], None]] = {
    "home": more_menu_sections,
    "presidency": more_presidency_sections,
    "statement": more_statement_links_and_topics,
    "library item": more_library_authors,
    "debunk": more_debunk_parts,
    "fact-check database": more_debunks,
    "newsroom": more_feed_items,
    "roundtable meeting": more_meeting_parts,
    "commitments tracker": more_commitments,
    "search": more_search_hits,
}


@pytest.mark.parametrize("kind", URLS)
def test_page_is_within_the_query_budget(demo, db, client, django_assert_max_num_queries, kind):
    url = URLS[kind]()
    client.get(url)  # warm-up
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert not response.has_header("Set-Cookie")  # anonymous, nothing that would defeat the page cache


@pytest.mark.parametrize("kind", URLS)
def test_query_count_does_not_grow_with_what_the_page_lists(demo, db, client, kind):
    url = URLS[kind]()
    client.get(url)  # warm-up
    before, _ = queries_of(client, url)
    page_before = client.get(url).content
    GROW[kind]()
    client.get(url)  # warm-up again: new content types or images fill their caches once
    after, sql = queries_of(client, url)
    # The page shows what was added (else the test would prove nothing)...
    assert client.get(url).content != page_before, f"{kind}: the added items do not show"
    # ...at no extra query (on PostgreSQL the ranked search may put fewer page types on page one: fewer is fine).
    assert after <= before, f"{kind}: {before} queries before, {after} with {MORE} more items:\n" + "\n".join(sql)


# --- The listings' filter forms: written without templates, the same markup as Django's ----------


def _listings():
    from factchecks.filters import FactCheckFilter
    from feeds.filters import NewsroomFilter
    from library.models import LibraryFilter, LibraryIndexPage
    from roundtable.filters import CommitmentFilter
    from statements.models import StatementFilter, StatementIndexPage

    return {
        "fact-checks": (FactCheckFilter, lambda: english(FactCheckIndexPage).get().listing_queryset()),
        "newsroom": (NewsroomFilter, lambda: english(NewsroomPage).get().listing_queryset()),
        "commitments": (CommitmentFilter, Commitment.objects.tracker),
        "statements": (StatementFilter, lambda: english(StatementIndexPage).get().listing_queryset()),
        "library": (LibraryFilter, lambda: english(LibraryIndexPage).get().listing_queryset()),
    }


@pytest.mark.parametrize("kind", ["fact-checks", "newsroom", "commitments", "statements", "library"])
@pytest.mark.parametrize(
    "query",
    ["", "q=summit&country=ZA&language=en&verdict=false", "q=%3Cb%3E%22x&year=abc&organisation=abc&source=1&page=2"],
)
def test_listing_filter_form_markup_is_djangos(demo, db, rf, kind, query):
    from django.forms.renderers import get_default_renderer
    from django.http import QueryDict

    from hub.listings.form_rendering import LISTING_FORM_RENDERER
    from hub.listings.indexes import build_listing

    filterset_class, queryset = _listings()[kind]
    listing = build_listing(filterset_class, QueryDict(query), queryset(), request=rf.get(f"/en/?{query}"))
    form = listing.filterset.form
    assert form.renderer is LISTING_FORM_RENDERER
    fast = [str(field) for field in form]
    form.renderer = get_default_renderer()
    assert [str(field) for field in form] == fast
    assert any("<select" in html for html in fast)
