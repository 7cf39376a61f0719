"""The API documentation a partner reads at /api/v1/docs/ (its schema at /api/v1/schema/): no padlock on a
public read-only API, a sentence for every parameter, the errors and bounds the views enforce, the feeds."""

import re

import pytest

from hub.rest.pagination import MAX_PAGE_SIZE
from statements.models import StatementKind

LANGUAGES = ("en", "fr", "es")
FEED_TYPES = {
    "rss": "application/rss+xml",
    "atom": "application/atom+xml",
    "json": "application/feed+json",
}


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method != "parameters":
                yield path, method, operation


def lead(parameter) -> str:
    """The description before drf-spectacular's list of choices."""
    return (parameter.get("description") or "").split("\n\n* `")[0].strip()


def parameter(schema, path, name, where="query"):
    found = [p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name and p["in"] == where]
    assert len(found) == 1, f"{path} has no {where} parameter {name}"
    return found[0]


def test_a_public_read_only_api_declares_no_security(schema, client):
    assert "security" not in schema
    assert "securitySchemes" not in schema.get("components", {})
    assert [path for path, _method, operation in operations(schema) if "security" in operation] == []
    # The docs page reads that schema: nothing there for Swagger UI to draw a padlock or Authorize button from.
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200


def test_every_parameter_has_a_sentence(schema):
    vague = []
    for path, method, operation in operations(schema):
        for param in operation.get("parameters", []):
            text = lead(param)
            words = re.findall(r"[\w'-]+", text)
            if len(words) < 3 or text.strip(" .`").lower() == param["name"].lower():
                vague.append(f"{method.upper()} {path} {param['in']} {param['name']}: {text!r}")
    assert vague == []
    assert len(list(operations(schema))) > 40  # the API's and the feeds' operations were walked


def test_dates_say_which_field_and_that_bounds_are_inclusive(schema):
    for path in ("/api/v1/statements/", "/api/v1/library/"):
        for name in ("from", "to"):
            text = lead(parameter(schema, path, name))
            assert "inclusive" in text and "item's date" in text, (path, name, text)
        since = lead(parameter(schema, path, "since"))
        assert "inclusive" in since and "updated_at" in since
    debunk_from = lead(parameter(schema, "/api/v1/debunks/", "from"))
    assert "first seen" in debunk_from and "inclusive" in debunk_from
    meeting_to = lead(parameter(schema, "/api/v1/meetings/", "to"))
    assert "starting on or before" in meeting_to and "inclusive" in meeting_to
    assert "updated_at" in lead(parameter(schema, "/api/v1/topics/", "since"))


def test_presidency_says_year_or_office(schema):
    for path in ("/api/v1/statements/", "/api/v1/library/", "/en/statements/{format}/"):
        text = lead(parameter(schema, path, "presidency"))
        assert "2026" in text and "office" in text, text
    owner = lead(parameter(schema, "/api/v1/accounts/", "owner"))
    assert "2026" in owner and "office" in owner


def test_choices_are_enums_and_numbers_have_their_bounds(schema):
    kind = parameter(schema, "/api/v1/statements/", "kind")["schema"]
    assert sorted(kind["enum"]) == sorted(StatementKind.values)
    assert parameter(schema, "/api/v1/statements/", "fallback")["schema"]["enum"] == ["0", "1"]
    assert parameter(schema, "/api/v1/presidencies/", "archived")["schema"]["enum"] == ["false", "true"]
    for path, _method, operation in operations(schema):
        names = {param["name"]: param["schema"] for param in operation.get("parameters", [])}
        if "page" in names:
            assert names["page"] == {"type": "integer", "minimum": 1}, path
            assert names["page_size"]["minimum"] == 1 and names["page_size"]["maximum"] == MAX_PAGE_SIZE, path
    year = parameter(schema, "/api/v1/presidencies/", "year")["schema"]
    assert year == {"type": "integer", "minimum": 1, "maximum": 9999}
    organisation = parameter(schema, "/api/v1/meetings/", "organisation")["schema"]
    assert organisation["type"] == "integer" and organisation["minimum"] == 1
    identifier = parameter(schema, "/api/v1/statements/{id}/", "id", "path")["schema"]
    assert identifier == {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}


