"""Polling, scheduling and the commands around it, against a local partner server."""

from __future__ import annotations

import datetime
import io
import random
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from feeds import tasks
from feeds.models import FeedItem, Source
from feeds.polling import backoff, due_source_ids, poll_source

from .conftest import FIXTURES, FeedHandler


@pytest.fixture
def source(db, feed_server, feed_settings) -> Source:
    return Source.objects.create(name="Partner", feed_url=f"{feed_server}/feed.xml", default_language="en")


def reload(source: Source) -> Source:
    return Source.objects.get(pk=source.pk)


def test_a_poll_ingests_and_records_health(source):
    before = timezone.now()
    outcome = poll_source(source.pk)
    assert outcome.status == "new content"
    assert (outcome.report.new, outcome.report.updated) == (2, 0)
    source = reload(source)
    assert source.last_status == 200
    assert source.consecutive_failures == 0
    assert source.etag == '"rss-1"'
    assert source.last_success_at >= before
    assert source.next_poll_at == source.last_success_at + datetime.timedelta(seconds=source.min_interval)
    meeting = FeedItem.objects.get(guid="partner-2026-102")
    assert "script" not in meeting.summary and "onclick" not in meeting.summary


def test_the_second_poll_is_conditional_and_costs_no_parsing(source, monkeypatch):
    poll_source(source.pk)

    def no_parsing(*args, **kwargs):
        raise AssertionError("a 304 must not be parsed")

    monkeypatch.setattr("feeds.polling.parse", no_parsing)
    assert poll_source(source.pk).status == "not modified"
    assert reload(source).last_status == 304
    assert FeedItem.objects.count() == 2


def test_failures_back_off_and_a_success_resets(source, feed_server):
    Source.objects.filter(pk=source.pk).update(feed_url=f"{feed_server}/busy.xml")
    now = timezone.now()
    outcome = poll_source(source.pk, now=now)
    assert outcome.failed and "wait" in outcome.error
    failed = reload(source)
    assert (failed.consecutive_failures, failed.last_status) == (1, 429)
    # Retry-After: 3600 wins over the first back-off step (about 30 minutes).
    assert failed.next_poll_at >= now + datetime.timedelta(seconds=3600)
    poll_source(source.pk, now=now)
    assert reload(source).consecutive_failures == 2
    Source.objects.filter(pk=source.pk).update(feed_url=f"{feed_server}/feed.xml")
    poll_source(source.pk, now=now)
    healed = reload(source)
    assert (healed.consecutive_failures, healed.last_error, healed.last_status) == (0, "", 200)


def test_a_page_that_is_not_a_feed_fails_and_removes_nothing(source, feed_server):
    poll_source(source.pk)
    Source.objects.filter(pk=source.pk).update(feed_url=f"{feed_server}/not-a-feed", etag="")
    outcome = poll_source(source.pk)
    assert outcome.failed and "not a readable" in outcome.error
    assert FeedItem.objects.count() == 2


def test_a_private_address_is_refused_without_connecting(db, settings):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    settings.FEEDS_MIN_HOST_INTERVAL = 0
    FeedHandler.requests.clear()
    source = Source.objects.create(name="Inside", feed_url="http://10.0.0.5/feed.xml")
    outcome = poll_source(source.pk)
    assert outcome.failed and "non-public" in outcome.error
    assert reload(source).last_error.startswith("10.0.0.5 points to a non-public address")


def test_one_worker_at_a_time(source):
    cache.add(f"feeds:poll:{source.pk}", "another worker", 60)
    FeedHandler.requests.clear()
    assert poll_source(source.pk).status == "busy"
    assert FeedHandler.requests == []


def test_a_host_is_not_hit_twice_within_the_interval(source, feed_server, feed_settings):
    feed_settings.FEEDS_MIN_HOST_INTERVAL = 60
    sibling = Source.objects.create(name="Sibling", feed_url=f"{feed_server}/feed.xml?lang=fr")
    now = timezone.now()
    assert poll_source(source.pk, now=now).status == "new content"
    assert poll_source(sibling.pk, now=now).status == "deferred"
    assert reload(sibling).next_poll_at == now + datetime.timedelta(seconds=60)


def test_inactive_sources_are_not_polled(source):
    Source.objects.filter(pk=source.pk).update(active=False)
    assert poll_source(source.pk).status == "inactive"
    assert poll_source(987654).status == "inactive"


def test_backoff_grows_exponentially_with_jitter_up_to_the_longest_interval():
    source = Source(min_interval=900, max_interval=86400)
    random.seed(1)
    for failures in range(1, 12):
        wait = backoff(source, failures).total_seconds()
        nominal = min(86400, 900 * 2**failures)
        assert 0.8 * nominal <= wait <= min(86400, 1.2 * nominal)
    assert backoff(source, 50).total_seconds() <= 86400
    assert backoff(source, 1, datetime.timedelta(hours=5)) == datetime.timedelta(hours=5)
    assert backoff(source, 1, datetime.timedelta(days=9)) == datetime.timedelta(days=1)


def test_due_sources(db):
    now = timezone.now()
    never = Source.objects.create(name="Never polled", feed_url="https://a.example/feed")
    past = Source.objects.create(name="Due", feed_url="https://b.example/feed", next_poll_at=now)
    Source.objects.create(name="Later", feed_url="https://c.example/feed", next_poll_at=now + datetime.timedelta(1))
    Source.objects.create(name="Off", feed_url="https://d.example/feed", active=False)
    # Order of never-polled sources differs between databases (NULLs first or last): compare as sets.
    assert set(due_source_ids(now)) == {past.pk, never.pk}


