"""The meeting and minutes status flow (scheduled → held → minutes in draft, then circulated → approved →
published), the private review links of draft minutes, and the admin's workflow view."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale
from wagtail.rich_text import RichText

from hub.demo.helpers import publish_translation
from roundtable import flow
from roundtable.access import CHAIRS_GROUP, SECRETARIAT_GROUP
from roundtable.models import (
    Commitment,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesReviewLink,
    MinutesStatus,
    Representative,
    RoundtableMeetingPage,
)
from tests.factories.users import UserFactory
from tests.roundtable.conftest import new_meeting

PARTICIPANTS = ("Meta Platforms", "Civil 20", "European Union")


def minutes_of(meeting) -> Minutes:
    return Minutes.objects.get(meeting=meeting)


def write(minutes: Minutes) -> Minutes:
    """The secretariat writes the discussion of the first agenda item (circulating empty minutes is refused)."""
    first = minutes.items[0].value
    minutes.items = [("item", {**first, "discussion": RichText("<p>Participants reviewed the reports.</p>")})] + [
        ("item", block.value) for block in list(minutes.items)[1:]
    ]
    minutes.save()
    return minutes


def statuses(meeting) -> dict[str, str]:
    """The status of the meeting in each of its languages."""
    return dict(
        RoundtableMeetingPage.objects.filter(translation_key=meeting.translation_key).values_list(
            "locale__language_code", "status"
        )
    )


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- Each allowed step -----------------------------------------------------------------------------------


def test_each_step_in_order_moves_meeting_and_minutes(world, db):
    meeting = new_meeting(world, slug="flow-in-order")
    assert meeting.status == MeetingStatus.SCHEDULED
    assert not Minutes.objects.filter(meeting=meeting).exists()

    flow.mark_held(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD

    minutes = flow.start_minutes(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT
    assert minutes.status == MinutesStatus.DRAFT
    # One section per agenda item, ready to write.
    assert [block.value["title"] for block in minutes.items] == ["Opening", "Transparency reports"]
    assert all(block.value["discussion"].source == "" for block in minutes.items)
    assert all(list(block.value["decisions"]) == list(block.value["action_items"]) == [] for block in minutes.items)

    issued = flow.circulate(write(minutes))
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert minutes.circulated_at is not None
    assert meeting.status == MeetingStatus.MINUTES_DRAFT
    assert len(issued) == 3

    flow.approve(minutes, None, "The Chair")
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_at is not None
    assert minutes.approved_by_name == "The Chair"
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.minutes_published_at is None

    flow.publish(minutes)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED
    assert minutes.published_at is not None
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.minutes_published_at == minutes.published_at


def test_circulating_again_while_circulated_is_allowed(world, db):
    meeting = new_meeting(world, slug="flow-recirculate", status="circulated")
    minutes = minutes_of(meeting)
    issued = flow.circulate(minutes)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert len(issued) == 3


def test_each_step_is_logged(world, db):
    from wagtail.models import PageLogEntry

    meeting = new_meeting(world, slug="flow-logged", status="published")
    actions = list(
        PageLogEntry.objects.filter(page=meeting, action__startswith="roundtable.").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        [
            "roundtable.held",
            "roundtable.minutes_started",
            "roundtable.minutes_circulated",
            "roundtable.minutes_approved",
            "roundtable.minutes_published",
        ]
    )


def test_approval_uses_the_meetings_chair_name_when_none_is_given(world, db):
    meeting = new_meeting(world, slug="flow-chair-name", status="circulated")
    RoundtableMeetingPage.objects.filter(pk=meeting.pk).update(chair_name="Claire Dubois")
    minutes = minutes_of(meeting)
    flow.approve(minutes, None)
    minutes.refresh_from_db()
    assert minutes.approved_by_name == "Claire Dubois"


# --- Steps out of order ----------------------------------------------------------------------------------


def test_mark_held_refuses_a_meeting_that_has_not_started(world, db):
    meeting = new_meeting(world, slug="flow-future", start=timezone.now() + datetime.timedelta(days=3))
    with pytest.raises(flow.TransitionError, match="not started"):
        flow.mark_held(meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_mark_held_refuses_a_meeting_already_held(world, db):
    meeting = new_meeting(world, slug="flow-held-twice", status="held")
    with pytest.raises(flow.TransitionError, match="Only a scheduled meeting"):
        flow.mark_held(meeting)


def test_start_minutes_refuses_a_scheduled_meeting(world, db):
    meeting = new_meeting(world, slug="flow-start-scheduled")
    with pytest.raises(flow.TransitionError, match="once the meeting has been held"):
        flow.start_minutes(meeting)
    assert not Minutes.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_start_minutes_refuses_minutes_already_started(world, db):
    meeting = new_meeting(world, slug="flow-start-twice", status="minutes_draft")
    with pytest.raises(flow.TransitionError):
        flow.start_minutes(meeting)
    assert Minutes.objects.filter(meeting=meeting).count() == 1


def test_approve_refuses_a_draft_that_was_not_circulated(world, db):
    meeting = new_meeting(world, slug="flow-approve-draft", status="minutes_draft")
    minutes = minutes_of(meeting)
    with pytest.raises(flow.TransitionError, match="after they have been circulated"):
        flow.approve(minutes, None, "The Chair")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT
    assert not Commitment.objects.filter(meeting=meeting).exists()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT


def test_approve_refuses_minutes_already_approved(world, db):
    meeting = new_meeting(world, slug="flow-approve-twice", status="minutes_approved")
    with pytest.raises(flow.TransitionError):
        flow.approve(minutes_of(meeting), None, "The Chair")
    assert Commitment.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("status", ["minutes_draft", "circulated"])
def test_publish_refuses_minutes_not_approved(world, db, status):
    meeting = new_meeting(world, slug=f"flow-publish-{status}", status=status)
    minutes = minutes_of(meeting)
    with pytest.raises(flow.TransitionError, match="approved"):
        flow.publish(minutes)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status != MinutesStatus.PUBLISHED
    assert meeting.status == MeetingStatus.MINUTES_DRAFT
    assert meeting.minutes_published_at is None


def test_publish_refuses_minutes_already_published(world, db):
    meeting = new_meeting(world, slug="flow-publish-twice", status="published")
    with pytest.raises(flow.TransitionError):
        flow.publish(minutes_of(meeting))


@pytest.mark.parametrize("status", ["minutes_approved", "published"])
def test_circulate_refuses_approved_minutes(world, db, status):
    meeting = new_meeting(world, slug=f"flow-circulate-{status}", status=status)
    minutes = minutes_of(meeting)
    links_before = minutes.review_links.count()
    with pytest.raises(flow.TransitionError, match="no longer be circulated"):
        flow.circulate(minutes)
    assert minutes.review_links.count() == links_before
    minutes.refresh_from_db()
    assert minutes.status != MinutesStatus.CIRCULATED


def test_approve_refuses_a_user_without_the_approval_permission(world, db):
    meeting = new_meeting(world, slug="flow-approve-no-perm", status="circulated")
    minutes = minutes_of(meeting)
    secretary = UserFactory(username="flow-secretary", groups=[SECRETARIAT_GROUP])
    with pytest.raises(flow.TransitionError, match="Only the chair"):
        flow.approve(minutes, secretary, "The Chair")
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert not Commitment.objects.filter(meeting=meeting).exists()


def test_approve_by_a_chair_records_the_user(world, db):
    meeting = new_meeting(world, slug="flow-approve-chair", status="circulated")
    chair = UserFactory(username="flow-chair", groups=[CHAIRS_GROUP])
    chair.first_name, chair.last_name = "Ada", "Chair"
    chair.save()
    minutes = minutes_of(meeting)
    flow.approve(minutes, chair)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_by == chair
    assert minutes.approved_by_name == "Ada Chair"


# --- Translations ------------------------------------------------------------------------------------


def test_status_is_updated_on_every_translation(world, db):
    meeting = new_meeting(world, slug="flow-translated")
    french = publish_translation(meeting, Locale.objects.get(language_code="fr"), {"title": "Réunion traduite"})
    spanish = meeting.copy_for_translation(Locale.objects.get(language_code="es"))
    spanish.save_revision().publish()
    assert statuses(meeting) == {"en": "scheduled", "fr": "scheduled", "es": "scheduled"}

    flow.mark_held(meeting)
    assert statuses(meeting) == {"en": "held", "fr": "held", "es": "held"}
    minutes = flow.start_minutes(meeting)
    assert statuses(meeting) == {"en": "minutes_draft", "fr": "minutes_draft", "es": "minutes_draft"}
    # The minutes live on the language they were started in; every translation finds them there.
    assert flow.source_meeting(RoundtableMeetingPage.objects.get(pk=french.pk)).pk == meeting.pk
    assert flow.source_meeting(RoundtableMeetingPage.objects.get(pk=spanish.pk)).pk == meeting.pk
    flow.circulate(write(minutes))
    assert statuses(meeting) == {"en": "minutes_draft", "fr": "minutes_draft", "es": "minutes_draft"}
    flow.approve(minutes, None, "The Chair")
    assert statuses(meeting) == {"en": "minutes_approved", "fr": "minutes_approved", "es": "minutes_approved"}
    flow.publish(minutes)
    assert statuses(meeting) == {"en": "published", "fr": "published", "es": "published"}
    published_at = set(
        RoundtableMeetingPage.objects.filter(translation_key=meeting.translation_key).values_list(
            "minutes_published_at", flat=True
        )
    )
    assert published_at == {minutes_of(meeting).published_at}


def test_a_translation_made_after_publication_keeps_the_status_and_shows_the_minutes(world, db, client):
    meeting = new_meeting(world, slug="flow-translated-late", status="published")
    french = publish_translation(meeting, Locale.objects.get(language_code="fr"), {"title": "Réunion tardive"})
    french.refresh_from_db()
    assert french.status == MeetingStatus.PUBLISHED
    response = client.get(french.url)
    assert response.status_code == 200
    assert "zebraquill" in response.content.decode()


# --- Commitments from approval -----------------------------------------------------------------------


def test_approval_creates_one_commitment_per_action_item_marked_as_commitment(world, db):
    meeting = new_meeting(world, slug="flow-commitments", status="minutes_draft")
    minutes = minutes_of(meeting)
    meta, c20 = world.organisations["Meta Platforms"], world.organisations["Civil 20"]
    minutes.items = [
        (
            "item",
            {
                "title": "Opening",
                "discussion": "<p>Opening words.</p>",
                "decisions": [],
                "action_items": [
                    {
                        "text": "Commit one.",
                        "owner": meta,
                        "due_date": datetime.date(2027, 1, 31),
                        "is_commitment": True,
                    },
                    {"text": "Just a task.", "owner": meta, "due_date": None, "is_commitment": False},
                ],
            },
        ),
        (
            "item",
            {
                "title": "Transparency reports",
                "discussion": "<p>Reports.</p>",
                "decisions": ["Agreed."],
                "action_items": [
                    {"text": "Commit two.", "owner": c20, "due_date": None, "is_commitment": True},
                    {
                        "text": "Commit three.",
                        "owner": meta,
                        "due_date": datetime.date(2027, 3, 1),
                        "is_commitment": True,
                    },
                ],
            },
        ),
    ]
    minutes.save()
    flow.circulate(minutes)
    created = flow.approve(minutes_of(meeting), None, "The Chair")
    assert len(created) == 3
    commitments = Commitment.objects.filter(meeting=meeting).order_by("pk")
    assert [(c.text, c.owner_id, c.due_date) for c in commitments] == [
        ("Commit one.", meta.pk, datetime.date(2027, 1, 31)),
        ("Commit two.", c20.pk, None),
        ("Commit three.", meta.pk, datetime.date(2027, 3, 1)),
    ]
    assert all(c.status == "not_started" and c.progress == 0 for c in commitments)
    assert len({c.source_block_id for c in commitments}) == 3

    # Running it again adds nothing.
    assert flow.commitments_from_minutes(minutes_of(meeting)) == []
    assert Commitment.objects.filter(meeting=meeting).count() == 3


def test_commitments_from_minutes_skips_action_items_without_owner(world, db):
    meeting = new_meeting(world, slug="flow-no-owner", status="minutes_draft")
    minutes = minutes_of(meeting)
    minutes.items = [
        (
            "item",
            {
                "title": "Opening",
                "discussion": "",
                "decisions": [],
                "action_items": [{"text": "Nobody's.", "owner": None, "due_date": None, "is_commitment": True}],
            },
        )
    ]
    minutes.save()
    flow.circulate(minutes)
    assert flow.approve(minutes_of(meeting), None, "The Chair") == []
    assert not Commitment.objects.filter(meeting=meeting).exists()


# --- Revisions -----------------------------------------------------------------------------------------


def test_publishing_an_older_revision_does_not_revert_the_status(world, db):
    meeting = new_meeting(world, slug="flow-old-revision", status="published")
    published_at = meeting.minutes_published_at
    first_revision = meeting.revisions.order_by("created_at", "pk").first()
    assert first_revision.content["status"] == "scheduled"  # the revision was saved before the flow moved on
    meeting.title = "A newer title"
    meeting.save_revision().publish()
    first_revision.publish()
    meeting = RoundtableMeetingPage.objects.get(pk=meeting.pk)
    assert meeting.title == "Flow old revision"
    assert meeting.status == MeetingStatus.PUBLISHED
    assert meeting.minutes_published_at == published_at


def test_with_content_json_keeps_the_current_status(world, db):
    meeting = new_meeting(world, slug="flow-content-json", status="minutes_approved")
    revision = meeting.revisions.order_by("created_at", "pk").first()
    page = meeting.with_content_json(revision.content)
    assert page.status == MeetingStatus.MINUTES_APPROVED
    assert page.minutes_published_at is None


# --- Circulating: review links ---------------------------------------------------------------------------


def test_circulate_issues_one_link_per_representative_of_participating_organisations(world, db):
    meeting = new_meeting(world, slug="flow-links", status="minutes_draft")
    issued = flow.circulate(minutes_of(meeting))
    expected = Representative.objects.filter(member__organisation__name__in=PARTICIPANTS)
    assert len(issued) == expected.count() == 3
    assert {item.link.representative_id for item in issued} == set(expected.values_list("pk", flat=True))
    assert {item.link.email for item in issued} == set(expected.values_list("email", flat=True))
    for item in issued:
        # Only the hash is stored; the token finds its link.
        assert item.token not in item.link.token_hash
        assert MinutesReviewLink.find(item.token).pk == item.link.pk
        assert item.link.revoked_at is None
        assert item.link.expires_at > timezone.now() + datetime.timedelta(days=1)


def test_circulate_includes_representatives_of_invited_organisations_that_did_not_attend(world, db):
    meeting = new_meeting(world, slug="flow-links-absent", status="minutes_draft")
    meeting.participants.filter(organisation=world.organisations["Civil 20"]).update(attendance="apologies")
    issued = flow.circulate(minutes_of(meeting))
    assert "Civil 20 (C20)" in {item.link.organisation_name for item in issued}
    assert len(issued) == 3


def test_circulating_again_revokes_the_earlier_links(world, db):
    meeting = new_meeting(world, slug="flow-links-again", status="minutes_draft")
    first = flow.circulate(minutes_of(meeting))
    second = flow.circulate(minutes_of(meeting))
    links = MinutesReviewLink.objects.filter(minutes__meeting=meeting)
    assert links.count() == 6
    assert set(links.filter(revoked_at__isnull=False).values_list("pk", flat=True)) == {i.link.pk for i in first}
    assert set(links.filter(revoked_at__isnull=True).values_list("pk", flat=True)) == {i.link.pk for i in second}


def test_approval_revokes_the_open_links(world, db):
    meeting = new_meeting(world, slug="flow-links-approved", status="circulated")
    flow.approve(minutes_of(meeting), None, "The Chair")
    links = MinutesReviewLink.objects.filter(minutes__meeting=meeting)
    assert links.count() == 3
    assert not links.filter(revoked_at__isnull=True).exists()


# --- The review page ---------------------------------------------------------------------------------


@pytest.fixture
def review(world, db):
    """A circulated meeting, its links and the URL of the first one."""
    meeting = new_meeting(world, slug="flow-review", status="minutes_draft")
    issued = flow.circulate(minutes_of(meeting))
    return meeting, issued, f"/en/roundtable/review/{issued[0].token}/"


def assert_private(response):
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "private"):
        assert directive in cache_control, cache_control
    assert "noindex" in response["X-Robots-Tag"]


def test_review_link_shows_the_draft_to_its_holder(review, client):
    meeting, issued, url = review
    response = client.get(url)
    assert response.status_code == 200
    assert_private(response)
    soup = BeautifulSoup(response.content, "html.parser")
    page_text = text_of(soup.find("main"))
    assert "zebraquill" in page_text
    assert "Secret draft summary of flow-review." in page_text
    assert f"Private review link for {issued[0].link.name}" in page_text
    assert text_of(soup.find("h1")) == meeting.title
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert soup.select_one("form textarea[name=text]") is not None
    assert MinutesReviewLink.objects.get(pk=issued[0].link.pk).last_used_at is not None


def test_review_link_comment_is_stored_and_redirects(review, client):
    meeting, issued, url = review
    response = client.post(url, {"agenda_item": "Transparency reports", "text": "  Please name the report.  "})
    assert response.status_code == 302
    assert response["Location"] == url + "?sent=1"
    comment = MinutesComment.objects.get(minutes__meeting=meeting)
    assert comment.review_link_id == issued[0].link.pk
    assert comment.text == "Please name the report."
    assert comment.agenda_item == "Transparency reports"
    assert comment.author_name == issued[0].link.name
    assert comment.organisation_name == issued[0].link.organisation_name

    soup = BeautifulSoup(client.get(url + "?sent=1").content, "html.parser")
    assert "your comment has reached the secretariat" in text_of(soup.find("main"))
    assert [text_of(li) for li in soup.select("ol.comment-list li")][0].endswith("Please name the report.")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "bad\x00text", "bell\x07text", "x" * 5001],
    ids=["empty", "blank", "nul", "control", "too-long"],
)
def test_review_link_refuses_a_bad_comment(review, client, text):
    meeting, _issued, url = review
    response = client.post(url, {"agenda_item": "", "text": text})
    assert response.status_code == 400
    assert_private(response)
    assert b"\x00" not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".form-error[role=alert] a[href='#id_text']") is not None
    field = soup.select_one("textarea[name=text]").find_parent(class_="plain-form__field")
    assert field.select_one("p.field-error") is not None
    assert not MinutesComment.objects.filter(minutes__meeting=meeting).exists()


def test_review_link_refuses_an_unknown_agenda_item(review, client):
    meeting, _issued, url = review
    response = client.post(url, {"agenda_item": "Not an item", "text": "Fine."})
    assert response.status_code == 400
    assert not MinutesComment.objects.filter(minutes__meeting=meeting).exists()


def test_review_link_refuses_comments_past_its_limit(review, client):
    from roundtable.views import MAX_COMMENTS_PER_LINK

    meeting, issued, url = review
    link = issued[0].link
    MinutesComment.objects.bulk_create(
        MinutesComment(minutes=link.minutes, review_link=link, author_name=link.name, text=f"Comment {n}.")
        for n in range(MAX_COMMENTS_PER_LINK)
    )
    response = client.post(url, {"agenda_item": "", "text": "One more."})
    assert response.status_code == 400
    assert "reached its limit of comments" in response.content.decode()
    assert MinutesComment.objects.filter(review_link=link).count() == MAX_COMMENTS_PER_LINK
    # Another representative's link still takes comments.
    other = f"/en/roundtable/review/{issued[1].token}/"
    assert client.post(other, {"agenda_item": "", "text": "Mine."}).status_code == 302


def test_unknown_review_token_is_404(world, db, client):
    response = client.get("/en/roundtable/review/" + "A" * 43 + "/")
    assert response.status_code == 404
    assert_private(response)
    assert "We do not know this review link" in response.content.decode()


def test_expired_review_link_is_410(review, client):
    meeting, issued, url = review
    MinutesReviewLink.objects.filter(pk=issued[0].link.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(url)
    assert response.status_code == 410
    assert_private(response)
    assert "has expired" in response.content.decode()
    assert "zebraquill" not in response.content.decode()
    response = client.post(url, {"text": "Too late."})
    assert response.status_code == 410
    assert not MinutesComment.objects.filter(minutes__meeting=meeting).exists()


def test_revoked_review_link_is_410(review, client):
    meeting, issued, url = review
    newer = flow.circulate(minutes_of(meeting))
    response = client.get(url)
    assert response.status_code == 410
    assert "replaced by a newer one" in response.content.decode()
    assert "zebraquill" not in response.content.decode()
    # The new link works.
    assert client.get(f"/en/roundtable/review/{newer[0].token}/").status_code == 200


def test_review_link_after_approval_is_410(review, client):
    meeting, issued, url = review
    flow.approve(minutes_of(meeting), None, "The Chair")
    response = client.get(url)
    assert response.status_code == 410
    assert "the chair has approved them" in response.content.decode()
    assert "zebraquill" not in response.content.decode()
    response = client.post(url, {"text": "After approval."})
    assert response.status_code == 410
    assert not MinutesComment.objects.filter(minutes__meeting=meeting).exists()


# --- The admin's workflow view ---------------------------------------------------------------------------


def workflow_url(meeting) -> str:
    return reverse("roundtable_meeting_workflow", args=[meeting.pk])


def assert_denied(client, url, data=None):
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard and a message,
    and with a plain 403 to scripts (XMLHttpRequest)."""

    def send(**extra):
        return client.post(url, data, **extra) if data is not None else client.get(url, **extra)

    response = send()
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    dashboard = client.get(response["Location"])
    assert "Sorry, you do not have permission to access this area." in dashboard.content.decode()
    response = send(headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403


@pytest.fixture
def secretary(db):
    return UserFactory(username="rt-secretary", groups=[SECRETARIAT_GROUP])


@pytest.fixture
def chair(db):
    return UserFactory(username="rt-chair", groups=[CHAIRS_GROUP])


def test_workflow_anonymous_is_redirected_to_login(world, db, client):
    meeting = new_meeting(world, slug="wf-anonymous")
    response = client.get(workflow_url(meeting))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    response = client.post(workflow_url(meeting), {"action": "held"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_workflow_refuses_an_admin_user_without_roundtable_rights(world, db, client):
    meeting = new_meeting(world, slug="wf-outsider")
    outsider = UserFactory(username="rt-outsider", groups=["Consultation moderators"])
    client.force_login(outsider)
    assert_denied(client, workflow_url(meeting))


def test_workflow_secretariat_runs_the_flow_but_cannot_approve(world, db, client, secretary, chair):
    meeting = new_meeting(world, slug="wf-secretariat")
    url = workflow_url(meeting)
    client.force_login(secretary)

    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert text_of(soup.select_one(".roundtable-steps [aria-current=step]")) == "Scheduled"
    assert soup.select_one("button[name=action][value=held]") is not None

    response = client.post(url, {"action": "held"})
    assert response.status_code == 302 and response["Location"] == url
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD

    assert client.post(url, {"action": "start"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_DRAFT
    minutes = minutes_of(meeting)
    minutes.items = [
        (
            "item",
            {
                "title": "Opening",
                "discussion": "<p>Written by the secretariat.</p>",
                "decisions": [],
                "action_items": [
                    {
                        "text": "Report back.",
                        "owner": world.organisations["Civil 20"],
                        "due_date": None,
                        "is_commitment": True,
                    }
                ],
            },
        )
    ]
    minutes.save()

    response = client.post(url, {"action": "circulate"})
    # The fresh links are shown once, on the page itself.
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    shown = [text_of(code) for code in soup.select("code")]
    assert len(shown) == 3
    assert all(link.startswith("http://testserver/en/roundtable/review/") for link in shown)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert soup.select_one("button[name=action][value=approve]") is None
    assert "Waiting for the chair" in text_of(soup)

    assert_denied(client, url, {"action": "approve", "chair_name": "Sneaky"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED

    client.force_login(chair)
    response = client.post(url, {"action": "approve", "chair_name": "  Claire Dubois  "})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.approved_by == chair
    assert minutes.approved_by_name == "Claire Dubois"
    assert Commitment.objects.filter(meeting=meeting).count() == 1

    # The chair cannot publish.
    assert_denied(client, url, {"action": "publish"})
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED

    client.force_login(secretary)
    assert client.post(url, {"action": "publish"}).status_code == 302
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.PUBLISHED
    assert meeting.status == MeetingStatus.PUBLISHED
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert text_of(soup.select_one(".roundtable-steps [aria-current=step]")) == "Minutes published"


def test_workflow_circulate_emails_each_representative(
    world, db, client, secretary, django_capture_on_commit_callbacks
):
    meeting = new_meeting(world, slug="wf-mail", status="minutes_draft")
    client.force_login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(workflow_url(meeting), {"action": "circulate"})
    assert response.status_code == 200
    shown = {text_of(code) for code in BeautifulSoup(response.content, "html.parser").select("code")}
    expected = set(
        Representative.objects.filter(member__organisation__name__in=PARTICIPANTS).values_list("email", flat=True)
    )
    assert {message.to[0] for message in mail.outbox} == expected
    for message in mail.outbox:
        urls = [url for url in shown if url in message.body]
        assert len(urls) == 1


def test_workflow_shows_the_comments_and_links_to_the_secretariat(review, client, secretary):
    meeting, issued, url = review
    assert client.post(url, {"agenda_item": "Transparency reports", "text": "Add our apologies."}).status_code == 302
    client.force_login(secretary)
    soup = BeautifulSoup(client.get(workflow_url(meeting)).content, "html.parser")
    page_text = text_of(soup)
    assert "Add our apologies." in page_text
    assert f"{issued[0].link.name} ({issued[0].link.organisation_name})" in page_text
    states = [text_of(row.select("td")[-1]) for row in soup.select("table.listing tbody tr")]
    assert states == ["Valid", "Valid", "Valid"]
    # The tokens themselves are never shown again.
    assert all(item.token not in page_text for item in issued)


def test_workflow_chair_sees_the_approve_button(world, db, client, chair):
    meeting = new_meeting(world, slug="wf-chair-view", status="circulated")
    client.force_login(chair)
    response = client.get(workflow_url(meeting))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("button[name=action][value=approve]") is not None
    assert soup.select_one("button[name=action][value=circulate]") is None
    # The chair cannot circulate.
    assert_denied(client, workflow_url(meeting), {"action": "circulate"})
    assert MinutesReviewLink.objects.filter(minutes__meeting=meeting).count() == 3


def test_workflow_unknown_action_shows_an_error(world, db, client, secretary):
    meeting = new_meeting(world, slug="wf-unknown")
    client.force_login(secretary)
    response = client.post(workflow_url(meeting), {"action": "explode"}, follow=True)
    assert response.status_code == 200
    assert "Unknown action." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED


def test_workflow_shows_a_refused_step_as_an_error(world, db, client, secretary):
    meeting = new_meeting(world, slug="wf-refused", start=timezone.now() + datetime.timedelta(days=2))
    client.force_login(secretary)
    response = client.post(workflow_url(meeting), {"action": "held"}, follow=True)
    assert response.status_code == 200
    assert "This meeting has not started yet." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.SCHEDULED

    response = client.post(workflow_url(meeting), {"action": "circulate"}, follow=True)
    assert "Start the minutes first." in response.content.decode()


def test_workflow_of_a_translation_works_on_the_minutes_source(world, db, client, secretary):
    meeting = new_meeting(world, slug="wf-translation", status="minutes_draft")
    french = publish_translation(meeting, Locale.objects.get(language_code="fr"), {"title": "Réunion atelier"})
    client.force_login(secretary)
    response = client.post(workflow_url(french), {"action": "circulate"})
    assert response.status_code == 200
    assert minutes_of(meeting).status == MinutesStatus.CIRCULATED
    assert statuses(meeting) == {"en": "minutes_draft", "fr": "minutes_draft"}


def test_page_action_menu_has_the_workflow_item(world, db, client):
    meeting = new_meeting(world, slug="wf-menu")
    admin = get_user_model().objects.create_superuser(username="rt-admin", email="admin@example.org", password="x")
    client.force_login(admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[meeting.pk]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    links = soup.find_all("a", href=workflow_url(meeting))
    assert links, "the page's action menu links to the workflow"
    assert "Minutes and status" in text_of(links[0])


def test_page_action_menu_item_is_shown_only_on_meeting_edit_pages(world, db, rf, secretary):
    from roundtable.admin_views import MeetingWorkflowMenuItem

    meeting = new_meeting(world, slug="wf-menu-item")
    item = MeetingWorkflowMenuItem()
    request = rf.get("/")
    request.user = secretary
    assert item.is_shown({"view": "edit", "page": meeting, "request": request})
    assert not item.is_shown({"view": "create", "page": meeting, "request": request})
    assert not item.is_shown({"view": "edit", "page": world.index, "request": request})
    request.user = UserFactory(username="rt-nobody")
    assert not item.is_shown({"view": "edit", "page": meeting, "request": request})
    assert item.get_url({"page": meeting}) == workflow_url(meeting)


# --- nothing to circulate, nobody to send it to ------------------------------------------------------


def test_circulating_empty_minutes_is_refused(world, db):
    meeting = new_meeting(world, slug="flow-empty", status="held")
    minutes = flow.start_minutes(meeting)

    with pytest.raises(flow.TransitionError, match="empty"):
        flow.circulate(minutes)

    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT and not minutes.review_links.exists()


def test_circulating_to_nobody_is_refused_and_revokes_nothing(world, db):
    meeting = new_meeting(world, slug="flow-nobody", status="circulated")
    minutes = minutes_of(meeting)
    open_links = minutes.review_links.filter(revoked_at__isnull=True).count()
    meeting.participants.all().delete()

    with pytest.raises(flow.TransitionError, match="Nobody would receive the draft"):
        flow.circulate(minutes)

    assert minutes.review_links.filter(revoked_at__isnull=True).count() == open_links


@pytest.mark.parametrize("step", ["approve", "publish"])
def test_empty_minutes_cannot_be_approved_or_published(world, db, step):
    meeting = new_meeting(
        world, slug=f"flow-emptied-{step}", status="circulated" if step == "approve" else "minutes_approved"
    )
    minutes = minutes_of(meeting)
    minutes.items = [("item", {"title": "Opening", "discussion": RichText(""), "decisions": [], "action_items": []})]
    minutes.save()

    with pytest.raises(flow.TransitionError, match="empty"):
        flow.approve(minutes, None, "The Chair") if step == "approve" else flow.publish(minutes)

    minutes.refresh_from_db()
    assert minutes.status == (MinutesStatus.CIRCULATED if step == "approve" else MinutesStatus.APPROVED)
