"""/api/v1/consultations/: open and closed consultations with their questions, background as body_html,
"you said, we did" and the submissions published with consent, never an e-mail address, an attachment or
an unmoderated submission; filters and their 400s; a number of queries that does not grow with the rows."""

import datetime
import json
import uuid

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from hub.demo.helpers import publish_translation
from roundtable.models import (
    ConsultationPage,
    ConsultationSubmission,
    RoundtableIndexPage,
    SubmissionStatus,
    SubmitterKind,
)

LIST = "/api/v1/consultations/"
FIELDS = {
    "id",
    "title",
    "url",
    "locale",
    "translation_key",
    "translations",
    "first_published_at",
    "last_published_at",
    "updated_at",
    "summary",
    "body_html",
    "opens_at",
    "closes_at",
    "status",
    "questions",
    "response_html",
    "submissions",
}
SUBMISSION_FIELDS = {
    "id",
    "organisation",
    "organisation_kind",
    "organisation_kind_label",
    "country",
    "date",
    "language",
    "answers",
}


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def by_id(client, params=None) -> dict[int, dict]:
    body = get_json(client, LIST, params)
    assert set(body) == {"count", "next", "previous", "results"}
    return {item["id"]: item for item in body["results"]}


def add_submission(page, name, status, consent, *, email="secret@hidden.example", answer=None, attachment=False):
    question = page.question_list()[0]
    submission = ConsultationSubmission.objects.create(
        consultation_id=page.pk,
        organisation_name=name,
        organisation_kind=SubmitterKind.OTHER,
        country="FR",
        contact_email=email,
        answers=[{"question_id": question["id"], "question": question["question"], "answer": answer or f"{name}!"}],
        consent_to_publish=consent,
        idempotency_token=uuid.uuid4(),
        status=status,
        language="fr",
    )
    if attachment:
        submission.attachment.save("private-notes.pdf", ContentFile(b"%PDF-1.4 private"), save=False)
        submission.attachment_name = "private-notes.pdf"
        submission.save()
    return submission


def add_consultation(world, slug, *, opens_in_days, closes_in_days):
    index = RoundtableIndexPage.objects.get(pk=world.index.pk)
    now = timezone.now()
    page = ConsultationPage(
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        introduction=f"About {slug}.",
        body=f'<p>Background of {slug}. <a href="/en/roundtable/">The roundtable</a></p>',
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=now + datetime.timedelta(days=closes_in_days),
        questions=[("question", {"question": f"What about {slug}?", "help_text": "", "required": True})],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)


def test_open_and_closed_consultations_are_listed_with_their_fields(world, db, client):
    items = by_id(client)
    open_item = items[world.open_consultation.pk]
    closed_item = items[world.closed_consultation.pk]
    assert set(open_item) == FIELDS
    assert open_item["status"] == "open"
    assert closed_item["status"] == "closed"
    assert open_item["summary"] == world.open_consultation.introduction
    assert open_item["url"] == "http://testserver/en/roundtable/crisis-information/"
    assert open_item["locale"] == "en"
    assert [question["question"] for question in open_item["questions"]] == [
        question["question"] for question in world.open_consultation.question_list()
    ]
    # The background and the questions, as the page shows them.
    assert "<h2>The questions</h2><ol><li>" in open_item["body_html"]
    assert closed_item["response_html"].startswith("<")
    assert open_item["response_html"] == ""
    assert datetime.datetime.fromisoformat(closed_item["closes_at"]) < timezone.now()


def test_only_published_submissions_with_consent_and_no_contact_data(world, db, client):
    page = world.open_consultation
    add_submission(page, "Waiting Collective", SubmissionStatus.NEW, True, email="new@waiting.example")
    add_submission(page, "Rejected Collective", SubmissionStatus.REJECTED, True, email="no@rejected.example")
    add_submission(page, "Nonconsenting Institute", SubmissionStatus.PUBLISHED, False, email="x@nonconsent.example")
    shown = add_submission(
        page, "Visible Association", SubmissionStatus.PUBLISHED, True, email="hidden@visible.example", attachment=True
    )
    response = client.get(f"{LIST}{page.pk}/")
    assert response.status_code == 200
    item = response.json()
    names = [submission["organisation"] for submission in item["submissions"]]
    assert names == [
        "Red Cross Digital Volunteers Manila",
        "Health Misinformation Lab São Paulo",
        "Visible Association",
    ]
    visible = item["submissions"][-1]
    assert set(visible) == SUBMISSION_FIELDS
    assert visible["id"] == shown.pk
    assert visible["country"] == "FR" and visible["organisation_kind"] == "other"
    assert visible["answers"][0]["answer"] == "Visible Association!"
    text = response.content.decode()
    emails = list(ConsultationSubmission.objects.exclude(contact_email="").values_list("contact_email", flat=True))
    assert "hidden@visible.example" in emails
    for private in [*emails, "private-notes", "Waiting Collective", "Rejected Collective", "Nonconsenting", "@"]:
        assert private not in text, private


