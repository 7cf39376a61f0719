"""Commitments: overdue is computed, the model's rules, the organisations' scorecards, and the public
tracker at /en/roundtable/commitments/ with its filters, feeds and a query count that does not grow."""

import datetime
import json

import feedparser
import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roundtable.models import Commitment, CommitmentStatus, ProgressUpdate, PublicStatus
from roundtable.scorecards import scorecards
from tests.roundtable.conftest import new_meeting

TRACKER = "/en/roundtable/commitments/"


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def add(meeting, owner, text, *, status=CommitmentStatus.NOT_STARTED, due=None, completed=None, progress=0):
    return Commitment.objects.create(
        meeting=meeting,
        owner=owner,
        text=text,
        status=status,
        due_date=due,
        completed_on=completed,
        progress=progress,
    )


# --- Overdue --------------------------------------------------------------------------------------------

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("status", "due", "completed", "expected"),
    [
        (CommitmentStatus.NOT_STARTED, TODAY - datetime.timedelta(days=1), None, PublicStatus.OVERDUE),
        (CommitmentStatus.IN_PROGRESS, TODAY - datetime.timedelta(days=100), None, PublicStatus.OVERDUE),
        (CommitmentStatus.NOT_STARTED, TODAY, None, PublicStatus.NOT_STARTED),
        (CommitmentStatus.IN_PROGRESS, TODAY, None, PublicStatus.IN_PROGRESS),
        (CommitmentStatus.IN_PROGRESS, TODAY + datetime.timedelta(days=1), None, PublicStatus.IN_PROGRESS),
        (CommitmentStatus.NOT_STARTED, None, None, PublicStatus.NOT_STARTED),
        (CommitmentStatus.DONE, TODAY - datetime.timedelta(days=10), TODAY, PublicStatus.DONE),
        (CommitmentStatus.DROPPED, TODAY - datetime.timedelta(days=10), None, PublicStatus.DROPPED),
    ],
    ids=[
        "open-past-due",
        "in-progress-long-past",
        "due-today",
        "in-progress-due-today",
        "not-yet-due",
        "no-due-date",
        "done-past-due",
        "dropped-past-due",
    ],
)
def test_public_status_is_overdue_only_for_open_commitments_past_due(status, due, completed, expected):
    commitment = Commitment(text="x", status=status, due_date=due, completed_on=completed)
    assert commitment.get_public_status(TODAY) == expected.value


def test_public_status_uses_today_by_default(world, db):
    meeting = new_meeting(world, slug="overdue-default")
    overdue = add(meeting, world.organisations["Google"], "Late one.", due=days(-1))
    today = add(meeting, world.organisations["Google"], "Due today.", due=days(0))
    assert overdue.get_public_status() == "overdue"
    assert overdue.is_overdue
    assert overdue.get_public_status_display() == "Overdue"
    assert today.get_public_status() == "not_started"
    assert not today.is_overdue


@pytest.mark.parametrize(
    "today", [datetime.date(2025, 1, 1), TODAY, datetime.date(2026, 10, 1), datetime.date(2031, 1, 1)]
)
def test_annotated_public_status_agrees_with_get_public_status(world, db, today):
    meeting = new_meeting(world, slug="overdue-annotated")
    google = world.organisations["Google"]
    add(meeting, google, "Open past due.", due=today - datetime.timedelta(days=3))
    add(meeting, google, "Open due that day.", due=today, status=CommitmentStatus.IN_PROGRESS)
    add(meeting, google, "Done past due.", due=today - datetime.timedelta(days=3), status="done", completed=today)
    add(meeting, google, "Dropped past due.", due=today - datetime.timedelta(days=3), status="dropped")
    add(meeting, google, "No due date.")
    annotated = {c.pk: c.public_status for c in Commitment.objects.with_public_status(today)}
    plain = {c.pk: c.get_public_status(today) for c in Commitment.objects.all()}
    assert annotated == plain
    assert len(annotated) == Commitment.objects.count() > 12
    assert set(annotated.values()) >= {"overdue", "done", "dropped"}
    # The annotation is what an annotated instance reports.
    for commitment in Commitment.objects.with_public_status(today):
        assert commitment.get_public_status() == commitment.public_status


# --- Model rules ----------------------------------------------------------------------------------------


