"""The debunk model: case ids (issued, shared by translations, never copied nor reused), validation,
rating values, language names and related debunks."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from wagtail.models import Locale, Page

from factchecks.models import (
    CASE_ID_PATTERN,
    CLAIM_MAX_LENGTH,
    CaseIdSequence,
    DebunkPage,
    DebunkRelatedDebunk,
    format_case_id,
    next_case_id,
    reserve_case_id,
)
from factchecks.verdicts import BEST_RATING, RATING_VALUES, WORST_RATING, Verdict, scale, top_of_scale
from tests.factories.factchecks import add_debunk, translate_debunk

YEAR = timezone.now().year


def case_number(case_id: str) -> int:
    match = CASE_ID_PATTERN.match(case_id)
    assert match, case_id
    return int(match["number"])


def new_debunk(world, slug: str, **kwargs) -> DebunkPage:
    fields = {
        "title": f"Debunk {slug}",
        "claim": "A claim",
        "verdict": Verdict.FALSE,
        "first_seen": "2026-07-01",
    }
    fields.update(kwargs)
    return add_debunk(world.index, slug=slug, **fields)


# --- Case ids ----------------------------------------------------------------------------------------


def test_case_ids_are_issued_on_first_save_in_order(world):
    d = world.debunks
    order = ["video", "private", "draft", "summit", "debt", "deal", "climate", "ban", "withdrawn"]
    assert [d[key].case_id for key in order] == [f"G20-DB-{YEAR}-{n:04d}" for n in range(1, 10)]
    assert all(re.fullmatch(rf"G20-DB-{YEAR}-\d{{4}}", d[key].case_id) for key in order)
    # A complete draft gets its id as soon as it is saved, before it is published.
    assert not d["draft"].live and d["draft"].case_id


def test_next_case_id_keeps_increasing(world):
    later = new_debunk(world, "later")
    assert later.case_id == f"G20-DB-{YEAR}-0010"
    assert next_case_id() == f"G20-DB-{YEAR}-0011"
    assert new_debunk(world, "latest").case_id == f"G20-DB-{YEAR}-0012"
    assert CaseIdSequence.objects.get(year=YEAR).last_number == 12


def test_case_id_of_another_year_and_wide_numbers(world):
    assert next_case_id(2031) == "G20-DB-2031-0001"
    assert format_case_id(2031, 12345) == "G20-DB-2031-12345"
    assert CASE_ID_PATTERN.match(format_case_id(2031, 12345))


def test_saving_again_keeps_the_case_id(world):
    page = DebunkPage.objects.get(pk=world.debunks["debt"].pk)
    case_id = page.case_id
    page.title = "Debt figures, retitled"
    page.save_revision().publish()
    assert DebunkPage.objects.get(pk=page.pk).case_id == case_id
    assert CaseIdSequence.objects.get(year=YEAR).last_number == 9


def test_translation_shares_the_case_id(world):
    assert world.debunks["video_fr"].case_id == world.debunks["video"].case_id
    assert world.debunks["video_fr"].locale.language_code == "fr"
    spanish = translate_debunk(world.debunks["summit"], "es", title="No, la cumbre no se canceló")
    assert spanish.case_id == world.debunks["summit"].case_id
    assert spanish.locale.language_code == "es"
    # No number was used up for the translations.
    assert CaseIdSequence.objects.get(year=YEAR).last_number == 9


def test_a_copy_gets_a_new_case_id(world):
    original = world.debunks["debt"]
    copy = original.copy(update_attrs={"slug": "debt-copy", "title": "Copy of the debt debunk"})
    copy = DebunkPage.objects.get(pk=copy.pk)
    assert copy.case_id == f"G20-DB-{YEAR}-0010"
    assert copy.case_id != original.case_id
    assert copy.translation_key != original.translation_key
    # The copy keeps the content.
    assert copy.claim == original.claim
    assert DebunkPage.objects.filter(case_id=original.case_id).count() == 1


def test_case_ids_are_never_reused_after_deletion(world):
    doomed = new_debunk(world, "doomed")
    assert doomed.case_id == f"G20-DB-{YEAR}-0010"
    Page.objects.get(pk=doomed.pk).delete()
    assert not DebunkPage.objects.filter(case_id=doomed.case_id).exists()
    assert new_debunk(world, "after-deletion").case_id == f"G20-DB-{YEAR}-0011"


def test_an_imported_case_id_is_reserved(world):
    page = new_debunk(world, "imported", case_id=f"G20-DB-{YEAR}-0040")
    assert page.case_id == f"G20-DB-{YEAR}-0040"
    assert new_debunk(world, "next-one").case_id == f"G20-DB-{YEAR}-0041"
    # Reserving a lower number never moves the sequence back.
    reserve_case_id(f"G20-DB-{YEAR}-0005")
    reserve_case_id("not a case id")
    assert CaseIdSequence.objects.get(year=YEAR).last_number == 41


def test_clean_refuses_a_duplicate_case_id_in_the_same_language(world):
    page = DebunkPage.objects.get(pk=world.debunks["debt"].pk)
    page.case_id = world.debunks["summit"].case_id
    with pytest.raises(ValidationError) as error:
        page.clean()
    assert "case_id" in error.value.message_dict


def test_clean_accepts_the_case_id_of_a_translation(world):
    french = DebunkPage.objects.get(pk=world.debunks["video_fr"].pk)
    french.clean()  # the English original has the same id, in another language
    page = DebunkPage.objects.get(pk=world.debunks["summit"].pk)
    page.clean()  # its own id


def test_full_clean_refuses_a_claim_over_74_characters(world):
    page = DebunkPage.objects.get(pk=world.debunks["debt"].pk)
    page.claim = "x" * CLAIM_MAX_LENGTH
    page.full_clean()
    page.claim = "x" * (CLAIM_MAX_LENGTH + 1)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "claim" in error.value.message_dict
    assert CLAIM_MAX_LENGTH == 74


# --- Ratings and the scale ---------------------------------------------------------------------------


@pytest.mark.parametrize("verdict", list(Verdict))
def test_rating_value_of_each_verdict(verdict, db):  # a page looks up its content type
    assert DebunkPage(verdict=verdict.value).rating_value == RATING_VALUES[verdict]
    assert WORST_RATING <= RATING_VALUES[verdict] < BEST_RATING


def test_no_verdict_rates_at_the_top_of_the_scale():
    # Aggregators read bestRating as "true": the top is kept for accurate claims, which get no debunk.
    assert (WORST_RATING, BEST_RATING) == (1, 6)
    assert max(RATING_VALUES.values()) == BEST_RATING - 1
    assert top_of_scale()["value"] == BEST_RATING
    assert str(top_of_scale()["label"]) == "Accurate"


def test_the_scale_runs_from_false_to_missing_context():
    assert [step["value"] for step in scale()] == [1, 2, 3, 4, 5]
    assert [step["verdict"] for step in scale()] == [
        "false",
        "manipulated_media",
        "misleading",
        "unsupported",
        "missing_context",
    ]
    assert sorted(RATING_VALUES.values()) == [1, 2, 3, 4, 5]
    assert set(RATING_VALUES) == set(Verdict)


def test_world_ratings(world):
    d = world.debunks
    assert [d[key].rating_value for key in ("summit", "video", "debt", "deal", "climate")] == [1, 2, 3, 4, 5]


# --- Languages ---------------------------------------------------------------------------------------


def test_language_names_follow_the_active_language(world):
    summit = world.debunks["summit"]
    assert summit.language_list == ["en", "ru"]
    with translation.override("en"):
        assert summit.language_names == ["English", "Russian"]
    with translation.override("fr"):
        assert summit.language_names == ["Anglais", "Russe"]
    with translation.override("es"):
        assert summit.language_names == ["Inglés", "Ruso"]


def test_unknown_language_codes_are_shown_as_they_are(db):
    page = DebunkPage(languages="en, zz ,,")
    assert page.language_list == ["en", "zz"]
    with translation.override("en"):
        assert page.language_names == ["English", "zz"]
    assert DebunkPage(languages="").language_names == []


# --- Corrections and appearances ---------------------------------------------------------------------


def test_corrections_in_date_order_and_the_last_one(world):
    debt = DebunkPage.objects.get(pk=world.debunks["debt"].pk)
    assert [c.text for c in debt.correction_list] == ["First fix.", "Second fix."]
    assert debt.last_correction.date.isoformat() == "2026-04-02"
    assert DebunkPage.objects.get(pk=world.debunks["deal"].pk).last_correction is None


def test_appearances_earliest_first_undated_last(world):
    summit = DebunkPage.objects.get(pk=world.debunks["summit"].pk)
    assert [a.url for a in summit.appearance_list()] == ["https://t.me/whispers/1", "https://rumour.example/summit"]
    climate = DebunkPage.objects.get(pk=world.debunks["climate"].pk)
    assert [a.appeared_on for a in climate.appearance_list()] == [None]


# --- Related debunks ---------------------------------------------------------------------------------


def test_related_debunks_drop_drafts(world):
    summit = DebunkPage.objects.get(pk=world.debunks["summit"].pk)
    assert [page.pk for page in summit.related_debunks()] == [world.debunks["video"].pk]
    assert [page.pk for page in summit.related_statements()] == [world.statement.pk]


def test_related_debunks_drop_password_protected_debunks(world):
    deal = DebunkPage.objects.get(pk=world.debunks["deal"].pk)
    assert [page.pk for page in deal.related_debunks()] == [world.debunks["video"].pk]


def test_related_debunks_in_the_pages_language_where_translated(world):
    # A French summit debunk keeps the links of the English one; the video has a French version.
    summit_fr = translate_debunk(world.debunks["summit"], "fr", title="Non, le sommet n'a pas été annulé")
    assert [link.page_id for link in summit_fr.related_debunk_links.all()] == [
        world.debunks["video"].pk,
        world.debunks["draft"].pk,
    ]
    assert [page.pk for page in summit_fr.related_debunks()] == [world.debunks["video_fr"].pk]
    # The French video links back to the English summit, which now has a French version too.
    DebunkRelatedDebunk.objects.create(debunk=world.debunks["video_fr"], page=world.debunks["summit"], sort_order=0)
    video_fr = DebunkPage.objects.get(pk=world.debunks["video_fr"].pk)
    assert [page.pk for page in video_fr.related_debunks()] == [summit_fr.pk]
    # Without a translation, the original is shown.
    DebunkRelatedDebunk.objects.create(debunk=video_fr, page=world.debunks["debt"], sort_order=1)
    video_fr = DebunkPage.objects.get(pk=video_fr.pk)
    assert [page.pk for page in video_fr.related_debunks()] == [summit_fr.pk, world.debunks["debt"].pk]


def test_related_debunks_keep_the_editors_order(world):
    page = new_debunk(world, "ordered", related=[world.debunks["ban"], world.debunks["summit"], world.debunks["debt"]])
    assert [p.slug for p in page.related_debunks()] == ["ban", "summit", "debt"]
    assert new_debunk(world, "lonely").related_debunks() == []


def test_french_locale_of_the_world(world):
    fr = Locale.objects.get(language_code="fr")
    assert list(DebunkPage.objects.filter(locale=fr).values_list("slug", flat=True)) == ["video"]


def test_publishing_a_debunk_is_announced_after_the_commit(world, django_capture_on_commit_callbacks):
    """Other domains (the taskforce's claim signatures) hear of a published debunk through
    ``debunk_published``, with the specific page, once the publication is committed; a draft says nothing."""
    from factchecks.signals import debunk_published

    heard = []

    def listener(sender, page, **kwargs):
        heard.append(page)

    debunk_published.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            draft = new_debunk(world, "announced-draft", publish=False)
        assert heard == []
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            draft.save_revision().publish()
        assert heard == []
        for callback in callbacks:
            callback()
        assert [type(page) for page in heard] == [DebunkPage]
        assert [page.pk for page in heard] == [draft.pk]
    finally:
        debunk_published.disconnect(listener)
