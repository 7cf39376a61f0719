"""The admin home as a presidency's officers and the office see it."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from presidencies.models import PresidencyStatementsPage
from tests.factories import UserFactory
from tests.factories.statements import add_statement


@pytest.fixture(params=["editors", "moderators"])
def us_officer(request, world, db):
    return UserFactory(groups=[Group.objects.get(name=f"2026 United States {request.param}")])


def panel(client, heading_id: str):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    heading = soup.find(id=heading_id)
    return heading.find_parent("section") if heading else None


def test_a_presidency_officer_lands_on_their_section_in_each_language(client, us_officer, world):
    client.force_login(us_officer)

    section = panel(client, "officer-sections-heading")

    assert section is not None
    links = {link["href"] for link in section.find_all("a")}
    us_pages = world.us.get_translations(inclusive=True)
    assert links == {reverse("wagtailadmin_explore", args=[page.pk]) for page in us_pages}
    assert len(links) == 3
    assert world.uk.title not in section.get_text()  # another presidency's section is not offered


def test_the_officer_counts_drafts_review_and_schedule_in_their_section_only(client, world, db):
    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    us_statements = PresidencyStatementsPage.objects.child_of(world.us).get()
    uk_statements = PresidencyStatementsPage.objects.child_of(world.uk).get()
    mine = add_statement(us_statements, "dashboard-draft", publish=False)
    mine.save_revision(user=editor)
    scheduled = add_statement(us_statements, "dashboard-scheduled", publish=False)
    scheduled.go_live_at = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    scheduled.save_revision(user=editor, approved_go_live_at=scheduled.go_live_at)
    elsewhere = add_statement(uk_statements, "dashboard-elsewhere", publish=False)
    elsewhere.save_revision(user=editor)
    client.force_login(editor)

    text = " ".join(panel(client, "officer-sections-heading").get_text(" ").split())

    assert "2 drafts of yours not yet published" in text
    assert "1 page scheduled to go live" in text
    assert "0 pages awaiting review" in text


def test_the_panel_costs_the_same_queries_however_many_pages(client, world, db):
    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    us_statements = PresidencyStatementsPage.objects.child_of(world.us).get()
    client.force_login(editor)
    client.get(reverse("wagtailadmin_home"))

    def measure() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("wagtailadmin_home")).status_code == 200
        return len(queries)

    before = measure()
    for number in range(6):
        add_statement(us_statements, f"dashboard-many-{number}", publish=False).save_revision(user=editor)
    assert measure() == before


def test_the_office_sees_no_presidency_panel(client, world, db):
    client.force_login(UserFactory(groups=["G20 communication office"]))
    assert panel(client, "officer-sections-heading") is None


def test_a_translation_behind_its_original_is_counted_and_says_so(client, world, db):
    from django.contrib.messages import get_messages
    from wagtail.models import Locale

    from hub.demo.helpers import publish_translation

    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    us_statements = PresidencyStatementsPage.objects.child_of(world.us).get()
    original = add_statement(us_statements, "dashboard-original", title="Original text")
    french = publish_translation(original, Locale.objects.get(language_code="fr"), {"title": "Texte traduit"})
    client.force_login(editor)
    text = " ".join(panel(client, "officer-sections-heading").get_text(" ").split())
    assert "0 translations out of date" in text

    original.refresh_from_db()
    original.title = "Original text, revised"
    original.save_revision().publish()

    text = " ".join(panel(client, "officer-sections-heading").get_text(" ").split())
    assert "1 translation out of date" in text
    response = client.get(reverse("wagtailadmin_pages:edit", args=[french.pk]))
    assert any("This translation is out of date" in str(message) for message in get_messages(response.wsgi_request))
    original_edit = client.get(reverse("wagtailadmin_pages:edit", args=[original.pk]))
    assert not any("out of date" in str(message) for message in get_messages(original_edit.wsgi_request))


def test_a_page_in_review_is_counted_for_its_section_only(client, world, db):
    from wagtail.models import Workflow

    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    us_statements = PresidencyStatementsPage.objects.child_of(world.us).get()
    submitted = add_statement(us_statements, "dashboard-submitted", publish=False)
    submitted.save_revision(user=editor)
    workflow = submitted.get_workflow() or Workflow.objects.first()
    workflow.start(submitted, editor)
    client.force_login(editor)

    text = " ".join(panel(client, "officer-sections-heading").get_text(" ").split())

    assert "1 page awaiting review" in text
