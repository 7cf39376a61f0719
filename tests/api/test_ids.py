"""An id no row can have (30 digits, one past the largest 64-bit integer, negative, zero, a NUL, digits of
another script) answers 404 on every detail route the schema lists, and on the public routes outside the API
that take an id; a query value of the same kind answers 400 or 404 (a page past the end), never 500.
SQLite raises OverflowError on an integer beyond 64 bits, PostgreSQL an out-of-range error."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import viewsets

from factchecks.models import DebunkPage
from hub.api.urls import HubRouter

HUGE = "1" + "0" * 29
# The last is "１２" in full-width digits, which int() reads as 12: it served item 12 at a second address.
JUNK_IDS = [HUGE, str(2**63), "-1", "0", "%00", "%EF%BC%91%EF%BC%92"]
PUBLIC_ROUTES_WITH_IDS = [
    "/documents/{id}/report.pdf",
    "/documents/authenticate_with_password/{id}/",
    "/_util/authenticate_with_password/{id}/{id}/",
]
# "²" is a digit to str.isdigit() but not to int(): ?owner=² was a 500.
JUNK_QUERY_VALUES = [HUGE, str(2**63), "-1", "\x00", "²", "１２"]


def detail_paths(schema) -> list[str]:
    return sorted(path for path in schema["paths"] if "{" in path)


def with_id(path: str, value: str) -> str:
    return re.sub(r"\{[^}]+\}", value, path)


@pytest.mark.parametrize("junk", JUNK_IDS)
def test_every_detail_route_answers_404_to_an_id_no_row_has(schema, client, junk):
    paths = detail_paths(schema) + PUBLIC_ROUTES_WITH_IDS
    assert "/api/v1/statements/{id}/" in paths
    assert "/api/v1/presidencies/{id}/" in paths
    # follow: the public routes outside the API first redirect to the reader's language.
    answers = {path: client.get(with_id(path, junk), follow=True).status_code for path in paths}
    assert {path: status for path, status in answers.items() if status != 404} == {}


@pytest.mark.parametrize("junk", JUNK_QUERY_VALUES)
def test_every_query_parameter_refuses_a_value_no_row_has(schema, client, junk):
    """Every query parameter of every API list (``?topic=``, ``?presidency=``, ``?organisation=``, ``?page=``
    …) answers 400, or 404 for a page past the end, or 200 for a text filter that matches nothing."""
    answers = {}
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/") or "{" in path:
            continue
        for parameter in operations["get"].get("parameters", []):
            if parameter["in"] == "query":
                status = client.get(path, {parameter["name"]: junk}).status_code
                answers[f"{path}?{parameter['name']}="] = status
    assert len(answers) > 50
    assert {query: status for query, status in answers.items() if status not in (200, 400, 404)} == {}


def test_an_address_under_the_api_that_names_nothing_answers_404_in_json(db, client):
    """As the schema declares for every 404 (the router's patterns refuse it before any view: no HTML page)."""
    for address in ["/api/v1/debunks/not-a-case-id/", "/api/v1/nothing-here/", "/api/v1/statements/1/x/"]:
        response = client.get(address)
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), address
        assert response.json() == {"detail": "Not found."}


def test_the_router_takes_no_endpoint_without_the_guard():
    """A domain's new endpoint cannot bring back the 500: the router refuses a viewset without the base."""
    with pytest.raises(ImproperlyConfigured, match="ReadOnlyViewSet"):
        HubRouter().register("unguarded", viewsets.ReadOnlyModelViewSet, basename="unguarded")


def test_a_nul_in_a_value_a_view_reads_itself_answers_400(schema, client):
    """Filter sets' form fields refuse a NUL; ``?locale=`` of the presidencies and of a debunk, and the account
    check's values, are read by the views themselves: on PostgreSQL a NUL in them was a 500."""
    case_id = DebunkPage.objects.live().public().first().case_id
    for address, name in [
        ("/api/v1/presidencies/?locale=%00", "locale"),
        (f"/api/v1/debunks/{case_id}/?locale=en%00", "locale"),
        ("/api/v1/accounts/verify/?handle=g20%00&platform=x", "handle"),
        ("/api/v1/accounts/verify/?url=https://x.com/g20%00", "url"),
    ]:
        response = client.get(address)
        assert (response.status_code, list(response.json())) == (400, [name]), address
