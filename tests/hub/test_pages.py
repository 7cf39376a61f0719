"""Render tests for HomePage and ContentPage: layout landmarks, metadata, CSP and every body block."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.pages.blocks import BodyBlock
from tests.factories import ContentPageFactory

LANGUAGES = ["en", "fr", "es"]
DEMO_URLS = [f"/{code}/{path}" for code in LANGUAGES for path in ("", "about/", "legal/")]


def parse_csp(header: str) -> dict[str, list[str]]:
    policy = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        policy[name] = sources
    return policy


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def assert_strict_public_csp(response):
    header = response.headers["Content-Security-Policy"]
    policy = parse_csp(header)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


def assert_no_inline_code(soup: BeautifulSoup):
    inline_scripts = [script for script in soup.find_all("script") if not script.get("src")]
    assert inline_scripts == []
    assert soup.find_all("style") == []
    assert [tag.name for tag in soup.find_all(style=True)] == []
    handlers = [(tag.name, attr) for tag in soup.find_all(True) for attr in tag.attrs if attr.startswith("on")]
    assert handlers == []


@pytest.mark.parametrize("url", DEMO_URLS)
def test_demo_page_renders_with_layout_landmarks(client, demo_pages, url):
    language = url.split("/")[1]

    response = client.get(url)

    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.html["lang"] == language
    assert soup.html["dir"] == "ltr"
    skip_link = soup.find("a", class_="skip-link")
    assert skip_link["href"] == "#main"
    assert soup.body.find("a") is skip_link, "the skip link is the first link on the page"
    main = soup.find_all("main")
    assert len(main) == 1
    assert main[0]["id"] == "main"
    assert soup.find("header", class_="site-header") is not None
    assert soup.find("footer", class_="site-footer") is not None
    assert soup.find("nav", class_="site-nav").get("aria-label")
    assert soup.find("form", attrs={"role": "search"})["action"] == f"/{language}/search/"


@pytest.mark.parametrize("url", DEMO_URLS)
def test_language_switcher_marks_the_active_language(client, demo_pages, url):
    language = url.split("/")[1]
    path = url.split("/", 2)[2]

    soup = soup_of(client.get(url))

    switcher = soup.find("nav", class_="language-switcher")
    assert switcher.get("aria-label")
    links = {link["hreflang"]: link for link in switcher.find_all("a")}
    assert set(links) == set(LANGUAGES)
    assert [code for code, link in links.items() if link.get("aria-current") == "true"] == [language]
    for code, link in links.items():
        assert link["lang"] == code
        assert link["href"] == f"/{code}/{path}"


@pytest.mark.parametrize("url", DEMO_URLS)
def test_page_head_has_canonical_alternates_and_social_cards(client, demo_pages, url):
    soup = soup_of(client.get(url))

    canonical = soup.find_all("link", rel="canonical")
    assert [link["href"] for link in canonical] == [f"http://testserver{url}"]
    path = url.split("/", 2)[2]
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en": f"http://testserver/en/{path}",
        "fr": f"http://testserver/fr/{path}",
        "es": f"http://testserver/es/{path}",
        "x-default": f"http://testserver/en/{path}",
    }
    title = soup.find("h1").get_text(strip=True)
    assert soup.find("meta", property="og:title")["content"] == title
    assert soup.find("meta", property="og:url")["content"] == f"http://testserver{url}"
    assert soup.find("meta", property="og:image")["content"].startswith("http://testserver/")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    assert soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.title.get_text().startswith(title)


@pytest.mark.parametrize("url", DEMO_URLS)
def test_public_page_has_strict_csp_and_no_inline_code(client, demo_pages, url):
    response = client.get(url)

    assert_strict_public_csp(response)
    assert_no_inline_code(soup_of(response))


@pytest.mark.parametrize("url", ["/en/search/?q=G20", "/fr/does-not-exist/", "/en/search/?q=" + "x" * 201])
def test_non_page_views_are_public_pages_too(client, demo_pages, url):
    response = client.get(url)

    assert_strict_public_csp(response)
    soup = soup_of(response)
    assert_no_inline_code(soup)
    assert soup.find("main", id="main") is not None


@pytest.mark.parametrize("url", ["/admin/login/", "/admin/"])
def test_admin_gets_a_looser_policy(client, admin_client, db, url):
    response = admin_client.get(url) if url == "/admin/" else client.get(url)

    assert response.status_code == 200
    policy = parse_csp(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert "blob:" in policy["img-src"]


def test_content_page_shows_provenance_and_breadcrumbs(client, demo_pages):
    soup = soup_of(client.get("/en/about/"))

    provenance = soup.find("p", class_="provenance")
    assert "G20 Communication Office" in provenance.get_text()
    assert provenance.find("time")["datetime"]
    breadcrumbs = soup.find("nav", class_="breadcrumbs")
    assert [a["href"] for a in breadcrumbs.find_all("a")] == ["/en/"]
    assert breadcrumbs.find(attrs={"aria-current": "page"}).get_text() == "About the hub"


def test_home_page_lists_menu_sections(client, demo_pages):
    soup = soup_of(client.get("/fr/"))

    cards = soup.find("ul", class_="card-grid").find_all("a")
    assert [(a["href"], a.get_text()) for a in cards] == [("/fr/about/", "À propos de la plateforme")]
    nav = soup.find("nav", class_="site-nav")
    assert [a["href"] for a in nav.find_all("a")] == ["/fr/about/"]


def test_share_image_is_used_for_og_image(client, home_page):
    page = ContentPageFactory(
        parent=home_page, title="Shared", share_image=wagtail_factories.ImageFactory(title="Card"), publish=True
    )

    soup = soup_of(client.get(page.url))

    og_image = soup.find("meta", property="og:image")["content"]
    assert og_image.startswith("http://testserver/")
    assert "fill-1200x630" in og_image
    assert soup.find("meta", property="og:image:alt")["content"] == "Card"


def test_every_body_block_type_renders(client, home_page):
    image = wagtail_factories.ImageFactory(title="Summit hall")
    document = wagtail_factories.DocumentFactory(title="Leaders' declaration")
    page = ContentPageFactory(
        parent=home_page,
        title="All the blocks",
        body=[
            ("text", "<h2>Our position</h2><p>A paragraph with a <b>key phrase</b>.</p>"),
            ("image", {"image": image, "alt_text": "The summit hall", "caption": "Johannesburg", "credit": "G20"}),
            ("quote", {"quote": "One voice.", "attribution": "G20 Leaders", "role": "Declaration"}),
            ("callout", {"tone": "warning", "heading": "Deadline", "text": "<p>Comments close on <b>30 June</b>.</p>"}),
            ("document", {"document": document, "title": "", "description": "The full text."}),
        ],
        publish=True,
    )

    response = client.get(page.url)

    assert response.status_code == 200
    soup = soup_of(response)
    text = soup.find("div", class_="block-text")
    assert text.find("h2").get_text() == "Our position"
    assert text.find("b").get_text() == "key phrase"
    figure = soup.find("figure", class_="block-image")
    img = figure.find("img")
    assert img["alt"] == "The summit hall"
    assert "width-1200" in img["src"] or img["src"].endswith(".png")
    assert img["width"] and img["height"]
    assert "Johannesburg" in figure.find("figcaption").get_text()
    quote = soup.find("figure", class_="block-quote")
    assert quote.find("blockquote").get_text(strip=True) == "One voice."
    assert quote.find("figcaption").get_text(" ", strip=True) == "G20 Leaders, Declaration"
    callout = soup.find("aside", class_="callout")
    assert "callout--warning" in callout["class"]
    assert callout["aria-label"] == "Deadline"
    assert callout.find("b").get_text() == "30 June"
    doc = soup.find("p", class_="block-document")
    link = doc.find("a")
    assert link["href"] == document.url
    assert link.get_text() == "Leaders' declaration"
    assert "The full text." in doc.get_text()
    assert_no_inline_code(soup)


def test_decorative_image_keeps_an_empty_alt(client, home_page):
    image = wagtail_factories.ImageFactory(title="Pattern")
    page = ContentPageFactory(
        parent=home_page, body=[("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})], publish=True
    )

    img = soup_of(client.get(page.url)).find("figure", class_="block-image").find("img")

    assert img.has_attr("alt")
    assert img["alt"] == ""


def test_rich_text_is_not_double_escaped_but_plain_fields_are_escaped(client, home_page):
    page = ContentPageFactory(
        parent=home_page,
        title="<script>alert('title')</script>",
        introduction="<img src=x onerror=alert(1)>",
        body=[("quote", {"quote": "<script>alert('quote')</script>", "attribution": "", "role": ""})],
        publish=True,
    )

    html = client.get(page.url).content.decode()

    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


def count_queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_content_page_query_count_does_not_grow_with_body_blocks(client, home_page):
    short = ContentPageFactory(parent=home_page, body=[("text", "<p>One.</p>")], publish=True)
    long = ContentPageFactory(
        parent=home_page,
        body=[("text", f"<p>Paragraph {n}.</p>") for n in range(20)]
        + [("quote", {"quote": f"Quote {n}", "attribution": "", "role": ""}) for n in range(10)],
        publish=True,
    )

    assert count_queries(client, long.url) == count_queries(client, short.url)


def test_home_page_query_count_does_not_grow_with_menu_sections(client, home_page):
    ContentPageFactory(parent=home_page, show_in_menus=True, publish=True)
    with_one = count_queries(client, home_page.url)
    for _ in range(5):
        ContentPageFactory(parent=home_page, show_in_menus=True, publish=True)

    assert count_queries(client, home_page.url) == with_one


def test_page_survives_a_deleted_image(client, home_page):
    image = wagtail_factories.ImageFactory(title="Removed from the library")
    page = ContentPageFactory(
        parent=home_page,
        body=[("image", {"image": image, "alt_text": "x", "caption": "", "credit": ""}), ("text", "<p>After.</p>")],
        publish=True,
    )
    image.delete()

    response = client.get(page.url)

    assert response.status_code == 200
    assert soup_of(response).find("div", class_="block-text").get_text() == "After."


def test_page_survives_a_deleted_document(client, home_page):
    document = wagtail_factories.DocumentFactory(title="Removed from the library")
    page = ContentPageFactory(
        parent=home_page,
        body=[("document", {"document": document, "title": "", "description": ""}), ("text", "<p>After.</p>")],
        publish=True,
    )
    document.delete()
    client.raise_request_exception = False

    response = client.get(page.url)

    assert response.status_code == 200
    assert soup_of(response).find("div", class_="block-text").get_text() == "After."
    assert soup_of(response).find("a", href="") is None


def test_server_error_page_needs_no_database(client, db, monkeypatch, django_assert_num_queries):
    def broken_checks():
        raise RuntimeError("boom")

    monkeypatch.setattr("hub.web.views.run_checks", broken_checks)
    client.raise_request_exception = False

    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 500
    soup = soup_of(response)
    assert soup.html["lang"] == "en"
    assert soup.find("main", id="main").find("h1").get_text()
    assert "boom" not in response.content.decode()
    assert_no_inline_code(soup)


@pytest.mark.parametrize("name", ["text", "image", "quote", "callout", "document"])
def test_every_body_block_documents_itself_for_editors(name):
    block = BodyBlock().child_blocks[name]

    assert block.meta.template.startswith("blocks/")
    assert block.meta.icon
    assert str(block.meta.description)
    assert str(block.label)


@pytest.mark.parametrize("name", ["text", "quote", "callout"])
def test_block_preview_value_renders(name):
    block = BodyBlock().child_blocks[name]

    html = block.render(block.get_preview_value())

    assert html.strip()
    assert "None" not in html


@pytest.fixture
def officer(db, django_user_model):
    """A signed-in officer with access to the admin and nothing more (no superuser)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name="Admin readers")
    group.permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    user = django_user_model.objects.create_user("officer", "officer@g20.example", "x")
    user.groups.add(group)
    return user


@pytest.mark.parametrize("url", ["/admin/", "/admin/account/"])
def test_every_admin_answer_carries_a_valid_policy(client, officer, url):
    client.force_login(officer)
    response = client.get(url)

    assert response.status_code == 200
    policy = parse_csp(response.headers["Content-Security-Policy"])
    # 'none' stands alone in a valid source list: "'none' 'self'" is refused (read as 'none').
    assert not [name for name, sources in policy.items() if "'none'" in sources and len(sources) > 1]
    # The live preview panel frames the admin's own preview view.
    assert policy["frame-ancestors"] == ["'self'"]


def test_officers_avatars_need_no_outside_image(client, officer):
    """Gravatar is off: the admin would otherwise ask www.gravatar.com for every officer's avatar, which the
    admin's policy (images from the hub only) refuses, and which tells a third party who works here."""
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    policy = parse_csp(client.get("/admin/").headers["Content-Security-Policy"])
    assert not [source for source in policy["img-src"] if source.startswith(("http", "//", "https:"))]
