"""The troika (previous, current, next presidency) is computed from the dates, on every boundary."""

import datetime
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from presidencies.models import PresidencyPage, default_term
from presidencies.troika import compute_troika, presidency_status, troika_for_locale

D = datetime.date


def presidency(pk: int, year: int, start: datetime.date | None = None, end: datetime.date | None = None):
    default_start, default_end = default_term(year)
    return SimpleNamespace(pk=pk, year=year, start_date=start or default_start, end_date=end or default_end)


ZA = presidency(1, 2025)
US = presidency(2, 2026)
UK = presidency(3, 2027)
THREE = [UK, ZA, US]  # any order


def names(troika):
    return tuple(member.year if member else None for member in (troika.previous, troika.current, troika.next))


def test_default_term_runs_from_1_december_to_30_november():
    assert default_term(2026) == (D(2025, 12, 1), D(2026, 11, 30))


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 23), (2025, 2026, 2027)),
        (D(2024, 11, 30), (None, None, 2025)),  # before anyone: only a next
        (D(2024, 12, 1), (None, 2025, 2026)),  # South Africa's first day
        (D(2025, 6, 15), (None, 2025, 2026)),
        (D(2025, 11, 30), (None, 2025, 2026)),  # South Africa's last day
        (D(2025, 12, 1), (2025, 2026, 2027)),  # the United States' first day
        (D(2026, 1, 1), (2025, 2026, 2027)),
        (D(2026, 11, 30), (2025, 2026, 2027)),  # the United States' last day
        (D(2026, 12, 1), (2026, 2027, None)),  # the United Kingdom's first day
        (D(2027, 11, 30), (2026, 2027, None)),
        (D(2027, 12, 1), (2027, None, None)),  # after everyone: only a previous
    ],
)
def test_troika_on_date_boundaries(today, expected):
    assert names(compute_troika(THREE, today=today)) == expected


def test_troika_does_not_depend_on_the_input_order():
    for order in ([ZA, US, UK], [UK, US, ZA], [US, UK, ZA]):
        assert names(compute_troika(order, today=D(2026, 11, 23))) == (2025, 2026, 2027)


def test_troika_of_nothing():
    troika = compute_troika([], today=D(2026, 11, 23))
    assert names(troika) == (None, None, None)
    assert troika.members() == []


def test_troika_with_a_gap_between_terms():
    """A presidency ending early and the next starting late: between them nobody is in office."""
    first = presidency(10, 2030, D(2029, 12, 1), D(2030, 6, 30))
    second = presidency(11, 2031, D(2030, 9, 1), D(2031, 8, 31))
    third = presidency(12, 2032, D(2031, 9, 1), D(2032, 8, 31))
    earlier = presidency(9, 2029)
    everyone = [earlier, first, second, third]

    in_gap = compute_troika(everyone, today=D(2030, 8, 1))
    assert names(in_gap) == (2030, None, 2031)
    assert in_gap.members() == [("previous", first), ("next", second)]

    assert names(compute_troika(everyone, today=D(2030, 6, 30))) == (2029, 2030, 2031)
    assert names(compute_troika(everyone, today=D(2030, 7, 1))) == (2030, None, 2031)
    assert names(compute_troika(everyone, today=D(2030, 8, 31))) == (2030, None, 2031)
    assert names(compute_troika(everyone, today=D(2030, 9, 1))) == (2030, 2031, 2032)

    statuses = {p.year: presidency_status(p, in_gap, today=D(2030, 8, 1)) for p in everyone}
    assert statuses == {2029: "past", 2030: "past", 2031: "next", 2032: "upcoming"}


def test_role_of_and_members():
    troika = compute_troika(THREE, today=D(2026, 11, 23))

    assert troika.role_of(ZA) == "previous"
    assert troika.role_of(US) == "current"
    assert troika.role_of(UK) == "next"
    assert troika.role_of(presidency(99, 2030)) is None
    assert [role for role, _member in troika.members()] == ["previous", "current", "next"]


