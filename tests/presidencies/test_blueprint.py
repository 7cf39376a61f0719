"""One blueprint for every presidency: the same five sections, in every language, also from the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale, Page, Revision

from presidencies.blueprint import BLUEPRINT, apply_blueprint
from presidencies.models import (
    CalendarPage,
    PresidencyAccountsPage,
    PresidencyDocumentsPage,
    PresidencyPage,
    PresidencyStatementsPage,
    PrioritiesPage,
)

LANGUAGES = ["en", "fr", "es"]
SECTIONS = {
    "priorities": (PrioritiesPage, "Priorities"),
    "calendar": (CalendarPage, "Calendar"),
    "statements": (PresidencyStatementsPage, "Statements"),
    "documents": (PresidencyDocumentsPage, "Documents"),
    "accounts": (PresidencyAccountsPage, "Accounts"),
}
PRESIDENCIES = [("za", "2025-south-africa"), ("us", "2026-united-states"), ("uk", "2027-united-kingdom")]


def expected_title(english: str, language: str) -> str:
    """The title in a language: its catalogue translation when there is one, else the English label."""
    with translation.override(language):
        return gettext(english)


def sections_of(presidency: Page) -> dict:
    return {child.slug: child for child in presidency.get_children().specific().order_by("path")}


def test_the_blueprint_is_the_five_sections():
    assert [(page_class, slug) for page_class, slug, _label in BLUEPRINT] == [
        (page_class, slug) for slug, (page_class, _title) in SECTIONS.items()
    ]


@pytest.mark.parametrize(("key", "slug"), PRESIDENCIES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_presidency_has_the_five_sections_in_every_locale(world, db, key, slug, language):
    source = getattr(world, key)
    presidency = source.get_translation(Locale.objects.get(language_code=language))

    assert presidency.slug == slug
    assert presidency.url_path.endswith(f"/presidencies/{slug}/")
    assert presidency.live
    sections = sections_of(presidency)
    assert list(sections) == list(SECTIONS)
    for section_slug, (page_class, english) in SECTIONS.items():
        section = sections[section_slug]
        assert type(section) is page_class
        assert section.locale.language_code == language
        assert section.live
        assert section.title.strip()
        assert section.title == expected_title(english, language)


@pytest.mark.parametrize(("key", "slug"), PRESIDENCIES)
def test_sections_are_linked_as_translations(world, db, key, slug):
    source = getattr(world, key)
    presidencies = PresidencyPage.objects.filter(translation_key=source.translation_key)

    assert sorted(presidencies.values_list("locale__language_code", flat=True)) == sorted(LANGUAGES)
    assert set(presidencies.values_list("slug", flat=True)) == {slug}

    english = sections_of(source)
    for section_slug, section in english.items():
        translations = Page.objects.filter(translation_key=section.translation_key)
        assert sorted(translations.values_list("locale__language_code", flat=True)) == sorted(LANGUAGES)
        assert set(translations.values_list("slug", flat=True)) == {section_slug}
        for translated in translations.exclude(pk=section.pk):
            # Each translation sits under the same presidency's translation.
            assert translated.get_parent().translation_key == source.translation_key


@pytest.mark.parametrize("language", ["fr", "es"])
def test_presidency_titles_are_translated(world, db, language):
    locale = Locale.objects.get(language_code=language)
    for key in ("za", "us", "uk"):
        source = getattr(world, key)
        translated = source.get_translation(locale)
        assert translated.title.strip()
        assert str(translated.year) in translated.title
        # Facts are the same in every language.
        assert translated.specific.country == source.country
        assert translated.specific.year == source.year
        assert translated.specific.start_date == source.start_date
        assert translated.specific.end_date == source.end_date


def test_french_section_titles_use_the_french_catalogue(world, db):
    fr = Locale.objects.get(language_code="fr")
    titles = [child.title for child in world.us.get_translation(fr).get_children().order_by("path")]

    assert titles == [expected_title(english, "fr") for _page_class, english in SECTIONS.values()]


def test_applying_the_blueprint_again_creates_nothing(world, db):
    pages_before = Page.objects.count()
    revisions_before = Revision.objects.count()

    for key in ("za", "us", "uk"):
        presidency = PresidencyPage.objects.get(pk=getattr(world, key).pk)
        assert apply_blueprint(presidency) == []

    assert Page.objects.count() == pages_before
    assert Revision.objects.count() == revisions_before


def test_a_deleted_french_section_is_recreated_alone(world, db):
    fr = Locale.objects.get(language_code="fr")
    english_calendar = CalendarPage.objects.child_of(world.us).get()
    french_calendar = english_calendar.get_translation(fr)
    french_calendar.delete()
    pages_before = Page.objects.count()

    created = apply_blueprint(PresidencyPage.objects.get(pk=world.us.pk))

    assert len(created) == 1
    assert created[0].startswith("fr:")
    assert Page.objects.count() == pages_before + 1
    recreated = english_calendar.get_translation(fr)
    assert isinstance(recreated.specific, CalendarPage)
    assert recreated.slug == "calendar"
    assert recreated.live
    assert recreated.get_parent().pk == world.us.get_translation(fr).pk
    assert apply_blueprint(PresidencyPage.objects.get(pk=world.us.pk)) == []


def test_a_section_deleted_with_its_translations_is_rebuilt_in_every_locale(world, db):
    """Deleting a page in the admin deletes its translations too; the blueprint rebuilds the set."""
    english_documents = PresidencyDocumentsPage.objects.child_of(world.uk).get()
    for page in Page.objects.filter(translation_key=english_documents.translation_key).order_by("-depth", "-pk"):
        page.delete()
    pages_before = Page.objects.count()

    created = apply_blueprint(PresidencyPage.objects.get(pk=world.uk.pk))

    assert sorted(line.split(":")[0] for line in created) == sorted(LANGUAGES)
    assert Page.objects.count() == pages_before + 3
    recreated = PresidencyDocumentsPage.objects.child_of(world.uk).get()
    translations = Page.objects.filter(translation_key=recreated.translation_key)
    assert sorted(translations.values_list("locale__language_code", flat=True)) == sorted(LANGUAGES)
    for language in LANGUAGES:
        presidency = world.uk.get_translation(Locale.objects.get(language_code=language))
        documents = PresidencyDocumentsPage.objects.child_of(presidency).get()
        assert documents.slug == "documents"
        assert documents.live
        assert set(sections_of(presidency)) == set(SECTIONS)


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("blueprint-admin", "admin@example.org", "password")
    client.force_login(user)
    return client


def test_creating_a_presidency_in_the_admin_applies_the_blueprint(world, admin_client):
    url = f"/admin/pages/add/presidencies/presidencypage/{world.index.pk}/"
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(
        url,
        {
            "title": "France 2028 presidency",
            "country": "FR",
            "country_name": "France",
            "year": "2028",
            "start_date": "",
            "end_date": "",
            "theme": "",
            "leaders_summit": "",
            "hostname": "",
            # What the admin's JavaScript fills in from the title; the model derives its own.
            "slug": "france-2028-presidency",
            "seo_title": "",
            "search_description": "",
            "action-publish": "Publish",
        },
    )

    assert response.status_code == 302, response.context["form"].errors if response.context else response
    english = PresidencyPage.objects.get(year=2028, locale__language_code="en")
    assert english.live
    assert english.slug == "2028-france"
    assert english.start_date.isoformat() == "2027-12-01"
    assert english.end_date.isoformat() == "2028-11-30"
    translations = PresidencyPage.objects.filter(translation_key=english.translation_key)
    assert sorted(translations.values_list("locale__language_code", flat=True)) == sorted(LANGUAGES)
    for presidency in translations:
        language = presidency.locale.language_code
        assert presidency.slug == "2028-france", language
        assert presidency.live, language
        sections = sections_of(presidency)
        assert list(sections) == list(SECTIONS), language
        for section_slug, (page_class, english_title) in SECTIONS.items():
            assert type(sections[section_slug]) is page_class
            assert sections[section_slug].live, (language, section_slug)
            assert sections[section_slug].title == expected_title(english_title, language)
    assert admin_client.get("/fr/presidencies/2028-france/calendar/").status_code == 200
    assert admin_client.get("/es/presidencies/2028-france/accounts/").status_code == 200


def create_draft_in_admin(world, admin_client) -> PresidencyPage:
    response = admin_client.post(
        f"/admin/pages/add/presidencies/presidencypage/{world.index.pk}/",
        # No action-publish: "Save draft". country_name is filled from the ISO code.
        {"title": "Germany 2029 presidency", "country": "DE", "country_name": "", "year": "2029", "slug": "x"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return PresidencyPage.objects.get(year=2029, locale__language_code="en")


def test_a_draft_presidency_created_in_the_admin_gets_its_sections(world, admin_client):
    english = create_draft_in_admin(world, admin_client)

    assert english.country_name == "Germany"
    assert english.slug == "2029-germany"
    assert not english.live
    for presidency in PresidencyPage.objects.filter(translation_key=english.translation_key):
        assert not presidency.live, presidency.locale
        assert list(sections_of(presidency)) == list(SECTIONS), presidency.locale


def test_the_sections_of_a_draft_presidency_are_not_public(world, admin_client, client):
    english = create_draft_in_admin(world, admin_client)

    for presidency in PresidencyPage.objects.filter(translation_key=english.translation_key):
        language = presidency.locale.language_code
        assert not any(section.live for section in presidency.get_children()), language
        for slug in ("", *SECTIONS):
            path = f"/{language}/presidencies/2029-germany/" + (f"{slug}/" if slug else "")
            assert client.get(path).status_code == 404, path
    assert "2029-germany" not in client.get("/sitemap.xml").content.decode()


def test_publishing_a_draft_presidency_publishes_its_sections_in_every_locale(world, admin_client, client):
    english = create_draft_in_admin(world, admin_client)

    PresidencyPage.objects.get(pk=english.pk).save_revision().publish()

    for presidency in PresidencyPage.objects.filter(translation_key=english.translation_key):
        language = presidency.locale.language_code
        assert presidency.live, language
        for section in presidency.get_children():
            assert section.live, (language, section.slug)
            assert client.get(f"/{language}/presidencies/2029-germany/{section.slug}/").status_code == 200


def test_publishing_a_draft_presidency_publishes_a_revision_of_each_section(world, admin_client):
    english = create_draft_in_admin(world, admin_client)

    PresidencyPage.objects.get(pk=english.pk).save_revision().publish()

    for presidency in PresidencyPage.objects.filter(translation_key=english.translation_key):
        for section in presidency.get_children():
            assert section.first_published_at is not None, (presidency.locale, section.slug)
            assert section.live_revision_id is not None, (presidency.locale, section.slug)


def test_a_second_presidency_for_the_same_year_is_refused_in_the_admin(world, admin_client):
    url = f"/admin/pages/add/presidencies/presidencypage/{world.index.pk}/"
    pages_before = Page.objects.count()

    response = admin_client.post(
        url,
        {
            "title": "France 2026",
            "country": "FR",
            "country_name": "France",
            "year": "2026",
            "slug": "2026-france",
            "action-publish": "Publish",
        },
    )

    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert Page.objects.count() == pages_before
