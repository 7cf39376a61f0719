"""Partners' links are kept as URIs (RFC 3986): what a URI never holds raw is percent-encoded, an IRI's host
is written in IDNA, and a link whose host is not a host (or that a browser would read as another) is dropped.
An API client that checks ``format: uri`` and an Atom reader take every link the hub re-publishes."""

import jsonschema_rs
import pytest

from feeds.parsing import MAX_URL, clean_url

IS_URI = jsonschema_rs.validator_for({"type": "string", "format": "uri"}, validate_formats=True)


@pytest.mark.parametrize(
    ("link", "uri"),
    [
        (
            'https://partner.example/news?q="<script>"#<frag>',
            "https://partner.example/news?q=%22%3Cscript%3E%22#%3Cfrag%3E",
        ),
        ("https://partner.example/a\\b", "https://partner.example/a%5Cb"),
        ("https://partner.example/{x}|^`[y]", "https://partner.example/%7Bx%7D%7C%5E%60%5By%5D"),
        ("https://partner.example/été?ville=São", "https://partner.example/%C3%A9t%C3%A9?ville=S%C3%A3o"),
        ("https://bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://partner.example/100%", "https://partner.example/100%25"),
        ("https://partner.example/a\x00b\x7f", "https://partner.example/ab"),
        # Already a URI: unchanged, escapes kept.
        ("https://partner.example/a%20b?x=1&y=%C3%A9#top", "https://partner.example/a%20b?x=1&y=%C3%A9#top"),
        ("https://[2001:db8::1]:8443/feed", "https://[2001:db8::1]:8443/feed"),
    ],
)
def test_a_link_is_kept_as_a_uri(link, uri):
    assert clean_url(link) == uri
    assert IS_URI.is_valid(uri)


@pytest.mark.parametrize(
    "link",
    [
        'https://part"ner.example/',  # not a host
        "https://partner.example\\@evil.example/",  # a browser goes to partner.example, a parser to evil.example
        "https://partner.example:99999/",
        "https://" + "a" * 64 + ".example/",  # a label of more than 63 characters has no IDNA form
        "https://partner.example/a b",
        "javascript:alert(1)",
        "https://partner.example/" + '"' * (MAX_URL // 3),  # too long once encoded
    ],
)
def test_a_link_that_cannot_be_a_uri_is_dropped(link):
    assert clean_url(link) == ""
