"""The demo presidencies' logos: a made-up emblem each, from the country code and year (no real logo),
different for every presidency and shown on its page to an anonymous reader in every language."""

import hashlib
import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from hub.demo.content import ensure_home
from hub.demo.helpers import _emblem_png, ensure_emblem
from presidencies import demo
from presidencies.models import PresidencyPage


def pixels_digest(content) -> str:
    with PILImage.open(content) as image:
        assert image.format == "PNG"
        assert image.size == (480, 480)
        return hashlib.sha256(image.convert("RGB").tobytes()).hexdigest()


def test_emblems_differ_by_country_and_by_year_and_repeat_for_the_same_presidency():
    digests = {
        (code, year): pixels_digest(_emblem_png(code, year))
        for code, year in [("BR", 2024), ("ZA", 2025), ("US", 2026), ("GB", 2027), ("US", 2009), ("ZA", 2026)]
    }
    assert len(set(digests.values())) == len(digests)
    assert pixels_digest(_emblem_png("us", 2026)) == digests[("US", 2026)]


@pytest.mark.parametrize("code", ["", "X", "<b>", "Ünï", "A" * 40])
def test_emblem_of_odd_codes_is_still_an_image(code):
    content = _emblem_png(code, 2026)
    assert content.name.endswith(".png") and content.name.startswith("emblem-")
    assert pixels_digest(content)


def test_ensure_emblem_is_made_once(db):
    first = ensure_emblem("Testland 2030 presidency emblem (demo)", "TL", 2030)
    again = ensure_emblem("Testland 2030 presidency emblem (demo)", "TL", 2030)
    assert first.pk == again.pk
    assert (first.width, first.height) == (480, 480)


def test_demo_presidencies_each_show_their_own_emblem(db, client):
    # Loading the demo presidencies takes long: one load, checked in English and in French.
    ensure_home(io.StringIO())
    demo.ensure_presidencies(io.StringIO())
    with_logo = list(
        PresidencyPage.objects.filter(locale__language_code="en", logo__isnull=False).select_related("logo")
    )
    assert len(with_logo) >= 3
    assert len({page.logo_id for page in with_logo}) == len(with_logo)
    for page in with_logo:
        assert page.logo.title == f"{page.country_name} {page.year} presidency emblem (demo)"
        with page.logo.file.open("rb") as stored:
            assert pixels_digest(stored) == pixels_digest(_emblem_png(page.country.code, page.year))
    for language in ("en", "fr"):
        shown = set()
        for page in with_logo:
            translated = page.get_translation(page.locale.__class__.objects.get(language_code=language))
            response = client.get(translated.url)
            assert response.status_code == 200, translated.url
            logo = BeautifulSoup(response.content, "html.parser").select_one("img.presidency-header__logo")
            assert logo is not None and logo["alt"] == ""
            shown.add(logo["src"])
        assert len(shown) == len(with_logo), language
