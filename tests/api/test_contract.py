"""The API keeps the contract its schema states (schemathesis, ``--checks all`` on responses): for generated
requests to the main read endpoints and the feeds, no 500, only declared status codes and content types,
bodies and headers that match their schema. Bounded and deterministic: ``MAX_EXAMPLES`` requests per
operation, derandomised, no example database, no network (the WSGI app is called in-process)."""

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

MAX_EXAMPLES = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    response_headers_conformance,
]
OPERATIONS = [
    "/api/v1/statements/",
    "/api/v1/statements/{id}/",
    "/api/v1/library/",
    "/api/v1/debunks/",
    "/api/v1/debunks/{case_id}/",
    "/api/v1/items/",
    "/api/v1/sources/",
    "/api/v1/presidencies/",
    "/api/v1/accounts/",
    "/api/v1/accounts/verify/",
    "/api/v1/meetings/",
    "/api/v1/commitments/",
    "/api/v1/consultations/",
    "/api/v1/topics/",
    "/api/v1/organisations/",
    "/api/v1/organisations/{id}/",
    "/api/v1/outlets/",
    "/en/statements/{format}/",
    "/fr/fact-checks/{format}/",
    "/es/newsroom/{format}/",
]


@pytest.fixture
def api(full_demo, db):
    """The schema, loaded from the WSGI app as a partner would fetch it. The app's requests run inside the
    test's transaction: as Django's test client does, requests do not close the connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.parametrize("path", OPERATIONS)
def test_the_api_keeps_its_contract(api, path):
    operation = api[path]["GET"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def keeps_the_contract(case):
        cache.clear()  # the anonymous throttle counts every generated request
        case.call_and_validate(checks=CHECKS)

    keeps_the_contract()


NEGATIVE_OPERATIONS = [
    "/api/v1/statements/",
    "/api/v1/library/",
    "/api/v1/debunks/",
    "/api/v1/presidencies/",
    "/api/v1/meetings/",
    "/api/v1/commitments/",
    "/api/v1/consultations/",
    "/api/v1/organisations/",
    "/api/v1/outlets/",
    "/api/v1/sources/",
    "/api/v1/accounts/",
]


@pytest.mark.parametrize("path", NEGATIVE_OPERATIONS)
def test_values_outside_the_schema_are_refused(api, path):
    """What the schema rules out (a page of 0, a page size of 101, a kind not in the enum, a year of
    10000, a date that is not one) the view refuses with a 4xx, never a 200 or a 500."""
    operation = api[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def is_refused(case):
        cache.clear()
        case.call_and_validate(checks=[*CHECKS, negative_data_rejection])

    is_refused()
