"""The API keeps the contract its schema states, as ``schemathesis --checks all`` checks it: for generated
requests to every operation of the schema (the API and every listing's feeds in every language), no 500, only
declared status codes and content types, bodies and headers that match their schema; values the schema rules
out are refused. Rows that broke the contract before (an organisation without a country, Unicode slugs, a
partner link with ``"<>``, a partner item without a title) are seeded and checked by name.

Bounded and deterministic: ``MAX_EXAMPLES`` requests per operation (fewer where an operation only repeats
another's code in another language), derandomised, no example database, no network (the WSGI app is called
in-process)."""

import datetime
import hashlib

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import CHECKS, is_check_class, load_all_checks
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from wagtail.models import Locale

from factchecks.models import Outlet
from feeds.models import FeedItem, Source
from hub.models import Organisation, OrganisationKind, Topic

MAX_EXAMPLES = 25
# A feed in French or Spanish runs the English feed's code on other rows.
MAX_EXAMPLES_OTHER_LANGUAGES = 5


def names_in_answer(response) -> set[str]:
    """What a 400 files its messages under: the JSON object's keys, or "name: message; …" in plain text."""
    try:
        body = response.json()
    except ValueError:
        return {part.split(":", 1)[0].strip() for part in response.text_lossy().split("; ") if ":" in part}
    return set(body) if isinstance(body, dict) else set()


def positive_data_acceptance_but_unknown_names(ctx, response, case):
    """``positive_data_acceptance``, less the answer the schema declares for a well-formed value that names
    nothing the hub has (``?topic=`` a topic that does not exist, ``?locale=`` a language it does not publish
    in): a 400 whose messages are filed under the operation's parameters (or ``detail``). The schema cannot
    list rows; any other refusal of valid data still fails."""
    if response.status_code == 400:
        names = names_in_answer(response)
        if names and names <= {parameter.name for parameter in case.operation.query} | {"detail"}:
            return None
    return positive_data_acceptance(ctx, response, case)


load_all_checks()
# Every check schemathesis ships (``--checks all``); those that need a stateful run or credentials pass.
ALL_CHECKS = [
    positive_data_acceptance_but_unknown_names if check is positive_data_acceptance else check
    for check in CHECKS.get_all()
    if not is_check_class(check)
]

API_OPERATIONS = [
    "/api/v1/accounts/",
    "/api/v1/accounts/{id}/",
    "/api/v1/accounts/verify/",
    "/api/v1/commitments/",
    "/api/v1/commitments/{id}/",
    "/api/v1/consultations/",
    "/api/v1/consultations/{id}/",
    "/api/v1/debunks/",
    "/api/v1/debunks/{case_id}/",
    "/api/v1/debunks/export.csv",
    "/api/v1/debunks/export.jsonl",
    "/api/v1/items/",
    "/api/v1/items/{id}/",
    "/api/v1/library/",
    "/api/v1/library/{id}/",
    "/api/v1/meetings/",
    "/api/v1/meetings/{id}/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/outlets/",
    "/api/v1/outlets/{id}/",
    "/api/v1/presidencies/",
    "/api/v1/presidencies/{id}/",
    "/api/v1/sources/",
    "/api/v1/sources/{id}/",
    "/api/v1/statements/",
    "/api/v1/statements/{id}/",
    "/api/v1/topics/",
    "/api/v1/topics/{id}/",
]
LISTINGS = ["statements/", "library/", "roundtable/", "roundtable/commitments/", "fact-checks/", "newsroom/"]
FEED_OPERATIONS = [f"/{language}/{listing}{{format}}/" for language in ("en", "fr", "es") for listing in LISTINGS]
OPERATIONS = API_OPERATIONS + FEED_OPERATIONS
# The exports take the list filters but declare no parameter: nothing to send outside the schema.
WITHOUT_PARAMETERS = ["/api/v1/debunks/export.csv", "/api/v1/debunks/export.jsonl"]

UNICODE_SLUG = "économie-numérique"
HOSTILE_LINK = 'https://partner.example/news?q="<script>"#<frag>'


