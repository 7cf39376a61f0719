"""``body_html`` in /api/v1/statements/: the full body beside the summary, sanitised, links absolute, in
every language, documented in the schema, in a constant number of queries."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section, publish_translation
from statements.demo import INDEX_TITLES
from statements.models import StatementIndexPage
from tests.factories.statements import StatementPageFactory, add_statement

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()">Clicked <script>alert(1)</script>text</p>'
    '<p><a href="javascript:alert(2)">bad link</a> <img src="x" onerror="alert(3)"></p>'
    '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
    '<form action="https://evil.example/"><input name="q"></form>'
)
EXISTING_FIELDS = {
    "id",
    "title",
    "url",
    "locale",
    "translation_key",
    "translations",
    "first_published_at",
    "last_published_at",
    "updated_at",
    "kind",
    "kind_label",
    "date",
    "summary",
    "topics",
    "issuer",
    "withdrawn",
    "withdrawn_at",
    "withdrawal_reason",
}


@pytest.fixture
def index():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    return ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())


def statement_with_body(index, slug, body):
    statement = StatementPageFactory(parent=index, slug=slug, body=body, live=False)
    statement.save_revision().publish()
    statement.refresh_from_db()
    return statement


def assert_nothing_hostile(html):
    lowered = html.lower()
    for forbidden in ("<script", "alert(1)", "onclick", "javascript:", "onerror", "<img", "<iframe", "<style", "<form"):
        assert forbidden not in lowered, (forbidden, html)


def test_detail_and_list_carry_body_html_beside_every_existing_field(client, index):
    statement = add_statement(index, "one", summary="Short.", body="The <b>whole</b> position.")
    detail = client.get(f"/api/v1/statements/{statement.pk}/").json()
    assert set(detail) == EXISTING_FIELDS | {"body_html"}
    assert detail["summary"] == "Short."
    assert detail["body_html"] == "<p>The <b>whole</b> position.</p>"
    listed = client.get("/api/v1/statements/").json()["results"]
    assert listed[0]["body_html"] == detail["body_html"]


def test_hostile_markup_never_reaches_body_html(client, index):
    statement = statement_with_body(index, "hostile", [("text", HOSTILE)])
    body_html = client.get(f"/api/v1/statements/{statement.pk}/").json()["body_html"]
    assert_nothing_hostile(body_html)
    assert "Clicked" in body_html and "text</p>" in body_html
    assert "<a>bad link</a>" in body_html or "bad link" in body_html


def test_links_are_absolute_and_blocks_read_as_text(client, index):
    target = add_statement(index, "target")
    statement = statement_with_body(
        index,
        "blocks",
        [
            ("text", f'<p>See <a linktype="page" id="{target.pk}">the target</a> and <a href="/en/about/">us</a>.</p>'),
            ("quote", {"quote": "One voice <script>x</script>", "attribution": "Leaders", "role": "Summit"}),
            ("callout", {"tone": "info", "heading": "Note", "text": "<p>Deadline <i>soon</i></p>"}),
        ],
    )
    body_html = client.get(f"/api/v1/statements/{statement.pk}/").json()["body_html"]
    assert '<a href="http://testserver/en/statements/target/"' in body_html
    assert '<a href="http://testserver/en/about/"' in body_html
    assert "<blockquote><p>One voice &lt;script&gt;x&lt;/script&gt;</p></blockquote>" in body_html
    assert "<figcaption>Leaders, Summit</figcaption>" in body_html
    assert "<strong>Note</strong>" in body_html and "<i>soon</i>" in body_html
    assert "<script" not in body_html


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_translation_carries_its_own_body(client, index, language):
    statement = add_statement(index, "one", body="English body")
    locale = Locale.objects.get(language_code=language)
    translated = publish_translation(
        statement, locale, {"title": "T", "summary": "S", "body": [("text", f"<p>Corps {language}</p>")]}
    )
    translated.save_revision().publish()
    response = client.get("/api/v1/statements/", {"locale": language}).json()["results"]
    assert [item["body_html"] for item in response] == [f"<p>Corps {language}</p>"]


def test_body_html_costs_the_same_queries_for_one_or_many(client, index):
    first = add_statement(index, "first")
    statement_with_body(index, "linked-0", [("text", f'<p><a linktype="page" id="{first.pk}">x</a></p>')])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/statements/").status_code == 200
        return len(queries)

    few = count()
    for number in range(1, 6):
        statement_with_body(index, f"linked-{number}", [("text", f'<p><a linktype="page" id="{first.pk}">x</a></p>')])
    assert count() == few


def test_the_schema_documents_body_html(client, index):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    field = schema["components"]["schemas"]["Statement"]["properties"]["body_html"]
    assert field["type"] == "string"
    assert "sanitised" in field["description"]