def test_lists_declare_their_400_404_and_429(schema):
    error = {"$ref": "#/components/schemas/Error"}
    lists = [path for path, _m, op in operations(schema) if any(p["name"] == "page" for p in op.get("parameters", []))]
    assert "/api/v1/statements/" in lists and "/api/v1/topics/" in lists
    for path in lists:
        responses = schema["paths"][path]["get"]["responses"]
        assert {"200", "400", "404", "429"} <= set(responses), path
        for status in ("400", "404", "429"):
            assert responses[status]["content"]["application/json"]["schema"] == error
            assert responses[status]["description"]
    detail = schema["paths"]["/api/v1/statements/{id}/"]["get"]["responses"]
    assert {"200", "404", "429"} <= set(detail)
    assert schema["components"]["schemas"]["Error"]["type"] == "object"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_listing_feed_is_documented_and_answers_as_documented(schema, client, language):
    feeds = {
        path: methods["get"]
        for path, methods in schema["paths"].items()
        if path.startswith(f"/{language}/") and "Feeds" in methods["get"]["tags"]
    }
    sections = {path.split("/")[2] for path in feeds}
    assert len(sections) == 5, sections  # statements, library, fact-checks, newsroom, roundtable
    assert any(path.endswith("/commitments/{format}/") for path in feeds)
    for path, operation in feeds.items():
        assert parameter(schema, path, "format", "path")["schema"]["enum"] == list(FEED_TYPES)
        assert set(operation["responses"]["200"]["content"]) == set(FEED_TYPES.values())
        assert "text/plain" in operation["responses"]["400"]["content"]
        for kind, media_type in FEED_TYPES.items():
            response = client.get(path.replace("{format}", kind))
            assert response.status_code == 200, path
            assert response["Content-Type"].split(";")[0] == media_type
    statements = next(path for path in feeds if "commitments" not in path and "kind" in str(feeds[path]))
    bad = client.get(statements.replace("{format}", "rss"), {"kind": "bogus"})
    assert bad.status_code == 400 and bad["Content-Type"].startswith("text/plain")
    assert "kind" in bad.content.decode()


def test_the_schema_says_where_feeds_are_documented(schema):
    assert "Feeds" in [tag["name"] for tag in schema["tags"]]
    assert "Feeds" in schema["info"]["description"]
    assert "404" in schema["info"]["description"]


@pytest.mark.parametrize("query", ["?page=9", "?page=9&page_size=100", "?page=123456789012"])
def test_a_page_past_the_end_answers_404_naming_page(full_demo, db, client, query):
    response = client.get("/api/v1/topics/" + query)

    assert response.status_code == 404
    count = client.get("/api/v1/topics/?page_size=100").json()["count"]
    page_size = 100 if "page_size" in query else 20
    last = max(1, -(-count // page_size))
    asked = query.split("page=")[1].split("&")[0]
    assert response.json() == {"page": [f"Page {asked} is past the end: the last page is {last}."]}


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_a_malformed_page_answers_400_naming_page(full_demo, db, client, value):
    response = client.get("/api/v1/statements/", {"page": value, "page_size": 1})

    if value == "":
        assert response.status_code == 200  # no page asked: the first
    else:
        assert response.status_code == 400
        assert list(response.json()) == ["page"]
        assert "page" in response.json()["page"][0]


def test_the_last_page_itself_still_answers(full_demo, db, client):
    count = client.get("/api/v1/topics/", {"page_size": 1}).json()["count"]
    assert count > 1

    last = client.get("/api/v1/topics/", {"page_size": 1, "page": count})
    beyond = client.get("/api/v1/topics/", {"page_size": 1, "page": count + 1})

    assert last.status_code == 200 and len(last.json()["results"]) == 1
    assert beyond.status_code == 404
    assert beyond.json()["page"] == [f"Page {count + 1} is past the end: the last page is {count}."]


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/api/v1/statements/", "page", "0"),
        ("/api/v1/statements/", "page_size", "101"),
        ("/api/v1/statements/", "kind", "bogus"),
        ("/api/v1/statements/", "fallback", "2"),
        ("/api/v1/statements/", "from", "2026-02-30"),
        ("/api/v1/presidencies/", "year", "10000"),
        ("/api/v1/presidencies/", "archived", "maybe"),
        ("/api/v1/meetings/", "organisation", "0"),
        ("/api/v1/commitments/", "status", "bogus"),
        ("/api/v1/organisations/", "roundtable", "maybe"),
        ("/api/v1/sources/", "active", "maybe"),
        ("/api/v1/sources/", "active", "1"),
    ],
)
def test_what_the_schema_rules_out_answers_400_naming_the_parameter(schema, client, path, name, value):
    declared = parameter(schema, path, name)["schema"]
    assert declared.get("enum") or declared.get("format") or "minimum" in declared or declared["type"] == "boolean"

    response = client.get(path, {name: value})

    assert response.status_code == 400
    assert name in response.json()


@pytest.mark.parametrize(("name", "value", "count"), [("active", "true", 1), ("active", "false", 0), ("active", "", 1)])
def test_true_or_false_still_filter(full_demo, db, client, name, value, count):
    from feeds.models import Source

    Source.objects.update(active=True)
    Source.objects.exclude(pk=Source.objects.order_by("pk").first().pk).delete()

    response = client.get("/api/v1/sources/", {name: value})

    assert response.status_code == 200
    assert response.json()["count"] == count


def test_the_schema_is_written_without_a_database(monkeypatch):
    """CI writes the schema offline (`manage.py spectacular --validate`): no table, no crash."""
    from django.db import OperationalError
    from drf_spectacular.generators import SchemaGenerator

    from hub.rest import feed_docs

    def no_tables():
        raise OperationalError("no such table: wagtailcore_page")
        yield  # pragma: no cover - a generator, like the real one

    monkeypatch.setattr(feed_docs, "listing_pages", no_tables)
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "Feeds" in {tag["name"] for tag in schema["tags"]}
    assert "/api/v1/statements/" in schema["paths"]
