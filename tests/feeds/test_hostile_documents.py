"""Hostile feed and OPML documents (issue 17): declarations refused whatever the encoding, and the caps on
what one document may cost (FEEDS_MAX_ENTRIES entries, FEEDS_MAX_BYTES bytes), on every path that reads one:
polling over HTTP, ``ingest_feed_file`` and ``import_opml``.

Each encoding feedparser accepts is tried twice: a document declaring an entity is refused before
feedparser sees it and stores nothing, and the same document without the declaration still reads."""

from __future__ import annotations

import codecs
import io
import tracemalloc

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from feeds import opml, parsing
from feeds.models import FeedItem, Source
from feeds.parsing import ParseError, parse
from feeds.polling import poll_source

from .conftest import FeedHandler

TITLE = "Café à Genève"
EVIL_RSS = (
    '<!DOCTYPE rss [<!ENTITY x "PWNED">]><rss version="2.0"><channel><title>&x;</title>'
    "<item><title>&x;</title><guid>tag:partner,2026:evil</guid></item></channel></rss>"
)
GOOD_RSS = (
    f'<rss version="2.0"><channel><title>{TITLE}</title>'
    f"<item><title>{TITLE}</title><guid>tag:partner,2026:good</guid></item></channel></rss>"
)

# "<a" inside the processing instruction once passed for the first element, so the DOCTYPE went unchecked.
PI_BEFORE_DOCTYPE = (
    '<?xml version="1.0"?>\n<?x <a?>\n<!DOCTYPE rss SYSTEM "http://127.0.0.1:9/x.dtd">\n'
    '<rss version="2.0"><channel><title>t</title></channel></rss>'
)


def declared(encoding: str, body: str) -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>{body}'


def utf7(body: str) -> bytes:
    """UTF-7 with every "<!" written in base64, so that no byte pattern shows a declaration."""
    return declared("utf-7", "").encode() + body.encode("utf-7").replace(b"<!", b"+ADwAIQ-")


# Every way feedparser 6 decodes a document: byte order marks, UTF-16/32 and EBCDIC told by the bytes
# of "<?xm", UTF-7 and single-byte encodings by the XML declaration.
ENCODINGS = {
    "utf-8": lambda body: declared("utf-8", body).encode("utf-8"),
    "utf-8-bom": lambda body: codecs.BOM_UTF8 + declared("utf-8", body).encode("utf-8"),
    "utf-16le-bom": lambda body: codecs.BOM_UTF16_LE + declared("utf-16", body).encode("utf-16-le"),
    "utf-16be-bom": lambda body: codecs.BOM_UTF16_BE + declared("utf-16", body).encode("utf-16-be"),
    "utf-16le": lambda body: declared("utf-16", body).encode("utf-16-le"),
    "utf-16be": lambda body: declared("utf-16", body).encode("utf-16-be"),
    "utf-32le-bom": lambda body: codecs.BOM_UTF32_LE + declared("utf-32", body).encode("utf-32-le"),
    "utf-32be-bom": lambda body: codecs.BOM_UTF32_BE + declared("utf-32", body).encode("utf-32-be"),
    "utf-32le": lambda body: declared("utf-32", body).encode("utf-32-le"),
    "utf-32be": lambda body: declared("utf-32", body).encode("utf-32-be"),
    "cp037": lambda body: declared("cp037", body).encode("cp037"),
    "utf-7": utf7,
    "iso-8859-1": lambda body: declared("iso-8859-1", body).encode("iso-8859-1"),
    "windows-1252": lambda body: declared("windows-1252", body).encode("windows-1252"),
}


