"""Right of reply: the "request a review" form of a debunk, what it saves and sends, and the admin list."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from factchecks.models import ReviewRequest, ReviewRequestStatus
from hub.models import HubSettings

VALID = {
    "name": "Ada Example",
    "email": "ada@example.org",
    "organisation": "Daily Rumour",
    "relationship": "I am the editor of the outlet quoted.",
    "message": "The article was corrected on 13 January; please update the appearance.",
    "evidence_url": "https://rumour.example/correction",
    "website": "",
}


def form_url(page) -> str:
    return f"{page.url}request-review/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


# --- The form ----------------------------------------------------------------------------------------


def test_form_renders_with_labels_csrf_and_a_hidden_trap(world, client):
    summit = world.debunks["summit"]
    response = client.get(form_url(summit))
    assert response.status_code == 200
    soup = soup_of(response)
    form = soup.select_one("form.plain-form")
    assert form["method"] == "post"
    assert form.select_one("input[type=hidden][name=csrfmiddlewaretoken]")["value"]
    fields = [field for field in form.select("input, textarea") if field.get("type") != "hidden"]
    assert [field["name"] for field in fields] == [
        "name",
        "email",
        "organisation",
        "relationship",
        "message",
        "evidence_url",
        "website",
    ]
    for field in fields:
        labels = form.select(f'label[for="{field["id"]}"]')
        assert len(labels) == 1, field["name"]
        assert text_of(labels[0]), field["name"]
    trap = form.select_one("#id_website").find_parent("div")
    assert trap["aria-hidden"] == "true"
    assert "plain-form__field--trap" in trap["class"]
    assert form.select_one("#id_website")["tabindex"] == "-1"
    assert form.select_one("#id_email")["type"] == "email"
    assert form.select_one("#id_message")["maxlength"] == "5000"
    assert summit.case_id in text_of(soup.select_one(".page-header__kicker"))
    assert soup.select_one(".page-header__kicker a")["href"] == summit.url


def test_form_labels_are_capitalised(world, client):
    form = soup_of(client.get(form_url(world.debunks["summit"]))).select_one("form.plain-form")
    labels = [text_of(label) for label in form.select("label")]
    assert all(label[0].isupper() for label in labels), labels


def test_required_fields_are_marked(world, client):
    form = soup_of(client.get(form_url(world.debunks["summit"]))).select_one("form.plain-form")
    required = {label["for"] for label in form.select("label") if label.select_one(".required")}
    assert required == {"id_name", "id_email", "id_relationship", "id_message"}


def test_french_form(world, client):
    response = client.get(form_url(world.debunks["video_fr"]))
    assert response.status_code == 200
    assert soup_of(response).find("html")["lang"] == "fr"


# --- Sending -----------------------------------------------------------------------------------------


def test_valid_request_is_saved_and_the_office_told(world, client, django_capture_on_commit_callbacks):
    summit = world.debunks["summit"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(summit), VALID)
    assert response.status_code == 302
    assert response["Location"] == f"{summit.url}request-review/sent/"
    (saved,) = ReviewRequest.objects.all()
    assert saved.debunk_id == summit.pk
    assert saved.name == "Ada Example"
    assert saved.email == "ada@example.org"
    assert saved.organisation == "Daily Rumour"
    assert saved.relationship == VALID["relationship"]
    assert saved.message == VALID["message"]
    assert saved.evidence_url == "https://rumour.example/correction"
    assert saved.language == "en"
    assert saved.status == ReviewRequestStatus.NEW
    assert saved.received_at is not None
    assert str(saved) == f"{summit.case_id}: Ada Example"

    (message,) = mail.outbox
    assert message.to == ["press@g20-hub.example"]
    assert summit.case_id in message.subject
    assert "Ada Example" in message.body and "ada@example.org" in message.body
    assert VALID["message"] in message.body
    assert f"http://testserver/admin/snippets/factchecks/reviewrequest/edit/{saved.pk}/" in message.body


def test_the_sent_page_renders(world, client):
    summit = world.debunks["summit"]
    response = client.post(form_url(summit), VALID, follow=True)
    assert response.redirect_chain == [(f"{summit.url}request-review/sent/", 302)]
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.find("h1")) == "Request received"
    assert summit.case_id in text_of(soup.select_one(".lead"))
    assert soup.select_one("main a")["href"] == summit.url


def test_request_in_french_records_the_language(world, client, django_capture_on_commit_callbacks):
    video_fr = world.debunks["video_fr"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(video_fr), VALID)
    assert response["Location"] == "/fr/fact-checks/video/request-review/sent/"
    saved = ReviewRequest.objects.get()
    assert saved.debunk_id == video_fr.pk
    assert saved.language == "fr"
    assert len(mail.outbox) == 1


def test_mail_goes_to_the_default_sender_without_a_contact_address(world, client, django_capture_on_commit_callbacks):
    hub_settings = HubSettings.load()
    hub_settings.contact_email = ""
    hub_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(world.debunks["debt"]), VALID)
    (message,) = mail.outbox
    assert message.to == [settings.DEFAULT_FROM_EMAIL]


def test_mail_goes_to_the_contact_address_from_the_settings(world, client, django_capture_on_commit_callbacks):
    hub_settings = HubSettings.load()
    hub_settings.contact_email = "reply@g20.example"
    hub_settings.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(world.debunks["debt"]), VALID)
    assert [message.to for message in mail.outbox] == [["reply@g20.example"]]


def test_a_mail_failure_loses_nothing(world, client, django_capture_on_commit_callbacks, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("factchecks.views.send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world.debunks["debt"]), VALID)
    assert response.status_code == 302
    assert ReviewRequest.objects.count() == 1


def test_optional_fields_may_be_left_out(world, client):
    data = {key: VALID[key] for key in ("name", "email", "relationship", "message")}
    assert client.post(form_url(world.debunks["ban"]), data).status_code == 302
    saved = ReviewRequest.objects.get()
    assert saved.organisation == "" and saved.evidence_url == ""


# --- Refused -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"email": "not-an-e-mail"}, {"email"}),
        ({"name": ""}, {"name"}),
        ({"name": "", "email": "", "relationship": "", "message": ""}, {"name", "email", "relationship", "message"}),
        ({"message": "x" * 6000}, {"message"}),
        ({"name": "Ada\x00Example"}, {"name"}),
        ({"relationship": "editor\x00"}, {"relationship"}),
        ({"evidence_url": "javascript:alert(1)"}, {"evidence_url"}),
        ({"name": "x" * 201}, {"name"}),
    ],
)
def test_invalid_request_answers_400_with_field_errors(world, client, changes, fields):
    response = client.post(form_url(world.debunks["summit"]), {**VALID, **changes})
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.select_one("[role=alert]") is not None
    with_errors = {p["id"].removesuffix("-error").removeprefix("id_") for p in soup.select("p.field-error")}
    assert with_errors == fields
    for name in fields:
        assert soup.select_one(f'[role=alert] a[href="#id_{name}"]') is not None, name
    assert ReviewRequest.objects.count() == 0
    assert mail.outbox == []


def test_nul_bytes_are_not_written_back_into_the_page(world, client):
    # A NUL is not allowed in HTML; the search boxes strip it when they show a value again (hub.listings.indexes).
    response = client.post(form_url(world.debunks["summit"]), {**VALID, "name": "Ada\x00Example"})
    assert response.status_code == 400
    assert b"\x00" not in response.content


def test_invalid_request_keeps_what_was_typed(world, client):
    response = client.post(form_url(world.debunks["summit"]), {**VALID, "email": "nope"})
    soup = soup_of(response)
    assert soup.select_one("#id_name")["value"] == "Ada Example"
    assert soup.select_one("#id_message").get_text().strip() == VALID["message"]


def test_filled_honeypot_is_refused(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world.debunks["summit"]), {**VALID, "website": "https://spam.example"})
    assert response.status_code == 400
    assert ReviewRequest.objects.count() == 0
    assert mail.outbox == []


def test_csrf_is_enforced(world):
    csrf_client = Client(enforce_csrf_checks=True)
    url = form_url(world.debunks["summit"])
    assert csrf_client.post(url, VALID).status_code == 403
    assert ReviewRequest.objects.count() == 0
    # With the token of the form, it goes through.
    token = soup_of(csrf_client.get(url)).select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert csrf_client.post(url, {**VALID, "csrfmiddlewaretoken": token}).status_code == 302
    assert ReviewRequest.objects.count() == 1


def test_no_form_for_drafts_or_protected_debunks(world, client):
    assert client.get("/en/fact-checks/draft/request-review/").status_code == 404
    assert client.post("/en/fact-checks/draft/request-review/", VALID).status_code == 404
    response = client.post(form_url(world.debunks["private"]), VALID)
    assert response.status_code != 302
    assert ReviewRequest.objects.count() == 0


# --- Control and invisible characters (hub.web.text, shared with the consultation form) -------------------

ESCAPES = "\x1b[2J\x1b]0;pwned\x07"
# Right-to-left override, isolates, marks, zero-width space and a BOM: invisible, yet they change what a
# reader sees ("Ada\u202eelpmaxE" shows as "AdaExample").
INVISIBLE = "\u202e\u2066\u200f\u200b\ufeff\u061c"


@pytest.mark.parametrize("name", ["name", "organisation", "relationship", "message"])
def test_escape_sequences_are_refused(world, client, django_capture_on_commit_callbacks, name):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world.debunks["summit"]), {**VALID, name: f"Ada{ESCAPES} Example"})
    assert response.status_code == 400
    error = soup_of(response).select_one(f"#id_{name}-error")
    assert text_of(error) == "This field contains characters that are not allowed."
    assert b"\x1b" not in response.content
    assert ReviewRequest.objects.count() == 0
    assert mail.outbox == []


def test_invisible_marks_are_removed_and_text_normalised(world, client, django_capture_on_commit_callbacks):
    data = {
        **VALID,
        "name": f"{INVISIBLE}Ada\u202eelpmaxE",
        "organisation": "Daily\u200b Rumour\u2069",
        # "é" typed as e + combining acute is stored as the one character; Persian keeps its zero-width non-joiner.
        "relationship": "I am the e\u0301ditor of the outlet\u200f quoted.",
        "message": "Corrected on 13\u202fJanuary.\n\u202bمی\u200cخواهم\u202c\nPlease update it.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world.debunks["summit"]), data)
    assert response.status_code == 302
    saved = ReviewRequest.objects.get()
    assert saved.name == "AdaelpmaxE"
    assert saved.organisation == "Daily Rumour"
    assert saved.relationship == "I am the \u00e9ditor of the outlet quoted."
    assert saved.message == "Corrected on 13\u202fJanuary.\nمی\u200cخواهم\nPlease update it."
    (message,) = mail.outbox
    for char in INVISIBLE + "\u202b\u202c\u2069\x1b":
        assert char not in message.body, repr(char)
        assert char not in message.subject, repr(char)
    assert "AdaelpmaxE (ada@example.org)" in message.body


def test_a_field_of_invisible_marks_only_is_empty(world, client):
    response = client.post(form_url(world.debunks["summit"]), {**VALID, "name": f" {INVISIBLE} "})
    assert response.status_code == 400
    assert text_of(soup_of(response).select_one("#id_name-error")) == "This field is required."
    assert ReviewRequest.objects.count() == 0


def test_text_longer_than_its_field_once_normalised_is_refused(world, client, django_capture_on_commit_callbacks):
    """200 × U+0958 passes max_length as typed, and is 400 code points in NFC: refused, not stored."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(world.debunks["summit"]), {**VALID, "organisation": "\u0958" * 200})
    assert response.status_code == 400
    error = text_of(soup_of(response).select_one("#id_organisation-error"))
    assert error == "Ensure this value has at most 200 characters (it has 400)."
    assert ReviewRequest.objects.count() == 0
    assert mail.outbox == []


