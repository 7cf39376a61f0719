"""The anonymous full-page cache: what it shares, what it never shares, and what purges it."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.test import Client
from django.test.utils import override_settings

from hub.models import Topic
from hub.publishing import pagecache
from hub.publishing.withdrawal import withdraw

pytestmark = pytest.mark.django_db

HEADER = "X-Hub-Cache"


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (purges wait for it), as a real request's transaction would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_an_anonymous_page_is_rendered_once_then_served_from_the_cache(demo_pages, client, django_assert_num_queries):
    first = client.get("/en/about/")
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    assert "public" in first["Cache-Control"]
    assert "s-maxage=300" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/en/about/")
    assert second.status_code == 200
    assert second[HEADER] == "hit"
    assert second.content == first.content
    # Headers added inside the cache (the security policy) come back with the stored page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_each_language_has_its_own_entry(demo_pages, client):
    english = client.get("/en/about/")
    french = client.get("/fr/about/")
    assert french[HEADER] == "miss"
    assert client.get("/fr/about/").content == french.content
    assert client.get("/en/about/").content == english.content
    assert french.content != english.content
    assert 'lang="fr"' in french.content.decode()


def test_query_strings_are_separate_entries_in_any_order(demo_pages, client):
    assert client.get("/en/search/?q=summit&page=1")[HEADER] == "miss"
    assert client.get("/en/search/?page=1&q=summit")[HEADER] == "hit"
    assert client.get("/en/search/?q=energy")[HEADER] == "miss"


def test_a_very_long_query_string_is_never_stored(demo_pages, client):
    response = client.get("/en/search/", {"q": "x" * 600})
    assert HEADER not in response
    assert HEADER not in client.get("/en/search/", {"q": "x" * 600})


def test_an_etag_match_on_a_cached_page_is_a_304(demo_pages, client):
    client.get("/en/about/")
    cached = client.get("/en/about/")
    assert cached[HEADER] == "hit"
    assert client.get("/en/about/", HTTP_IF_NONE_MATCH=cached["ETag"]).status_code == 304


def test_signed_in_users_never_get_or_fill_the_cache(demo_pages, client, django_user_model):
    client.get("/en/about/")
    user = django_user_model.objects.create_superuser("officer", "officer@example.org", "x")
    client.force_login(user)
    for _ in range(2):
        response = client.get("/en/about/")
        assert response.status_code == 200
        assert HEADER not in response
        assert "public" not in response.get("Cache-Control", "")


def test_a_visitor_with_a_message_waiting_gets_their_own_page(demo_pages, client, rf):
    # A flash message ("Thank you, your submission is in") lives in the messages cookie.
    client.get("/en/about/")
    request = rf.get("/")
    storage = CookieStorage(request)
    storage.add(constants.SUCCESS, "Thank you")
    response = pagecache.HttpResponse()
    storage.update(response)
    client.cookies["messages"] = response.cookies["messages"].value
    assert HEADER not in client.get("/en/about/")


def test_pages_with_a_csrf_token_are_never_shared(client, settings):
    # Like the debunk right-of-reply form and the consultation form: the page carries a CSRF token.
    settings.ROOT_URLCONF = "tests.hub.pagecache_urls"
    first = client.get("/en/form/")
    assert first.status_code == 200
    assert HEADER not in first
    second = Client().get("/en/form/")
    assert HEADER not in second
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/en/private/", "Cache-Control: private"),
        ("/en/cookie/", "sets a cookie"),
        ("/en/vary-accept/", "varies on Accept, which the key does not hold"),
        ("/en/session/", "writes to the visitor's session"),
    ],
)
def test_answers_that_are_one_visitors_are_never_stored(client, settings, path, reason):
    settings.ROOT_URLCONF = "tests.hub.pagecache_urls"
    client.get(path)
    assert HEADER not in Client().get(path), reason


@pytest.mark.parametrize("path", ["/api/v1/topics/", "/healthz", "/admin/login/"])
def test_the_api_the_admin_and_health_are_never_cached(demo_pages, client, path):
    client.get(path)
    assert HEADER not in client.get(path)


def test_errors_and_redirects_are_never_stored(demo_pages, client):
    assert client.get("/en/no-such-page/").status_code == 404
    assert HEADER not in client.get("/en/no-such-page/")
    assert HEADER not in client.get("/en/about")  # the slash redirect


def test_head_requests_are_answered_without_the_cache(demo_pages, client):
    client.get("/en/about/")
    response = client.head("/en/about/")
    assert response.status_code == 200
    assert HEADER not in response


def test_publishing_purges_every_cached_page(demo_pages, client, commit):
    about = demo_pages["about"]["en"]
    client.get("/en/about/")
    client.get("/en/")
    about.title = "About the G20, revised"
    commit(about.save_revision().publish)
    response = client.get("/en/about/")
    assert response[HEADER] == "miss"
    assert "About the G20, revised" in response.content.decode()
    # Other pages too: the home page lists and links pages whose titles may just have changed.
    assert client.get("/en/")[HEADER] == "miss"


def test_unpublishing_purges(demo_pages, client, commit):
    about = demo_pages["about"]["en"]
    client.get("/en/about/")
    commit(about.unpublish)
    assert client.get("/en/about/").status_code == 404


def test_a_draft_save_does_not_purge(demo_pages, client, commit):
    about = demo_pages["about"]["en"]
    client.get("/en/about/")
    about.title = "Draft title"
    commit(about.save_revision)
    response = client.get("/en/about/")
    assert response[HEADER] == "hit"
    assert "Draft title" not in response.content.decode()


def test_withdrawal_purges(client, commit):
    import io

    from hub.demo.content import ensure_home
    from hub.demo.helpers import ensure_section
    from statements.demo import INDEX_TITLES
    from statements.models import StatementIndexPage, StatementKind, StatementPage

    ensure_home(io.StringIO())
    index = ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    page = StatementPage(title="Summit logistics", slug="logistics", kind=StatementKind.PRESS_RELEASE, summary="Dates.")
    index.add_child(instance=page)
    commit(page.save_revision().publish)
    url = page.get_url()
    assert client.get(url)[HEADER] == "miss"
    assert client.get(url)[HEADER] == "hit"
    commit(withdraw, page, "Superseded by the communiqué.")
    response = client.get(url)
    assert response[HEADER] == "miss"
    assert "Superseded by the communiqué." in response.content.decode()


def test_a_change_to_a_row_shown_on_pages_purges(demo_pages, client, commit):
    client.get("/en/")
    topic = Topic.objects.filter(locale__language_code="en").first()
    topic.name = f"{topic.name} (renamed)"
    commit(topic.save)
    assert client.get("/en/")[HEADER] == "miss"


def test_a_change_to_an_unlisted_row_does_not_purge(demo_pages, client, commit, django_user_model):
    client.get("/en/")
    commit(django_user_model.objects.create_user, "someone", password="x")
    assert client.get("/en/")[HEADER] == "hit"


def test_new_feed_items_purge_the_newsroom(demo_pages, client, commit):
    import datetime

    from feeds.ingest import ingest
    from feeds.models import Source
    from feeds.parsing import ParsedEntry, ParsedFeed

    source = Source.objects.create(name="Partner", feed_url="https://partner.example.org/feed.xml")
    client.get("/en/")
    entry = ParsedEntry(
        guid="urn:partner:1",
        link="https://partner.example.org/news/1",
        title="Partner news",
        summary="Summary",
        content="",
        author="",
        published=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        updated=None,
    )
    feed = ParsedFeed(
        title="Partner", link="https://partner.example.org/", description="", language="en", entries=[entry]
    )
    commit(ingest, source, feed)
    assert client.get("/en/")[HEADER] == "miss"
    # The same document again changes nothing: the cache stays.
    client.get("/en/")
    commit(ingest, source, feed)
    assert client.get("/en/")[HEADER] == "hit"


def test_a_purge_inside_a_transaction_waits_for_the_commit(demo_pages, client, django_capture_on_commit_callbacks):
    client.get("/en/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pagecache.purge_all("test")
    assert client.get("/en/")[HEADER] == "hit"
    for callback in callbacks:
        callback()
    assert client.get("/en/")[HEADER] == "miss"


def test_an_evicted_generation_never_revives_old_entries(demo_pages, client):
    client.get("/en/")
    from django.core.cache import cache

    cache.delete(pagecache.GENERATION_KEY)
    assert client.get("/en/")[HEADER] == "miss"


def test_the_cache_off_means_no_header(demo_pages, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/en/about/")
    assert HEADER not in client.get("/en/about/")


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            # Nothing listens on port 9: every cache call fails at once.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    },
    DJANGO_REDIS_IGNORE_EXCEPTIONS=True,
)
def test_with_the_cache_server_down_pages_are_served_uncached(demo_pages, commit):
    client = Client()
    for _ in range(2):
        response = client.get("/en/about/")
        assert response.status_code == 200
        assert response[HEADER] == "miss"
    # Publishing still works; the purge is dropped with the cache.
    about = demo_pages["about"]["en"]
    commit(about.save_revision().publish)


def test_the_key_holds_host_language_path_and_query():
    request = HttpRequest()
    request.META = {"SERVER_NAME": "hub.example.org", "SERVER_PORT": "443", "QUERY_STRING": "b=2&a=1"}
    request.path = "/en/about/"
    request.LANGUAGE_CODE = "en"
    with override_settings(ALLOWED_HOSTS=["*"]):
        key = pagecache._cache_key(request)  # noqa: SLF001
        request.META["QUERY_STRING"] = "a=1&b=2"
        assert pagecache._cache_key(request) == key  # noqa: SLF001
        request.LANGUAGE_CODE = "fr"
        assert pagecache._cache_key(request) != key  # noqa: SLF001
        request.LANGUAGE_CODE = "en"
        request.META["HTTP_HOST"] = "g20-2026.example.org"
        assert pagecache._cache_key(request) != key  # noqa: SLF001


def test_hiding_a_newsroom_item_purges_the_newsroom(client, commit):
    import io

    from feeds import demo as feeds_demo
    from feeds.models import FeedItem
    from hub.demo import content as core_demo

    core_demo.load(io.StringIO())
    feeds_demo.load(io.StringIO())
    item = FeedItem.objects.filter(hidden=False, duplicate_of__isnull=True).order_by("-published_at").first()
    assert item.title in client.get("/en/newsroom/").content.decode()
    assert client.get("/en/newsroom/")["X-Hub-Cache"] == "hit"
    item.hidden = True
    commit(item.save)
    response = client.get("/en/newsroom/")
    assert response["X-Hub-Cache"] == "miss"
    assert item.title not in response.content.decode()


def test_a_purge_asks_the_cdn_to_drop_the_changed_pages(demo_pages, settings, commit, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://cdn.invalid/"}
    }
    purged = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.backends.HTTPBackend.purge", lambda backend, url: purged.append(url)
    )
    about = demo_pages["about"]["en"]
    commit(pagecache.purge_all, "test", pages=[about])
    assert any(url.endswith("/en/about/") for url in purged)


def test_a_cdn_outage_never_undoes_a_publication(demo_pages, settings, commit, monkeypatch, caplog):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://cdn.invalid/"}
    }

    def refuse(backend, url):
        raise ConnectionError("CDN unreachable")

    monkeypatch.setattr("wagtail.contrib.frontend_cache.backends.HTTPBackend.purge", refuse)
    client = Client()
    client.get("/en/about/")
    about = demo_pages["about"]["en"]
    about.title = "About, after the CDN went down"
    commit(about.save_revision().publish)
    about.refresh_from_db()
    assert about.live
    assert about.title == "About, after the CDN went down"
    assert client.get("/en/about/")[HEADER] == "miss"
