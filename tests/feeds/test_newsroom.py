"""The newsroom page, its feeds, the items and sources API, the admin, and the demo content."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import feedparser
import pytest
import wagtail.admin
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feeds import demo as feeds_demo
from feeds.ingest import ingest
from feeds.models import FeedItem, NewsroomPage, Source, SourceKind
from feeds.parsing import parse
from hub.demo.content import ensure_home, ensure_topics

from .conftest import RSS


@pytest.fixture
def newsroom(db) -> NewsroomPage:
    out = io.StringIO()
    ensure_home(out)
    ensure_topics(out)
    feeds_demo.load(out)
    return NewsroomPage.objects.get(locale__language_code="en")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def titles(soup) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup.select("ol.result-list .result__title")]


def test_demo_fills_the_newsroom_through_ingest_and_is_idempotent(newsroom):
    assert FeedItem.objects.count() == 8
    # The Spanish summary of the strategic-communication review links to the same article: a duplicate.
    duplicate = FeedItem.objects.get(guid="tag:verificadores.example,2026:1190")
    assert duplicate.duplicate_of.guid == "stratcom-review-2026-46"
    before = list(FeedItem.objects.order_by("pk").values())
    feeds_demo.load(io.StringIO())
    assert list(FeedItem.objects.order_by("pk").values()) == before
    assert NewsroomPage.objects.count() == 3


def test_newsroom_lists_items_once_newest_first_with_source_and_link(newsroom, client):
    response = client.get("/en/newsroom/")
    assert response.status_code == 200
    soup = soup_of(response)
    shown = titles(soup)
    assert len(shown) == 6  # 8 items, one duplicate left out, the featured one above the list
    # The featured item heads the page.
    first = soup.select_one(".featured-items li.result")
    assert (
        first.select_one(".result__title")
        .get_text(" ", strip=True)
        .startswith("Disinformation review: claims about the G20 finance track")
    )
    assert first.select_one(".source-name").get_text() == "Strategic Communication Unit (demo)"
    assert first.select_one("a")["href"] == "https://stratcom.example/review/2026-46"
    assert "noopener" in first.select_one("a")["rel"]
    assert soup.select_one("p.results-count").get_text(strip=True) == "7 items from partners"


def featured_titles(soup) -> list[str]:
    return [a.get_text(" ", strip=True) for a in soup.select(".featured-items .result__title")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_featured_item_is_not_repeated_below_it(newsroom, client, language):
    soup = soup_of(client.get(f"/{language}/newsroom/"))
    featured = featured_titles(soup)
    assert len(featured) == 1
    assert featured[0].startswith("Disinformation review: claims about the G20 finance track (")
    assert set(featured).isdisjoint(titles(soup))
    assert not [title for title in titles(soup) if title.startswith("Disinformation review")]
    # Every shown item once, featured or listed.
    assert len(featured) + len(titles(soup)) == FeedItem.objects.shown().count() == 7


def test_the_featured_item_is_listed_in_its_place_when_filtering(newsroom, client):
    soup = soup_of(client.get("/en/newsroom/?kind=fact_checker"))
    assert featured_titles(soup) == []
    featured = FeedItem.objects.get(guid="stratcom-review-2026-46")
    unfiltered = soup_of(client.get(f"/en/newsroom/?source={featured.source_id}"))
    assert featured_titles(unfiltered) == []
    assert [title for title in titles(unfiltered) if title.startswith(featured.title + " (")]


def test_the_featured_items_stay_out_of_every_page_of_the_list(newsroom, client, monkeypatch):
    import functools

    from hub.listings import indexes

    monkeypatch.setattr(indexes, "build_listing", functools.partial(indexes.build_listing, page_size=4))
    first = soup_of(client.get("/en/newsroom/"))
    second = soup_of(client.get("/en/newsroom/?page=2"))
    listed = titles(first) + titles(second)
    assert featured_titles(second) == []
    assert len(listed) == len(set(listed)) == 6
    assert set(featured_titles(first)).isdisjoint(listed)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind=fact_checker", 2),
        ("?country=fr", 2),
        ("?language=es", 2),
        ("?q=efectivo", 1),
        ("?kind=research&language=fr", 2),
        ("?topic=finance-track", 2),
    ],
)
def test_newsroom_filters(newsroom, client, query, expected):
    response = client.get("/en/newsroom/" + query)
    assert response.status_code == 200
    assert len(titles(soup_of(response))) == expected


def test_newsroom_source_filter(newsroom, client):
    source = Source.objects.get(kind=SourceKind.RESEARCH)
    assert len(titles(soup_of(client.get(f"/en/newsroom/?source={source.pk}")))) == 2


@pytest.mark.parametrize("query", ["?kind=nonsense", "?source=999999", "?country=XX"])
def test_bad_filters_answer_400(newsroom, client, query):
    assert client.get("/en/newsroom/" + query).status_code == 400
    assert client.get("/en/newsroom/rss/" + query).status_code == 400


def test_include_is_a_feed_option(newsroom, client):
    assert client.get("/en/newsroom/json/?include=everything").status_code == 400
    form = BeautifulSoup(client.get("/en/newsroom/").content, "html.parser").select_one("form.filter-form")
    assert form.select_one("[name=include]") is None


def test_hidden_items_leave_the_newsroom_and_feeds(newsroom, client):
    FeedItem.objects.filter(guid="stratcom-guide-2026-07").update(hidden=True)
    assert "Guide: spotting AI-generated videos of public officials" not in titles(soup_of(client.get("/en/newsroom/")))
    parsed = feedparser.parse(client.get("/en/newsroom/rss/").content)
    assert all("Guide: spotting" not in entry.title for entry in parsed.entries)


def test_feeds_follow_the_filters_and_can_include_the_hub(newsroom, client):
    parsed = feedparser.parse(client.get("/en/newsroom/atom/?kind=research").content)
    assert len(parsed.entries) == 2
    assert parsed.entries[0].link.startswith("https://observatory.example/")
    plain = json.loads(client.get("/en/newsroom/json/").content)
    assert len(plain["items"]) == 7
    with_hub = client.get("/en/newsroom/json/?include=hub")
    assert with_hub.status_code == 200
    assert len(json.loads(with_hub.content)["items"]) >= 7
    assert client.get("/en/newsroom/rss/?kind=nonsense").status_code == 400


def test_newsroom_queries_do_not_grow_with_items(newsroom, client):
    def count() -> int:
        cache.clear()
        client.get("/en/newsroom/")
        with CaptureQueriesContext(connection) as context:
            assert client.get("/en/newsroom/").status_code == 200
        return len(context.captured_queries)

    few = count()
    source = Source.objects.create(name="Busy partner", feed_url="https://busy.example/feed")
    items = "".join(
        f"<item><title>Item {n}</title><guid>b-{n}</guid><link>https://busy.example/{n}</link></item>"
        for n in range(30)
    )
    ingest(source, parse(f'<rss version="2.0"><channel><title>B</title>{items}</channel></rss>'.encode()))
    assert count() == few


def test_items_api(newsroom, client):
    data = client.get("/api/v1/items/").json()
    assert data["count"] == 7
    first = data["results"][0]
    assert first["link"] == "https://stratcom.example/review/2026-46"
    assert first["source"]["name"] == "Strategic Communication Unit (demo)"
    assert "finance-track" in first["topics"]
    assert client.get("/api/v1/items/?kind=fact_checker").json()["count"] == 2
    assert client.get("/api/v1/items/?since=2100-01-01T00:00:00Z").json()["count"] == 0
    assert client.get("/api/v1/items/?kind=nonsense").status_code == 400


def test_sources_api_shows_health_to_staff_only(newsroom, client):
    public = client.get("/api/v1/sources/").json()["results"][0]
    assert "last_error" not in public and "feed_url" in public
    staff = get_user_model().objects.create_user("officer", password="x", is_staff=True)
    client.force_login(staff)
    assert "last_error" in client.get("/api/v1/sources/").json()["results"][0]


def test_admin_poll_now_and_dashboard_panel(newsroom, client, settings):
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(admin)
    source = Source.objects.create(name="Broken partner", feed_url="http://10.9.9.9/feed", consecutive_failures=3)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    assert "Feed health" in dashboard.content.decode()
    assert "Broken partner" in dashboard.content.decode()
    edit = client.get(reverse("wagtailsnippets_feeds_source:edit", args=[source.pk]))
    assert edit.status_code == 200 and "Poll now" in edit.content.decode()
    assert client.get(reverse("feeds_poll_now", args=[source.pk])).status_code == 405
    response = client.post(reverse("feeds_poll_now", args=[source.pk]), {"next": "/admin/"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    source.refresh_from_db()
    assert source.consecutive_failures == 4
    assert "non-public" in source.last_error
    items = client.get(reverse("wagtailsnippets_feeds_feeditem:list"))
    assert items.status_code == 200


def test_poll_now_needs_permission(newsroom, client):
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    source = Source.objects.first()
    assert client.post(reverse("feeds_poll_now", args=[source.pk])).status_code in (302, 403)
    assert Source.objects.get(pk=source.pk).last_attempt_at is None


def test_fixture_feed_is_ingestible():
    assert len(parse(RSS).entries) == 2


@pytest.fixture
def feeds_officer(db):
    """An office member who looks after the partner feeds (feeds permissions only, no superuser)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Feed keepers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="feeds", codename__in=["view_source", "change_source"]),
    )
    user = get_user_model().objects.create_user("feeds-officer", password="x")
    user.groups.add(group)
    return user


