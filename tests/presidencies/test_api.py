"""GET /api/v1/presidencies/: every presidency with its dates, status and troika role."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from presidencies.handover import create_presidency
from presidencies.models import PresidencyPage

URL = "/api/v1/presidencies/"


def get(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def by_year(body) -> dict:
    return {item["year"]: item for item in body["results"]}


def test_the_suite_runs_in_the_united_states_presidency():
    # The expectations below hold on the suite's date (tests/presidencies/conftest.py), whatever the real one.
    today = timezone.localdate()
    assert datetime.date(2025, 12, 1) <= today <= datetime.date(2026, 11, 30), today
    # A date that is passed in is still converted, not pinned.
    assert timezone.localdate(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)) == datetime.date(2030, 1, 1)


def test_list_fields(world, db, client):
    body = get(client)

    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 3
    assert [item["year"] for item in body["results"]] == [2025, 2026, 2027]
    za = by_year(body)[2025]
    assert za["year"] == 2025
    assert za["country"] == "ZA"
    assert za["country_name"] == "South Africa"
    assert za["slug"] == "2025-south-africa"
    assert za["url"] == "http://testserver/en/presidencies/2025-south-africa/"
    assert za["start"] == "2024-12-01"
    assert za["end"] == "2025-11-30"
    assert za["status"] == "past"
    assert za["troika_role"] == "previous"
    assert za["archived"] is True
    assert za["locale"] == "en"
    assert za["translation_key"] == str(world.za.translation_key)


def test_statuses_and_roles_today(world, db, client):
    presidencies = by_year(get(client))

    assert {year: (p["status"], p["troika_role"], p["archived"]) for year, p in presidencies.items()} == {
        2025: ("past", "previous", True),
        2026: ("current", "current", False),
        2027: ("next", "next", False),
    }
    assert presidencies[2026]["url"] == "http://testserver/en/presidencies/2026-united-states/"
    assert presidencies[2027]["country"] == "GB"
    assert presidencies[2027]["country_name"] == "United Kingdom"


def test_url_follows_the_host_of_the_request(world, db, client, settings):
    settings.ALLOWED_HOSTS = ["*"]
    body = client.get(URL, HTTP_HOST="localhost", secure=True).json()

    assert by_year(body)[2026]["url"] == "https://localhost/en/presidencies/2026-united-states/"


def test_detail(world, db, client):
    response = client.get(f"{URL}{world.us.pk}/")

    assert response.status_code == 200
    assert response.json()["year"] == 2026
    assert response.json()["status"] == "current"


@pytest.mark.parametrize("url", [f"{URL}999999/", "/api/v1/accounts/999999/"])
def test_unknown_detail_is_a_json_404(world, db, client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("query", "years"),
    [
        ("?year=2026", [2026]),
        ("?year=2030", []),
        ("?country=us", [2026]),
        ("?country=US", [2026]),
        ("?country=Gb", [2027]),
        ("?country=fr", []),
        ("?archived=true", [2025]),
        ("?archived=false", [2026, 2027]),
        ("?archived=true&country=za", [2025]),
        ("?year=2027&country=gb", [2027]),
        ("?year=2027&country=za", []),
    ],
)
def test_filters(world, db, client, query, years):
    assert [item["year"] for item in get(client, query)["results"]] == years


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?locale=xx",
        "?locale=EN-GB",
        "?page=0",
        "?page_size=1000",
        "?archived=maybe",
    ],
)
def test_bad_parameters(world, db, client, query):
    response = client.get(URL + query)

    assert response.status_code == 400
    assert response.json()


def test_empty_locale_means_the_default_language(world, db, client):
    assert {item["locale"] for item in get(client, "?locale=")["results"]} == {"en"}


def test_unknown_locale_is_refused_with_a_message(world, db, client):
    response = client.get(URL + "?locale=xx")

    assert response.status_code == 400
    assert "locale" in response.json()
    assert "xx" in str(response.json()["locale"])


@pytest.mark.parametrize("language", ["fr", "es"])
def test_locale(world, db, client, language):
    body = get(client, f"?locale={language}")

    assert body["count"] == 3
    presidencies = by_year(body)
    for year, slug in ((2025, "2025-south-africa"), (2026, "2026-united-states"), (2027, "2027-united-kingdom")):
        item = presidencies[year]
        assert item["locale"] == language
        assert item["slug"] == slug
        assert item["url"] == f"http://testserver/{language}/presidencies/{slug}/"
        assert client.get(item["url"].removeprefix("http://testserver")).status_code == 200
    # The same presidencies: same translation keys, same facts, same troika.
    english = by_year(get(client))
    for year, item in presidencies.items():
        assert item["translation_key"] == english[year]["translation_key"]
        for key in ("country", "country_name", "start", "end", "status", "troika_role", "archived"):
            assert item[key] == english[year][key], (year, key)
    assert {item["id"] for item in presidencies.values()}.isdisjoint({item["id"] for item in english.values()})


def test_unpublished_presidencies_are_left_out(world, db, client):
    PresidencyPage.objects.get(pk=world.uk.pk).unpublish()

    assert [item["year"] for item in get(client)["results"]] == [2025, 2026]


def test_query_count_does_not_grow_with_the_presidencies(world, db, client, django_assert_num_queries):
    get(client)  # warm the per-process caches (default locale, site root paths)
    with CaptureQueriesContext(connection) as three:
        assert get(client)["count"] == 3
    queries = len(three.captured_queries)  # now: the log is reset by the next request

    for code, name, year in (("IN", "India", 2023), ("BR", "Brazil", 2024), ("FR", "France", 2028)):
        create_presidency(world.index, code=code, name=name, year=year)

    get(client)
    with django_assert_num_queries(queries):
        body = get(client)
    assert body["count"] == 6
    statuses = {item["year"]: (item["status"], item["troika_role"]) for item in body["results"]}
    assert statuses == {
        2023: ("past", None),
        2024: ("past", None),
        2025: ("past", "previous"),
        2026: ("current", "current"),
        2027: ("next", "next"),
        2028: ("upcoming", None),
    }
    # The same in another language.
    get(client, "?locale=fr")
    with CaptureQueriesContext(connection) as french:
        assert get(client, "?locale=fr")["count"] == 6
    assert len(french.captured_queries) == queries


def test_the_api_is_read_only(world, db, client):
    assert client.post(URL, {"year": 2030, "country": "FR"}).status_code in (401, 403, 405)
    assert client.delete(f"{URL}{world.us.pk}/").status_code in (401, 403, 405)
    assert PresidencyPage.objects.filter(pk=world.us.pk).exists()
