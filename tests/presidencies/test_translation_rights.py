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


# --- Through review: the translator submits, another officer approves, and only then is it live ---------

REVIEW = "/admin/translations/{}/submit-for-review/"


def start_french(client, user, source):
    from wagtail_localize.models import StringTranslation

    client.force_login(user)
    french = Locale.objects.get(language_code="fr")
    assert client.post(SUBMIT.format(source.pk), {"locales": [french.pk]}).status_code == 302
    translation = StatementPage.objects.get(translation_key=source.translation_key, locale=french)
    # The translator translates the title in wagtail-localize's editor (one string).
    from wagtail_localize.models import StringSegment

    title = StringSegment.objects.get(source__object_id=source.translation_key, context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string, locale=french, context=title.context, data="Texte des États-Unis"
    )
    return translation


def test_a_translator_submits_a_translation_and_another_officer_approves_it(client, world, statements):
    from presidencies.access import ensure_presidency_workflow

    ensure_presidency_workflow(world.us)  # the review the handover gives the presidency, in every language
    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    moderator = UserFactory(groups=[Group.objects.get(name="2026 United States moderators")])
    translation = start_french(client, editor, statements["us"])

    edit = client.get(f"/admin/pages/{translation.pk}/edit/").content.decode()
    assert REVIEW.format(translation.pk) in edit  # the editor is told how to send it to review
    page = client.get(REVIEW.format(translation.pk))
    assert page.status_code == 200
    assert "1 of" in page.content.decode() and "Submit for review" in page.content.decode()

    response = client.post(REVIEW.format(translation.pk))
    assert response.status_code == 302
    translation = StatementPage.objects.get(pk=translation.pk)
    assert not translation.live
    assert translation.get_workflow().name == "2026 United States review"
    assert translation.current_workflow_state.status == "in_progress"
    assert translation.get_latest_revision_as_object().title == "Texte des États-Unis"
    section = translation.get_parent()
    address = f"/fr/presidencies/{section.get_parent().slug}/{section.slug}/{translation.slug}/"
    assert client.get(address).status_code == 404

    # Submitting again while in review changes nothing.
    client.post(REVIEW.format(translation.pk))
    assert translation.workflow_states.count() == 1

    client.force_login(moderator)
    task_state = translation.current_workflow_state.current_task_state
    response = client.post(f"/admin/pages/workflow/action/{translation.pk}/approve/{task_state.pk}/", {"comment": ""})
    assert response.status_code in (200, 302), response.content[:3000]
    translation = StatementPage.objects.get(pk=translation.pk)
    assert translation.live and translation.title == "Texte des États-Unis"
    client.logout()
    assert translation.url == address
    assert "Texte des États-Unis" in client.get(address).content.decode()


def test_another_presidencys_translation_cannot_be_submitted(client, statements):
    office = UserFactory(groups=["G20 communication office"])
    translation = start_french(client, office, statements["uk"])
    client.force_login(UserFactory(groups=[Group.objects.get(name="2026 United States editors")]))
    for response in (client.get(REVIEW.format(translation.pk)), client.post(REVIEW.format(translation.pk))):
        assert response.status_code in {302, 403}
        assert response.status_code == 403 or response.url == "/admin/"
    assert StatementPage.objects.get(pk=translation.pk).current_workflow_state is None


def test_an_original_is_not_a_translation_to_submit(client, statements):
    client.force_login(UserFactory(groups=[Group.objects.get(name="2026 United States editors")]))
    source = statements["us"]
    assert "not a translation in progress" in client.get(REVIEW.format(source.pk)).content.decode()
    response = client.post(REVIEW.format(source.pk))
    assert response.status_code == 302
    assert StatementPage.objects.get(pk=source.pk).current_workflow_state is None
    assert client.get(REVIEW.format(999999)).status_code == 404


def test_the_sections_listing_offers_to_submit_a_translation(client, world, statements):
    editor = UserFactory(groups=[Group.objects.get(name="2026 United States editors")])
    translation = start_french(client, editor, statements["us"])
    listing = client.get(f"/admin/pages/{translation.get_parent().pk}/")
    assert listing.status_code == 200
    assert REVIEW.format(translation.pk) in listing.content.decode()
    # Once in review, it is no longer offered.
    client.post(REVIEW.format(translation.pk))
    assert (
        REVIEW.format(translation.pk) not in client.get(f"/admin/pages/{translation.get_parent().pk}/").content.decode()
    )