@pytest.fixture
def feedparser_must_not_run(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("feedparser must not see this document")

    monkeypatch.setattr(parsing.feedparser, "parse", never)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_an_entity_is_refused_in_every_encoding(encoding, feedparser_must_not_run):
    document = ENCODINGS[encoding](EVIL_RSS)
    assert b"<!ENTITY" not in document or encoding in {"utf-8", "utf-8-bom", "iso-8859-1", "windows-1252"}
    with pytest.raises(ParseError, match="DOCTYPE or entities"):
        parse(document)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_plain_document_still_reads_in_every_encoding(encoding):
    feed = parse(ENCODINGS[encoding](GOOD_RSS))
    assert feed.title == TITLE
    assert [entry.title for entry in feed.entries] == [TITLE]


def test_windows_1252_is_read_as_declared():
    """The euro sign is 0x80 in windows-1252 and a C1 control in ISO 8859-1: the declaration wins."""
    feed = parse(ENCODINGS["windows-1252"](GOOD_RSS.replace(TITLE, "5 € à Genève")))
    assert feed.title == "5 € à Genève"


@pytest.mark.parametrize(
    "document",
    [
        # Controls that no parser reads as markup may not split the keyword.
        declared("utf-8", '<!DOC\x00TYPE rss [<!EN\x01TITY x "y">]><rss/>').encode(),
        # UTF-32 declared as UTF-8: feedparser reads it with a NUL between every character.
        declared("utf-8", EVIL_RSS).encode("utf-32-le"),
        # A DOCTYPE after a comment holding something that looks like an element.
        b'<?xml version="1.0"?><!-- <b>bold</b> --><!DOCTYPE rss SYSTEM "http://evil.example/x.dtd"><rss/>',
        # A processing instruction holding something that looks like an element, before the DOCTYPE.
        PI_BEFORE_DOCTYPE.encode(),
        b'<?xml version="1.0"?><?x <a?><!dOcTyPe rss SYSTEM "http://127.0.0.1:9/x.dtd"><rss/>',
        b'<?xml version="1.0"?><?x <a?><!DOC\x02TYPE rss SYSTEM "http://127.0.0.1:9/x.dtd"><rss/>',
        # A DOCTYPE after the first element, which lenient parsers may still read.
        b'<rss version="2.0"><!DOCTYPE rss SYSTEM "http://127.0.0.1:9/x.dtd"><channel/></rss>',
    ],
    ids=[
        "controls-inside-keywords",
        "utf-32-declared-utf-8",
        "doctype-after-comment",
        "doctype-after-processing-instruction",
        "mixed-case-doctype-after-processing-instruction",
        "control-in-doctype-after-processing-instruction",
        "doctype-after-first-element",
    ],
)
def test_disguised_declarations_are_refused(document, feedparser_must_not_run):
    with pytest.raises(ParseError, match="DOCTYPE or entities"):
        parse(document)


@pytest.mark.parametrize("encoding", ["utf-32be", "utf-16be", "cp037", "utf-7"])
def test_a_polled_feed_with_an_entity_stores_nothing(encoding, db, feed_server, feed_settings, monkeypatch):
    monkeypatch.setitem(FeedHandler.documents, "/entity.xml", (ENCODINGS[encoding](EVIL_RSS), "application/rss+xml"))
    source = Source.objects.create(name="Partner", feed_url=f"{feed_server}/entity.xml")

    outcome = poll_source(source.pk)

    assert outcome.failed
    assert "DOCTYPE or entities" in outcome.error
    assert not FeedItem.objects.exists()
    source.refresh_from_db()
    assert (source.consecutive_failures, source.last_success_at) == (1, None)
    assert "DOCTYPE or entities" in source.last_error


@pytest.mark.parametrize("encoding", ["utf-32le", "utf-16be", "cp037", "utf-7"])
def test_ingest_feed_file_refuses_an_entity_in_any_encoding(encoding, db, tmp_path):
    source = Source.objects.create(name="Partner", feed_url="https://partner.example/feed.xml")
    path = tmp_path / "feed.xml"
    path.write_bytes(ENCODINGS[encoding](EVIL_RSS))
    with pytest.raises(CommandError, match="DOCTYPE or entities"):
        call_command("ingest_feed_file", "--source", str(source.pk), str(path), stdout=io.StringIO())
    assert not FeedItem.objects.exists()


# --- OPML -----------------------------------------------------------------------------------------------------

EVIL_OPML = (
    '<!DOCTYPE opml [<!ENTITY x "https://93.184.216.34/evil">]><opml version="2.0"><head/><body>'
    '<outline type="rss" text="Evil" xmlUrl="&x;"/></body></opml>'
)
GOOD_OPML = (
    f'<opml version="2.0"><head/><body><outline type="rss" text="{TITLE}" title="{TITLE}" '
    'xmlUrl="https://93.184.216.34/rss"/></body></opml>'
)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_opml_with_an_entity_is_refused_in_every_encoding(encoding, db, settings, tmp_path):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    path = tmp_path / "evil.opml"
    path.write_bytes(ENCODINGS[encoding](EVIL_OPML))
    with pytest.raises(CommandError, match="DOCTYPE or entities"):
        call_command("import_opml", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Source.objects.exists()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_plain_opml_still_imports_in_every_encoding(encoding, db, settings, tmp_path):
    settings.FEEDS_ALLOWED_PRIVATE_HOSTS = []
    path = tmp_path / "partners.opml"
    path.write_bytes(ENCODINGS[encoding](GOOD_OPML))
    out = io.StringIO()
    call_command("import_opml", str(path), stdout=out, stderr=io.StringIO())
    assert "1 added" in out.getvalue()
    assert list(Source.objects.values_list("name", "feed_url")) == [(TITLE, "https://93.184.216.34/rss")]


def test_opml_with_a_doctype_after_a_processing_instruction_is_refused_before_reading(db, monkeypatch, tmp_path):
    """The declarations check refuses it: defusedxml, the second line of defence, never sees it."""

    def never(*args, **kwargs):
        raise AssertionError("the XML reader must not see this document")

    monkeypatch.setattr(opml, "fromstring", never)
    path = tmp_path / "evil.opml"
    path.write_bytes(
        b'<?xml version="1.0"?>\n<?x <a?>\n<!DOCTYPE opml SYSTEM "http://127.0.0.1:9/x.dtd">\n' + GOOD_OPML.encode()
    )
    with pytest.raises(CommandError, match="DOCTYPE or entities"):
        call_command("import_opml", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert not Source.objects.exists()


def test_opml_reader_refuses_declarations_even_past_the_check(db, monkeypatch):
    """defusedxml reads OPML: should the declarations check ever miss one, the parser still refuses it."""
    monkeypatch.setattr(opml, "refuse_declarations", lambda data: None)
    with pytest.raises(ParseError, match="DOCTYPE or entities"):
        opml.read_opml(EVIL_OPML.encode())
    assert not Source.objects.exists()


# --- What one document may cost -------------------------------------------------------------------------------


def many_entries(count: int) -> bytes:
    items = "".join(
        f"<item><title>Entry {number}</title><guid>tag:partner,2026:{number}</guid>"
        f"<link>https://partner.example/{number}</link></item>"
        for number in range(count)
    )
    return f'<rss version="2.0"><channel><title>Long</title>{items}</channel></rss>'.encode()


def test_parse_reads_only_the_first_entries(settings):
    settings.FEEDS_MAX_ENTRIES = 50
    feed = parse(many_entries(200))
    assert len(feed.entries) == 50
    assert [entry.title for entry in feed.entries[:2]] == ["Entry 0", "Entry 1"]
    assert feed.beyond_cap == 150
    assert feed.cap_notice == "Only the first 50 of 200 entries were read (FEEDS_MAX_ENTRIES)."
    assert parse(many_entries(50)).beyond_cap == 0


def test_a_polled_feed_is_cut_at_the_cap_and_its_health_says_so(db, feed_server, feed_settings, monkeypatch):
    feed_settings.FEEDS_MAX_ENTRIES = 50
    monkeypatch.setitem(FeedHandler.documents, "/long.xml", (many_entries(200), "application/rss+xml"))
    source = Source.objects.create(name="Partner", feed_url=f"{feed_server}/long.xml")

    outcome = poll_source(source.pk)

    assert outcome.status == "new content"
    assert (outcome.report.new, outcome.report.beyond_cap) == (50, 150)
    assert "150 beyond the entry cap" in str(outcome.report)
    assert FeedItem.objects.count() == 50
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.last_error == "Only the first 50 of 200 entries were read (FEEDS_MAX_ENTRIES)."


def test_ingest_feed_file_is_cut_at_the_cap(db, settings, tmp_path):
    settings.FEEDS_MAX_ENTRIES = 50
    source = Source.objects.create(name="Partner", feed_url="https://partner.example/feed.xml")
    path = tmp_path / "long.xml"
    path.write_bytes(many_entries(200))
    out, err = io.StringIO(), io.StringIO()

    call_command("ingest_feed_file", "--source", str(source.pk), str(path), stdout=out, stderr=err)

    assert FeedItem.objects.count() == 50
    assert "50 new" in out.getvalue()
    assert "Only the first 50 of 200 entries were read" in err.getvalue()


def test_ingest_feed_file_refuses_a_file_over_the_byte_cap_without_reading_it(db, settings, tmp_path):
    settings.FEEDS_MAX_BYTES = 64 * 1024
    source = Source.objects.create(name="Partner", feed_url="https://partner.example/feed.xml")
    path = tmp_path / "huge.xml"
    with path.open("wb") as stream:
        stream.write(many_entries(10))
        stream.truncate(64 * 1024 * 1024)  # sparse: 64 MB on paper, nothing on disk

    tracemalloc.start()
    try:
        with pytest.raises(CommandError, match=r"larger than 64 KB \(FEEDS_MAX_BYTES\)"):
            call_command("ingest_feed_file", "--source", str(source.pk), str(path), stdout=io.StringIO())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 4 * 1024 * 1024
    assert not FeedItem.objects.exists()
    # At the cap exactly, the file is read.
    path.write_bytes(many_entries(3).ljust(64 * 1024, b" "))
    call_command("ingest_feed_file", "--source", str(source.pk), str(path), stdout=io.StringIO())
    assert FeedItem.objects.count() == 3
