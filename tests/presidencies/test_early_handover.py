"""A sitting presidency is never archived by mistake: on 7 December 2026, with the United Kingdom 2027
presidency in office, a handover to France 2028 is refused unless the office gives the day it takes effect
and confirms; a day to come is scheduled and applied on that day by Celery beat; banner, permissions and
the API's status agree throughout."""

import datetime
import io

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import GroupPagePermission, Page

from presidencies.handover import apply_due_handovers
from presidencies.models import AccountStatus, OfficialAccount, PresidencyPage, ScheduledHandover
from tests.factories import UserFactory
from tests.presidencies.conftest import on_date

TODAY = datetime.date(2026, 12, 7)
UK_BANNER = "Archived: published under the United Kingdom 2027 presidency"
HANDOVER = "/admin/handover/"


@pytest.fixture(autouse=True, scope="module")
def _on_suite_date():
    with on_date(TODAY):
        yield


@pytest.fixture
def uk_in_office(world, db):
    """The handover of 1 December 2026 done: the United Kingdom 2027 presidency in office, with an account."""
    with translation.override("en"):
        call_command("handover", "--country", "United Kingdom", "--year", "2027", stdout=io.StringIO())
    OfficialAccount.objects.create(
        platform="x", handle="@ukpres2027", url="https://x.com/ukpres2027", owner=world.uk, status=AccountStatus.ACTIVE
    )
    return PresidencyPage.objects.get(pk=world.uk.pk)


