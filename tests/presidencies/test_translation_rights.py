"""Translation is an officer's job: a presidency's editors and moderators (and the office) start translations
of the pages they may edit, of theirs only, and a new translation is a draft until it is published through
review: untranslated English never goes live under /fr/ or /es/."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale

from presidencies.models import PresidencyStatementsPage
from statements.models import StatementPage
from tests.factories import UserFactory
from tests.factories.statements import add_statement

SUBMIT = "/admin/localize/submit/page/{}/"


@pytest.fixture
def statements(world, db):
    return {
        country: add_statement(
            PresidencyStatementsPage.objects.child_of(presidency).get(),
            f"{country}-to-translate",
            title=f"{country} text",
        )
        for country, presidency in (("us", world.us), ("uk", world.uk))
    }


@pytest.fixture(params=["editors", "moderators"])
def us_officer(request, world, db):
    return UserFactory(groups=[Group.objects.get(name=f"2026 United States {request.param}")])


def test_a_presidency_officer_may_start_a_translation_of_their_page(client, us_officer, statements):
    client.force_login(us_officer)
    response = client.get(SUBMIT.format(statements["us"].pk))
    assert response.status_code == 200
    assert "Translate" in response.content.decode()


def test_another_presidencys_page_cannot_be_translated(client, us_officer, statements):
    client.force_login(us_officer)
    french = Locale.objects.get(language_code="fr")

    for response in (
        client.get(SUBMIT.format(statements["uk"].pk)),
        client.post(SUBMIT.format(statements["uk"].pk), {"locales": [french.pk]}),
    ):
        assert response.status_code in {302, 403}
        assert response.status_code == 403 or response.url == "/admin/"
    assert not StatementPage.objects.filter(translation_key=statements["uk"].translation_key, locale=french).exists()


def test_a_new_translation_is_a_draft_and_nothing_english_goes_live_in_french(client, us_officer, statements):
    client.force_login(us_officer)
    french = Locale.objects.get(language_code="fr")
    source = statements["us"]
    assert source.live

    response = client.post(SUBMIT.format(source.pk), {"locales": [french.pk]})

    assert response.status_code == 302
    translation = StatementPage.objects.get(translation_key=source.translation_key, locale=french)
    assert not translation.live
    assert source.title not in client.get("/fr/statements/").content.decode()
    assert client.get(translation.get_url() or "/fr/none/").status_code == 404


def test_the_office_translates_any_presidencys_page(client, statements):
    client.force_login(UserFactory(groups=["G20 communication office"]))
    assert client.get(SUBMIT.format(statements["uk"].pk)).status_code == 200


def test_an_archived_presidencys_groups_may_no_longer_translate(world, db):
    editors = Group.objects.get(name="2025 South Africa editors")
    assert not editors.permissions.filter(codename="submit_translation").exists()
    assert Group.objects.get(name="2026 United States editors").permissions.filter(codename="submit_translation")
