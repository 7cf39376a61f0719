"""The fact-check database pages render: the index (en, fr), a debunk with everything it shows,
withdrawn, draft and protected debunks, the verdict scale, and the admin edit form."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from factchecks.models import DebunkPage
from factchecks.verdicts import Verdict
from tests.factchecks.conftest import LIVE_ENGLISH, NEVER_LISTED, SEARCH_WORD
from tests.factories.factchecks import add_debunk


def get_soup(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, params, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def listed_slugs(soup) -> list[str]:
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup.select("ol.result-list li.result h3 a")]


def section(soup, heading_id: str):
    heading = soup.find(id=heading_id)
    assert heading is not None, heading_id
    return heading.find_parent("section")


# --- The index ---------------------------------------------------------------------------------------


def test_index_lists_live_public_debunks_newest_first(world, client):
    soup = get_soup(client, "/en/fact-checks/")
    assert listed_slugs(soup) == LIVE_ENGLISH
    assert text_of(soup.select_one(".results-count")) == "6 debunks"
    assert text_of(soup.find("h1")) == "Fact-checks"
    main = text_of(soup.find("main"))
    for key in NEVER_LISTED:
        assert world.debunks[key].title not in main, key
        assert world.debunks[key].case_id not in main, key
    assert world.debunks["video_fr"].title not in main


def test_index_items_show_verdict_case_id_date_claim_and_keywords(world, client):
    soup = get_soup(client, "/en/fact-checks/")
    items = {item.select_one("h3 a")["href"].split("/")[-2]: item for item in soup.select("li.result")}
    summit = items["summit"]
    meta = text_of(summit.select_one(".result__meta"))
    assert meta == f"False · {world.debunks['summit'].case_id} · First seen Jan. 10, 2026"
    assert summit.select_one(".verdict")["class"] == ["verdict", "verdict--false"]
    assert summit.select_one("time")["datetime"] == "2026-01-10"
    # <q> lets the browser use the quotation marks of the page's language.
    assert text_of(summit.select_one(".claim-quote")) == (
        "Claim: The G20 summit in Johannesburg was cancelled at the last minute"
    )
    assert (
        text_of(summit.select_one(".claim-quote q"))
        == "The G20 summit in Johannesburg was cancelled at the last minute"
    )
    assert sorted(text_of(li) for li in summit.select(".tag-list li")) == ["Elections", "Summit"]
    assert text_of(items["video"].select_one(".verdict")) == "Manipulated media"


def test_french_index(world, client):
    soup = get_soup(client, "/fr/fact-checks/")
    # The French version of "video", the English originals of the others, marked.
    assert listed_slugs(soup) == LIVE_ENGLISH
    items = {listed_slugs_of(item): item for item in soup.select("ol.result-list li.result")}
    video = items["video"]
    assert video.select_one("h3 a")["href"] == "/fr/fact-checks/video/"
    assert text_of(video.select_one("h3 a")) == world.debunks["video_fr"].title
    assert video.select_one(".language-note") is None
    meta = text_of(video.select_one(".result__meta"))
    assert meta == f"Média manipulé · {world.debunks['video'].case_id} · Première apparition le 5 février 2026"
    for slug in set(LIVE_ENGLISH) - {"video"}:
        assert items[slug].select_one("h3 a")["href"] == f"/en/fact-checks/{slug}/"
        assert items[slug].select_one("h3 a")["lang"] == "en"
        assert text_of(items[slug].select_one(".language-note")) == "En anglais"
    assert text_of(soup.find("h1")) == "Vérification des faits"
    assert text_of(soup.select_one("#scale-heading")) != "How we rate claims"
    values = [text_of(dt).rsplit(" ", 1)[-1] for dt in soup.select("section.verdict-scale dl.facts dt")]
    assert values == ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"]
    strict = get_soup(client, "/fr/fact-checks/?fallback=0")
    assert listed_slugs(strict) == ["video"]


def listed_slugs_of(item) -> str:
    return item.select_one("h3 a")["href"].rstrip("/").rsplit("/", 1)[-1]


def test_spanish_index_lists_the_originals(world, client):
    soup = get_soup(client, "/es/fact-checks/")
    assert listed_slugs(soup) == LIVE_ENGLISH
    assert {text_of(note) for note in soup.select(".language-note")} == {"En inglés"}
    assert soup.select_one("form.filter-form") is not None
    assert soup.select_one("section.verdict-scale") is not None
    assert listed_slugs(get_soup(client, "/es/fact-checks/?fallback=0")) == []


def test_verdict_scale_on_the_index(world, client):
    soup = get_soup(client, "/en/fact-checks/")
    scale = section(soup, "scale-heading")
    assert text_of(scale.find("h2")) == "How we rate claims"
    steps = [(text_of(div.find("dt")), text_of(div.find("dd"))) for div in scale.select("dl.facts > div")]
    assert [label for label, _ in steps] == [
        "False (1)",
        "Manipulated media (2)",
        "Misleading (3)",
        "Unsupported (4)",
        "Missing context (5)",
        "Accurate (6)",
    ]
    assert steps[0][1] == "The claim is wrong: the evidence contradicts it."
    assert steps[-1][1] == "The claim is accurate. Not used: the hub does not debunk accurate claims."
    assert all(definition for _, definition in steps)
    assert "it is not a judgement of the outlet" in text_of(scale)
    links = {a["href"] for a in scale.select("a")}
    assert {"/api/v1/debunks/export.csv", "/api/v1/debunks/export.jsonl", "/api/v1/debunks/"} <= links


def test_verdict_scale_shows_the_methodology(world, client):
    index = world.index
    index.methodology = "<p>We check claims against primary sources.</p>"
    index.save_revision().publish()
    soup = get_soup(client, "/en/fact-checks/")
    assert "We check claims against primary sources." in text_of(section(soup, "scale-heading"))


def test_index_offers_its_feeds(world, client):
    soup = get_soup(client, "/en/fact-checks/")
    feeds = {a["type"]: a["href"] for a in soup.select(".feed-links a")}
    assert feeds == {
        "application/rss+xml": "http://testserver/en/fact-checks/rss/",
        "application/atom+xml": "http://testserver/en/fact-checks/atom/",
        "application/feed+json": "http://testserver/en/fact-checks/json/",
    }


# --- A debunk ----------------------------------------------------------------------------------------


def test_debunk_page_shows_the_case(world, client):
    summit = world.debunks["summit"]
    soup = get_soup(client, summit.url)
    header = soup.select_one("header.page-header")
    assert text_of(header.select_one(".page-header__kicker")) == f"Case {summit.case_id} · First seen Jan. 10, 2026"
    assert text_of(header.find("h1")) == summit.title
    claim = section(soup, "claim-heading")
    assert text_of(claim.select_one(".claim-quote q")) == summit.claim
    assert SEARCH_WORD in text_of(claim)
    assert text_of(claim.select_one(".claim-box__author")) == "Claim made by: Rumour Network"
    verdict = section(soup, "verdict-heading")
    assert text_of(verdict.find("h2")) == "Verdict: False"
    assert text_of(verdict.find("p")) == "The summit took place on the planned dates."
    disproof = section(soup, "disproof-heading")
    assert text_of(disproof.select_one(".rich-text")) == "The summit opened as planned; see the programme ."
    assert disproof.select_one(".rich-text a")["href"] == "https://g20.example/programme"
    details = {
        text_of(div.find("dt")): div.find("dd") for div in section(soup, "details-heading").select("dl.facts > div")
    }
    assert text_of(details["Case id"]) == summit.case_id
    assert text_of(details["Countries targeted"]) == "United States of America, South Africa"
    assert text_of(details["Languages of the claim"]) == "English, Russian"
    assert [(a["href"], text_of(a)) for a in details["Keywords"].select("a")] == [
        ("/en/fact-checks/?keyword=summit", "Summit"),
        ("/en/fact-checks/?keyword=elections", "Elections"),
    ]


def test_debunk_page_lists_its_evidence(world, client):
    soup = get_soup(client, world.debunks["summit"].url)
    evidence = section(soup, "evidence-heading")
    assert [(a["href"], text_of(a)) for a in evidence.select("ol.evidence-list a")] == [
        ("https://g20.example/programme", "Official summit programme"),
        ("https://broadcast.example/opening", "Live broadcast of the opening"),
    ]
    assert [text_of(li) for li in evidence.select("li")] == [
        "Official summit programme (G20)",
        "Live broadcast of the opening (Public broadcaster)",
    ]


def test_debunk_page_lists_the_appearances_earliest_first(world, client):
    soup = get_soup(client, world.debunks["summit"].url)
    appearances = section(soup, "appearances-heading")
    assert "it is not a judgement of the outlet" in text_of(appearances.select_one(".hint"))
    items = appearances.select("li.appearance")
    assert len(items) == 2
    facts = [{text_of(div.find("dt")): div.find("dd") for div in item.select("dl > div")} for item in items]
    outlet = facts[0]["Outlet where the claim appeared"]
    assert text_of(outlet).startswith("Telegram Whispers (Russia)")
    assert "state-funded media group" in text_of(outlet)
    assert text_of(facts[0]["Platform"]) == "Telegram"
    assert facts[0]["Date"].find("time")["datetime"] == "2026-01-10"
    assert [a["href"] for a in facts[0]["Links"].select("a")] == ["https://t.me/whispers/1"]
    assert text_of(facts[1]["Outlet where the claim appeared"]) == "Daily Rumour (United Kingdom)"
    links = facts[1]["Links"].select("a")
    assert [(a["href"], text_of(a)) for a in links] == [
        ("https://rumour.example/summit", "Original (may contain disinformation)"),
        ("https://web.archive.org/web/2026/https://rumour.example/summit", "Archived copy"),
    ]
    assert all("nofollow" in a["rel"] for a in links)


def test_appearance_without_outlet_or_date(world, client):
    soup = get_soup(client, world.debunks["climate"].url)
    (item,) = section(soup, "appearances-heading").select("li.appearance")
    labels = [text_of(dt) for dt in item.select("dt")]
    assert labels == ["Platform", "Links"]


def test_debunk_page_links_related_debunks_and_statements(world, client):
    soup = get_soup(client, world.debunks["summit"].url)
    related = section(soup, "related-heading")
    lists = related.select("ul")
    video = world.debunks["video"]
    assert [(a["href"], text_of(li)) for li in lists[0].select("li") for a in li.select("a")] == [
        (video.url, f"{video.title} ({video.case_id})")
    ]
    assert [(a["href"], text_of(a)) for a in lists[1].select("a")] == [
        ("/en/statements/office-integrity/", world.statement.title)
    ]
    assert "Unpublished draft debunk" not in text_of(soup.find("main"))


def test_related_protected_debunk_is_not_shown(world, client):
    soup = get_soup(client, world.debunks["deal"].url)
    related = section(soup, "related-heading")
    assert [a["href"] for a in related.select("a")] == [world.debunks["video"].url]
    main = text_of(soup.find("main"))
    assert world.debunks["private"].title not in main
    assert world.debunks["private"].case_id not in main


def test_no_related_section_without_related_pages(world, client):
    assert get_soup(client, world.debunks["ban"].url).find(id="related-heading") is None


def test_corrected_debunk_has_a_notice_at_the_top_and_the_log(world, client):
    soup = get_soup(client, world.debunks["debt"].url)
    notice = soup.select_one(".notice--corrected")
    assert notice is not None
    assert text_of(notice).startswith("Corrected on April 2, 2026.")
    assert notice.select_one("a")["href"] == "#corrections-heading"
    # Before the title.
    h1 = soup.find("h1")
    assert h1 in notice.find_all_next("h1")
    log = section(soup, "corrections-heading")
    assert [" ".join(li.get_text().split()) for li in log.select("ol.corrections li")] == [
        "March 20, 2026: First fix.",
        "April 2, 2026: Second fix.",
    ]
    assert [t["datetime"] for t in log.select("time")] == ["2026-03-20", "2026-04-02"]
    assert "No corrections so far." not in text_of(log)


def test_uncorrected_debunk_says_so(world, client):
    soup = get_soup(client, world.debunks["ban"].url)
    assert soup.select_one(".notice--corrected") is None
    log = section(soup, "corrections-heading")
    assert text_of(log) == "Corrections log No corrections so far."


def test_debunk_page_offers_the_right_of_reply(world, client):
    summit = world.debunks["summit"]
    soup = get_soup(client, summit.url)
    reply = section(soup, "reply-heading")
    assert reply.select_one("a.button")["href"] == f"{summit.url}request-review/"


def test_debunk_page_has_canonical_url_and_share_description(world, client):
    summit = world.debunks["summit"]
    soup = get_soup(client, summit.url)
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/en/fact-checks/summit/"
    assert soup.find("meta", attrs={"name": "description"})["content"] == f"False: {summit.claim}"


def test_french_debunk_page(world, client):
    video_fr = world.debunks["video_fr"]
    soup = get_soup(client, video_fr.url)
    assert text_of(soup.find("h1")) == video_fr.title
    assert text_of(soup.select_one(".claim-quote q")) == video_fr.claim
    assert text_of(section(soup, "verdict-heading").find("h2")) == "Verdict: Média manipulé"
    details = [(text_of(div.find("dt")), text_of(div.find("dd"))) for div in soup.select("section dl.facts > div")]
    assert ("Numéro de dossier", video_fr.case_id) in details
    assert ("Langues de l’affirmation", "Français") in details
    assert ("Pays visés", "France") in details
    assert text_of(section(soup, "corrections-heading").find("p")) == "Aucune correction à ce jour."
    # Keywords (copied with the translation) link to the French index.
    keywords = soup.select("#details-heading ~ dl .tag-list a")
    assert sorted(a["href"] for a in keywords) == ["/fr/fact-checks/?keyword=summit", "/fr/fact-checks/?keyword=video"]


def test_withdrawn_debunk_shows_the_notice_and_leaves_the_index(world, client):
    withdrawn = world.debunks["withdrawn"]
    soup = get_soup(client, withdrawn.url)
    notice = soup.select_one(".notice--withdrawn")
    assert notice is not None
    assert "Published in error: the claim was never made." in text_of(notice)
    assert text_of(notice).startswith("Withdrawn on ")
    assert "withdrawn" not in listed_slugs(get_soup(client, "/en/fact-checks/"))
    assert "withdrawn" not in listed_slugs(get_soup(client, "/en/fact-checks/", {"q": SEARCH_WORD}))
    assert get_soup(client, world.debunks["summit"].url).select_one(".notice--withdrawn") is None


def test_draft_is_not_served(world, client):
    get_soup(client, "/en/fact-checks/draft/", status=404)
    get_soup(client, "/en/fact-checks/draft/request-review/", status=404)


def test_protected_debunk_asks_for_a_password_and_is_never_listed(world, client):
    private = world.debunks["private"]
    response = client.get(private.url)
    assert private.claim.encode() not in response.content
    assert b"password" in response.content.lower()
    for params in ({}, {"q": SEARCH_WORD}, {"verdict": "false"}, {"country": "ZA"}, {"from": "2026-06-20"}):
        soup = get_soup(client, "/en/fact-checks/", params)
        assert "private" not in listed_slugs(soup), params
        assert private.title not in text_of(soup.find("main"))


# --- Hostile content ---------------------------------------------------------------------------------

HOSTILE = '<script>alert("t")</script> & "quoted"'


def test_hostile_text_is_escaped_on_the_page_and_the_index(world, client):
    page = add_debunk(
        world.index,
        slug="hostile",
        title=HOSTILE,
        claim="<img src=x onerror=alert(1)>",
        claim_summary=HOSTILE,
        verdict=Verdict.FALSE,
        first_seen="2026-07-01",
        keywords=["<b>bold</b>"],
        corrections=[("2026-07-02", "<script>alert(2)</script>")],
    )
    for url in ("/en/fact-checks/", page.url):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert b"<img src=x" not in response.content
        soup = BeautifulSoup(response.content, "html.parser")
        assert not soup.select("main script, main img, main b")
        assert HOSTILE in [a.get_text() for a in soup.select("main h3 a, main h1")]


# --- The admin ---------------------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(admin)
    return client


def form_data(form) -> dict:
    """What a browser would post for ``form`` as rendered (first submit button not pressed)."""
    data: dict = {}
    for field in form.select("input, textarea, select"):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "select":
            chosen = [option.get("value", option.get_text()) for option in field.select("option[selected]")]
            if field.get("multiple") is not None:
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
        elif field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    return data


def test_admin_edit_page_loads_and_shows_the_languages(world, admin_client):
    summit = world.debunks["summit"]
    url = reverse("wagtailadmin_pages:edit", args=[summit.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    languages = soup.select_one("#page-edit-form select[name=languages]")
    assert languages.get("multiple") is not None
    assert [option["value"] for option in languages.select("option[selected]")] == ["en", "ru"]
    assert len(languages.select("option")) > 150  # every ISO 639-1 language
    countries = soup.select_one("#page-edit-form select[name=countries]")
    assert sorted(option["value"] for option in countries.select("option[selected]")) == ["US", "ZA"]
    assert summit.case_id in soup.decode()


def test_admin_edit_form_round_trips_the_languages(world, admin_client):
    summit = world.debunks["summit"]
    url = reverse("wagtailadmin_pages:edit", args=[summit.pk])
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    data = form_data(soup.select_one("#page-edit-form"))
    assert data["languages"] == ["en", "ru"]
    data["languages"] = ["ru", "fr", "en"]
    data["action-publish"] = "action-publish"
    response = admin_client.post(url, data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(".error-message")
    page = DebunkPage.objects.get(pk=summit.pk)
    assert page.languages == "en,fr,ru"
    # Nothing else was lost on the way.
    assert page.case_id == summit.case_id
    assert sorted(country.code for country in page.countries) == ["US", "ZA"]
    assert [a.url for a in page.appearance_list()] == ["https://t.me/whispers/1", "https://rumour.example/summit"]
    assert sorted(tag.name for tag in page.keywords.all()) == ["Elections", "Summit"]
    assert [link.page_id for link in page.related_debunk_links.all()] == [
        world.debunks["video"].pk,
        world.debunks["draft"].pk,
    ]
    soup = BeautifulSoup(admin_client.get(url).content, "html.parser")
    chosen = soup.select("#page-edit-form select[name=languages] option[selected]")
    assert [option["value"] for option in chosen] == ["en", "fr", "ru"]
    assert "English, French, Russian" in text_of(get_soup(admin_client, page.url).find(id="details-heading").parent)


def test_admin_refuses_an_unknown_language_code(world, admin_client):
    summit = world.debunks["summit"]
    url = reverse("wagtailadmin_pages:edit", args=[summit.pk])
    data = form_data(BeautifulSoup(admin_client.get(url).content, "html.parser").select_one("#page-edit-form"))
    data["languages"] = ["en", "zz"]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert DebunkPage.objects.get(pk=summit.pk).languages == "en,ru"


def test_admin_explorer_lists_the_debunks(world, admin_client):
    response = admin_client.get(reverse("wagtailadmin_explore", args=[world.index.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for key in ("summit", "draft", "private", "withdrawn"):
        assert world.debunks[key].title in content, key
