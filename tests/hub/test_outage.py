"""A database that cannot be reached answers 503 with Retry-After and a plain page, not the 500 page.

The outage is simulated where Django opens its connection, so every query of the request fails the
way it does while PostgreSQL restarts. .ci/fault-drills checks the same against a real PostgreSQL.
"""

from unittest import mock

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, ProgrammingError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from wagtail.models import Site

from hub.web import views


@pytest.fixture
def visitor():
    # Uncaught errors become the error page, as in production, instead of being re-raised in the test.
    return Client(raise_request_exception=False)


def database_down(error=None):
    """Every new cursor fails as if the server had gone away."""
    error = error or OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    return mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=error)


def failing_site_lookup(error):
    """The first thing Wagtail's page view does is find the site in the database."""
    return mock.patch.object(Site, "find_for_request", side_effect=error)


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_unreachable_database_answers_503_with_retry_after(visitor, home_page, error):
    with failing_site_lookup(error):
        response = visitor.get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == str(views.DATABASE_RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "The hub is briefly unavailable" in body
    assert "Please try again in 30 seconds." in body
    # Neither the page cache nor a CDN may keep the outage page.
    assert "no-store" in response["Cache-Control"]
    assert "X-Hub-Cache" not in response


def test_outage_page_is_served_when_every_query_fails(visitor, home_page):
    with database_down():
        response = visitor.get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert '<html lang="en"' in response.content.decode()


def test_outage_page_speaks_the_visitors_language(visitor, home_page):
    with database_down():
        response = visitor.get("/fr/")

    assert response.status_code == 503
    assert '<html lang="fr"' in response.content.decode()


def test_outage_page_needs_no_database(rf: RequestFactory, django_assert_num_queries, db):
    request = rf.get("/en/")
    # Counting queries opens the connection first; from then on any query would fail anyway.
    with django_assert_num_queries(0), database_down():
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError:
            response = views.server_error(request)

    assert response.status_code == 503


def test_error_raised_from_a_connection_failure_is_an_outage(visitor, home_page):
    try:
        raise OperationalError("terminating connection due to administrator command")
    except OperationalError as cause:
        wrapped = RuntimeError("rendering failed")
        wrapped.__cause__ = cause
    with failing_site_lookup(wrapped):
        response = visitor.get("/en/")

    assert response.status_code == 503


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError("a bug"),
        # A bad query or a broken constraint is a bug to fix, not an outage to wait out.
        ProgrammingError('relation "wagtailcore_site" does not exist'),
        IntegrityError("duplicate key value violates unique constraint"),
    ],
)
def test_other_errors_keep_the_500_page(visitor, home_page, error):
    with failing_site_lookup(error):
        response = visitor.get("/en/")

    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Something went wrong on our side" in response.content.decode()


def test_healthz_answers_503_and_names_the_database_error(visitor, db):
    with database_down():
        response = visitor.get("/healthz")

    assert response.status_code == 503
    report = response.json()
    assert report["database"].startswith("error: OperationalError: ")
    assert "Connection refused" in report["database"]


def test_site_serves_again_once_the_database_is_back(visitor, home_page):
    with database_down():
        assert visitor.get("/en/").status_code == 503

    response = visitor.get("/en/")

    assert response.status_code == 200
