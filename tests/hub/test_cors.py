"""Cross-origin reads: the API, its schema and docs, and the feeds answer any origin without credentials;
the admin, forms and pages never answer with CORS headers, cached or not."""

import io

import pytest
from django.conf import settings

from hub.demo.content import ensure_home, ensure_topics
from hub.demo.helpers import ensure_section
from statements.demo import INDEX_TITLES
from statements.models import StatementIndexPage
from tests.factories.statements import add_statement

pytestmark = pytest.mark.django_db

ORIGIN = "https://partner.example.org"
ALLOW_ORIGIN = "Access-Control-Allow-Origin"
ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials"


@pytest.fixture
def statements_index():
    ensure_home(io.StringIO())
    ensure_topics(io.StringIO())
    index = ensure_section(StatementIndexPage, "statements", INDEX_TITLES, io.StringIO())
    add_statement(index, "one")
    return index


def assert_open_to_any_origin(response):
    assert response.status_code == 200, response.content[:300]
    assert response[ALLOW_ORIGIN] == "*"
    assert ALLOW_CREDENTIALS not in response


def assert_no_cors(response):
    assert ALLOW_ORIGIN not in response
    assert ALLOW_CREDENTIALS not in response
    assert "Access-Control-Allow-Methods" not in response


def test_the_middleware_comes_before_anything_that_answers_on_its_own():
    middleware = settings.MIDDLEWARE
    cors = middleware.index("corsheaders.middleware.CorsMiddleware")
    for later in (
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.middleware.common.CommonMiddleware",
        "hub.publishing.pagecache.PageCacheMiddleware",
    ):
        assert cors < middleware.index(later)
    assert settings.CORS_ALLOW_CREDENTIALS is False
    assert set(settings.CORS_ALLOW_METHODS) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/statements/", "/api/v1/schema/", "/api/v1/docs/"])
def test_the_api_its_schema_and_docs_answer_any_origin(client, statements_index, path):
    assert_open_to_any_origin(client.get(path, HTTP_ORIGIN=ORIGIN))


def test_a_bad_query_on_the_api_still_answers_cross_origin(client, statements_index):
    # A partner's script must be able to read the 400 message.
    response = client.get("/api/v1/statements/?page_size=<script>", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 400
    assert response[ALLOW_ORIGIN] == "*"


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_feed_answers_any_origin_even_from_the_page_cache(client, settings, statements_index, kind, language):
    settings.PAGE_CACHE_SECONDS = 300
    path = f"/{language}/statements/{kind}/"
    first = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert_open_to_any_origin(first)
    second = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert second["X-Hub-Cache"] == "hit"
    assert_open_to_any_origin(second)
    # The stored copy holds no CORS header of its own: a plain reader gets none, and the next origin still does.
    assert_no_cors(client.get(path))
    assert_open_to_any_origin(client.get(path, HTTP_ORIGIN="https://other.example.net"))


def test_a_preflight_to_the_api_allows_reading_only(client, statements_index):
    response = client.options(
        "/api/v1/statements/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == "*"
    assert ALLOW_CREDENTIALS not in response
    methods = {method.strip() for method in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}


def test_a_preflight_to_a_feed_works(client, statements_index):
    response = client.options("/en/statements/rss/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert response.status_code == 200
    assert response[ALLOW_ORIGIN] == "*"


def test_the_admin_never_answers_cross_origin(client, statements_index):
    response = client.get("/admin/login/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert_no_cors(response)
    preflight = client.options("/admin/login/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")
    assert_no_cors(preflight)
    assert_no_cors(client.get("/django-admin/login/", HTTP_ORIGIN=ORIGIN))


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_public_pages_never_answer_cross_origin(client, settings, statements_index, language):
    settings.PAGE_CACHE_SECONDS = 300
    for path in (f"/{language}/statements/", f"/{language}/statements/one/", f"/{language}/search/?q=x"):
        response = client.get(path, HTTP_ORIGIN=ORIGIN)
        assert response.status_code in (200, 404), path
        assert_no_cors(response)
    # A listing whose filter holds a feed-like word is still the page, not a feed.
    assert_no_cors(client.get(f"/{language}/statements/?q=rss/", HTTP_ORIGIN=ORIGIN))


@pytest.mark.parametrize(
    "path",
    [
        "/en/statements/rss/../",
        "/en/statements/rss",
        "/en/statements/one/rss/x/",
        "/en/statements/json.html",
    ],
)
def test_lookalike_paths_get_no_cors(client, statements_index, path):
    assert_no_cors(client.get(path, HTTP_ORIGIN=ORIGIN))
