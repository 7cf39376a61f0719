"""Consultations: the public page and its submission form, what a submission stores and sends, the
refusals (bad fields, attachments, size, CSRF, rate limit, closed consultations), moderation in the
admin, private attachments, the CSV export and the erasure of contact details."""

import csv
import datetime
import io
import uuid
import zipfile
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roundtable.models import (
    ConsultationPage,
    ConsultationSubmission,
    SubmissionStatus,
    SubmitterKind,
)
from roundtable.tasks import erase_expired_contacts, erase_expired_contacts_task
from tests.factories.users import UserFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PERMISSION_MESSAGE = "Sorry, you do not have permission to access this area."


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def questions_of(page) -> list[dict]:
    return ConsultationPage.objects.get(pk=page.pk).question_list()


def answer_field(question: dict) -> str:
    return f"answer_{question['id']}"


def valid_data(page, **changes) -> dict:
    """A complete, valid submission to ``page`` with a fresh token; ``changes`` override fields."""
    questions = questions_of(page)
    data = {
        "organisation_name": "Fact Desk Lagos",
        "organisation_kind": SubmitterKind.CIVIL_SOCIETY,
        "country": "NG",
        "contact_email": "desk@factdesk.example",
        "consent_to_publish": "on",
        "website": "",
        "token": str(uuid.uuid4()),
    }
    answers = ["Pin official updates in local languages.", "Fake evacuation orders.", ""]
    for question, answer in zip(questions, answers, strict=False):
        data[answer_field(question)] = answer
    data.update(changes)
    return data


def count_for(page) -> int:
    return ConsultationSubmission.objects.filter(consultation_id=page.pk).count()


def field_errors(soup) -> set[str]:
    return {p["id"].removesuffix("-error").removeprefix("id_") for p in soup.select("p.field-error[id]")}