# --- The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("officer", "officer@example.com", "pw")
    client.force_login(admin)
    return client


def test_admin_lists_review_requests(world, admin_client):
    ReviewRequest.objects.create(
        debunk=world.debunks["summit"],
        name="First Person",
        email="a@example.org",
        relationship="Author",
        message="Please check.",
    )
    ReviewRequest.objects.create(
        debunk=world.debunks["debt"],
        name="Second Person",
        email="b@example.org",
        relationship="Outlet",
        message="Please check too.",
        status=ReviewRequestStatus.UPHELD,
    )
    url = reverse("wagtailsnippets_factchecks_reviewrequest:list")
    response = admin_client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "First Person" in content and "Second Person" in content
    filtered = admin_client.get(url, {"status": "upheld"}).content.decode()
    assert "Second Person" in filtered and "First Person" not in filtered


def test_admin_can_answer_a_request(world, admin_client):
    request = ReviewRequest.objects.create(
        debunk=world.debunks["summit"],
        name="First Person",
        email="a@example.org",
        relationship="Author",
        message="Please check.",
    )
    url = reverse("wagtailsnippets_factchecks_reviewrequest:edit", args=[request.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Please check." in response.content.decode()
    response = admin_client.post(url, {"status": "corrected", "response_note": "Log entry added."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == ReviewRequestStatus.CORRECTED
    assert request.response_note == "Log entry added."
    assert request.message == "Please check."  # read-only in the admin


def test_anonymous_visitors_cannot_see_the_admin_list(world, client):
    response = client.get(reverse("wagtailsnippets_factchecks_reviewrequest:list"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_requests_are_rate_limited_per_client(world, client, settings):
    settings.REVIEW_REQUEST_RATE = "2/h"
    summit = world.debunks["summit"]
    before = ReviewRequest.objects.count()
    for _attempt in range(2):
        assert client.post(form_url(summit), VALID, REMOTE_ADDR="203.0.113.7").status_code == 302
    refused = client.post(form_url(summit), VALID, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "several requests from your network" in soup_of(refused).select_one("[role=alert]").get_text()
    assert ReviewRequest.objects.count() == before + 2
    # Another client is not affected.
    assert client.post(form_url(summit), VALID, REMOTE_ADDR="198.51.100.4").status_code == 302
    assert ReviewRequest.objects.count() == before + 3


def test_the_office_dashboard_lists_requests_waiting_for_an_answer(world, client):
    """A member of the office (not a superuser) sees the unanswered right-of-reply requests on the admin home."""
    from bs4 import BeautifulSoup
    from django.contrib.auth.models import Group
    from django.urls import reverse

    from factchecks.models import ReviewRequest, ReviewRequestStatus
    from presidencies.access import ensure_office_group
    from tests.factories import UserFactory

    ensure_office_group()
    debunk = next(iter(world.debunks.values()))
    waiting = ReviewRequest.objects.create(
        debunk=debunk, name="Ana Ruiz", email="ana@example.org", relationship="quoted", message="Please check."
    )
    ReviewRequest.objects.create(
        debunk=debunk,
        name="Answered Person",
        email="b@example.org",
        relationship="quoted",
        message="Done.",
        status=ReviewRequestStatus.UPHELD,
    )
    client.force_login(UserFactory(groups=[Group.objects.get(name="G20 communication office")]))

    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    section = soup.find(id="review-requests-heading").find_parent("section")
    text = " ".join(section.get_text(" ").split())

    assert "1 request waits for an answer" in text
    assert "Ana Ruiz" in text and "Answered Person" not in text
    assert section.find("a")["href"] == reverse("wagtailsnippets_factchecks_reviewrequest:edit", args=[waiting.pk])
