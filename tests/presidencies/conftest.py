"""Fixtures for the presidencies app: a three-language site with the 2025–2027 troika.

Building presidencies in three languages costs seconds, so ``world`` builds them
once per test module inside an outer transaction (rolled back when the module
ends); each test runs inside its own savepoint, as Django's setUpTestData does.
Tests that use ``world`` must also ask for ``db`` and must refresh objects they
read after a change (``page.refresh_from_db()``).
"""

import datetime
import io
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import timezone

from hub.demo.content import ensure_home
from presidencies.access import ensure_office_group, ensure_presidency_access
from presidencies.handover import archive_presidency, create_presidency, presidency_index

# The presidency tests describe a day in the United States 2026 presidency (1 December 2025 to
# 30 November 2026). They run on that day whatever the real date, so the troika, statuses and
# archives do not move under them when the calendar rolls over; the date logic itself is tested
# with explicit dates in test_troika.py.
SUITE_DATE = datetime.date(2026, 11, 23)


@contextmanager
def on_date(day: datetime.date):
    """``timezone.localdate()`` answers ``day`` inside the block (the troika and the handover read it)."""
    real_localdate = timezone.localdate

    def localdate(value=None, timezone=None):
        return real_localdate(value, timezone) if value is not None else day

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.utils.timezone.localdate", localdate)
        yield


@pytest.fixture(autouse=True, scope="module")
def _on_suite_date():
    with on_date(SUITE_DATE):
        yield


def build_world() -> SimpleNamespace:
    """South Africa 2025 (archived), United States 2026 (current, with groups), United Kingdom 2027 (no groups).

    Built through the same functions the handover and load_demo use.
    """
    home = ensure_home(io.StringIO())
    index = presidency_index()
    ensure_office_group()
    za = create_presidency(index, code="ZA", name="South Africa", year=2025)
    us = create_presidency(index, code="US", name="United States", year=2026)
    uk = create_presidency(index, code="GB", name="United Kingdom", year=2027)
    ensure_presidency_access(za)
    archive_presidency(za)
    ensure_presidency_access(us)
    ensure_presidency_access(uk)
    for page in (za, us, uk):
        page.refresh_from_db()
    return SimpleNamespace(home=home, index=index, za=za, us=us, uk=uk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def cast(world, django_db_blocker):
    """The cast of test_isolation.py (``build_cast``), built inside ``world``'s module transaction, so rolled
    back with it; test_isolation.py and test_isolation_reports.py share it."""
    from tests.presidencies.test_isolation import build_cast

    with django_db_blocker.unblock():
        return build_cast(world)


@pytest.fixture
def login(client, cast, db):
    def _login(role: str):
        client.force_login(cast.users[role])
        return client

    return _login
