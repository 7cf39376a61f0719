"""Full text in the outbound feeds: RSS ``content:encoded`` (namespace declared), Atom
``<content type="html">``, JSON Feed ``content_html``, for statements, library items and debunks, in every
language; sanitised (nothing hostile in the raw document), links absolute, constant queries."""

import io
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from factchecks.demo import INDEX_TITLES as FACTCHECK_TITLES
from factchecks.models import FactCheckIndexPage
from factchecks.verdicts import Verdict
from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section, publish_translation
from library.demo import INDEX_TITLES as LIBRARY_TITLES
from library.models import LibraryIndexPage
from statements.demo import INDEX_TITLES
from statements.models import StatementIndexPage
from tests.factories.factchecks import add_debunk
from tests.factories.library import add_item
from tests.factories.statements import StatementPageFactory, add_statement

pytestmark = pytest.mark.django_db

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"
HOSTILE = (
    '<p onclick="steal()">Full <script>alert(1)</script>text with '
    '<a href="javascript:alert(2)">a trap</a>\x01.</p><iframe src="https://evil.example/"></iframe>'
)
FORBIDDEN = ("<script", "alert(", "onclick", "javascript:", "<iframe", "&lt;script", "&lt;iframe")


@pytest.fixture
def statements():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    return ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())


def statement_with_body(index, slug, body):
    statement = StatementPageFactory(parent=index, slug=slug, summary="The summary.", body=body, live=False)
    statement.save_revision().publish()
    return statement


def rss_content(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [item.findtext(f"{{{CONTENT_NS}}}encoded") for item in root.find("channel").findall("item")]


def atom_content(response) -> list[tuple[str, str]]:
    root = ET.fromstring(response.content)
    return [
        (entry.find(f"{{{ATOM_NS}}}content").get("type"), entry.findtext(f"{{{ATOM_NS}}}content"))
        for entry in root.findall(f"{{{ATOM_NS}}}entry")
    ]


def test_rss_declares_the_content_module_and_carries_the_body(client, statements):
    target = add_statement(statements, "target")
    statement_with_body(
        statements,
        "full",
        [("text", f'<p>The <b>whole</b> text, see <a linktype="page" id="{target.pk}">this</a>.</p>')],
    )
    response = client.get("/en/statements/rss/")
    assert response.status_code == 200
    assert b'xmlns:content="http://purl.org/rss/1.0/modules/content/"' in response.content
    contents = rss_content(response)
    link = '<a href="http://testserver/en/statements/target/" rel="noopener noreferrer">this</a>'
    assert contents[0] == f"<p>The <b>whole</b> text, see {link}.</p>"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    entry = parsed.entries[0]
    assert entry.summary == "The summary."
    assert "The <b>whole</b> text" in entry.content[0].value


def test_atom_carries_content_type_html_beside_the_summary(client, statements):
    statement_with_body(statements, "full", [("text", "<p>The <i>whole</i> text.</p>")])
    response = client.get("/en/statements/atom/")
    assert atom_content(response)[0] == ("html", "<p>The <i>whole</i> text.</p>")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert parsed.entries[0].content[0].type == "text/html"
    assert parsed.entries[0].summary == "The summary."


def test_json_feed_carries_content_html_and_keeps_content_text(client, statements):
    statement_with_body(statements, "full", [("text", "<p>The whole text.</p>")])
    item = client.get("/en/statements/json/").json()["items"][0]
    assert item["content_html"] == "<p>The whole text.</p>"
    assert item["content_text"] == item["summary"] == "The summary."


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_hostile_bodies_never_reach_a_feed(client, statements, kind):
    statement_with_body(statements, "hostile", [("text", HOSTILE)])
    response = client.get(f"/en/statements/{kind}/")
    assert response.status_code == 200
    raw = response.content.decode()
    for forbidden in FORBIDDEN:
        assert forbidden not in raw, forbidden
    assert "\x01" not in raw
    if kind == "json":
        assert "Full text with" in json.loads(raw)["items"][0]["content_html"]
    else:
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo
        assert "Full text with" in parsed.entries[0].content[0].value


@pytest.mark.parametrize("language", ["fr", "es"])
def test_each_language_feed_carries_its_own_full_text(client, statements, language):
    statement = add_statement(statements, "one", body="English text")
    publish_translation(
        statement,
        Locale.objects.get(language_code=language),
        {"title": "T", "summary": "S", "body": [("text", f"<p>Texte {language}</p>")]},
    )
    parsed = feedparser.parse(client.get(f"/{language}/statements/rss/").content)
    assert [entry.content[0].value for entry in parsed.entries] == [f"<p>Texte {language}</p>"]


def test_full_text_costs_the_same_queries_for_more_entries(client, statements):
    first = add_statement(statements, "first")
    link = [("text", f'<p><a linktype="page" id="{first.pk}">x</a> <a linktype="document" id="1">d</a></p>')]
    statement_with_body(statements, "linked-0", link)

    def count(kind):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/statements/{kind}/").status_code == 200
        return len(queries)

    before = {kind: count(kind) for kind in ("rss", "atom", "json")}
    for number in range(1, 6):
        statement_with_body(statements, f"linked-{number}", link)
    assert {kind: count(kind) for kind in ("rss", "atom", "json")} == before


def test_library_feeds_carry_the_abstract_as_html(client):
    ensure_home(io.StringIO())
    library = ensure_section(LibraryIndexPage, "library", LIBRARY_TITLES, io.StringIO())
    add_item(library, "report", abstract="An abstract <script>alert(1)</script>.\n\nSecond part.")
    assert rss_content(client.get("/en/library/rss/")) == [
        "<p>An abstract &lt;script&gt;alert(1)&lt;/script&gt;.</p>\n\n<p>Second part.</p>"
    ]
    assert client.get("/en/library/json/").json()["items"][0]["content_html"].endswith("<p>Second part.</p>")


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Why it is wrong"), ("fr", "Pourquoi l’affirmation est erronée")]
)
def test_fact_check_feeds_carry_the_disproof_headed_in_their_language(client, language, heading):
    ensure_home(io.StringIO())
    index = ensure_section(FactCheckIndexPage, "fact-checks", FACTCHECK_TITLES, io.StringIO())
    parent = index.get_translation(Locale.objects.get(language_code=language))
    add_debunk(
        parent,
        title="Summit cancelled",
        claim="The summit was cancelled",
        verdict=Verdict.FALSE,
        first_seen="2026-03-01",
        disproof=HOSTILE,
    )
    response = client.get(f"/{language}/fact-checks/atom/")
    kind, content = atom_content(response)[0]
    assert kind == "html"
    assert f"<h2>{heading}</h2>" in content
    for forbidden in FORBIDDEN:
        assert forbidden not in response.content.decode()
