"""A debunk's case id and address as an office member meets them in the admin.

One rule: a new debunk is numbered once every required field is filled in (an autosave or an
unfinished draft never uses up a number), and its address is then its case id, in every language.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from factchecks.models import CaseIdSequence, DebunkPage, is_provisional_slug
from presidencies.access import OFFICE_GROUP, ensure_office_group
from tests.factchecks.test_pages import form_data
from tests.factories.users import UserFactory

YEAR = timezone.now().year
COMPLETE = {
    "title": "No, the summit was not moved",
    "claim": "The summit was moved to another city",
    "claim_summary": "Posts claim the summit moved.",
    "disproof": '{"blocks":[{"key":"a","text":"It did not move.","type":"unstyled","depth":0,'
    '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
    "verdict": "false",
    "rating_explanation": "The venue never changed.",
    "first_seen": "2026-07-01",
}


@pytest.fixture
def officer(world, client):
    ensure_office_group()
    client.force_login(UserFactory(groups=[OFFICE_GROUP]))
    return client


def blank_form(client, index) -> dict:
    url = reverse("wagtailadmin_pages:add", args=("factchecks", "debunkpage", index.pk))
    response = client.get(url)
    assert response.status_code == 200
    return url, form_data(BeautifulSoup(response.content, "html.parser").select_one("#page-edit-form"))


def last_number() -> int:
    sequence = CaseIdSequence.objects.filter(year=YEAR).first()
    return sequence.last_number if sequence else 0


def test_an_unfinished_draft_takes_no_number_and_publishing_gives_one(world, officer):
    before = last_number()
    url, data = blank_form(officer, world.index)
    # What an autosave sends a few seconds in (a date cannot be left empty, even in a draft).
    data.update(title="Work in progress", first_seen="2026-07-01", slug="my-own-choice")
    response = officer.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".error-message, .messages li"
    )
    draft = DebunkPage.objects.get(title="Work in progress")
    assert draft.case_id == "" and not draft.live
    assert is_provisional_slug(draft.slug)  # the slug the form sent is ignored
    assert last_number() == before

    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    soup = BeautifulSoup(officer.get(edit).content, "html.parser")
    slug = soup.select_one("#page-edit-form input[name=slug]")
    assert slug.get("disabled") is not None
    assert "will be its case id" in soup.decode()

    data = form_data(soup.select_one("#page-edit-form"))
    data.update(COMPLETE, slug="another-choice")
    data["action-publish"] = "action-publish"
    response = officer.post(edit, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    page = DebunkPage.objects.get(pk=draft.pk)
    assert page.live
    assert page.case_id == f"G20-DB-{YEAR}-{before + 1:04d}"
    assert page.slug == page.case_id.lower()
    assert page.url == f"/en/fact-checks/{page.case_id.lower()}/"
    # The next edit opens on the same id and address, though the first revision had neither.
    soup = BeautifulSoup(officer.get(edit).content, "html.parser")
    assert soup.select_one("#page-edit-form input[name=slug]")["value"] == page.slug
    assert page.case_id in soup.decode()


def test_a_complete_draft_is_numbered_and_addressed_by_its_case_id_at_once(world, officer):
    before = last_number()
    url, data = blank_form(officer, world.index)
    data.update(COMPLETE)
    response = officer.post(url, data)
    assert response.status_code == 302
    page = DebunkPage.objects.get(title=COMPLETE["title"])
    assert not page.live
    assert page.case_id == f"G20-DB-{YEAR}-{before + 1:04d}"
    assert page.slug == page.case_id.lower()


def test_saving_an_unfinished_draft_again_and_again_uses_no_numbers(world, officer):
    before = last_number()
    url, data = blank_form(officer, world.index)
    data.update(title="Autosaved", first_seen="2026-07-01")
    assert officer.post(url, data).status_code == 302
    draft = DebunkPage.objects.get(title="Autosaved")
    edit = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    for claim in ("A", "A claim", "A claim that grows"):
        data = form_data(BeautifulSoup(officer.get(edit).content, "html.parser").select_one("#page-edit-form"))
        data["claim"] = claim
        assert officer.post(edit, data).status_code == 302
    assert DebunkPage.objects.get(pk=draft.pk).case_id == ""
    assert last_number() == before


def test_a_translation_shares_the_address(world):
    video, video_fr = world.debunks["video"], world.debunks["video_fr"]
    assert video_fr.case_id == video.case_id
    # The test world keeps hand-picked slugs; a debunk saved without one gets its case id.
    page = DebunkPage(**{k: v for k, v in COMPLETE.items() if k != "disproof"}, disproof="<p>No.</p>")
    world.index.add_child(instance=page)
    assert page.slug == page.case_id.lower()


def test_unpublish_is_offered_once_in_the_editor(world, officer):
    summit = world.debunks["summit"]
    html = officer.get(reverse("wagtailadmin_pages:edit", args=[summit.pk])).content.decode()
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[summit.pk])
    assert html.count(f'href="{unpublish}') == 1
    assert 'name="action-unpublish"' not in html
    # Withdrawing (which keeps the page and says why) stays in the footer.
    assert "Withdraw…" in html