@pytest.fixture
def superuser_client(django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.com", "pw"))
    return client


@pytest.fixture
def moderator_client(db):
    client = Client()
    client.force_login(UserFactory(username="moderator", groups=["Consultation moderators"]))
    return client


@pytest.fixture
def editor_client(db):
    """A logged-in admin user without any right on consultation submissions."""
    client = Client()
    client.force_login(UserFactory(username="secretary", groups=["Roundtable secretariat"]))
    return client


def submit(client, page, **changes):
    return client.post(page.url, valid_data(page, **changes))


# --- The page ----------------------------------------------------------------------------------------


def test_form_renders_with_labels_csrf_and_a_hidden_trap(world, db, client):
    page = world.open_consultation
    response = client.get(page.url)
    assert response.status_code == 200
    soup = soup_of(response)
    form = soup.select_one("form.plain-form")
    assert form["method"] == "post"
    assert form["enctype"] == "multipart/form-data"
    assert form.select_one("input[type=hidden][name=csrfmiddlewaretoken]")["value"]
    token = form.select_one("input[type=hidden][name=token]")["value"]
    assert uuid.UUID(token)
    questions = questions_of(page)
    fields = [field for field in form.select("input, select, textarea") if field.get("type") != "hidden"]
    assert [field["name"] for field in fields] == [
        "organisation_name",
        "organisation_kind",
        "country",
        "contact_email",
        *[answer_field(question) for question in questions],
        "attachment",
        "consent_to_publish",
        "website",
    ]
    for field in fields:
        labels = form.select(f'label[for="{field["id"]}"]')
        assert len(labels) == 1, field["name"]
        assert text_of(labels[0]), field["name"]
    for number, question in enumerate(questions, start=1):
        label = text_of(form.select_one(f'label[for="id_{answer_field(question)}"]'))
        assert label.startswith(f"{number}. {question['question']}")
    assert form.select_one(f"#id_{answer_field(questions[0])}")["maxlength"] == "5000"
    required = {label["for"] for label in form.select("label") if label.select_one(".required")}
    assert f"id_{answer_field(questions[0])}" in required
    assert "id_organisation_name" in required and "id_attachment" not in required
    trap = form.select_one("#id_website").find_parent("div")
    assert trap["aria-hidden"] == "true"
    assert "plain-form__field--trap" in trap["class"]
    assert form.select_one("#id_website")["tabindex"] == "-1"
    assert form.select_one("#id_contact_email")["type"] == "email"
    assert form.select_one("#id_attachment")["type"] == "file"
    kinds = [option["value"] for option in form.select("#id_organisation_kind option")]
    assert kinds == ["", *SubmitterKind.values]
    assert "NG" in [option["value"] for option in form.select("#id_country option")]


def test_form_shows_the_privacy_notice_and_is_never_cached(world, db, client):
    page = ConsultationPage.objects.get(pk=world.open_consultation.pk)
    response = client.get(page.url)
    cache_control = response["Cache-Control"]
    for directive in ("no-cache", "no-store", "must-revalidate", "private", "max-age=0"):
        assert directive in cache_control, cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    notice = soup_of(response).select_one("form .privacy-notice")
    text = text_of(notice)
    assert "It is never published" in text
    assert f"for {page.retention_days} days after the consultation closes" in text
    assert str(page.erase_contacts_after.year) in text
    assert "erased automatically" in text


def test_only_published_submissions_with_consent_are_listed(world, db, client):
    page = world.open_consultation
    questions = questions_of(page)

    def add(name, status, consent):
        return ConsultationSubmission.objects.create(
            consultation_id=page.pk,
            organisation_name=name,
            organisation_kind=SubmitterKind.OTHER,
            country="FR",
            contact_email=f"secret@{name.split()[0].lower()}.example",
            answers=[{"question_id": questions[0]["id"], "question": questions[0]["question"], "answer": f"{name}!"}],
            consent_to_publish=consent,
            idempotency_token=uuid.uuid4(),
            status=status,
        )

    add("Rejected Collective", SubmissionStatus.REJECTED, True)
    add("Nonconsenting Institute", SubmissionStatus.PUBLISHED, False)  # never through the admin, but guarded
    shown = add("Visible Association", SubmissionStatus.PUBLISHED, True)
    response = client.get(page.url)
    soup = soup_of(response)
    listed = [text_of(item.select_one("h3")) for item in soup.select("ol.submission-list li.submission")]
    assert listed == [
        "Red Cross Digital Volunteers Manila",
        "Health Misinformation Lab São Paulo",
        "Visible Association",
    ]
    item = soup.select_one(f"#submission-{shown.pk}")
    assert "France" in text_of(item.select_one(".result__meta"))
    assert "Other" in text_of(item.select_one(".result__meta"))
    assert text_of(item.select_one("dl.answers dt")) == questions[0]["question"]
    assert text_of(item.select_one("dl.answers dd")) == "Visible Association!"
    content = response.content.decode()
    for absent in ("Community Radio Network Dakar", "Rejected Collective", "Nonconsenting Institute"):
        assert absent not in content
    emails = ConsultationSubmission.objects.exclude(contact_email="").values_list("contact_email", flat=True)
    assert emails
    for email in emails:
        assert email not in content


def test_closed_consultation_shows_you_said_we_did_and_no_form(world, db, client):
    page = world.closed_consultation
    response = client.get(page.url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one("form.plain-form") is None
    assert soup.select_one("input[name=token]") is None
    assert "Closed" in text_of(soup.select_one(".page-header__kicker"))
    assert "no longer accepts submissions" in text_of(soup.select_one(".notice[role=note]"))
    section = soup.select_one("section.you-said-we-did")
    assert text_of(section.select_one("h2")) == "You said, we did"
    assert section.select(".response")
    assert "You said" in text_of(section.select_one(".response__said"))
    listed = [text_of(h3) for h3 in soup.select("li.submission h3")]
    assert len(listed) == 3
    assert "Anonymous Campaign Consultancy" not in response.content.decode()


# --- Sending -----------------------------------------------------------------------------------------


def test_valid_submission_is_stored_and_a_receipt_sent(world, db, client, django_capture_on_commit_callbacks):
    page = world.open_consultation
    before = count_for(page)
    data = valid_data(page, organisation_name="  Fact Desk Lagos  ")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}submitted/"
    assert count_for(page) == before + 1
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    assert saved.consultation_id == page.pk
    assert saved.organisation_name == "Fact Desk Lagos"
    assert saved.organisation_kind == SubmitterKind.CIVIL_SOCIETY
    assert saved.country.code == "NG"
    assert saved.contact_email == "desk@factdesk.example"
    assert saved.consent_to_publish is True
    assert saved.language == "en"
    assert saved.status == SubmissionStatus.NEW
    assert saved.moderated_at is None and saved.contact_erased_at is None
    assert not saved.attachment and saved.attachment_name == ""
    questions = questions_of(page)
    assert saved.answers == [
        {
            "question_id": questions[0]["id"],
            "question": questions[0]["question"],
            "answer": data[answer_field(questions[0])],
        },
        {
            "question_id": questions[1]["id"],
            "question": questions[1]["question"],
            "answer": data[answer_field(questions[1])],
        },
        {"question_id": questions[2]["id"], "question": questions[2]["question"], "answer": ""},
    ]
    assert str(saved) == f"Fact Desk Lagos ({page.title})"

    (message,) = mail.outbox
    assert message.to == ["desk@factdesk.example"]
    assert page.title in message.subject
    assert f"RT-{saved.pk:06d}" in message.body
    assert "Fact Desk Lagos" in message.body
    assert "you agreed that it may be published" in message.body
    assert f"erased {page.retention_days} days after the consultation closes" in message.body
    assert f"http://testserver{page.url}" in message.body


def test_receipt_says_when_there_is_no_consent(world, db, client, django_capture_on_commit_callbacks):
    page = world.open_consultation
    data = valid_data(page)
    del data["consent_to_publish"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(page.url, data).status_code == 302
    assert ConsultationSubmission.objects.get(idempotency_token=data["token"]).consent_to_publish is False
    (message,) = mail.outbox
    assert "you did not agree to publication" in message.body


def test_the_submitted_page_renders(world, db, client):
    page = world.open_consultation
    response = client.post(page.url, valid_data(page), follow=True)
    assert response.redirect_chain == [(f"{page.url}submitted/", 302)]
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.find("h1")) == "Submission received"
    assert page.title in text_of(soup.select_one(".lead"))
    assert soup.select_one("main a[href]") is not None
    assert page.url in [a["href"] for a in soup.select("main a[href]")]


def test_same_token_twice_stores_one_submission(world, db, client, django_capture_on_commit_callbacks):
    page = world.open_consultation
    before = count_for(page)
    data = valid_data(page)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(page.url, data)
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(page.url, {**data, "organisation_name": "Someone Else"})
    assert first.status_code == 302 and second.status_code == 302
    assert second["Location"] == first["Location"] == f"{page.url}submitted/"
    assert count_for(page) == before + 1
    assert ConsultationSubmission.objects.get(idempotency_token=data["token"]).organisation_name == "Fact Desk Lagos"
    assert len(mail.outbox) == 1


# --- Refused -----------------------------------------------------------------------------------------


def _first(page) -> str:
    return answer_field(questions_of(page)[0])


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        pytest.param({"organisation_name": ""}, {"organisation_name"}, id="missing-organisation"),
        pytest.param({"organisation_name": "x" * 201}, {"organisation_name"}, id="organisation-too-long"),
        pytest.param({"organisation_kind": "pirate"}, {"organisation_kind"}, id="bad-kind"),
        pytest.param({"organisation_kind": ""}, {"organisation_kind"}, id="missing-kind"),
        pytest.param({"country": "ZZ"}, {"country"}, id="bad-country"),
        pytest.param({"country": "Nigeria"}, {"country"}, id="country-by-name"),
        pytest.param({"contact_email": "not-an-e-mail"}, {"contact_email"}, id="bad-email"),
        pytest.param({"contact_email": ""}, {"contact_email"}, id="missing-email"),
        pytest.param({"first": ""}, {"first"}, id="missing-required-answer"),
        pytest.param({"first": "x" * 5001}, {"first"}, id="answer-too-long"),
        pytest.param({"second": "y" * 5001}, {"second"}, id="optional-answer-too-long"),
        pytest.param({"website": "https://spam.example"}, {"website"}, id="honeypot"),
        pytest.param({"organisation_name": "Fact\x00Desk"}, {"organisation_name"}, id="nul-in-organisation"),
        pytest.param({"organisation_name": "Fact\x07Desk"}, {"organisation_name"}, id="bell-in-organisation"),
        pytest.param({"first": "An answer\x00 with a NUL"}, {"first"}, id="nul-in-answer"),
        pytest.param({"second": "An answer\x07 with a bell"}, {"second"}, id="bell-in-answer"),
        pytest.param({"second": "Escape \x1b[31m"}, {"second"}, id="escape-in-answer"),
    ],
)
def test_invalid_field_answers_400_with_the_error_next_to_it(
    world, db, client, django_capture_on_commit_callbacks, changes, fields
):
    page = world.open_consultation
    questions = questions_of(page)
    aliases = {"first": answer_field(questions[0]), "second": answer_field(questions[1])}
    changes = {aliases.get(name, name): value for name, value in changes.items()}
    fields = {aliases.get(name, name) for name in fields}
    before = count_for(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, valid_data(page, **changes))
    assert response.status_code == 400
    soup = soup_of(response)
    assert field_errors(soup) == fields
    for name in fields:
        error = soup.select_one(f"#id_{name}-error")
        # The error sits in the field's own block, before its input.
        assert error.find_parent("div").select_one(f"#id_{name}") is not None, name
        assert text_of(error), name
        assert soup.select_one(f'#form-errors[role=alert] a[href="#id_{name}"]') is not None, name
    assert count_for(page) == before
    assert mail.outbox == []
    assert "Cache-Control" in response and "no-store" in response["Cache-Control"]


