import io

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import transaction
from django.test import override_settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language: a request in French leaves French active in the thread, and
    a later test would see its messages in French (seen after tests/presidencies/test_handover_admin.py)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: throttles and cached pages never leak between tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _officers_pass_the_second_factor(request, monkeypatch):
    """``client.force_login(user)`` signs in as an officer who enrolled an authenticator app and passed it
    in this session, as every officer has in production: tests not about the second factor reach the
    admin as before. Tests of the second factor itself are marked ``password_only`` and get the bare
    password sign-in."""
    if request.node.get_closest_marker("password_only"):
        return
    from django.test import Client

    from tests.mfa import pass_second_factor

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(scope="module")
def demo_tree(django_db_setup, django_db_blocker):
    """The demo site (``hub.demo.content.load``) built once per test module and rolled back after it.

    Each test still runs in its own savepoint inside this transaction, so tests
    using it must ask for ``db`` (never ``transactional_db`` or ``live_server``).
    """
    from hub.demo import content as demo

    with django_db_blocker.unblock(), transaction.atomic():
        demo.load(io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_pages(demo_tree, db):
    """The demo's pages by kind and language: ``demo_pages["about"]["fr"]``."""
    from hub.models import ContentPage, HomePage

    pages = {"home": {}, "about": {}, "legal": {}}
    for home in HomePage.objects.select_related("locale"):
        pages["home"][home.locale.language_code] = home
    for page in ContentPage.objects.filter(slug__in=["about", "legal"]).select_related("locale"):
        pages[page.slug][page.locale.language_code] = page
    return pages


@pytest.fixture
def home_page(db):
    """A published English home page (from the factory) as the default site's root; no demo content."""
    from wagtail.models import Page, Site

    from tests.factories import HomePageFactory

    home = HomePageFactory(parent=Page.get_first_root_node(), publish=True)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def disk_storages(tmp_path):
    """Media and private files on disk, as in production without buckets (Wagtail's document view sends
    files from disk; the in-memory test storages have no real path).

    Leaving override_settings builds new storage instances, while model fields keep the ones they were
    built with: the originals are put back so later tests see one of each."""
    originals = dict(storages._storages)  # noqa: SLF001
    with override_settings(
        STORAGES={
            **settings.STORAGES,
            "media": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
            },
            "private": {
                "BACKEND": "roundtable.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(tmp_path / "private")},
            },
        }
    ):
        yield
    storages._storages = originals  # noqa: SLF001