def test_done_needs_a_completion_date(world, db):
    meeting = new_meeting(world, slug="rules-done")
    commitment = Commitment(meeting=meeting, owner=world.organisations["TikTok"], text="x", status="done")
    with pytest.raises(ValidationError) as error:
        commitment.clean()
    assert list(error.value.message_dict) == ["completed_on"]
    assert error.value.message_dict["completed_on"] == ["Say when it was done."]
    commitment.completed_on = datetime.date(2026, 5, 1)
    commitment.clean()


@pytest.mark.parametrize("status", ["not_started", "in_progress", "dropped"])
def test_only_a_done_commitment_has_a_completion_date(world, db, status):
    meeting = new_meeting(world, slug=f"rules-{status}")
    commitment = Commitment(
        meeting=meeting,
        owner=world.organisations["TikTok"],
        text="x",
        status=status,
        completed_on=datetime.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        commitment.clean()
    assert error.value.message_dict["completed_on"] == ["Only a commitment that is done has a completion date."]
    commitment.completed_on = None
    commitment.clean()


def test_progress_over_100_is_invalid(world, db):
    meeting = new_meeting(world, slug="rules-progress")
    commitment = Commitment(meeting=meeting, owner=world.organisations["TikTok"], text="x", progress=101)
    with pytest.raises(ValidationError) as error:
        commitment.full_clean()
    assert "progress" in error.value.message_dict


def test_saving_done_sets_progress_to_100(world, db):
    meeting = new_meeting(world, slug="rules-save")
    commitment = add(meeting, world.organisations["TikTok"], "x", status="in_progress", progress=40)
    commitment.refresh_from_db()
    assert commitment.progress == 40
    commitment.status = CommitmentStatus.DONE
    commitment.completed_on = datetime.date(2026, 5, 1)
    commitment.save()
    commitment.refresh_from_db()
    assert commitment.progress == 100
    direct = add(meeting, world.organisations["TikTok"], "y", status="done", completed=datetime.date(2026, 5, 1))
    direct.refresh_from_db()
    assert direct.progress == 100


def test_done_on_time():
    commitment = Commitment(status="done", due_date=TODAY, completed_on=TODAY)
    assert commitment.done_on_time is True
    commitment.completed_on = TODAY + datetime.timedelta(days=1)
    assert commitment.done_on_time is False
    commitment.due_date = None
    assert commitment.done_on_time is True
    assert Commitment(status="in_progress", due_date=TODAY).done_on_time is None


# --- Scorecards -----------------------------------------------------------------------------------------


def test_scorecards_count_on_time_late_open_and_dropped(world, db):
    meeting = new_meeting(world, slug="scorecards")  # scheduled: none of this is public
    meta, c20 = world.organisations["Meta Platforms"], world.organisations["Civil 20"]

    def on(n):
        return TODAY + datetime.timedelta(days=n)

    made = [
        add(meeting, meta, "Done on time.", status="done", due=on(10), completed=on(-1)),
        add(meeting, meta, "Done on the due date.", status="done", due=on(-5), completed=on(-5)),
        add(meeting, meta, "Done without due date.", status="done", completed=on(-50)),
        add(meeting, meta, "Done late.", status="done", due=on(-30), completed=on(-10)),
        add(meeting, meta, "Open, overdue.", due=on(-1)),
        add(meeting, meta, "In progress, overdue.", status="in_progress", due=on(-60)),
        add(meeting, meta, "Open, due that day.", due=on(0)),
        add(meeting, meta, "Open, later.", status="in_progress", due=on(5)),
        add(meeting, meta, "Open, no due date."),
        add(meeting, meta, "Dropped, past due.", status="dropped", due=on(-100)),
        add(meeting, c20, "Done late, future due date passed.", status="done", due=on(-2), completed=on(-1)),
        add(meeting, c20, "Dropped, no due date.", status="dropped"),
    ]
    cards = scorecards(Commitment.objects.filter(pk__in=[c.pk for c in made]), today=TODAY)
    assert [(c.organisation.name, c.done_on_time, c.late, c.open, c.dropped, c.total) for c in cards] == [
        ("Civil 20", 0, 1, 0, 1, 2),
        ("Meta Platforms", 3, 3, 3, 1, 10),
    ]
    # Late, on time and open move with the day they are counted on.
    later = scorecards(Commitment.objects.filter(pk__in=[c.pk for c in made], owner=meta), today=on(30))
    assert [(c.done_on_time, c.late, c.open, c.dropped) for c in later] == [(3, 5, 1, 1)]


def test_scorecards_add_up_to_every_public_commitment(world, db):
    today = timezone.localdate()
    cards = scorecards()
    public = Commitment.objects.public()
    assert sum(card.total for card in cards) == public.count() == 12
    for card in cards:
        owned = list(public.filter(owner=card.organisation))
        statuses = [c.get_public_status(today) for c in owned]
        done_late = sum(1 for c in owned if c.status == "done" and not c.done_on_time)
        assert card.total == len(owned)
        assert card.dropped == statuses.count("dropped")
        assert card.late == statuses.count("overdue") + done_late
        assert card.open == statuses.count("not_started") + statuses.count("in_progress")
        assert card.done_on_time == statuses.count("done") - done_late
    names = [card.organisation.name.casefold() for card in cards]
    assert names == sorted(names)


def test_scorecards_leave_out_commitments_of_unpublished_minutes(world, db):
    before = {card.organisation.pk: card.total for card in scorecards()}
    meeting = new_meeting(world, slug="scorecards-hidden", status="minutes_approved")
    assert Commitment.objects.filter(meeting=meeting).count() == 1
    assert {card.organisation.pk: card.total for card in scorecards()} == before


def test_scorecards_with_an_empty_queryset(world, db):
    assert scorecards(Commitment.objects.none(), today=TODAY) == []


# --- The tracker page -------------------------------------------------------------------------------------


@pytest.fixture
def tracked(world, db):
    """A published meeting with eight commitments, dated from today, beside the demo's twelve."""
    meeting = new_meeting(world, slug="tracked-meeting", status="published")
    orgs = world.organisations
    first = Commitment.objects.get(meeting=meeting)
    first.due_date = days(60)
    first.save()
    made = {
        "future": first,
        "overdue": add(meeting, orgs["Meta Platforms"], "Tracked overdue.", due=days(-10), progress=0),
        "overdue_progress": add(
            meeting, orgs["Google"], "Tracked overdue in progress.", status="in_progress", due=days(-1), progress=35
        ),
        "due_today": add(meeting, orgs["TikTok"], "Tracked due today.", status="in_progress", due=days(0), progress=70),
        "done_late": add(
            meeting, orgs["Meta Platforms"], "Tracked done late.", status="done", due=days(-20), completed=days(-5)
        ),
        "done_on_time": add(
            meeting, orgs["Civil 20"], "Tracked done on time.", status="done", due=days(-20), completed=days(-25)
        ),
        "dropped": add(meeting, orgs["Google"], "Tracked dropped.", status="dropped", due=days(-20), progress=10),
        "no_due": add(meeting, orgs["European Union"], "Tracked without due date."),
    }
    ProgressUpdate.objects.create(commitment=made["overdue_progress"], date=days(-3), note="Half way.", progress=35)
    ProgressUpdate.objects.create(
        commitment=made["overdue_progress"], date=days(-2), note="Drafting.", evidence_url="https://g.example/x"
    )
    return meeting, made


def expected_pks(**filters) -> list[int]:
    """The public commitments the tracker should list for ``filters``, in its order (due date, nulls last)."""
    found = []
    for commitment in (
        Commitment.objects.public()
        .with_public_status()
        .select_related("owner", "meeting")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    ):
        if "organisation" in filters and commitment.owner_id != int(filters["organisation"]):
            continue
        if "kind" in filters and commitment.owner.kind != filters["kind"]:
            continue
        if "status" in filters and commitment.get_public_status() != filters["status"]:
            continue
        if "meeting" in filters and commitment.meeting.slug != filters["meeting"]:
            continue
        found.append(commitment.pk)
    return found


def tracker(client, expect=200, **params):
    response = client.get(TRACKER, params)
    assert response.status_code == expect, (params, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def listed_pks(soup) -> list[int]:
    return [int(li["id"].removeprefix("commitment-")) for li in soup.select("ol.result-list li.commitment")]


def test_tracker_lists_public_commitments_with_status_and_progress_bars(tracked, client):
    meeting, made = tracked
    soup = tracker(client)
    assert listed_pks(soup) == expected_pks()
    assert len(listed_pks(soup)) == 20
    assert text_of(soup.select_one(".results-count")) == "20 commitments"
    for pk in listed_pks(soup):
        commitment = Commitment.objects.get(pk=pk)
        item = soup.find(id=f"commitment-{pk}")
        progress = item.select_one("progress")
        assert progress["max"] == "100"
        assert progress["value"] == str(commitment.progress)
        assert item.select_one(f"label[for='{progress['id']}']") is not None
        status = item.select_one("span.status")
        assert f"status--{commitment.get_public_status()}" in status["class"]
        assert text_of(status) == commitment.get_public_status_display()
    overdue = soup.find(id=f"commitment-{made['overdue_progress'].pk}")
    assert text_of(overdue.select_one("span.status")) == "Overdue"
    assert overdue.select_one("progress")["value"] == "35"
    assert [text_of(li) for li in overdue.select("details.updates li")][0].endswith("Drafting. Evidence")
    assert text_of(soup.find(id=f"commitment-{made['due_today'].pk}").select_one("span.status")) == "In progress"
    done = soup.find(id=f"commitment-{made['done_late'].pk}")
    assert done.select_one("progress")["value"] == "100"
    assert "done on" in text_of(done)
    assert "(after the due date)" in text_of(done)
    on_time = soup.find(id=f"commitment-{made['done_on_time'].pk}")
    assert "done on" in text_of(on_time)
    assert "after the due date" not in text_of(on_time)
    meta = done.select_one(".result__meta")
    assert meta.select_one("a")["href"] == meeting.url


def test_tracker_leaves_out_commitments_of_unpublished_minutes(tracked, world, client):
    hidden = new_meeting(world, slug="tracked-hidden", status="minutes_approved")
    commitment = Commitment.objects.get(meeting=hidden)
    add(hidden, world.organisations["Google"], "Hidden overdue.", due=days(-3))
    soup = tracker(client, status="overdue")
    assert commitment.pk not in listed_pks(soup)
    assert "Hidden overdue." not in text_of(soup)


def test_tracker_scorecard_table(tracked, client):
    soup = tracker(client)
    rows = soup.select("table.scorecards tbody tr")
    cards = scorecards()
    assert len(rows) == len(cards) > 0
    for row, card in zip(rows, cards, strict=True):
        assert row["id"] == f"scorecard-{card.organisation.pk}"
        assert row.select_one("th a")["href"] == f"?organisation={card.organisation.pk}"
        assert [text_of(td) for td in row.select("td")] == [
            str(card.done_on_time),
            str(card.late),
            str(card.open),
            str(card.dropped),
            str(card.total),
        ]
    meta = soup.find(id=f"scorecard-{tracked[1]['overdue'].owner_id}")
    assert text_of(meta.select_one("th")) == "Meta Platforms"


@pytest.mark.parametrize(
    "params",
    [
        {"organisation": "meta"},
        {"kind": "platform_company"},
        {"kind": "engagement_group"},
        {"status": "overdue"},
        {"status": "done"},
        {"status": "in_progress"},
        {"status": "not_started"},
        {"status": "dropped"},
        {"meeting": "tracked-meeting"},
        {"meeting": "2025-10-election-integrity"},
        {"organisation": "meta", "status": "overdue"},
        {"kind": "platform_company", "status": "overdue", "meeting": "tracked-meeting"},
        {"organisation": "google", "kind": "platform_company", "meeting": "tracked-meeting", "status": "dropped"},
        {"organisation": "meta", "kind": "member_government"},
    ],
    ids=lambda params: "&".join(f"{k}={v}" for k, v in params.items()),
)
def test_tracker_filters(tracked, world, client, params):
    names = {"meta": "Meta Platforms", "google": "Google"}
    if "organisation" in params:
        params = {**params, "organisation": str(world.organisations[names[params["organisation"]]].pk)}
    soup = tracker(client, **params)
    expected = expected_pks(**params)
    assert listed_pks(soup) == expected
    assert text_of(soup.select_one(".results-count")).startswith(f"{len(expected)} commitment")
    assert soup.select_one(".form-error") is None
    # Each filter in use shows as a chip that removes it.
    assert len(soup.select(".active-filters .active-filters__chip")) == len(params)


def test_tracker_filter_results_are_what_they_say(tracked, world, client):
    meeting, made = tracked
    overdue = listed_pks(tracker(client, status="overdue"))
    assert {made["overdue"].pk, made["overdue_progress"].pk} <= set(overdue)
    assert not {made["due_today"].pk, made["done_late"].pk, made["dropped"].pk} & set(overdue)
    assert listed_pks(tracker(client, meeting="tracked-meeting")) == expected_pks(meeting="tracked-meeting")
    assert len(expected_pks(meeting="tracked-meeting")) == 8
    meta = world.organisations["Meta Platforms"].pk
    assert listed_pks(tracker(client, organisation=str(meta), status="overdue", meeting="tracked-meeting")) == [
        made["overdue"].pk
    ]
    platforms = Commitment.objects.filter(pk__in=listed_pks(tracker(client, kind="platform_company")))
    assert set(platforms.values_list("owner__kind", flat=True)) == {"platform_company"}


def test_tracker_meeting_filter_matches_translations(tracked, client):
    from wagtail.models import Locale

    from hub.demo.content import publish_translation

    meeting, _made = tracked
    french = publish_translation(meeting, Locale.objects.get(language_code="fr"), {"title": "Réunion suivie"})
    response = client.get("/fr/roundtable/commitments/", {"meeting": french.slug})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert sorted(listed_pks(soup)) == sorted(expected_pks(meeting="tracked-meeting"))
    # The reader sees the meeting in their language.
    assert {a["href"] for a in soup.select("li.commitment .result__meta a")} == {french.url}


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"status": "bogus"}, "Status"),
        ({"organisation": "abc"}, "Organisation"),
        ({"organisation": "999999"}, "Organisation"),
        ({"meeting": "nope"}, "Meeting"),
        ({"kind": "x"}, "Kind of organisation"),
        ({"status": "overdue", "kind": "x"}, "Kind of organisation"),
    ],
    ids=["status", "organisation-abc", "organisation-unknown", "meeting", "kind", "one-bad-of-two"],
)
def test_tracker_bad_filter_values_answer_400_with_the_error(tracked, client, params, label):
    soup = tracker(client, expect=400, **params)
    errors = soup.select(".filter-form .form-error[role=alert] li")
    assert len(errors) == 1
    assert text_of(errors[0]).startswith(f"{label}: Select a valid choice.")
    assert listed_pks(soup) == []
    assert text_of(soup.select_one(".results-count")) == "0 commitments"


