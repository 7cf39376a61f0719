import io
import json

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def full_demo(django_db_setup, django_db_blocker):
    """``load_demo`` once for the module (every section, in English, French and Spanish), rolled back after
    it; each test runs in a savepoint, so tests using it ask for ``db``."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def schema(full_demo, db, client):
    """The OpenAPI schema as an anonymous partner downloads it."""
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)
