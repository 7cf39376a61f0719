"""Ingest: idempotent upsert by GUID, then normalised link, then content hash; first-seen kept;
cross-source duplicates linked; nothing removed when a feed empties."""

from __future__ import annotations

import datetime

import pytest

from feeds.ingest import ingest, normalise_link
from feeds.models import FeedItem, Source
from feeds.parsing import parse

T0 = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)
T1 = T0 + datetime.timedelta(hours=1)


def rss(*items: str) -> bytes:
    body = "".join(items)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Partner</title>'
        f"<link>https://partner.example/</link>{body}</channel></rss>"
    ).encode()


def item(
    title: str, guid: str = "", link: str = "", date: str = "Mon, 16 Nov 2026 10:00:00 GMT", text: str = ""
) -> str:
    parts = [f"<title>{title}</title>", f"<pubDate>{date}</pubDate>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link:
        parts.append(f"<link>{link}</link>")
    if text:
        parts.append(f"<description>{text}</description>")
    return "<item>" + "".join(parts) + "</item>"


@pytest.fixture
def source(db) -> Source:
    return Source.objects.create(name="Partner", feed_url="https://partner.example/feed.xml", default_language="en")


@pytest.fixture
def other(db) -> Source:
    return Source.objects.create(name="Other partner", feed_url="https://other.example/rss")


def run(source: Source, document: bytes, now=T0):
    return ingest(source, parse(document, now=now + datetime.timedelta(days=30)), now=now)


FEED = rss(
    item("First", guid="a-1", link="https://partner.example/news/1"),
    item("Second", guid="a-2", link="https://partner.example/news/2", text="&lt;p&gt;Body&lt;/p&gt;"),
)


def test_new_items_are_created_with_cleaned_fields(source):
    report = run(source, FEED)
    assert (report.new, report.updated, report.unchanged) == (2, 0, 0)
    second = FeedItem.objects.get(guid="a-2")
    assert second.title == "Second"
    assert second.summary == "<p>Body</p>"
    assert second.language == "en"
    assert second.first_seen_at == T0
    assert second.published_at == datetime.datetime(2026, 11, 16, 10, 0, tzinfo=datetime.UTC)


def test_the_same_feed_twice_changes_nothing(source):
    run(source, FEED)
    before = list(FeedItem.objects.order_by("pk").values())
    report = run(source, FEED, now=T1)
    assert (report.new, report.updated, report.unchanged) == (0, 0, 2)
    assert list(FeedItem.objects.order_by("pk").values()) == before


def test_reordered_items_change_nothing(source):
    run(source, FEED)
    reordered = rss(
        item("Second", guid="a-2", link="https://partner.example/news/2", text="&lt;p&gt;Body&lt;/p&gt;"),
        item("First", guid="a-1", link="https://partner.example/news/1"),
    )
    assert run(source, reordered, now=T1).unchanged == 2


def test_an_edited_item_is_updated_and_keeps_its_first_seen_time(source):
    run(source, FEED)
    edited = rss(item("First, corrected", guid="a-1", link="https://partner.example/news/1"))
    report = run(source, edited, now=T1)
    assert (report.new, report.updated) == (0, 1)
    first = FeedItem.objects.get(guid="a-1")
    assert first.title == "First, corrected"
    assert first.first_seen_at == T0


def test_an_empty_or_shorter_feed_removes_nothing(source):
    run(source, FEED)
    run(source, rss(), now=T1)
    run(source, rss(item("First", guid="a-1", link="https://partner.example/news/1")), now=T1)
    assert FeedItem.objects.count() == 2


def test_without_guids_identity_is_the_normalised_link(source):
    run(source, rss(item("No guid", link="http://www.partner.example/news/3/?utm_source=x#top")))
    report = run(source, rss(item("No guid, edited", link="https://partner.example/news/3")), now=T1)
    assert (report.new, report.updated) == (0, 1)
    assert FeedItem.objects.get().title == "No guid, edited"


def test_without_guid_or_link_identity_is_the_content_hash(source):
    bare = rss(item("Bare item", text="Only text"))
    run(source, bare)
    assert run(source, bare, now=T1).unchanged == 1
    assert run(source, rss(item("Bare item", text="Other text")), now=T1).new == 1
    assert FeedItem.objects.count() == 2


def test_an_item_seen_from_another_source_is_a_duplicate(source, other):
    run(source, FEED)
    report = run(other, rss(item("Republished", guid="b-9", link="https://partner.example/news/1?utm_medium=rss")), T1)
    assert (report.new, report.duplicates) == (1, 1)
    copy = FeedItem.objects.get(source=other)
    assert copy.duplicate_of == FeedItem.objects.get(guid="a-1")


def test_missing_dates_fall_back_to_first_seen(source):
    run(source, rss(item("Undated", guid="u", date="")))
    assert FeedItem.objects.get().published_at == T0


def test_skipped_entries_are_counted(source):
    parsed = parse(FEED, now=T0 + datetime.timedelta(days=30))
    parsed.skipped = 2
    assert ingest(source, parsed, now=T0).skipped == 2


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://partner.example/a", "https://partner.example/a"),
        ("HTTP://WWW.Partner.Example:80/a/", "https://partner.example/a"),
        ("https://partner.example/a?b=2&a=1&utm_campaign=x&fbclid=y#frag", "https://partner.example/a?a=1&b=2"),
        ("https://partner.example:8443/a", "https://partner.example:8443/a"),
        ("", ""),
    ],
)
def test_normalise_link(link, expected):
    assert normalise_link(link) == expected


def test_new_items_are_announced_after_the_commit(source, django_capture_on_commit_callbacks):
    """Other domains (the taskforce's early warning) learn of new items through ``items_ingested``,
    with their ids, once they are committed; a run that adds nothing announces nothing."""
    from feeds.signals import items_ingested

    heard = []

    def listener(sender, source, item_ids, **kwargs):
        heard.append((source.pk, sorted(item_ids)))

    items_ingested.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run(source, FEED)
        assert heard == []  # not before the commit
        for callback in callbacks:
            callback()
        assert heard == [(source.pk, sorted(FeedItem.objects.filter(source=source).values_list("pk", flat=True)))]
        with django_capture_on_commit_callbacks(execute=True):
            run(source, FEED, now=T1)
        assert len(heard) == 1
    finally:
        items_ingested.disconnect(listener)
