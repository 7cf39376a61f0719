"""``body_html`` in /api/v1/library/: a library item's text (its abstract) as safe HTML beside the abstract."""

import io

import pytest
from wagtail.models import Locale

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from library.demo import INDEX_TITLES
from library.models import LibraryIndexPage
from tests.factories.library import add_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    return ensure_section(LibraryIndexPage, "library", INDEX_TITLES, io.StringIO())


def test_body_html_is_the_abstract_as_escaped_paragraphs(client, library):
    abstract = 'First <script>alert(1)</script> & <b onclick="x()">bold</b>.\n\nSecond paragraph.'
    item = add_item(library, "report", abstract=abstract)
    detail = client.get(f"/api/v1/library/{item.pk}/").json()
    assert detail["abstract"] == abstract  # unchanged
    assert detail["body_html"] == (
        '<p>First &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b onclick="x()"&gt;bold&lt;/b&gt;.</p>'
        "\n\n<p>Second paragraph.</p>"
    )
    assert "<script" not in detail["body_html"] and "<b " not in detail["body_html"]
    listed = client.get("/api/v1/library/").json()["results"]
    assert listed[0]["body_html"] == detail["body_html"]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_each_language_lists_its_own_text(client, library, language):
    parent = library.get_translation(Locale.objects.get(language_code=language))
    add_item(parent, f"item-{language}", abstract=f"Résumé {language}")
    items = client.get("/api/v1/library/", {"locale": language}).json()["results"]
    assert [item["body_html"] for item in items] == [f"<p>Résumé {language}</p>"]


def test_the_schema_documents_body_html(client, library):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["LibraryItem"]["properties"]["body_html"]["type"] == "string"