def test_hostile_submission_text_stays_text(world, db, client):
    page = world.open_consultation
    add_submission(page, "<script>alert(1)</script>", SubmissionStatus.PUBLISHED, True, answer='<img onerror="x">')
    item = get_json(client, f"{LIST}{page.pk}/")
    last = item["submissions"][-1]
    # JSON carries the text as written; it is never HTML here, and body_html holds none of it.
    assert last["organisation"] == "<script>alert(1)</script>"
    assert last["answers"][0]["answer"] == '<img onerror="x">'
    assert "<script" not in item["body_html"] and "onerror" not in item["body_html"]


def test_hostile_background_never_reaches_body_html(world, db, client):
    page = add_consultation(world, "hostile", opens_in_days=-1, closes_in_days=5)
    ConsultationPage.objects.filter(pk=page.pk).update(
        body='<p onclick="x()">Safe <script>alert(1)</script><a href="javascript:y()">link</a></p><style>p{}</style>'
    )
    body_html = get_json(client, f"{LIST}{page.pk}/")["body_html"]
    for forbidden in ("<script", "alert(1)", "onclick", "javascript:", "<style"):
        assert forbidden not in body_html
    assert body_html.startswith("<p>Safe")


@pytest.mark.parametrize(
    ("status", "expected"),
    [("open", {"crisis-information"}), ("closed", {"political-advertising-transparency"}), ("upcoming", set())],
)
def test_status_filter(world, db, client, status, expected):
    slugs = {item["url"].rstrip("/").rsplit("/", 1)[-1] for item in by_id(client, {"status": status}).values()}
    assert slugs == expected


def test_an_upcoming_consultation_is_neither_open_nor_closed(world, db, client):
    page = add_consultation(world, "next-year", opens_in_days=30, closes_in_days=60)
    assert by_id(client)[page.pk]["status"] == "upcoming"
    assert page.pk in by_id(client, {"status": "upcoming"})
    assert page.pk not in by_id(client, {"status": "open"})
    assert page.pk not in by_id(client, {"status": "closed"})


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "ajar"}, "status"),
        ({"status": "<script>alert(1)</script>"}, "status"),
        ({"locale": "xx"}, "locale"),
        ({"locale": "en' OR 1=1 --"}, "locale"),
        ({"since": "yesterday"}, "since"),
        ({"page": "0"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "\x00"}, "page_size"),
    ],
)
def test_bad_query_values_answer_400_json(world, db, client, params, field):
    body = get_json(client, LIST, params, status=400)
    assert field in body
    assert isinstance(body[field], list) and body[field][0]


def test_unknown_or_hostile_ids_answer_404(world, db, client):
    for path in ("999999/", "abc/", "%3Cscript%3E/"):
        assert client.get(LIST + path).status_code == 404


@pytest.mark.parametrize(("language", "heading"), [("fr", "Les questions"), ("es", "Las preguntas")])
def test_a_translation_has_its_own_language_and_the_same_submissions(world, db, client, language, heading):
    page = world.open_consultation
    translated = publish_translation(
        page, Locale.objects.get(language_code=language), {"title": f"Consultation {language}"}
    )
    # Strictly that language: the translation only. By default, the other consultations' originals too.
    items = by_id(client, {"locale": language, "fallback": "0"})
    assert list(items) == [translated.pk]
    mixed = by_id(client, {"locale": language})
    assert translated.pk in mixed and page.pk not in mixed
    assert {entry["locale"] for pk, entry in mixed.items() if pk != translated.pk} <= {"en"}
    item = items[translated.pk]
    assert item["locale"] == language
    assert f"<h2>{heading}</h2>" in item["body_html"]
    english = by_id(client)[page.pk]
    assert item["submissions"] == english["submissions"]
    assert {"locale": language, "url": item["url"]} in english["translations"]


def test_a_private_or_draft_consultation_is_never_listed(world, db, client):
    draft = add_consultation(world, "draft-one", opens_in_days=-1, closes_in_days=5)
    draft.unpublish()
    assert draft.pk not in by_id(client)
    assert client.get(f"{LIST}{draft.pk}/").status_code == 404


def test_queries_do_not_grow_with_consultations_or_submissions(world, db, client, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(LIST).status_code == 200
    for number in range(4):
        page = add_consultation(world, f"more-{number}", opens_in_days=-number - 10, closes_in_days=number - 2)
        for position in range(3):
            add_submission(page, f"Org {number}-{position}", SubmissionStatus.PUBLISHED, True)
    with django_assert_max_num_queries(len(baseline)):
        body = client.get(LIST).json()
    assert body["count"] == 6
    assert sum(len(item["submissions"]) for item in body["results"]) == 2 + 3 + 12


def test_the_schema_documents_the_endpoint(world, db, client):
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    assert "/api/v1/consultations/" in schema["paths"]
    assert "/api/v1/consultations/{id}/" in schema["paths"]
    properties = schema["components"]["schemas"]["Consultation"]["properties"]
    assert {"body_html", "status", "submissions", "opens_at", "closes_at"} <= set(properties)
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/consultations/"]["get"]["parameters"]}
    assert {"status", "locale", "since"} <= parameters
    submission = schema["components"]["schemas"]["Submission"]["properties"]
    assert "contact_email" not in submission and "email" not in json.dumps(submission)