def test_control_characters_have_their_own_message(world, db, client):
    page = world.open_consultation
    response = submit(client, page, organisation_name="Fact\x07Desk")
    assert response.status_code == 400
    error = text_of(soup_of(response).select_one("#id_organisation_name-error"))
    assert error == "This field contains characters that are not allowed."


def test_nul_bytes_are_not_written_back_into_the_page(world, db, client):
    page = world.open_consultation
    before = count_for(page)
    response = submit(client, page, organisation_name="Fact\x00Desk", **{_first(page): "Answer\x00 here"})
    assert response.status_code == 400
    assert b"\x00" not in response.content
    assert {"organisation_name", _first(page)} <= field_errors(soup_of(response))
    assert count_for(page) == before


def test_invisible_marks_are_removed_and_typography_kept(world, db, client, django_capture_on_commit_callbacks):
    """The consultation cleans text as the right-of-reply form does (hub.web.text): direction overrides and
    zero-width marks go, the no-break spaces of French typography stay, text is stored in NFC."""
    page = world.open_consultation
    first = _first(page)
    data = valid_data(
        page,
        organisation_name="\u202eFact\u200b Desk\u2066 Lagos\u2069\ufeff",
        **{first: "Publier\u202fles mises\u00a0à jour : oui\u202f! Cafe\u0301\u200e."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, data)
    assert response.status_code == 302
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    assert saved.organisation_name == "Fact Desk Lagos"
    assert saved.answers[0]["answer"] == "Publier\u202fles mises\u00a0à jour : oui\u202f! Caf\u00e9."
    (receipt,) = mail.outbox
    assert "Organisation: Fact Desk Lagos" in receipt.body
    assert not any(char in receipt.body for char in "\u202e\u200b\u2066\u2069\ufeff\u200e")


def test_text_longer_than_its_field_once_normalised_is_refused(world, db, client):
    """200 × U+0958 passes max_length as typed, and is 400 code points in NFC: refused, not stored."""
    page = world.open_consultation
    before = count_for(page)
    response = submit(client, page, organisation_name="\u0958" * 200)
    assert response.status_code == 400
    error = text_of(soup_of(response).select_one("#id_organisation_name-error"))
    assert error == "Ensure this value has at most 200 characters (it has 400)."
    assert count_for(page) == before


def test_invalid_submission_keeps_what_was_typed(world, db, client):
    page = world.open_consultation
    data = valid_data(page, contact_email="nope")
    response = client.post(page.url, data)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("#id_organisation_name")["value"] == "Fact Desk Lagos"
    assert soup.select_one(f"#id_{_first(page)}").get_text().strip() == data[_first(page)]
    assert soup.select_one("#id_country option[selected]")["value"] == "NG"
    # The same token, so that sending the corrected form twice still stores one submission.
    assert soup.select_one("input[name=token]")["value"] == data["token"]


def test_no_answer_at_all_is_refused(world, db, client):
    page = world.open_consultation
    before = count_for(page)
    blank = {answer_field(question): "" for question in questions_of(page)}
    response = submit(client, page, **blank)
    assert response.status_code == 400
    soup = soup_of(response)
    assert field_errors(soup) == {_first(page)}
    assert "Answer at least one question." in text_of(soup.select_one("#form-errors"))
    assert count_for(page) == before


def test_whitespace_answers_count_as_no_answer(world, db, client):
    page = world.open_consultation
    before = count_for(page)
    blank = {answer_field(question): "   \n\t " for question in questions_of(page)}
    response = submit(client, page, **blank)
    assert response.status_code == 400
    assert _first(page) in field_errors(soup_of(response))
    assert count_for(page) == before


@pytest.mark.parametrize("token", ["", "not-a-uuid", "12345"])
def test_missing_or_invalid_token_is_refused_and_replaced(world, db, client, token):
    page = world.open_consultation
    before = count_for(page)
    data = valid_data(page, token=token)
    if not token:
        del data["token"]
    response = client.post(page.url, data)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("#form-errors[role=alert] li") is not None
    fresh = soup.select_one("input[type=hidden][name=token]")["value"]
    assert uuid.UUID(fresh) and fresh != token
    assert count_for(page) == before
    # The form as shown again goes through.
    assert client.post(page.url, {**data, "token": fresh}).status_code == 302
    assert count_for(page) == before + 1


def test_kind_and_country_values_are_stored_as_codes(world, db, client):
    page = world.open_consultation
    data = valid_data(page, organisation_kind=SubmitterKind.ENGAGEMENT_GROUP, country="BR")
    assert client.post(page.url, data).status_code == 302
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    assert saved.organisation_kind == "engagement_group"
    assert saved.get_organisation_kind_display() == "G20 engagement group"
    assert saved.country.code == "BR"


# --- Size ---------------------------------------------------------------------------------------------


def test_a_10_mb_attachment_is_refused_with_the_size_error(world, db, client):
    page = world.open_consultation
    before = count_for(page)
    big = SimpleUploadedFile("report.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = client.post(page.url, {**valid_data(page), "attachment": big})
    assert response.status_code == 400
    soup = soup_of(response)
    assert field_errors(soup) == {"attachment"}
    error = text_of(soup.select_one("#id_attachment-error"))
    assert "10.0 MB" in error and "5.0 MB" in error
    assert count_for(page) == before


def test_a_10_mb_urlencoded_body_answers_413(world, db, client):
    page = world.open_consultation
    before = count_for(page)
    data = valid_data(page, **{_first(page): "x" * (10 * 1024 * 1024)})
    response = client.post(page.url, urlencode(data), content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    message = text_of(soup_of(response).select_one("[role=alert]"))
    assert "too large" in message
    assert "nothing was saved" in message
    assert "2.5 MB" in message
    assert count_for(page) == before


# --- Attachments --------------------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_under_a_random_name(world, db, client):
    page = world.open_consultation
    data = valid_data(page)
    upload = SimpleUploadedFile("Our ../../secret report.PDF", PDF, content_type="application/pdf")
    response = client.post(page.url, {**data, "attachment": upload})
    assert response.status_code == 302
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    prefix, name = saved.attachment.name.rsplit("/", 1)
    assert prefix == f"consultations/{page.pk}"
    stem, extension = name.split(".")
    assert extension == "pdf"
    assert uuid.UUID(hex=stem).hex == stem
    assert "secret" not in saved.attachment.name and "report" not in saved.attachment.name
    assert saved.attachment_name == "secret report.PDF"
    private = storages["private"]
    assert saved.attachment.storage is private
    assert private.exists(saved.attachment.name)
    assert not storages["default"].exists(saved.attachment.name)
    with private.open(saved.attachment.name, "rb") as stored:
        assert stored.read() == PDF


def test_attachments_have_no_public_url(world, db, client):
    page = world.open_consultation
    data = valid_data(page)
    client.post(page.url, {**data, "attachment": SimpleUploadedFile("a.pdf", PDF)})
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    # A private file has no URL at all (the storage raises).
    with pytest.raises(ValueError, match="no public URL"):
        saved.attachment.url  # noqa: B018 - reading it must raise
    with pytest.raises(ValueError, match="no public URL"):
        storages["private"].url(saved.attachment.name)
    assert saved.attachment.name not in client.get(page.url).content.decode()


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("submission.docx", _docx()),
        ("submission.odt", _odt()),
        ("submission.txt", "Plain text, with accents: é à ü.\n".encode()),
    ],
)
def test_other_accepted_attachment_types(world, db, client, filename, content):
    page = world.open_consultation
    data = valid_data(page)
    response = client.post(page.url, {**data, "attachment": SimpleUploadedFile(filename, content)})
    assert response.status_code == 302
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    assert saved.attachment_name == filename
    assert saved.attachment.name.endswith("." + filename.rsplit(".", 1)[1])
    assert "submission" not in saved.attachment.name


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        pytest.param("tool.exe", b"MZ\x90\x00\x03", "Attach a PDF", id="exe"),
        pytest.param("page.html", b"<script>alert(1)</script>", "Attach a PDF", id="html"),
        pytest.param("noextension", PDF, "Attach a PDF", id="no-extension"),
        pytest.param("report.pdf.html", PDF, "Attach a PDF", id="double-extension"),
        pytest.param("fake.pdf", b"<html><script>alert(1)</script></html>", "does not match its type", id="fake-pdf"),
        pytest.param("empty.pdf", b"", "empty", id="empty"),
        pytest.param("fake.docx", b"PK\x03\x04this is not a zip", "does not match its type", id="fake-docx"),
        pytest.param("notes.docx", b"Just text", "does not match its type", id="text-as-docx"),
        pytest.param("other.docx", _odt(), "does not match its type", id="zip-without-word-parts"),
        pytest.param("fake.odt", _docx(), "does not match its type", id="docx-as-odt"),
        pytest.param("latin1.txt", "caf\xe9".encode("latin-1") + b"\xff\xfe", "does not match its type", id="bad-utf8"),
        pytest.param("nul.txt", b"text\x00more", "does not match its type", id="nul-in-txt"),
    ],
)
def test_bad_attachments_are_refused(world, db, client, filename, content, expected):
    page = world.open_consultation
    before = count_for(page)
    files_before = set(storages["private"].listdir(f"consultations/{page.pk}")[1]) if _has_dir(page) else set()
    upload = SimpleUploadedFile(filename, content)
    response = client.post(page.url, {**valid_data(page), "attachment": upload})
    assert response.status_code == 400
    soup = soup_of(response)
    assert field_errors(soup) == {"attachment"}
    assert expected in text_of(soup.select_one("#id_attachment-error"))
    assert count_for(page) == before
    files_after = set(storages["private"].listdir(f"consultations/{page.pk}")[1]) if _has_dir(page) else set()
    assert files_after == files_before


