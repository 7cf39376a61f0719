"""Management commands: load_demo and ensure_dev_admin."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from hub.models import ContentPage, HomePage, HubSettings, Organisation, Topic


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "topics": Topic.objects.count(),
        "organisations": Organisation.objects.count(),
        "images": Image.objects.count(),
        "documents": Document.objects.count(),
        "sites": Site.objects.count(),
    }


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_loaded_twice(django_db_setup, django_db_blocker):
    """``load_demo`` run twice on an empty database (once per module: every app's demo is slow to build)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first_output = load_demo()
        first = snapshot()
        first_titles = dict(Page.objects.values_list("pk", "title"))
        load_demo()
        yield {"output": first_output, "first": first, "first_titles": first_titles}
        transaction.set_rollback(True)


def test_load_demo_builds_the_site_in_three_languages(demo_loaded_twice, db):
    assert "Demo content is in place." in demo_loaded_twice["output"]
    assert {home.locale.language_code for home in HomePage.objects.live()} == {"en", "fr", "es"}
    for slug in ("about", "legal"):
        languages = {page.locale.language_code for page in ContentPage.objects.live().filter(slug=slug)}
        assert languages == {"en", "fr", "es"}
    english_home = HomePage.objects.get(locale__language_code="en")
    assert Site.objects.get(is_default_site=True).root_page_id == english_home.pk
    assert HomePage.objects.get(locale__language_code="fr").translation_key == english_home.translation_key
    english_topics = Topic.objects.filter(locale__language_code="en").count()
    assert english_topics
    assert Topic.objects.filter(locale__language_code="fr").count() == english_topics
    assert Topic.objects.filter(locale__language_code="es").count() == english_topics
    assert Organisation.objects.exists()
    hub_settings = HubSettings.load()
    assert hub_settings.about_page.specific.slug == "about"
    assert hub_settings.legal_page.specific.slug == "legal"
    # Wagtail's "Welcome" placeholder is gone.
    assert not Page.objects.filter(depth=2, content_type__model="page").exists()


def test_load_demo_twice_changes_nothing(demo_loaded_twice, db):
    assert snapshot() == demo_loaded_twice["first"]
    assert dict(Page.objects.values_list("pk", "title")) == demo_loaded_twice["first_titles"]
    assert {home.locale.language_code for home in HomePage.objects.live()} == {"en", "fr", "es"}


def test_load_demo_leaves_editors_changes_alone(demo_loaded_twice, db):
    french_about = ContentPage.objects.get(locale__language_code="fr", slug="about")
    french_about.title = "À propos (modifié par un éditeur)"
    french_about.save_revision().publish()
    revisions = Revision.objects.count()

    load_demo()

    french_about.refresh_from_db()
    assert french_about.title == "À propos (modifié par un éditeur)"
    assert Revision.objects.count() == revisions


@pytest.mark.parametrize("url", ["/en/", "/fr/", "/es/", "/en/about/", "/fr/about/", "/es/legal/"])
def test_demo_site_serves_every_language(client, demo_loaded_twice, db, url):
    assert client.get(url).status_code == 200


def test_ensure_dev_admin_creates_a_superuser_with_the_printed_credentials(client, db, settings):
    settings.DEBUG = True
    settings.MFA_ENFORCED = False  # as in development settings (make run)
    out = io.StringIO()

    call_command("ensure_dev_admin", stdout=out)

    match = re.search(r"username: (\S+)\s+password: (\S+)", out.getvalue())
    assert match, out.getvalue()
    username, password = match.groups()
    assert "Second factor not enforced in development" in out.getvalue()
    user = get_user_model().objects.get(username=username)
    assert user.is_superuser
    assert user.is_staff
    assert user.is_active
    assert user.check_password(password)
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def accounts():
    """Sign-in accounts: every user but the demo's office members, who have no password (statements demo)."""
    from statements.demo import DEMO_OFFICERS

    return get_user_model().objects.exclude(username__in=DEMO_OFFICERS.values())


def test_ensure_dev_admin_resets_the_password_and_keeps_one_account(db, settings):
    settings.DEBUG = True
    call_command("ensure_dev_admin", stdout=io.StringIO())
    user = get_user_model().objects.get(is_superuser=True)
    user.set_password("forgotten")
    user.is_active = False
    user.save()
    out = io.StringIO()

    call_command("ensure_dev_admin", stdout=out)

    password = re.search(r"password: (\S+)", out.getvalue()).group(1)
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(password)
    assert accounts().count() == 1


def test_ensure_dev_admin_refuses_without_debug(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("ensure_dev_admin", stdout=io.StringIO())

    assert not accounts().exists()