def feed_health(client) -> str:
    html = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = html.find(id="feed-health-heading")
    assert panel is not None
    return " ".join(panel.find_parent("section").get_text(" ").split())


def test_feed_health_before_any_source_or_poll_claims_nothing(client, feeds_officer):
    client.force_login(feeds_officer)
    assert "No active sources yet" in feed_health(client)
    assert "healthy" not in feed_health(client)

    Source.objects.create(name="New partner", feed_url="https://partner.example/feed.xml")
    text = feed_health(client)
    assert "All 1 active source is healthy" not in text
    assert "0 of 1 active sources are healthy" in text
    assert "1 active source has not been polled yet" in text


def test_feed_health_counts_only_sources_that_answered(client, feeds_officer):
    from django.utils import timezone

    now = timezone.now()
    Source.objects.create(name="Answered", feed_url="https://a.example/feed", last_attempt_at=now, last_success_at=now)
    Source.objects.create(name="Never polled", feed_url="https://b.example/feed")
    client.force_login(feeds_officer)
    text = feed_health(client)
    assert "1 of 2 active sources is healthy" in text
    assert "1 active source has not been polled yet" in text
    Source.objects.filter(name="Never polled").update(last_attempt_at=now, last_success_at=now)
    assert "All 2 active sources are healthy" in feed_health(client)


def test_the_newsroom_menu_item_has_an_icon(client, feeds_officer):
    """Wagtail has no "rss" icon: a menu item naming it showed no icon at all."""
    client.force_login(feeds_officer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    item = re.search(r'"name": "newsroom-feeds", "label": "[^"]+", "icon_name": "([\w-]+)"', html)
    assert item is not None
    icons = Path(wagtail.admin.__file__).parent / "templates" / "wagtailadmin" / "icons"
    assert (icons / f"{item[1]}.svg").exists(), item[1]
