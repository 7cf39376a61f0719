"""hub.pages.fulltext: the allow-list, absolute links, embeds dropped, StreamField raw data read as text."""

import pytest

from hub.pages.fulltext import block_source, clean_body_html, full_texts, text_html
from roundtable.blocks import MinutesItemBlock

BASE = "https://g20.example/"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ('<a href="/en/about/">us</a>', '<a href="https://g20.example/en/about/" rel="noopener noreferrer">us</a>'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="data:text/html,<script>1</script>">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="mailto:office@g20.example">mail</a>',
            '<a href="mailto:office@g20.example" rel="noopener noreferrer">mail</a>',
        ),
        ('<p style="color:red" class="x" id="y">text</p>', "<p>text</p>"),
        ("<svg><script>alert(1)</script></svg><math></math>ok", "ok"),
        ('<img src="x" onerror="alert(1)">', ""),
        ("<!-- comment --><p>kept</p>", "<p>kept</p>"),
        ("<p>ctrl\x00\x01\x1f chars</p>", "<p>ctrl chars</p>"),
        ("<p>lone \ud800 surrogate</p>", "<p>lone  surrogate</p>"),
    ],
)
def test_clean_body_html(dirty, clean):
    assert clean_body_html(dirty, BASE) == clean


@pytest.mark.django_db
def test_embeds_and_unknown_link_types_are_dropped_and_separators_cannot_split_bodies():
    first, second = full_texts(
        [
            '<p>A<embed embedtype="media" url="https://video.example/1"/><a linktype="nope" id="1">b</a></p>',
            "<p>C<!--hub-fulltext-entry-->D</p>",
        ],
        BASE,
    )
    assert first == '<p>A<a rel="noopener noreferrer">b</a></p>'
    assert second == "<p>CD</p>"


@pytest.mark.django_db
def test_a_link_to_a_missing_or_unpublished_page_goes_nowhere():
    assert full_texts(['<p><a linktype="page" id="999999">gone</a></p>'], BASE) == [
        '<p><a rel="noopener noreferrer">gone</a></p>'
    ]


def test_plain_text_is_escaped_into_paragraphs():
    assert text_html("a <b>\n\nb & c") == "<p>a &lt;b&gt;</p>\n\n<p>b &amp; c</p>"
    assert text_html("") == ""


def test_minutes_items_read_from_raw_data_without_owner_lookups():
    raw = {
        "title": "Item <1>",
        "discussion": "<p>Talk</p>",
        "decisions": [{"type": "item", "value": "Decided", "id": "a"}],
        "action_items": [{"type": "item", "value": {"text": "Do it", "owner": 42}, "id": "b"}],
    }
    html = block_source(MinutesItemBlock(), raw)
    assert html == (
        "<h2>Item &lt;1&gt;</h2><p>Talk</p><h3>Decisions</h3><ul><li>Decided</li></ul>"
        "<h3>Action items</h3><ul><li>Do it</li></ul>"
    )
