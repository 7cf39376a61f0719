"""Fixtures for the statements app: the office's Statements section, two presidencies, a set of statements.

``statements_world`` builds everything once per test module inside an outer
transaction (rolled back when the module ends), as ``tests/presidencies/conftest.py``
does; each test runs inside its own savepoint. Tests that use it must also ask
for ``db`` and must re-read objects they change.

What it holds (English unless said otherwise):

* office (under /en/statements/): ``office-integrity`` (office statement, 2026-03-02,
  information integrity, related link to ``za-leaders``), ``office-fake-accounts`` (press
  release, 2026-06-18, information integrity + digital economy), ``office-draft`` (never
  published), ``office-fr`` (the French translation of ``office-integrity``);
* South Africa 2025 (archived): ``za-leaders`` (leaders' declaration, 2025-11-22, climate +
  finance), ``za-digital`` (ministerial declaration, 2025-09-11, digital economy + AI),
  ``za-leaders-fr`` (its French translation);
* United States 2026: ``us-priorities`` (presidency statement, 2025-12-01, climate + AI),
  ``us-finance`` (joint statement, 2026-04-16, finance), ``us-private`` (live, password-protected).

The word "resilience" is in the summaries of ``za-leaders`` and ``us-finance`` (and of the draft
and the private statement, which must never show).
"""

import io
from types import SimpleNamespace

import pytest
from django.db import transaction
from wagtail.models import PageViewRestriction

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from presidencies.access import ensure_office_group, ensure_presidency_access
from presidencies.handover import archive_presidency, create_presidency, presidency_index
from presidencies.models import PresidencyStatementsPage
from statements import demo as statements_demo
from statements.models import StatementIndexPage, StatementKind, StatementRelatedLink
from tests.factories.statements import add_statement, translate_statement

# The statements the index shows in English, newest first.
LIVE_ENGLISH = ["office-fake-accounts", "us-finance", "office-integrity", "us-priorities", "za-leaders", "za-digital"]


def build_statements_world() -> SimpleNamespace:
    home = ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    index = presidency_index()
    ensure_office_group()
    za = create_presidency(index, code="ZA", name="South Africa", year=2025)
    us = create_presidency(index, code="US", name="United States", year=2026)
    ensure_presidency_access(za)
    archive_presidency(za)
    ensure_presidency_access(us)
    for page in (za, us):
        page.refresh_from_db()
    office = ensure_section(StatementIndexPage, "statements", statements_demo.INDEX_TITLES, io.StringIO())
    za_statements = PresidencyStatementsPage.objects.child_of(za).get()
    us_statements = PresidencyStatementsPage.objects.child_of(us).get()

    s = {}
    s["za-leaders"] = add_statement(
        za_statements,
        slug="za-leaders",
        title="Johannesburg Leaders' Declaration",
        kind=StatementKind.LEADERS_DECLARATION,
        date="2025-11-22",
        summary="Leaders committed to disaster resilience and debt sustainability.",
        body="Leaders met in Johannesburg. Zanzibarquill annex follows.",
        topics=("climate-and-energy", "finance-track"),
    )
    s["za-digital"] = add_statement(
        za_statements,
        slug="za-digital",
        title="Digital Economy Ministers' Declaration",
        kind=StatementKind.MINISTERIAL_DECLARATION,
        date="2025-09-11",
        summary="Ministers agreed on digital public infrastructure.",
        topics=("digital-economy", "artificial-intelligence"),
    )
    s["us-priorities"] = add_statement(
        us_statements,
        slug="us-priorities",
        title="United States presidency announces its priorities",
        kind=StatementKind.PRESIDENCY_STATEMENT,
        date="2025-12-01",
        summary="Growth, affordable energy and new technologies.",
        topics=("climate-and-energy", "artificial-intelligence"),
    )
    s["us-finance"] = add_statement(
        us_statements,
        slug="us-finance",
        title="Joint statement of finance ministers",
        kind=StatementKind.JOINT_STATEMENT,
        date="2026-04-16",
        summary="Ministers discussed the resilience of the financial system.",
        topics=("finance-track",),
    )
    s["us-private"] = add_statement(
        us_statements,
        slug="us-private",
        title="Private sherpa note",
        kind=StatementKind.JOINT_STATEMENT,
        date="2026-04-17",
        summary="Confidential resilience note.",
        topics=("finance-track",),
    )
    PageViewRestriction.objects.create(
        page=s["us-private"], restriction_type=PageViewRestriction.PASSWORD, password="sherpa"
    )
    s["office-integrity"] = add_statement(
        office,
        slug="office-integrity",
        title="G20 office sets out principles for information integrity",
        kind=StatementKind.OFFICE_STATEMENT,
        date="2026-03-02",
        summary="The office commits to correcting false claims in public.",
        body="Every correction cites its sources.",
        topics=("information-integrity",),
    )
    s["office-fake-accounts"] = add_statement(
        office,
        slug="office-fake-accounts",
        title="Warning: fake accounts impersonate the G20",
        kind=StatementKind.PRESS_RELEASE,
        date="2026-06-18",
        summary="Several accounts falsely claim to speak for the G20.",
        topics=("information-integrity", "digital-economy"),
    )
    s["office-draft"] = add_statement(
        office,
        slug="office-draft",
        title="Unpublished draft statement",
        kind=StatementKind.PRESS_RELEASE,
        date="2026-06-30",
        summary="Draft resilience wording, not for release.",
        topics=("finance-track",),
        publish=False,
    )
    StatementRelatedLink.objects.create(statement=s["office-integrity"], page=s["za-leaders"], sort_order=0)
    StatementRelatedLink.objects.create(statement=s["office-integrity"], page=s["office-draft"], sort_order=1)
    s["office-fr"] = translate_statement(
        s["office-integrity"],
        "fr",
        "Le bureau du G20 énonce ses principes d'intégrité de l'information",
        "Le bureau s'engage à corriger publiquement les fausses informations.",
    )
    s["za-leaders-fr"] = translate_statement(
        s["za-leaders"],
        "fr",
        "Déclaration des dirigeants de Johannesburg",
        "Les dirigeants se sont engagés pour la résilience face aux catastrophes.",
    )
    return SimpleNamespace(
        home=home,
        presidency_index=index,
        za=za,
        us=us,
        office=office,
        za_statements=za_statements,
        us_statements=us_statements,
        statements=s,
    )


@pytest.fixture(scope="module")
def statements_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_statements_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
