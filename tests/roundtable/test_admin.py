"""Admin of the roundtable: minutes and submissions are never created from a blank snippet form,
approved minutes are frozen, and the groups hold the rights the workflow expects."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from roundtable.access import CHAIRS_GROUP, MODERATORS_GROUP, SECRETARIAT_GROUP
from roundtable.models import ConsultationSubmission, Minutes

from .conftest import new_meeting


def superuser_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-not-used-elsewhere-20")
    client.force_login(user)
    return client


def test_minutes_cannot_be_created_from_a_blank_form(world, db, client):
    superuser_client(client)
    before = Minutes.objects.count()
    response = client.post(reverse("wagtailsnippets_roundtable_minutes:add"), {"summary": "x", "items-count": "0"})
    assert response.status_code == 200
    assert "Minutes and status" in response.content.decode()
    assert Minutes.objects.count() == before


def test_submissions_cannot_be_created_in_the_admin(world, db, client):
    superuser_client(client)
    before = ConsultationSubmission.objects.count()
    response = client.post(
        reverse("wagtailsnippets_roundtable_consultationsubmission:add"), {"status": "new", "moderation_note": ""}
    )
    assert response.status_code == 200
    assert "public form" in response.content.decode()
    assert ConsultationSubmission.objects.count() == before


def test_approved_minutes_are_frozen(world, db, client):
    superuser_client(client)
    meeting = new_meeting(world, slug="frozen-minutes", status="minutes_approved")
    minutes = Minutes.objects.get(meeting=meeting)
    url = reverse("wagtailsnippets_roundtable_minutes:edit", args=[minutes.pk])
    response = client.post(url, {"summary": "Rewritten after approval", "items-count": "0"})
    assert response.status_code == 200
    assert "can no longer be changed" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.summary == "Secret draft summary of frozen-minutes."


def test_groups_hold_the_workflow_rights(world, db):
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    secretariat, chairs, moderators = codenames(SECRETARIAT_GROUP), codenames(CHAIRS_GROUP), codenames(MODERATORS_GROUP)
    assert {"change_minutes", "change_commitment", "change_roundtablemember"} <= secretariat
    assert "approve_minutes" not in secretariat and "add_minutes" not in secretariat
    assert "approve_minutes" in chairs and "change_minutes" not in chairs
    assert {"view_consultationsubmission", "change_consultationsubmission"} <= moderators
    office = codenames("G20 communication office")
    assert "change_consultationsubmission" in office and "approve_minutes" not in office


def test_inline_panels_offer_to_add_one_item_in_words(world, db, client):
    """ "Add agenda item", "Add participant": not "Add Agenda", "Add Participants"."""
    office = get_user_model().objects.create_user("office-member", password="x")
    office.groups.add(Group.objects.get(name="G20 communication office"))
    client.force_login(office)

    html = client.get(reverse("wagtailadmin_pages:edit", args=[world.meetings["upcoming"].pk])).content.decode()

    for added in ("Add agenda item", "Add participant", "Add document"):
        assert added in html, added
    for wrong in ("Add Agenda", "Add Participants", "Add Documents"):
        assert wrong not in html, wrong