def test_tracker_feed_links(tracked, client):
    soup = tracker(client, status="overdue")
    alternates = {link["type"]: link["href"] for link in soup.select("head link[rel=alternate][type]")}
    for kind in ("rss", "atom", "json"):
        hrefs = [href for href in alternates.values() if f"/commitments/{kind}/" in href]
        assert hrefs, (kind, alternates)
        assert all("status=overdue" in href for href in hrefs)


# --- The commitments feeds --------------------------------------------------------------------------------


def feed_pks(client, feed: str, **params) -> list[int]:
    response = client.get(f"{TRACKER}{feed}/", params)
    assert response.status_code == 200, (feed, params, response.status_code)
    if feed == "json":
        data = json.loads(response.content)
        assert data["version"].startswith("https://jsonfeed.org/version/1")
        links = [item["url"] for item in data["items"]]
    else:
        parsed = feedparser.parse(response.content)
        assert not parsed.bozo, parsed.bozo_exception
        assert parsed.feed.title == "Roundtable commitments · G20"
        links = [entry.link for entry in parsed.entries]
    assert all(link.startswith(f"http://testserver{TRACKER}#commitment-") for link in links)
    return [int(link.rsplit("-", 1)[1]) for link in links]


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_commitments_feeds_parse_and_take_the_filters(tracked, world, client, kind):
    meeting, made = tracked
    everything = feed_pks(client, kind)
    assert sorted(everything) == sorted(expected_pks())
    assert everything[0] == made["no_due"].pk  # newest change first
    assert sorted(feed_pks(client, kind, status="overdue")) == sorted(expected_pks(status="overdue"))
    meta = str(world.organisations["Meta Platforms"].pk)
    combined = {"organisation": meta, "meeting": "tracked-meeting", "kind": "platform_company"}
    assert (
        sorted(feed_pks(client, kind, **combined))
        == sorted(expected_pks(**combined))
        == sorted([made["future"].pk, made["overdue"].pk, made["done_late"].pk])
    )


