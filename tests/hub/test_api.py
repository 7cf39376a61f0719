"""API conventions: index, schema, docs, pagination, ?since=, filters, read-only, constant queries, throttling."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle
from wagtail.models import Locale

from hub.models import Organisation, OrganisationKind, Topic
from tests.factories import OrganisationFactory, TopicFactory

LISTS = ["/api/v1/topics/", "/api/v1/organisations/"]
FACTORIES = {"/api/v1/topics/": TopicFactory, "/api/v1/organisations/": OrganisationFactory}
MODELS = {"/api/v1/topics/": Topic, "/api/v1/organisations/": Organisation}
SINCE = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def set_updated_at(obj, when: datetime) -> None:
    # update() skips auto_now, so the test can pin the time exactly.
    type(obj).objects.filter(pk=obj.pk).update(updated_at=when)


@pytest.fixture
def throttle_rate(settings, monkeypatch):
    """Lower the anonymous rate to 3/minute for one test."""

    def apply(num_proxies: int = 0) -> None:
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anon": "3/minute"},
            "NUM_PROXIES": num_proxies,
        }
        settings.NUM_PROXIES = num_proxies
        # DRF copies the rates onto the class when it is defined, so the setting alone does not reach it.
        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})

    return apply


def test_index_lists_every_endpoint(client, db):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    index = response.json()
    # Domain apps add their own endpoints; the core's are always there.
    assert {name: index.get(name) for name in ("topics", "organisations", "schema", "docs")} == {
        "topics": "http://testserver/api/v1/topics/",
        "organisations": "http://testserver/api/v1/organisations/",
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }
    assert all(url.startswith("http://testserver/api/v1/") for url in index.values())


def test_schema_is_openapi_3_with_public_paths_only(client, db):
    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "G20 Communications Hub API"
    paths = list(schema["paths"])
    assert "/api/v1/topics/" in paths
    assert "/api/v1/organisations/" in paths
    assert "/api/v1/organisations/{id}/" in paths
    # Besides the API, only the listings' feeds, documented under their own tag.
    assert [
        path for path in paths if not path.startswith("/api/") and "Feeds" not in schema["paths"][path]["get"]["tags"]
    ] == []
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/organisations/"]["get"]["parameters"]}
    assert {"page", "page_size", "since", "kind", "country"} <= parameters
    for operations in schema["paths"].values():
        assert set(operations) <= {"get", "parameters"}, "the public API is read-only"


def test_docs_load_only_local_assets(client, db):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assets = [tag["src"] for tag in soup.find_all("script", src=True)]
    assets += [tag["href"] for tag in soup.find_all("link", href=True)]
    assert any(asset.endswith(".js") for asset in assets)
    assert any(asset.endswith(".css") for asset in assets)
    assert [asset for asset in assets if urlsplit(asset).netloc not in ("", "testserver")] == []
    assert [script for script in soup.find_all("script") if not script.get("src")] == []
    for asset in assets:
        if "?" not in asset:
            continue
        script = client.get(asset)
        assert script.status_code == 200
        assert b"https://" not in script.content
        assert b"http://" not in script.content


def test_docs_policy_allows_no_inline_script(client, db):
    response = client.get("/api/v1/docs/")

    header = response["Content-Security-Policy"]
    script_src = next(part for part in header.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src


@pytest.mark.parametrize("url", LISTS)
def test_list_has_exactly_the_documented_envelope(client, db, url):
    FACTORIES[url].create_batch(3)

    body = client.get(url).json()

    assert list(body) == ["count", "next", "previous", "results"]
    assert body["count"] == 3
    assert body["next"] is None
    assert body["previous"] is None
    assert len(body["results"]) == 3


@pytest.mark.parametrize("url", LISTS)
def test_default_page_size_is_20(client, db, url):
    FACTORIES[url].create_batch(25)

    first = client.get(url).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert "page=2" in first["next"]
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"] is not None
    assert {row["id"] for row in first["results"]}.isdisjoint(row["id"] for row in second["results"])


@pytest.mark.parametrize("url", LISTS)
def test_page_size_up_to_100_is_accepted(client, db, url):
    FACTORIES[url].create_batch(25)

    response = client.get(url, {"page_size": 100})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 25


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page_size", ["101", "0", "-1", "abc", "1.5", "1e3"])
def test_bad_page_size_is_refused_with_a_message(client, db, url, page_size):
    response = client.get(url, {"page_size": page_size})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["page_size"]
    assert "page_size" in body["page_size"][0]
    assert "100" in body["page_size"][0]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["abc", "0", "-3"])
def test_bad_page_is_refused_with_a_message(client, db, url, page):
    response = client.get(url, {"page": page})

    assert response.status_code == 400
    assert "page" in response.json()["page"][0]


@pytest.mark.parametrize("url", LISTS)
def test_since_is_inclusive_and_ordered_by_update_then_id(client, db, url):
    factory = FACTORIES[url]
    # Names run against the expected order, so ordering by name would fail.
    before = factory(name="Zulu before")
    at_first = factory(name="Yankee at since")
    later = factory(name="Alpha later")
    at_second = factory(name="Xray at since too")
    set_updated_at(before, SINCE - timedelta(microseconds=1))
    set_updated_at(at_first, SINCE)
    set_updated_at(later, SINCE + timedelta(hours=1))
    set_updated_at(at_second, SINCE)

    response = client.get(url, {"since": "2025-03-01T12:00:00Z"})

    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == [at_first.pk, at_second.pk, later.pk]


@pytest.mark.parametrize(
    "since", ["2025-03-01T12:00:00", "2025-03-01T13:00:00+01:00", "2025-03-01T12:00:00.000000Z", "2025-03-01 12:00"]
)
def test_since_accepts_naive_and_offset_datetimes(client, db, since):
    included = OrganisationFactory()
    excluded = OrganisationFactory()
    set_updated_at(included, SINCE)
    set_updated_at(excluded, SINCE - timedelta(seconds=1))

    response = client.get("/api/v1/organisations/", {"since": since})

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [included.pk]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("since", ["yesterday", "2025-13-01T00:00:00Z", "2025-03-01T25:00:00", "1' OR '1'='1"])
def test_malformed_since_is_refused_with_a_message(client, db, url, since):
    response = client.get(url, {"since": since})

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["since"]
    assert body["since"][0]


def test_since_survives_a_page_walk(client, db):
    rows = OrganisationFactory.create_batch(5)
    for row in rows:
        set_updated_at(row, SINCE)

    first = client.get("/api/v1/organisations/", {"since": "2025-03-01T12:00:00Z", "page_size": 3}).json()
    second = client.get(first["next"]).json()

    walked = [row["id"] for row in first["results"] + second["results"]]
    assert walked == sorted(row.pk for row in rows)


def test_organisations_filter_by_kind(client, db):
    platform = OrganisationFactory(kind=OrganisationKind.PLATFORM)
    OrganisationFactory(kind=OrganisationKind.ACADEMIA)

    body = client.get("/api/v1/organisations/", {"kind": "platform_company"}).json()

    assert [row["id"] for row in body["results"]] == [platform.pk]
    assert body["results"][0]["kind_label"] == "Platform company"


def test_organisations_invalid_kind_is_refused(client, db):
    response = client.get("/api/v1/organisations/", {"kind": "government"})

    assert response.status_code == 400
    assert list(response.json()) == ["kind"]


@pytest.mark.parametrize("country", ["ZA", "za"])
def test_organisations_filter_by_country(client, db, country):
    south_africa = OrganisationFactory(country="ZA")
    OrganisationFactory(country="FR")
    OrganisationFactory(country="")

    body = client.get("/api/v1/organisations/", {"country": country}).json()

    assert [row["id"] for row in body["results"]] == [south_africa.pk]
    assert body["results"][0]["country"] == "ZA"


def test_topics_filter_by_locale(client, db):
    french = Locale.objects.create(language_code="fr")
    english_topic = TopicFactory(name="Digital economy")
    french_topic = english_topic.copy_for_translation(french)
    french_topic.name = "Économie numérique"
    french_topic.save()

    body = client.get("/api/v1/topics/", {"locale": "fr"}).json()

    assert [(row["name"], row["locale"]) for row in body["results"]] == [("Économie numérique", "fr")]
    assert body["results"][0]["translation_key"] == str(english_topic.translation_key)


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_anonymous_writes_are_refused(client, db, url, method):
    obj = FACTORIES[url]()
    before = MODELS[url].objects.count()

    list_response = getattr(client, method)(url, {"name": "Hacked"}, content_type="application/json")
    detail_response = getattr(client, method)(f"{url}{obj.pk}/", {"name": "Hacked"}, content_type="application/json")

    assert list_response.status_code in (403, 405)
    assert detail_response.status_code in (403, 405)
    assert MODELS[url].objects.count() == before
    obj.refresh_from_db()
    assert obj.name != "Hacked"


@pytest.mark.parametrize("url", LISTS)
def test_signed_in_writes_are_refused_too(admin_client, url):
    obj = FACTORIES[url]()

    response = admin_client.patch(f"{url}{obj.pk}/", {"name": "Edited"}, content_type="application/json")

    assert response.status_code in (403, 405)
    obj.refresh_from_db()
    assert obj.name != "Edited"


def _queries_for(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 100})
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


def test_organisation_list_runs_a_constant_number_of_queries(client, db, django_assert_num_queries):
    OrganisationFactory.create_batch(5)
    small_queries, small_rows = _queries_for(client, "/api/v1/organisations/")
    OrganisationFactory.create_batch(45)

    with django_assert_num_queries(small_queries):
        response = client.get("/api/v1/organisations/", {"page_size": 100})

    assert small_rows == 5
    assert len(response.json()["results"]) == 50


def test_topic_list_runs_a_constant_number_of_queries(client, db, django_assert_num_queries):
    french = Locale.objects.create(language_code="fr")
    TopicFactory.create_batch(3)
    TopicFactory.create_batch(2, locale=french)
    small_queries, small_rows = _queries_for(client, "/api/v1/topics/")
    TopicFactory.create_batch(25)
    TopicFactory.create_batch(20, locale=french)

    with django_assert_num_queries(small_queries):
        response = client.get("/api/v1/topics/", {"page_size": 100})

    assert small_rows == 5
    assert {row["locale"] for row in response.json()["results"]} == {"en", "fr"}
    assert len(response.json()["results"]) == 50


@pytest.mark.parametrize("url", ["/api/v1/organisations/?since=2025-01-01T00:00:00Z", "/api/v1/topics/?locale=en"])
def test_filtered_lists_run_a_constant_number_of_queries(client, db, url, django_assert_num_queries):
    factory = OrganisationFactory if "organisations" in url else TopicFactory
    factory.create_batch(2)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    factory.create_batch(30)

    with django_assert_num_queries(len(small)):
        client.get(url)


def test_fourth_request_in_a_minute_is_throttled(client, db, throttle_rate):
    throttle_rate()

    statuses = [client.get("/api/v1/topics/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    throttled = client.get("/api/v1/topics/")
    assert throttled.status_code == 429
    assert "Retry-After" in throttled
    assert "detail" in throttled.json()


def test_clients_behind_a_trusted_proxy_are_throttled_separately(client, db, throttle_rate):
    throttle_rate(num_proxies=1)
    alice = {"HTTP_X_FORWARDED_FOR": "203.0.113.10", "REMOTE_ADDR": "10.0.0.1"}
    bob = {"HTTP_X_FORWARDED_FOR": "198.51.100.20", "REMOTE_ADDR": "10.0.0.1"}

    alice_statuses = [client.get("/api/v1/topics/", **alice).status_code for _ in range(4)]
    bob_statuses = [client.get("/api/v1/topics/", **bob).status_code for _ in range(3)]

    assert alice_statuses == [200, 200, 200, 429]
    assert bob_statuses == [200, 200, 200]


def test_spoofed_forwarded_for_does_not_escape_the_throttle_without_proxy(client, db, throttle_rate):
    throttle_rate(num_proxies=0)

    statuses = [
        client.get("/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", REMOTE_ADDR="192.0.2.7").status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_spoofed_leftmost_forwarded_for_does_not_escape_the_throttle_behind_proxy(client, db, throttle_rate):
    throttle_rate(num_proxies=1)

    # The proxy appends the real client; whatever the client put before it is ignored.
    statuses = [
        client.get(
            "/api/v1/topics/", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.10", REMOTE_ADDR="10.0.0.1"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