def test_the_beat_task_polls_every_due_source(source):
    # Celery runs eagerly in the test settings: .delay() runs the task in place.
    assert tasks.poll_due_sources() == 1
    assert FeedItem.objects.count() == 2
    assert tasks.poll_due_sources() == 0  # next poll is min_interval away


def test_the_beat_schedule_names_the_task(settings):
    assert settings.CELERY_BEAT_SCHEDULE["feeds-poll-due-sources"]["task"] == "feeds.tasks.poll_due_sources"


# Commands ---------------------------------------------------------------------------------------


def test_poll_feeds_summarises_and_exits_zero_when_some_fail(source, feed_server):
    Source.objects.create(name="Busy partner", feed_url=f"{feed_server}/busy.xml")
    out, err = io.StringIO(), io.StringIO()
    call_command("poll_feeds", stdout=out, stderr=err)
    text = out.getvalue()
    assert "1 failed" in text and "1 new content" in text
    assert "Items: 2 new, 0 updated, 0 unchanged" in text
    assert "Failed: Busy partner" in text
    assert "Polling" in err.getvalue()  # the progress bar


def test_poll_feeds_for_one_source(source):
    out = io.StringIO()
    call_command("poll_feeds", "--source", str(source.pk), "--no-progress", stdout=out)
    assert "1 new content" in out.getvalue()
    with pytest.raises(CommandError, match="no source 424242"):
        call_command("poll_feeds", "--source", "424242", stdout=io.StringIO())


def test_ingest_feed_file(source):
    out = io.StringIO()
    call_command("ingest_feed_file", "--source", str(source.pk), str(FIXTURES / "partner-rss.xml"), stdout=out)
    assert "2 new" in out.getvalue()
    call_command("ingest_feed_file", "--source", str(source.pk), str(FIXTURES / "partner-rss.xml"), stdout=out)
    assert FeedItem.objects.count() == 2
    with pytest.raises(CommandError, match="not a readable file"):
        call_command("ingest_feed_file", "--source", str(source.pk), "/nonexistent.xml")


def test_ingest_feed_file_refuses_declarations(source, tmp_path):
    bad = tmp_path / "xxe.xml"
    bad.write_bytes(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>')
    with pytest.raises(CommandError, match="DOCTYPE or entities"):
        call_command("ingest_feed_file", "--source", str(source.pk), str(bad))


@pytest.mark.parametrize(
    "address",
    ["http://127.0.0.1/feed", "file:///etc/passwd", "http://169.254.169.254/", "http://2130706433/", "feed.xml"],
)
def test_add_source_refuses_at_once(db, settings, address):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(CommandError, match="Refused"):
        call_command("add_source", address, stdout=io.StringIO())
    assert not Source.objects.exists()


def test_add_source(db):
    out = io.StringIO()
    call_command("add_source", "https://93.184.216.34/feed.xml", "--name", "Partner", "--kind", "research", stdout=out)
    source = Source.objects.get()
    assert (source.name, source.kind) == ("Partner", "research")
    with pytest.raises(CommandError, match="already a source"):
        call_command("add_source", "https://93.184.216.34/feed.xml", stdout=io.StringIO())


OPML = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0"><head><title>Partners</title></head><body>
  <outline text="Fact-checkers">
    <outline type="rss" text="Public partner" xmlUrl="https://93.184.216.34/rss" htmlUrl="https://93.184.216.34/"
             category="fact_checker" language="fr"/>
    <outline type="rss" text="Inside" xmlUrl="http://10.1.1.1/rss"/>
    <outline type="rss" text="Script" xmlUrl="javascript:alert(1)" htmlUrl="javascript:alert(1)"/>
  </outline>
</body></opml>"""


def test_opml_import_and_export_round_trip(db, settings, tmp_path):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    path = tmp_path / "in.opml"
    path.write_bytes(OPML)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_opml", str(path), stdout=out, stderr=err)
    assert "1 added, 0 already there, 2 refused" in out.getvalue()
    assert "http://10.1.1.1/rss" in err.getvalue()
    source = Source.objects.get()
    assert (source.name, source.kind, source.default_language) == ("Public partner", "fact_checker", "fr")
    call_command("import_opml", str(path), stdout=out, stderr=io.StringIO())
    assert Source.objects.count() == 1
    exported = tmp_path / "out.opml"
    call_command("export_opml", str(exported), stderr=io.StringIO())
    outlines = ET.fromstring(exported.read_bytes()).findall("./body/outline")  # noqa: S314 - our own output
    assert [(o.get("xmlUrl"), o.get("category")) for o in outlines] == [("https://93.184.216.34/rss", "fact_checker")]


def test_opml_with_declarations_or_junk_is_refused(db, tmp_path):
    for name, data in (
        ("xxe.opml", b'<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]><opml>&x;</opml>'),
        ("junk.opml", b"not xml at all"),
        ("html.opml", b"<html><body/></html>"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(CommandError):
            call_command("import_opml", str(path), stdout=io.StringIO())
    assert not Source.objects.exists()


@pytest.mark.parametrize("address", ["http://127.0.0.1/feed", "http://169.254.169.254/", "ftp://partner.example/"])
def test_the_admin_form_refuses_an_address_at_once(db, settings, address):
    from django.core.exceptions import ValidationError

    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    with pytest.raises(ValidationError) as refused:
        Source(name="Bad", feed_url=address).full_clean()
    assert "feed_url" in refused.value.message_dict
