"""The "Second pair of eyes" workflow: another reviewer approves; nobody approves their own submission."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage

from hub.publishing.review import SecondPairOfEyesTask
from hub.tasks import publish_scheduled
from presidencies.access import OFFICE_GROUP, ensure_office_group
from presidencies.handover import handover
from presidencies.models import PresidencyStatementsPage
from statements.models import StatementKind, StatementPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(django_user_model):
    from hub.demo.content import ensure_home

    ensure_home(io.StringIO())
    ensure_office_group()
    report = handover("United States", 2026)
    us = report.incoming
    moderators = Group.objects.get(name="2026 United States moderators")
    officers = {}
    for name in ("alice", "bob"):
        user = django_user_model.objects.create_user(username=name, email=f"{name}@g20.example", password="x")  # noqa: S106
        user.groups.add(moderators)
        officers[name] = user
    parent = PresidencyStatementsPage.objects.child_of(us).get()
    statement = StatementPage(
        title="Draft statement", slug="draft", kind=StatementKind.PRESIDENCY_STATEMENT, summary="S.", live=False
    )
    parent.add_child(instance=statement)
    statement.save_revision(user=officers["alice"])
    return {"us": us, "statement": statement, **officers}


def submit(page, user):
    page = StatementPage.objects.get(pk=page.pk)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "2026 United States review"
    return workflow.start(page, user)


def approve_url(page):
    page = StatementPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_state.current_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def test_handover_gives_the_presidency_its_review_workflow_in_every_language(setup):
    workflow = Workflow.objects.get(name="2026 United States review")
    assert WorkflowPage.objects.filter(workflow=workflow).count() == 3
    task = SecondPairOfEyesTask.objects.get(workflow_tasks__workflow=workflow)
    assert set(task.groups.values_list("name", flat=True)) == {"2026 United States moderators", OFFICE_GROUP}


def test_the_submitter_cannot_approve_their_own_work(client, setup):
    submit(setup["statement"], setup["alice"])
    client.force_login(setup["alice"])

    page = StatementPage.objects.get(pk=setup["statement"].pk)
    assert page.current_workflow_task.specific.get_actions(page, setup["alice"]) == []
    response = client.post(approve_url(page), {"comment": ""})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"


def test_a_superuser_cannot_approve_their_own_submission_either(client, setup, admin_user):
    submit(setup["statement"], admin_user)
    client.force_login(admin_user)
    client.post(approve_url(setup["statement"]), {"comment": ""})
    assert not StatementPage.objects.get(pk=setup["statement"].pk).live


def test_another_reviewer_approves_and_it_publishes(client, setup):
    submit(setup["statement"], setup["alice"])
    client.force_login(setup["bob"])

    response = client.post(approve_url(setup["statement"]), {"comment": ""})
    assert response.status_code in (200, 302)
    page = StatementPage.objects.get(pk=setup["statement"].pk)
    assert page.live
    assert client.get(page.url).status_code == 200


def test_reviewers_are_told_by_email_and_the_submitter_is_not(setup):
    mail.outbox.clear()
    submit(setup["statement"], setup["alice"])
    recipients = {address for message in mail.outbox for address in message.to}
    assert "bob@g20.example" in recipients
    assert "alice@g20.example" not in recipients


def test_a_reviewer_can_ask_for_changes(client, setup):
    submit(setup["statement"], setup["alice"])
    page = StatementPage.objects.get(pk=setup["statement"].pk)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(setup["bob"])
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state.pk]),
        {"comment": "Please cite the declaration."},
    )
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"
    assert not page.live


def test_scheduled_publishing_goes_live_when_celery_beat_runs_the_task(setup):
    page = StatementPage.objects.get(pk=setup["statement"].pk)
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision(user=setup["bob"])
    revision.publish()
    page.refresh_from_db()
    assert not page.live and revision.approved_go_live_at is not None

    publish_scheduled.apply()  # too early: nothing happens
    assert not StatementPage.objects.get(pk=page.pk).live

    # An hour later (moved back in time rather than waiting): the scheduled time has passed.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled.apply()
    assert StatementPage.objects.get(pk=page.pk).live
