"""``body_html`` in /api/v1/debunks/: the claim, the verdict and the disproof, headed in the debunk's
language, sanitised, links absolute; the existing ``disproof`` field is unchanged."""

import io

import pytest

from factchecks.demo import INDEX_TITLES
from factchecks.models import FactCheckIndexPage
from factchecks.verdicts import Verdict
from hub.demo.content import ensure_home
from hub.demo.helpers import ensure_section
from statements.demo import INDEX_TITLES as STATEMENT_TITLES
from statements.models import StatementIndexPage
from tests.factories.factchecks import add_debunk, translate_debunk
from tests.factories.statements import add_statement

pytestmark = pytest.mark.django_db

HOSTILE_DISPROOF = (
    '<p onmouseover="steal()">The figures <script>alert(1)</script>come from '
    '<a href="javascript:alert(2)">nowhere</a>.</p><iframe src="https://evil.example/"></iframe>'
)


@pytest.fixture
def index():
    ensure_home(io.StringIO())
    return ensure_section(FactCheckIndexPage, "fact-checks", INDEX_TITLES, io.StringIO())


def debunk(index, **fields):
    defaults = {
        "title": "Summit was cancelled",
        "claim": "The summit was cancelled",
        "verdict": Verdict.FALSE,
        "first_seen": "2026-03-01",
        "claim_summary": "Posts say the summit <b>never</b> happened.",
    }
    return add_debunk(index, **{**defaults, **fields})


def test_body_html_holds_claim_verdict_and_disproof(client, index):
    statements = ensure_section(StatementIndexPage, "statements", STATEMENT_TITLES, io.StringIO())
    statement = add_statement(statements, "summit-held")
    page = debunk(
        index,
        disproof=f'<p>The <a linktype="page" id="{statement.pk}">office said</a> it was held.</p>',
    )
    detail = client.get(f"/api/v1/debunks/{page.case_id}/").json()
    body_html = detail["body_html"]
    assert body_html.startswith("<h2>The claim</h2><p>Posts say the summit &lt;b&gt;never&lt;/b&gt; happened.</p>")
    assert "<h2>Verdict: False</h2><p>The evidence contradicts the claim.</p>" in body_html
    assert '<h2>Why it is wrong</h2><p>The <a href="http://testserver/en/statements/summit-held/"' in body_html
    assert detail["disproof"].startswith("<p>The <a href=")  # the existing field, unchanged
    assert client.get("/api/v1/debunks/").json()["results"][0]["body_html"] == body_html


def test_hostile_disproof_never_reaches_body_html(client, index):
    page = debunk(index, disproof=HOSTILE_DISPROOF)
    body_html = client.get(f"/api/v1/debunks/{page.case_id}/").json()["body_html"]
    for forbidden in ("<script", "alert(", "onmouseover", "javascript:", "<iframe"):
        assert forbidden not in body_html.lower()
    assert "The figures come from" in body_html


@pytest.mark.parametrize(
    ("language", "claim_heading", "disproof_heading"),
    [
        ("fr", "L’affirmation", "Pourquoi l’affirmation est erronée"),
        ("es", "La afirmación", "Por qué la afirmación es errónea"),
    ],
)
def test_a_translation_is_headed_in_its_own_language(client, index, language, claim_heading, disproof_heading):
    page = debunk(index)
    translate_debunk(page, language, disproof=f"<p>Preuve {language}</p>")
    detail = client.get(f"/api/v1/debunks/{page.case_id}/", {"locale": language}).json()
    english = client.get(f"/api/v1/debunks/{page.case_id}/").json()
    assert detail["locale"] == language
    assert f"<p>Preuve {language}</p>" in detail["body_html"]
    assert detail["body_html"] != english["body_html"]
    assert detail["body_html"].startswith(f"<h2>{claim_heading}</h2>")
    assert f"<h2>{disproof_heading}</h2><p>Preuve {language}</p>" in detail["body_html"]


def test_the_schema_documents_body_html(client, index):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    assert schema["components"]["schemas"]["Debunk"]["properties"]["body_html"]["type"] == "string"
