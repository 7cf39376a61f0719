"""The statements demo: a realistic set across presidencies and the office, loaded idempotently."""

import io

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale, Page, Revision

from hub.demo.content import ensure_home, ensure_topics
from presidencies.handover import archive_presidency, create_presidency, presidency_index
from statements import demo
from statements.models import StatementIndexPage, StatementPage


def snapshot() -> dict:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "statements": sorted(StatementPage.objects.values_list("locale__language_code", "slug", "live")),
        "topics": sorted(StatementPage.topics.through.objects.values_list("statementpage_id", "topic_id")),
    }


@pytest.fixture
def site(db):
    """The core home page and topics, and the three presidencies the demo statements belong to."""
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    index = presidency_index()
    presidencies = {
        year: create_presidency(index, code=code, name=name, year=year)
        for year, code, name in [(2024, "BR", "Brazil"), (2025, "ZA", "South Africa"), (2026, "US", "United States")]
    }
    archive_presidency(presidencies[2024])
    archive_presidency(presidencies[2025])
    return presidencies


def test_demo_loads_every_statement_once(site, client):
    out = io.StringIO()
    demo.load(out)
    english = StatementPage.objects.filter(locale__language_code="en")
    assert english.live().count() == len(demo.STATEMENTS)
    assert out.getvalue().count("Created statement ") == len(demo.STATEMENTS)
    assert sorted(english.values_list("slug", flat=True)) == sorted(row[1] for row in demo.STATEMENTS)
    for year, slug, kind, date, title, summary, topic_slugs, translations in demo.STATEMENTS:
        statement = english.get(slug=slug)
        assert statement.kind == kind
        assert statement.date.isoformat() == date
        assert statement.title == title
        assert statement.summary == summary
        assert sorted(statement.topics.values_list("slug", flat=True)) == sorted(topic_slugs)
        assert (statement.issuer.year if statement.issuer else None) == year
        for code in translations:
            translated = statement.get_translation(Locale.objects.get(language_code=code)).specific
            assert translated.live
            assert translated.title == translations[code][0]
            assert translated.summary == translations[code][1]
            assert sorted(translated.topics.values_list("slug", flat=True)) == sorted(topic_slugs)
            assert all(topic.locale.language_code == code for topic in translated.topics.all())
    # The office and several presidencies issue them, and every kind of the demo shows up.
    years = {row[0] for row in demo.STATEMENTS}
    assert {None, 2024, 2025, 2026} <= years
    assert StatementIndexPage.objects.count() == 3

    soup = BeautifulSoup(client.get("/en/statements/").content, "html.parser")
    assert len(soup.select("ol.result-list li.result")) == len(demo.STATEMENTS)
    fr = BeautifulSoup(client.get("/fr/statements/").content, "html.parser")
    translated_count = sum(1 for row in demo.STATEMENTS if "fr" in row[7])
    reviewed = 1 if demo.REVIEWED_TRANSLATION[1] == "fr" else 0
    # Every statement is listed in French, the untranslated ones in English and marked so.
    assert len(fr.select("ol.result-list li.result")) == len(demo.STATEMENTS)
    assert len(fr.select("ol.result-list .language-note")) == len(demo.STATEMENTS) - translated_count - reviewed


def test_one_statement_reaches_french_through_translation_and_review(site):
    """load_demo shows the officers' way: a draft translation by wagtail-localize, submitted by one office
    member, approved by another, published by the approval."""
    from django.contrib.auth.models import Group
    from wagtail.models import WorkflowState

    from presidencies.access import ensure_office_group, ensure_office_workflow

    ensure_office_group()
    ensure_office_workflow()
    demo.load(io.StringIO())

    slug, code, fields = demo.REVIEWED_TRANSLATION
    french = StatementPage.objects.get(slug=slug, locale__language_code=code)
    assert french.live and french.title == fields["title"]
    assert french.topics.exists() and all(topic.locale.language_code == code for topic in french.topics.all())
    state = WorkflowState.objects.get(object_id=str(french.pk))
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.workflow.name == "G20 office review"
    assert state.requested_by.username == demo.DEMO_OFFICERS["translator"]
    approvals = list(state.task_states.all())
    assert approvals and all(task.status == "approved" for task in approvals)
    assert {task.finished_by.username for task in approvals} == {demo.DEMO_OFFICERS["reviewer"]}
    office = Group.objects.get(name="G20 communication office")
    assert set(office.user_set.values_list("username", flat=True)) >= set(demo.DEMO_OFFICERS.values())
    assert not any(user.has_usable_password() for user in office.user_set.all())


def test_demo_is_idempotent(site):
    demo.load(io.StringIO())
    before = snapshot()
    out = io.StringIO()
    demo.load(out)
    assert snapshot() == before
    assert "Created" not in out.getvalue()


def test_demo_skips_statements_of_missing_presidencies_then_adds_them(db):
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    index = presidency_index()
    create_presidency(index, code="US", name="United States", year=2026)
    demo.load(io.StringIO())
    loaded = set(StatementPage.objects.filter(locale__language_code="en").values_list("slug", flat=True))
    assert loaded == {row[1] for row in demo.STATEMENTS if row[0] in {None, 2026}}
    create_presidency(index, code="ZA", name="South Africa", year=2025)
    demo.load(io.StringIO())
    loaded = set(StatementPage.objects.filter(locale__language_code="en").values_list("slug", flat=True))
    assert loaded == {row[1] for row in demo.STATEMENTS if row[0] in {None, 2025, 2026}}
