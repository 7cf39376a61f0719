"""The roundtable in a real browser: a civil-society submission to the open consultation, moderated in
the admin and then published; the form's error state; the tracker's filters; every kind of roundtable
page on desktop and phone (axe-core, no CSP errors, no horizontal overflow)."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from .test_accessibility import OVERFLOW_JS
from .test_review_flow import PASSWORD, sign_in

pytestmark = pytest.mark.browser

CONSULTATION = "/en/roundtable/crisis-information/"
PAGES = [
    "/en/roundtable/",
    "/en/roundtable/commitments/",
    "/en/roundtable/2025-10-election-integrity/",
    "/en/roundtable/crisis-response-protocols/",
    CONSULTATION,
    "/en/roundtable/political-advertising-transparency/",
]
ORGANISATION = "Flood Response Collective Accra"
EMAIL = "contact@flood-collective.example"
ANSWER = "Pin the emergency services' official channels above everything else, in Twi and Ga as well as English."


@pytest.fixture
def roundtable_site(demo_site) -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.cache import cache

    from roundtable import demo as roundtable_demo
    from roundtable.access import MODERATORS_GROUP

    roundtable_demo.load(io.StringIO())
    # The submission rate limit counts in the (process-wide) cache: start every test afresh.
    cache.clear()
    moderator = get_user_model().objects.create_user(username="maya", email="maya@g20.example", password=PASSWORD)
    moderator.groups.add(Group.objects.get(name=MODERATORS_GROUP))
    return demo_site


def open_page(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"GET {url} answered {response and response.status}"


def organisation_field(page: Page):
    # "Organisation" alone would also match "Kind of organisation" and the consent box.
    return page.get_by_label(re.compile(r"^Organisation"))


def first_answer(page: Page):
    return page.get_by_label(re.compile(r"^1\. What should platforms tell the public"))


def test_submission_is_moderated_then_published(page: Page, browser: Browser, roundtable_site):
    from roundtable.models import ConsultationSubmission, SubmissionStatus

    visitor = page  # an anonymous context: the civil-society submitter (screenshotted on failure)
    open_page(visitor, roundtable_site + CONSULTATION)
    organisation_field(visitor).fill(ORGANISATION)
    visitor.get_by_label("Kind of organisation").select_option(label="Civil-society organisation")
    visitor.get_by_label(re.compile(r"^Country")).select_option(label="Ghana")
    visitor.get_by_label(re.compile(r"^Contact e-mail")).fill(EMAIL)
    first_answer(visitor).fill(ANSWER)
    visitor.get_by_label(re.compile(r"^Attachment")).set_input_files(
        files=[
            {"name": "evidence.txt", "mimeType": "text/plain", "buffer": b"Screenshots of fake evacuation orders.\n"}
        ]
    )
    visitor.get_by_label(re.compile(r"^You may publish this submission")).check()
    visitor.get_by_role("button", name="Send the submission").click()

    visitor.wait_for_url(re.compile(r"/crisis-information/submitted/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Submission received")
    submission = ConsultationSubmission.objects.get(organisation_name=ORGANISATION)
    assert submission.status == SubmissionStatus.NEW
    assert submission.consent_to_publish
    assert submission.contact_email == EMAIL
    assert submission.country.code == "GH"
    assert submission.attachment_name == "evidence.txt"
    assert ANSWER in [answer["answer"] for answer in submission.answers]

    # Not public before moderation.
    open_page(visitor, roundtable_site + CONSULTATION)
    published = visitor.locator("section[aria-labelledby='submissions-heading']")
    expect(published).to_contain_text("Red Cross Digital Volunteers Manila")
    expect(published).not_to_contain_text(ORGANISATION)

    moderator_context = browser.new_context(viewport={"width": 1280, "height": 900})
    moderator = moderator_context.new_page()
    sign_in(moderator, roundtable_site, "maya")
    edit_url = reverse("wagtailsnippets_roundtable_consultationsubmission:edit", args=[submission.pk])
    open_page(moderator, roundtable_site + edit_url)
    expect(moderator.locator("main")).to_contain_text(EMAIL)  # moderators see the contact
    moderator.get_by_role("combobox", name=re.compile(r"^Status")).select_option(label="Published")
    moderator.locator("footer").get_by_role("button", name="Save").click()
    expect(moderator.locator(".messages")).to_contain_text(ORGANISATION)

    moderator_context.close()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.PUBLISHED
    assert submission.moderated_at is not None

    open_page(visitor, roundtable_site + CONSULTATION)
    item = published.locator("li.submission", has_text=ORGANISATION)
    expect(item).to_have_count(1)
    expect(item.get_by_role("heading", name=ORGANISATION)).to_be_visible()
    expect(item).to_contain_text(ANSWER)
    expect(item).to_contain_text("Ghana")
    assert EMAIL not in visitor.content()
    assert "evidence.txt" not in visitor.content()


def test_submission_with_missing_fields_shows_the_errors(page, roundtable_site, assert_accessible):
    from roundtable.models import ConsultationSubmission

    before = ConsultationSubmission.objects.count()
    open_page(page, roundtable_site + CONSULTATION)
    organisation_field(page).fill(ORGANISATION)
    page.get_by_label(re.compile(r"^Country")).select_option(label="Ghana")
    page.get_by_role("button", name="Send the submission").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Your submission was not sent")
    for field, target in [
        ("Kind of organisation", "#id_organisation_kind"),
        ("Contact e-mail", "#id_contact_email"),
        (r"1\. What should platforms tell the public", r"#id_answer_[0-9a-f-]+"),
    ]:
        link = summary.get_by_role("link", name=re.compile(f"^{field}"))
        expect(link).to_have_attribute("href", re.compile(f"^{target}$"))
    expect(summary.get_by_role("link", name=re.compile(r"^(Organisation|Country)"))).to_have_count(0)
    summary.get_by_role("link", name=re.compile(r"^Contact e-mail")).click()
    expect(page.get_by_label(re.compile(r"^Contact e-mail"))).to_be_focused()
    # What was typed is kept.
    expect(organisation_field(page)).to_have_value(ORGANISATION)
    expect(page.get_by_label(re.compile(r"^Country"))).to_have_value("GH")
    assert ConsultationSubmission.objects.count() == before
    assert_accessible(page)


def test_roundtable_pages_are_accessible_and_fit_a_phone(
    any_page, roundtable_site, assert_accessible, assert_no_csp_errors
):
    phone = any_page.viewport_size["width"] < 600
    for path in PAGES:
        open_page(any_page, roundtable_site + path)
        assert any_page.locator("main h1").count() == 1, path
        assert_accessible(any_page)
        if phone:
            scroll_width, inner_width, culprits = any_page.evaluate(OVERFLOW_JS, any_page.viewport_size["width"])
            assert scroll_width <= inner_width, f"{path} overflows on a phone: {culprits}"
    assert_no_csp_errors()


def test_filtering_the_tracker_by_overdue(page, roundtable_site):
    open_page(page, roundtable_site + "/en/roundtable/commitments/")
    everything = page.locator("ol.result-list li.commitment").count()
    page.get_by_label("Status").select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"[?&]status=overdue(&|$)"))
    commitments = page.locator("ol.result-list li.commitment")
    count = commitments.count()
    assert 0 < count < everything
    for index in range(count):
        expect(commitments.nth(index).locator(".status")).to_have_text("Overdue")