def test_commitments_feed_entries_say_status_progress_and_meeting(tracked, client):
    meeting, made = tracked
    parsed = feedparser.parse(client.get(f"{TRACKER}rss/", {"meeting": "tracked-meeting"}).content)
    entries = {entry.link.rsplit("-", 1)[1]: entry for entry in parsed.entries}
    entry = entries[str(made["overdue_progress"].pk)]
    assert entry.title == "Google: Tracked overdue in progress."
    assert entry.summary == (
        f"Overdue, 35% done. Made at {meeting.title}. Due {made['overdue_progress'].due_date.isoformat()}."
    )
    assert {tag.term for tag in entry.tags} == {"Overdue", "Platform company"}


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_commitments_feeds_refuse_bad_filters(tracked, client, kind):
    response = client.get(f"{TRACKER}{kind}/", {"status": "bogus"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode().startswith("status: Select a valid choice.")


def test_commitments_api_takes_the_filters(tracked, world, client):
    meeting, made = tracked
    meta = str(world.organisations["Meta Platforms"].pk)
    for params in ({}, {"status": "overdue"}, {"organisation": meta, "meeting": "tracked-meeting"}):
        response = client.get("/api/v1/commitments/", {**params, "page_size": "100"})
        assert response.status_code == 200
        results = json.loads(response.content)["results"]
        assert sorted(result["id"] for result in results) == sorted(expected_pks(**params))
    overdue = next(
        result
        for result in json.loads(client.get("/api/v1/commitments/", {"page_size": "100"}).content)["results"]
        if result["id"] == made["overdue_progress"].pk
    )
    assert (overdue["status"], overdue["recorded_status"], overdue["progress"]) == ("overdue", "in_progress", 35)
    assert [update["note"] for update in overdue["updates"]] == ["Drafting.", "Half way."]
    assert client.get("/api/v1/commitments/", {"status": "bogus"}).status_code == 400


# --- Queries ------------------------------------------------------------------------------------------


QUERY_URLS = [
    (TRACKER, {}),
    (TRACKER, {"kind": "platform_company", "status": "overdue"}),
    (f"{TRACKER}rss/", {}),
    ("/api/v1/commitments/", {"page_size": "50"}),
]


def count_queries(client, url, params) -> tuple[int, list[str]]:
    cache.clear()
    assert client.get(url, params).status_code == 200  # warm: per-process caches such as site root paths
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200
    cache.clear()
    return len(context.captured_queries), [query["sql"][:200] for query in context.captured_queries]


def test_tracker_query_count_does_not_grow_with_commitments(world, db, client, django_assert_num_queries):
    small = {(url, tuple(params.items())): count_queries(client, url, params) for url, params in QUERY_URLS}
    before = Commitment.objects.public().count()

    meeting = new_meeting(world, slug="many-commitments", status="published")
    owners = ["Meta Platforms", "Google", "TikTok", "European Union", "Civil 20", "Government of South Africa"]
    for number in range(20):
        commitment = add(
            meeting,
            world.organisations[owners[number % len(owners)]],
            f"Bulk commitment {number}.",
            status=["not_started", "in_progress", "dropped"][number % 3],
            due=days(-10 + number),
            progress=number * 4,
        )
        ProgressUpdate.objects.create(commitment=commitment, date=days(-1), note=f"Update {number}.", progress=5)
        ProgressUpdate.objects.create(commitment=commitment, date=days(-2), note=f"Earlier {number}.")
    assert Commitment.objects.public().count() == before + 21

    for url, params in QUERY_URLS:
        large = count_queries(client, url, params)
        assert large[0] == small[(url, tuple(params.items()))][0], (url, params, "\n".join(large[1]))

    # And once more, as the house style counts them: the tracker page, warm, after the 21 new commitments.
    tracker(client)  # warm
    with django_assert_num_queries(small[(TRACKER, ())][0]):
        soup = tracker(client)
    assert len(listed_pks(soup)) == 20
    assert text_of(soup.select_one(".results-count")) == f"{before + 21} commitments"
