"""Translated, everything the reader sees: with the whole demo loaded, no public page in /fr/ or /es/ shows
a demo text in English where a translation of that text exists.

The English texts checked are those the demo translated: titles, summaries, introductions, mottos and
agenda items of pages with a translation in that language (where the translation's text differs), the
names of translated topics, and the names of organisations and of the publisher given in that language.
A text may still appear inside an element marked ``lang="en"``: that is an untranslated original shown
on purpose, labelled "In English".
"""

import io
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Locale, Page

from hub.models import HubSettings, Organisation, Topic
from hub.pages import translated_names
from hub.web.hosts import AllowedHosts

pytestmark = pytest.mark.timeout(600)  # the whole demo, then every public page of a language
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TEXT_FIELDS = ("title", "summary", "introduction", "theme", "claim", "rating_explanation")
SHORTEST = 12  # shorter texts ("Summit", a year) are often the same words in both languages


def translated_texts(code: str) -> set[str]:
    """The English texts the demo gave a different ``code`` version."""
    english, target = Locale.objects.get(language_code="en"), Locale.objects.get(language_code=code)
    texts = set()
    originals = {page.translation_key: page.specific for page in Page.objects.filter(locale=english, depth__gt=1)}
    for page in Page.objects.filter(locale=target, translation_key__in=originals).specific():
        original = originals[page.translation_key]
        for name in TEXT_FIELDS:
            source, translation = getattr(original, name, None), getattr(page, name, None)
            if isinstance(source, str) and isinstance(translation, str) and source.strip() != translation.strip():
                texts.add(source.strip())
        if hasattr(original, "agenda_items"):
            pairs = zip(
                original.agenda_items.order_by("sort_order"), page.agenda_items.order_by("sort_order"), strict=False
            )
            texts |= {a.title for a, b in pairs if a.title != b.title}
    # Organisations and the publisher: their names where the demo gives one in ``code``.
    for organisation in Organisation.objects.exclude(translated_names=""):
        if code in translated_names.parse(organisation.translated_names):
            texts.add(organisation.name)
    publisher = HubSettings.load()
    if code in translated_names.parse(publisher.organisation_name_translations):
        texts.add(publisher.organisation_name)
    english_topics = {topic.translation_key: topic.name for topic in Topic.objects.filter(locale=english)}
    for topic in Topic.objects.filter(locale=target):
        source = english_topics.get(topic.translation_key)
        if source and source != topic.name:
            texts.add(source)
    return {text for text in texts if len(text) >= SHORTEST}


def public_urls(client, code: str) -> list[str]:
    root = ET.fromstring(client.get("/sitemap.xml").content)
    urls = [loc.text.removeprefix("http://testserver") for loc in root.findall(".//sm:loc", SITEMAP_NS)]
    return [url for url in urls if url.startswith(f"/{code}/")]


def visible_text_in(soup: BeautifulSoup, code: str) -> str:
    """The page's text, leaving out what is marked as another language (originals shown on purpose)."""
    for marked in soup.select("[lang]"):
        if marked.name != "html" and not marked["lang"].startswith(code):
            marked.decompose()
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    return " ".join(soup.get_text(" ").split())


def test_no_demo_text_is_left_in_english_where_it_was_translated(db, client, settings):
    settings.ALLOWED_HOSTS = AllowedHosts(["testserver"])  # the demo's own-domain site, as in production
    call_command("load_demo", stdout=io.StringIO())
    leftovers = {}
    for code in ("fr", "es"):
        english = translated_texts(code)
        assert len(english) > 20, "the demo translates more than this: the check would prove nothing"
        urls = public_urls(client, code)
        assert len(urls) > 30
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = visible_text_in(BeautifulSoup(response.content, "html.parser"), code)
            found = sorted(source for source in english if source in text)
            if found:
                leftovers[url] = found
    assert leftovers == {}