def test_presidency_status():
    older = presidency(4, 2024)
    later = presidency(5, 2028)
    everyone = [older, *THREE, later]
    today = D(2026, 11, 23)
    troika = compute_troika(everyone, today=today)

    statuses = {p.year: presidency_status(p, troika, today=today) for p in everyone}

    assert statuses == {2024: "past", 2025: "past", 2026: "current", 2027: "next", 2028: "upcoming"}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 11, 30), {2025: "current", 2026: "next", 2027: "upcoming"}),
        (D(2025, 12, 1), {2025: "past", 2026: "current", 2027: "next"}),
        (D(2026, 12, 1), {2025: "past", 2026: "past", 2027: "current"}),
        (D(2027, 12, 1), {2025: "past", 2026: "past", 2027: "past"}),
        (D(2024, 1, 1), {2025: "next", 2026: "upcoming", 2027: "upcoming"}),
    ],
)
def test_presidency_status_on_boundaries(today, expected):
    troika = compute_troika(THREE, today=today)
    assert {p.year: presidency_status(p, troika, today=today) for p in THREE} == expected


# --- With the real pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 11, 23), ("za", "us", "uk")),
        (D(2025, 11, 30), (None, "za", "us")),
        (D(2025, 12, 1), ("za", "us", "uk")),
        (D(2026, 11, 30), ("za", "us", "uk")),
        (D(2026, 12, 1), ("us", "uk", None)),
    ],
)
def test_troika_of_the_real_pages(world, db, today, expected):
    pages = PresidencyPage.objects.filter(locale=world.home.locale)
    troika = compute_troika(pages, today=today)

    wanted = tuple(getattr(world, key).pk if key else None for key in expected)
    got = tuple(member.pk if member else None for member in (troika.previous, troika.current, troika.next))
    assert got == wanted


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_troika_for_each_locale_uses_that_locales_pages(world, db, language):
    locale = Locale.objects.get(language_code=language)

    troika = troika_for_locale(locale.pk, today=D(2026, 11, 23))

    assert [member.locale_id for _role, member in troika.members()] == [locale.pk] * 3
    assert [member.translation_key for _role, member in troika.members()] == [
        world.za.translation_key,
        world.us.translation_key,
        world.uk.translation_key,
    ]


def test_troika_follows_the_dates_not_the_archive_flag(world, db):
    """Archiving is a handover decision; the troika still follows the dates."""
    PresidencyPage.objects.filter(translation_key=world.us.translation_key).update(is_archived=True)

    troika = troika_for_locale(world.home.locale_id, today=D(2026, 11, 23))

    assert troika.current.pk == world.us.pk


def test_an_unpublished_presidency_is_left_out(world, db):
    world.uk.refresh_from_db()
    world.uk.unpublish()

    troika = troika_for_locale(world.home.locale_id, today=D(2026, 11, 23))

    assert troika.next is None
    assert troika.current.pk == world.us.pk


def troika_section(html: bytes):
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("section.troika")


@pytest.mark.parametrize(
    "url",
    [
        "/en/",
        "/en/presidencies/",
        "/en/presidencies/2026-united-states/",
        "/en/presidencies/2025-south-africa/",
        "/en/presidencies/2027-united-kingdom/",
    ],
)
def test_troika_is_shown(world, db, client, url):
    response = client.get(url)

    assert response.status_code == 200
    section = troika_section(response.content)
    assert section is not None, f"no troika on {url}"
    text = " ".join(section.get_text(" ").split())
    assert "Current presidency" in text
    assert "Previous presidency" in text
    assert "Next presidency" in text
    members = {
        role: " ".join(item.select_one(".troika__name").get_text(" ").split())
        for item in section.select(".troika__member")
        for role in ("previous", "current", "next")
        if f"troika__member--{role}" in item["class"]
    }
    # The real today is 2026-11-23: the United States holds the presidency.
    assert members == {
        "previous": "South Africa 2025",
        "current": "United States 2026",
        "next": "United Kingdom 2027",
    }
    links = [a["href"] for a in section.select("a")]
    assert links == [
        "/en/presidencies/2025-south-africa/",
        "/en/presidencies/2026-united-states/",
        "/en/presidencies/2027-united-kingdom/",
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_troika_is_shown_in_other_languages_with_their_links(world, db, client, language):
    response = client.get(f"/{language}/")

    assert response.status_code == 200
    section = troika_section(response.content)
    assert section is not None
    links = [a["href"] for a in section.select("a")]
    assert links == [
        f"/{language}/presidencies/2025-south-africa/",
        f"/{language}/presidencies/2026-united-states/",
        f"/{language}/presidencies/2027-united-kingdom/",
    ]