@pytest.fixture(scope="module")
def api(full_demo, django_db_blocker):
    """The schema, loaded once from the WSGI app as a partner would fetch it (tests using it ask for ``db``).
    The app's requests run inside each test's transaction: as Django's test client does, requests do not
    close the connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock():
            schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
        yield schema
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def odd_rows(db) -> dict:
    """Rows the hub accepts but that once broke the schema."""
    source = Source.objects.create(name="Hostile source", feed_url="https://hostile.example/feed.xml")
    now = datetime.datetime.now(datetime.UTC)
    return {
        "organisation": Organisation.objects.create(
            name="Alliance sans pays", kind=OrganisationKind.INTERNATIONAL, country=""
        ),
        "outlet": Outlet.objects.create(name="Señal Núcleo TV", slug="señal-núcleo-tv"),
        "topic": Topic.objects.create(name="Économie numérique", slug=UNICODE_SLUG, locale=Locale.get_default()),
        "item": FeedItem.objects.create(
            source=source,
            guid="hostile-link",
            link=HOSTILE_LINK,
            title="  <b></b> ",
            summary="<p>Ministers agreed on a shared approach to debt relief</p>",
            content_hash=hashlib.sha256(b"hostile-link").hexdigest(),
            published_at=now,
            first_seen_at=now,
        ),
    }


def test_the_operations_tested_are_every_operation_of_the_schema(api, db):
    in_schema = {result.ok().path for result in api.get_all_operations()}
    assert set(OPERATIONS) == in_schema
    assert {method.upper() for path in OPERATIONS for method in api[path]} == {"GET"}
    assert [path for path in OPERATIONS if not list(api[path]["GET"].iter_parameters())] == WITHOUT_PARAMETERS


def max_examples(path: str) -> int:
    return MAX_EXAMPLES if not path.startswith(("/fr/", "/es/")) else MAX_EXAMPLES_OTHER_LANGUAGES


def run(operation, mode: GenerationMode, path: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=max_examples(path),
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def keeps_the_contract(case):
        cache.clear()  # the anonymous throttle counts every generated request
        case.call_and_validate(checks=ALL_CHECKS)

    keeps_the_contract()


@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_keeps_its_contract(api, db, odd_rows, path):
    run(api[path]["GET"], GenerationMode.POSITIVE, path)


@pytest.mark.parametrize("path", [path for path in OPERATIONS if path not in WITHOUT_PARAMETERS])
def test_values_outside_the_schema_are_refused(api, db, odd_rows, path):
    """What the schema rules out (a page of 0, a page size of 101, a kind not in the enum, a year of 10000, a
    date that is not one, an id of 30 digits, a feed format not rss, atom or json) the view refuses with a
    4xx, never a 200 or a 500."""
    run(api[path]["GET"], GenerationMode.NEGATIVE, path)


def test_rows_that_broke_the_schema_now_keep_it(api, db, odd_rows):
    """Each odd row, in its list and by its id, passes every check."""
    for path, name in [
        ("/api/v1/organisations/{id}/", "organisation"),
        ("/api/v1/outlets/{id}/", "outlet"),
        ("/api/v1/topics/{id}/", "topic"),
        ("/api/v1/items/{id}/", "item"),
    ]:
        api[path]["GET"].Case(path_parameters={"id": odd_rows[name].pk}).call_and_validate(checks=ALL_CHECKS)
        listing = api[path.removesuffix("{id}/")]["GET"].Case(query={"page_size": 100})
        response = listing.call_and_validate(checks=ALL_CHECKS)
        assert odd_rows[name].pk in [row["id"] for row in response.json()["results"]]


def test_the_api_serves_a_partner_item_as_the_newsroom_shows_it(full_demo, odd_rows, client):
    """The link percent-encoded into a URI and the title the page and the feeds show, not the raw ones."""
    item = client.get(f"/api/v1/items/{odd_rows['item'].pk}/").json()
    assert item["link"] == "https://partner.example/news?q=%22%3Cscript%3E%22#%3Cfrag%3E"
    assert item["title"] == "Ministers agreed on a shared approach to debt relief"
    in_feed = client.get("/en/newsroom/json/").json()["items"][0]
    assert (in_feed["url"], in_feed["title"]) == (item["link"], item["title"])