def run(*args) -> str:
    out = io.StringIO()
    with translation.override("en"):
        call_command("handover", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def state() -> dict:
    return {
        "pages": Page.objects.count(),
        "presidencies": sorted(PresidencyPage.objects.values_list("pk", "is_archived", "start_date", "end_date")),
        "page_permissions": GroupPagePermission.objects.count(),
        "accounts": sorted(OfficialAccount.objects.values_list("pk", "status")),
    }


def api_presidencies(client) -> dict[int, dict]:
    return {item["year"]: item for item in client.get("/api/v1/presidencies/", {"page_size": 100}).json()["results"]}


def assert_banner_permissions_and_status_agree(client) -> None:
    """Archived means: banner on, no publishing group left on it, and never "current" or "next" in the API."""
    for year, item in api_presidencies(client).items():
        page = PresidencyPage.objects.get(year=year, locale__language_code="en")
        html = client.get(f"/en/presidencies/{page.slug}/").content.decode()
        banner = f"Archived: published under the {page.country_name} {year} presidency"
        assert item["archived"] == page.is_archived
        assert (banner in html) == page.is_archived, year
        if page.is_archived:
            assert item["status"] not in {"current", "next"}, item
            editors = Group.objects.filter(name=f"{year} {page.country_name} editors").first()
            if editors is not None:
                assert not GroupPagePermission.objects.filter(group=editors, permission__codename="change_page")


def test_a_handover_while_the_outgoing_presidency_sits_is_refused_naming_the_dates(uk_in_office, client):
    before = state()

    with pytest.raises(CommandError) as error:
        run("--country", "France", "--year", "2028")

    message = str(error.value)
    assert "2027 United Kingdom" in message and "2026-12-01" in message and "2027-11-30" in message
    assert "--effective" in message
    assert state() == before
    assert UK_BANNER not in client.get("/en/presidencies/2027-united-kingdom/").content.decode()
    assert api_presidencies(client)[2027]["status"] == "current"


def test_an_early_handover_needs_confirmation(uk_in_office):
    before = state()

    with pytest.raises(CommandError, match="--yes"):
        run("--country", "France", "--year", "2028", "--effective", "2027-03-01")

    assert state() == before
    assert not ScheduledHandover.objects.exists()


def test_a_confirmed_early_handover_is_scheduled_then_applied_by_beat_on_its_day(uk_in_office, client):
    before = state()

    out = run("--country", "France", "--year", "2028", "--effective", "2027-03-01", "--yes")

    # The officer was told what will change; until that day nothing does.
    assert "ends on 2027-02-28 instead" in out and "2028 France" in out
    assert "Handover scheduled: 2028 France on 2027-03-01" in out
    assert state() == before
    assert "Nothing to do" in run("--country", "France", "--year", "2028", "--effective", "2027-03-01", "--yes")
    assert apply_due_handovers(datetime.date(2027, 2, 28)) == []
    assert state() == before

    with on_date(datetime.date(2027, 3, 1)):
        assert apply_due_handovers() == ["2028 France on 2027-03-01"]
        uk = PresidencyPage.objects.get(pk=uk_in_office.pk)
        france = PresidencyPage.objects.get(year=2028, locale__language_code="en")
        assert uk.is_archived and uk.end_date == datetime.date(2027, 2, 28)
        assert france.start_date == datetime.date(2027, 3, 1) and not france.is_archived
        assert OfficialAccount.objects.get(handle="@ukpres2027").status == AccountStatus.ARCHIVED
        statuses = api_presidencies(client)
        assert statuses[2028]["status"] == "current"
        assert statuses[2027]["archived"] and statuses[2027]["status"] == "past"
        assert_banner_permissions_and_status_agree(client)
        scheduled = ScheduledHandover.objects.get()
        assert scheduled.applied_at is not None and "archived 2027 United Kingdom" in scheduled.outcome
        assert apply_due_handovers() == []  # applied once


def test_an_early_handover_effective_today_applies_now_and_everything_agrees(uk_in_office, client):
    out = run("--country", "France", "--year", "2028", "--effective", TODAY.isoformat(), "--yes")

    assert "Handover done: 2028 France is in place" in out
    uk = PresidencyPage.objects.get(pk=uk_in_office.pk)
    assert uk.is_archived and uk.end_date == datetime.date(2026, 12, 6)
    assert UK_BANNER in client.get("/en/presidencies/2027-united-kingdom/").content.decode()
    assert api_presidencies(client)[2028]["status"] == "current"
    assert_banner_permissions_and_status_agree(client)
    assert "Nothing to do" in run("--country", "France", "--year", "2028", "--effective", TODAY.isoformat(), "--yes")


@pytest.mark.parametrize(
    ("effective", "message"),
    [("2026-11-15", "before the 2027 United Kingdom presidency began"), ("next week", "next week")],
)
def test_a_bad_effective_date_changes_nothing(uk_in_office, effective, message):
    before = state()
    with pytest.raises(CommandError, match=message):
        run("--country", "France", "--year", "2028", "--effective", effective, "--yes")
    assert state() == before
    assert not ScheduledHandover.objects.exists()


def test_a_failing_scheduled_handover_is_kept_with_its_reason(uk_in_office, world):
    ScheduledHandover.objects.create(country="FR", country_name="France", year=2027, effective_on=TODAY)

    assert apply_due_handovers() == []

    scheduled = ScheduledHandover.objects.get()
    assert scheduled.applied_at is None and scheduled.outcome.startswith("failed:")


def test_beat_runs_the_same_function_hourly():
    from hub.celery import app
    from presidencies.tasks import apply_due_handovers_task

    entry = settings.CELERY_BEAT_SCHEDULE["presidencies-apply-due-handovers"]
    assert entry["task"] == apply_due_handovers_task.name == "presidencies.tasks.apply_due_handovers"
    assert entry["task"] in app.tasks


def test_the_task_applies_due_handovers(uk_in_office):
    from presidencies.tasks import apply_due_handovers_task

    run("--country", "France", "--year", "2028", "--effective", "2027-03-01", "--yes")
    with on_date(datetime.date(2027, 3, 2)):
        assert apply_due_handovers_task.delay().get() == ["2028 France on 2027-03-01"]
    assert PresidencyPage.objects.get(pk=uk_in_office.pk).is_archived


# --- the admin form, as a member of the office ------------------------------------------------


@pytest.fixture
def office(uk_in_office, client):
    client.force_login(UserFactory(username="office-member", groups=["G20 communication office"]))
    return client


def test_the_admin_refuses_an_early_handover_without_a_date(office):
    before = state()
    response = office.post(HANDOVER, {"country": "France", "year": "2028"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "2026-12-01" in html and "2027-11-30" in html
    assert state() == before


def test_the_admin_shows_what_will_change_before_an_early_handover(office):
    before = state()
    data = {"country": "France", "year": "2028", "effective": "2027-03-01"}

    confirmation = office.post(HANDOVER, data)

    html = confirmation.content.decode()
    assert confirmation.status_code == 200
    assert "Confirm the early handover" in html
    assert "ends on 2027-02-28 instead" in html and "active official accounts become archived" in html
    assert state() == before and not ScheduledHandover.objects.exists()

    done = office.post(HANDOVER, {**data, "confirmed": "on"})

    assert done.status_code == 302
    assert any("Handover scheduled" in str(message) for message in get_messages(done.wsgi_request))
    scheduled = ScheduledHandover.objects.get()
    assert (scheduled.year, scheduled.effective_on) == (2028, datetime.date(2027, 3, 1))
    assert scheduled.requested_by.username == "office-member"
    assert state() == before
    assert "2028 France: takes effect on 1 March 2027" in office.get(HANDOVER).content.decode()


def test_a_handover_to_a_year_held_by_another_country_is_refused_when_scheduled_not_on_the_day(uk_in_office):
    before = state()

    with pytest.raises(CommandError, match="already held by United Kingdom"):
        run("--country", "France", "--year", "2027", "--effective", "2027-03-01", "--yes")

    assert state() == before
    assert not ScheduledHandover.objects.exists()