def _has_dir(page) -> bool:
    return storages["private"].exists(f"consultations/{page.pk}")


# --- CSRF, rate limit, closed -------------------------------------------------------------------------


def test_csrf_is_enforced_with_a_friendly_message(world, db):
    page = world.open_consultation
    before = count_for(page)
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(page.url, valid_data(page))
    assert response.status_code == 403
    soup = soup_of(response)
    assert text_of(soup.find("h1")) == "Form expired"
    message = text_of(soup.select_one("[role=alert]"))
    assert "security check failed" in message and "Nothing was saved" in message
    assert count_for(page) == before
    token = soup_of(csrf_client.get(page.url)).select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert csrf_client.post(page.url, {**valid_data(page), "csrfmiddlewaretoken": token}).status_code == 302
    assert count_for(page) == before + 1


def test_rate_limit_per_address(world, db, client, settings):
    settings.ROUNDTABLE_SUBMISSION_RATE = "2/h"
    page = world.open_consultation
    before = count_for(page)
    for _ in range(2):
        assert client.post(page.url, valid_data(page), REMOTE_ADDR="203.0.113.7").status_code == 302
    response = client.post(page.url, valid_data(page), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "no-store" in response["Cache-Control"]
    soup = soup_of(response)
    assert "several submissions" in text_of(soup.select_one(".notice[role=alert]"))
    assert soup.select_one("form.plain-form") is None
    assert count_for(page) == before + 2
    assert client.post(page.url, valid_data(page), REMOTE_ADDR="198.51.100.9").status_code == 302
    assert count_for(page) == before + 3
    # Reading the page is never limited.
    assert client.get(page.url, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_closed_consultation_refuses_submissions(world, db, client, django_capture_on_commit_callbacks):
    page = world.closed_consultation
    before = count_for(page)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, page)
    assert response.status_code == 403
    soup = soup_of(response)
    assert "This consultation has closed, so your submission was not accepted." in text_of(
        soup.select_one(".notice[role=alert]")
    )
    assert soup.select_one("form.plain-form") is None
    assert count_for(page) == before
    assert mail.outbox == []


def test_consultation_not_open_yet_refuses_submissions(world, db, client):
    page = ConsultationPage.objects.get(pk=world.open_consultation.pk)
    page.opens_at = timezone.now() + datetime.timedelta(days=3)
    page.closes_at = timezone.now() + datetime.timedelta(days=30)
    page.save()
    before = count_for(page)
    shown = client.get(page.url)
    assert shown.status_code == 200
    soup = soup_of(shown)
    assert soup.select_one("form.plain-form") is None
    assert "Not open yet" in text_of(soup.select_one(".page-header__kicker"))
    assert "This consultation opens on" in text_of(soup.select_one(".notice[role=note]"))
    response = submit(client, page)
    assert response.status_code == 403
    assert "This consultation is not open yet" in text_of(soup_of(response).select_one(".notice[role=alert]"))
    assert count_for(page) == before


# --- Moderation ---------------------------------------------------------------------------------------


def _pending(world, name="Community Radio Network Dakar") -> ConsultationSubmission:
    return ConsultationSubmission.objects.get(consultation_id=world.open_consultation.pk, organisation_name=name)


@pytest.mark.parametrize("who", ["superuser_client", "moderator_client"])
def test_moderator_publishes_a_submission(world, db, client, request, who):
    admin = request.getfixturevalue(who)
    submission = _pending(world)
    assert submission.status == SubmissionStatus.NEW and submission.consent_to_publish
    page_url = world.open_consultation.url
    assert "Community Radio Network Dakar" not in client.get(page_url).content.decode()
    url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[submission.pk])
    form = admin.get(url)
    assert form.status_code == 200
    assert "Work with community radio" in form.content.decode()
    response = admin.post(url, {"status": SubmissionStatus.PUBLISHED, "moderation_note": "Checked."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.moderation_note == "Checked."
    assert submission.moderated_at is not None
    assert abs(submission.moderated_at - timezone.now()) < datetime.timedelta(minutes=5)
    assert submission.moderated_by == response.wsgi_request.user
    content = client.get(page_url).content.decode()
    assert "Community Radio Network Dakar" in content
    assert "Work with community radio" in content
    assert "Checked." not in content  # the moderation note is not public
    assert submission.contact_email not in content


def test_rejecting_records_the_moderation_and_hides_it(world, db, client, moderator_client):
    submission = ConsultationSubmission.objects.get(
        consultation_id=world.open_consultation.pk, organisation_name="Red Cross Digital Volunteers Manila"
    )
    url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[submission.pk])
    response = moderator_client.post(url, {"status": SubmissionStatus.REJECTED, "moderation_note": "Off topic."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.moderated_at is not None
    assert "Red Cross Digital Volunteers Manila" not in client.get(world.open_consultation.url).content.decode()


def test_publishing_without_consent_is_refused(world, db, client, superuser_client):
    page = world.open_consultation
    questions = questions_of(page)
    submission = ConsultationSubmission.objects.create(
        consultation_id=page.pk,
        organisation_name="Private Thoughts Ltd",
        organisation_kind=SubmitterKind.OTHER,
        country="GB",
        contact_email="me@private.example",
        answers=[{"question_id": questions[0]["id"], "question": questions[0]["question"], "answer": "Mine."}],
        consent_to_publish=False,
        idempotency_token=uuid.uuid4(),
    )
    url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[submission.pk])
    response = superuser_client.post(url, {"status": SubmissionStatus.PUBLISHED, "moderation_note": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["status"] == ["The submitter did not agree to publication."]
    assert "The submitter did not agree to publication." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NEW
    assert submission.moderated_at is None
    assert "Private Thoughts Ltd" not in client.get(page.url).content.decode()


def test_the_submission_text_cannot_be_changed_in_the_admin(world, db, superuser_client):
    submission = _pending(world)
    url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[submission.pk])
    superuser_client.post(
        url,
        {
            "status": SubmissionStatus.REJECTED,
            "moderation_note": "",
            "organisation_name": "Changed",
            "contact_email": "changed@example.org",
            "consent_to_publish": "on",
        },
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.organisation_name == "Community Radio Network Dakar"
    assert submission.contact_email == "consultations@community.example"


# --- Private attachments ------------------------------------------------------------------------------


@pytest.fixture
def with_attachment(world, db):
    page = world.open_consultation
    submission = ConsultationSubmission.objects.create(
        consultation_id=page.pk,
        organisation_name="Attached Org",
        organisation_kind=SubmitterKind.ACADEMIA,
        country="KE",
        contact_email="att@attached.example",
        answers=[],
        consent_to_publish=True,
        idempotency_token=uuid.uuid4(),
        attachment_name="Our report.pdf",
    )
    submission.attachment.save("Our report.pdf", ContentFile(PDF))
    return submission


def test_moderator_downloads_the_attachment(with_attachment, moderator_client):
    response = moderator_client.get(reverse("roundtable_submission_attachment", args=[with_attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Our report.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF


def test_the_admin_links_to_the_private_download(with_attachment, moderator_client):
    url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[with_attachment.pk])
    content = moderator_client.get(url).content.decode()
    assert reverse("roundtable_submission_attachment", args=[with_attachment.pk]) in content
    assert with_attachment.attachment.name not in content


def test_superuser_downloads_the_attachment(with_attachment, superuser_client):
    response = superuser_client.get(reverse("roundtable_submission_attachment", args=[with_attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_editor_without_permission_cannot_download(with_attachment, editor_client):
    url = reverse("roundtable_submission_attachment", args=[with_attachment.pk])
    response = editor_client.get(url)
    # Wagtail's admin answers a refused browser request with its dashboard and a message...
    assert response.status_code in (302, 403)
    assert not hasattr(response, "streaming_content")
    if response.status_code == 302:
        assert response["Location"] == reverse("wagtailadmin_home")
        assert PERMISSION_MESSAGE in [str(message).strip() for message in get_messages(response.wsgi_request)]
    # ... and any other request with a plain 403.
    xhr = editor_client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
    assert xhr.status_code == 403
    assert PDF not in xhr.content


def test_anonymous_visitor_is_sent_to_the_login(with_attachment, client):
    url = reverse("roundtable_submission_attachment", args=[with_attachment.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))
    assert not hasattr(response, "streaming_content")


def test_no_attachment_is_a_404(world, db, moderator_client):
    response = moderator_client.get(reverse("roundtable_submission_attachment", args=[_pending(world).pk]))
    assert response.status_code == 404


# --- CSV export ---------------------------------------------------------------------------------------


def _rows(response) -> list[list[str]]:
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_csv_export_escapes_formulas(world, db, client, superuser_client):
    page = world.open_consultation
    questions = questions_of(page)
    data = valid_data(
        page,
        organisation_name='=HYPERLINK("http://x")',
        **{
            answer_field(questions[0]): "+1+1",
            answer_field(questions[1]): "@SUM(A1)",
            answer_field(questions[2]): "-2",
        },
    )
    assert client.post(page.url, data).status_code == 302
    saved = ConsultationSubmission.objects.get(idempotency_token=data["token"])
    ConsultationSubmission.objects.create(
        consultation_id=page.pk,
        organisation_name="\tTabbed",
        organisation_kind=SubmitterKind.OTHER,
        country="FR",
        contact_email="tab@example.org",
        answers=[{"question_id": questions[0]["id"], "question": questions[0]["question"], "answer": "\rReturn"}],
        moderation_note="'=quoted",
        idempotency_token=uuid.uuid4(),
    )
    response = superuser_client.get(reverse("roundtable_submissions_csv", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{page.slug}-submissions.csv"'
    rows = _rows(response)
    header, body = rows[0], rows[1:]
    assert header[:11] == [
        "reference",
        "received_at",
        "language",
        "status",
        "organisation",
        "organisation_kind",
        "country",
        "contact_email",
        "consent_to_publish",
        "attachment",
        "moderation_note",
    ]
    assert header[11:] == [question["question"] for question in questions]
    assert len(body) == count_for(page)
    assert all(len(row) == len(header) for row in body)
    row = next(row for row in body if row[0] == f"RT-{saved.pk:06d}")
    assert row[4] == '\'=HYPERLINK("http://x")'
    assert row[5] == "civil_society"
    assert row[6] == "NG"
    assert row[7] == "desk@factdesk.example"
    assert row[8] == "yes"
    assert row[11:] == ["'+1+1", "'@SUM(A1)", "'-2"]
    tabbed = next(row for row in body if row[7] == "tab@example.org")
    assert tabbed[4] == "'\tTabbed"
    assert tabbed[10] == "''=quoted"
    assert tabbed[11] == "'\rReturn"
    assert tabbed[12:] == ["", ""]
    demo = next(row for row in body if row[4] == "Red Cross Digital Volunteers Manila")
    assert demo[3] == "published" and demo[11].startswith("Where to find official updates")


def test_csv_export_for_moderators_only(world, db, client, moderator_client, editor_client):
    url = reverse("roundtable_submissions_csv", args=[world.open_consultation.pk])
    assert moderator_client.get(url).status_code == 200
    refused = editor_client.get(url)
    assert refused.status_code in (302, 403)
    assert b"contact_email" not in refused.content
    assert editor_client.get(url, headers={"x-requested-with": "XMLHttpRequest"}).status_code == 403
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))


def test_csv_export_of_the_closed_consultation(world, db, moderator_client):
    page = world.closed_consultation
    rows = _rows(moderator_client.get(reverse("roundtable_submissions_csv", args=[page.pk])))
    assert len(rows) == 1 + 4
    assert len(rows[0]) == 11 + 2
    assert {row[4] for row in rows[1:]} >= {"Anonymous Campaign Consultancy", "Digital Rights Watch Nairobi"}


# --- Retention ----------------------------------------------------------------------------------------


def test_expired_contacts_are_erased_once(world, db):
    closed = world.closed_consultation
    open_ = world.open_consultation
    target = ConsultationSubmission.objects.filter(consultation_id=closed.pk).order_by("pk").first()
    target.attachment_name = "kept-private.pdf"
    target.attachment.save("kept-private.pdf", ContentFile(PDF))
    stored = target.attachment.name
    assert storages["private"].exists(stored)
    closed_count = ConsultationSubmission.objects.filter(consultation_id=closed.pk).count()
    open_emails = dict(
        ConsultationSubmission.objects.filter(consultation_id=open_.pk).values_list("pk", "contact_email")
    )
    page = ConsultationPage.objects.get(pk=closed.pk)
    deadline = page.closes_at + datetime.timedelta(days=page.retention_days)

    # Closed, but not yet past its retention period.
    assert erase_expired_contacts(now=deadline - datetime.timedelta(hours=1)) == 0
    assert not ConsultationSubmission.objects.filter(consultation_id=closed.pk, contact_email="").exists()

    now = deadline + datetime.timedelta(days=1)
    assert erase_expired_contacts(now=now) == closed_count
    for submission in ConsultationSubmission.objects.filter(consultation_id=closed.pk):
        assert submission.contact_email == ""
        assert not submission.attachment and submission.attachment_name == ""
        assert submission.contact_erased_at is not None
        assert submission.answers  # answers belong to the organisation and stay
    assert not storages["private"].exists(stored)
    # The open consultation closes later: nothing of it is erased.
    for pk, email in open_emails.items():
        submission = ConsultationSubmission.objects.get(pk=pk)
        assert submission.contact_email == email and email
        assert submission.contact_erased_at is None

    erased_at = dict(
        ConsultationSubmission.objects.filter(consultation_id=closed.pk).values_list("pk", "contact_erased_at")
    )
    assert erase_expired_contacts(now=now + datetime.timedelta(days=1)) == 0
    assert (
        dict(ConsultationSubmission.objects.filter(consultation_id=closed.pk).values_list("pk", "contact_erased_at"))
        == erased_at
    )


def test_retention_uses_each_consultations_own_period(world, db):
    page = ConsultationPage.objects.get(pk=world.open_consultation.pk)
    page.closes_at = timezone.now() - datetime.timedelta(days=10)
    page.opens_at = timezone.now() - datetime.timedelta(days=60)
    page.retention_days = 30
    page.save()
    now = timezone.now()
    assert erase_expired_contacts(now=now) == 0
    count = ConsultationSubmission.objects.filter(consultation_id=page.pk).count()
    assert erase_expired_contacts(now=now + datetime.timedelta(days=21)) == count
    assert not ConsultationSubmission.objects.filter(consultation_id=page.pk).exclude(contact_email="").exists()
    # The closed consultation keeps its contacts for 365 days after 2026-03-31.
    closed = ConsultationPage.objects.get(pk=world.closed_consultation.pk)
    assert closed.erase_contacts_after > now + datetime.timedelta(days=21)
    assert not ConsultationSubmission.objects.filter(consultation_id=closed.pk, contact_email="").exists()


def test_the_celery_task_erases_expired_contacts(world, db):
    page = ConsultationPage.objects.get(pk=world.closed_consultation.pk)
    page.retention_days = 1
    page.save()
    count = ConsultationSubmission.objects.filter(consultation_id=page.pk).count()
    result = erase_expired_contacts_task.delay()
    assert result.get() == count
    assert not ConsultationSubmission.objects.filter(consultation_id=page.pk).exclude(contact_email="").exists()
    assert (
        ConsultationSubmission.objects.filter(consultation_id=world.open_consultation.pk)
        .exclude(contact_email="")
        .count()
        == ConsultationSubmission.objects.filter(consultation_id=world.open_consultation.pk).count()
    )
    assert erase_expired_contacts_task.apply().get() == 0


# --- Erasure on request -------------------------------------------------------------------------------


def test_erase_on_request_erases_every_submission_from_that_address(world, db, moderator_client):
    page = world.open_consultation
    closed = world.closed_consultation
    questions = questions_of(page)

    def add(consultation_id, email, with_file=False):
        submission = ConsultationSubmission.objects.create(
            consultation_id=consultation_id,
            organisation_name="Repeat Submitter",
            organisation_kind=SubmitterKind.CIVIL_SOCIETY,
            country="IN",
            contact_email=email,
            answers=[{"question_id": questions[0]["id"], "question": questions[0]["question"], "answer": "Kept."}],
            idempotency_token=uuid.uuid4(),
        )
        if with_file:
            submission.attachment_name = "cv.pdf"
            submission.attachment.save("cv.pdf", ContentFile(PDF))
        return submission

    first = add(page.pk, "Repeat@Example.org", with_file=True)
    second = add(closed.pk, "repeat@example.org")
    other = add(page.pk, "someone.else@example.org")
    stored = first.attachment.name
    form = moderator_client.get(reverse("roundtable_erase_submitter"), {"email": "repeat@example.org"})
    assert form.status_code == 200
    assert soup_of(form).select_one("input[name=email]")["value"] == "repeat@example.org"
    response = moderator_client.post(reverse("roundtable_erase_submitter"), {"email": "REPEAT@example.ORG"})
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailsnippets_roundtable_consultationsubmission:list")
    messages = [str(message).strip() for message in get_messages(response.wsgi_request)]
    assert "Erased the contact details of 2 submissions." in messages
    for submission in (first, second):
        submission.refresh_from_db()
        assert submission.contact_email == ""
        assert submission.contact_erased_at is not None
        assert not submission.attachment and submission.attachment_name == ""
        assert submission.answers[0]["answer"] == "Kept."
    assert not storages["private"].exists(stored)
    other.refresh_from_db()
    assert other.contact_email == "someone.else@example.org"
    assert other.contact_erased_at is None
    # Nothing left to erase the second time.
    again = moderator_client.post(reverse("roundtable_erase_submitter"), {"email": "repeat@example.org"})
    assert "No submission holds that e-mail address." in [str(m).strip() for m in get_messages(again.wsgi_request)]


def test_erase_on_request_needs_a_valid_address_and_the_permission(world, db, moderator_client, editor_client):
    url = reverse("roundtable_erase_submitter")
    before = ConsultationSubmission.objects.exclude(contact_email="").count()
    response = moderator_client.post(url, {"email": "not-an-address"})
    assert response.status_code == 200
    assert ConsultationSubmission.objects.exclude(contact_email="").count() == before
    refused = editor_client.post(url, {"email": "consultations@red.example"})
    assert refused.status_code in (302, 403)
    assert refused.get("Location") != reverse("wagtailsnippets_roundtable_consultationsubmission:list")
    assert ConsultationSubmission.objects.filter(contact_email="consultations@red.example").exists()
    assert ConsultationSubmission.objects.exclude(contact_email="").count() == before


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_privacy_notice_comes_just_before_the_consent_box_it_calls_below(world, db, client, language):
    from wagtail.models import Locale

    from hub.demo.helpers import publish_translation

    page = ConsultationPage.objects.get(pk=world.open_consultation.pk)
    below = {"en": "if you agree below", "fr": "si vous l'acceptez ci-dessous"}[language]
    if language == "fr":
        notice_fr = f"<p>Votre nom et vos réponses ne sont publiés que {below}.</p>"
        page = publish_translation(
            page, Locale.objects.get(language_code="fr"), {"title": "Consultation", "privacy_notice": notice_fr}
        )
    response = client.get(page.url)
    assert response.status_code == 200
    form = soup_of(response).select_one("form.plain-form")
    notice = form.select_one(".privacy-notice")
    assert below in text_of(notice)
    # The next thing after the notice is the consent box, so "below" is where the reader looks.
    following = notice.find_next_sibling()
    assert following.select_one("input[name=consent_to_publish]") is not None
    assert "plain-form__field--checkbox" in following["class"]
    # Every answer field and the e-mail field come before the notice; only the trap and the button after.
    before = {field["name"] for field in notice.find_all_previous(["input", "textarea", "select"]) if field.get("name")}
    assert {"contact_email", "organisation_name"} <= before
    after = [field.get("name") for field in notice.find_all_next(["input", "textarea", "select"]) if field.get("name")]
    assert after == ["consent_to_publish", "website"]
