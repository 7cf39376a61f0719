"""Template tags for the shared layout: navigation, languages, social metadata.

Every page renders the same header, footer, language links and canonical link, so the
lookups they share are made once per request and kept on it (``hub.pages.lookups``): the
active locale, the translations of the page, of the site's home page and of the footer's
pages (one query for all three), the main menu.
"""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.models import Locale, Page, Site

from hub.models import HubSettings
from hub.pages.dates import last_change, own_date
from hub.pages.dates import publication_dates as page_publication_dates
from hub.pages.lookups import (
    exclude_private,
    find_translations,
    footer_page_ids,
    introductions,
    is_public,
    page_ancestors,
    request_locale,
    request_memo,
)

register = template.Library()

# ``?untranslated=fr``: the reader asked for this page in French and it has no French translation.
UNTRANSLATED_PARAMETER = "untranslated"


def localized(request, page: Page | None, translations: list[Page]) -> Page | None:
    """``page.localized`` from already fetched translations: the live one in the active language, else the page."""
    if page is None:
        return None
    locale = request_locale(request)
    if page.locale_id == locale.pk:
        return page
    for candidate in translations:
        if candidate.locale_id == locale.pk and candidate.live:
            return candidate
    return page


def _current_site_root(request, page: Page | None = None) -> Page | None:
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None

    def compute():
        root, translations = find_translations(request, site.root_page_id, page)
        if root is None:  # not in the shared query (no request): fall back on Wagtail's own
            root = site.root_page
            return root.localized if root else None
        return localized(request, root, translations)

    return request_memo(request, "site_root", compute)


def seed_main_site(request, page: Page | None) -> None:
    """Hand ``hub.pages.addresses`` the main site and its home page's translations when this request is on it,
    from the shared translations query (``permanent_page_url`` then needs no query of its own)."""
    if request is None or hasattr(request, "_hub_main_site"):
        return
    site = Site.find_for_request(request)
    if site is None or not site.is_default_site:
        return
    root, translations = find_translations(request, site.root_page_id, page)
    if root is None:
        return
    site.root_page = root
    request._hub_main_site = (site, {translated.locale_id: translated for translated in translations})


@register.simple_tag(takes_context=True)
def site_root(context) -> Page | None:
    """The home page of the current site, in the visitor's language when it exists."""
    return _current_site_root(context.get("request"), context.get("page"))


def _menu_pages(request, page: Page | None) -> list[Page]:
    def compute():
        root = _current_site_root(request, page)
        if root is None:
            return []
        return list(exclude_private(root.get_children().live().in_menu()))

    return request_memo(request, "main_menu", compute)


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[Page]:
    """The pages ticked "show in menus" directly under the home page, in the active language."""
    return _menu_pages(context.get("request"), context.get("page"))


@register.simple_tag(takes_context=True)
def main_menu_cards(context) -> list[tuple[Page, str]]:
    """The main menu's pages with each section's introduction, for the home page's cards.

    Each section is its own page type: ``introductions`` reads them in one query, not one per type.
    """
    pages = _menu_pages(context.get("request"), context.get("page"))
    found = introductions(pages)
    return [(page, found.get(page.pk, "")) for page in pages]


@register.simple_tag(takes_context=True)
def footer_pages(context) -> dict[str, Page | None]:
    """The site settings' about, legal and contact pages, each in the visitor's language when published in it."""
    request = context.get("request")
    found = {}
    for name, page_id in footer_page_ids(request).items():
        page, translations = find_translations(request, page_id, context.get("page"))
        if page is None and page_id:  # not in the shared query (no request)
            page = Page.objects.filter(pk=page_id).first()
            found[name] = page.localized if page else None
        else:
            found[name] = localized(request, page, translations)
    return found


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per site language: where this page lives in that language.

    For a Wagtail page, the link goes to its translation when one is published,
    otherwise to that language's home page (marked ``is_translation=False`` so
    the page does not advertise it as an hreflang alternate).
    """
    request = context.get("request")
    page = context.get("page")
    key = ("language_links", page.pk if isinstance(page, Page) else None, translation.get_language())
    return request_memo(request, key, lambda: _language_links(request, page))


def _language_links(request, page) -> list[dict]:
    current = translation.get_language()
    links = []
    translations = {}
    home_by_language = {}
    if isinstance(page, Page) and page.pk:
        _, page_translations = find_translations(request, page.pk, page)
        if not page_translations:  # not in the shared query (no request)
            page_translations = page.get_translations(inclusive=True).select_related("locale")
        for translated in page_translations:
            if translated.live and is_public(translated, request):
                translations[translated.locale.language_code] = translated
        root = _current_site_root(request, page)
        if root is not None:
            _, root_translations = find_translations(request, root.pk, page)
            if not root_translations:
                root_translations = root.get_translations(inclusive=True).select_related("locale")
            for home in root_translations:
                if home.live:
                    home_by_language[home.locale.language_code] = home
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            is_translation = target is not None
            if target is not None:
                url = target.get_url(request)
            elif page.live and is_public(page, request):
                # No translation: the reader stays on this page, told so in the language they chose.
                url = f"{page.get_url(request)}?{UNTRANSLATED_PARAMETER}={code}"
            else:
                home = home_by_language.get(code)
                url = home.get_url(request) if home else f"/{code}/"
        else:
            path = request.get_full_path() if request else "/"
            url = translate_url(path, code)
            is_translation = True
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current,
                "is_translation": is_translation,
                "bidi": translation.get_language_info(code)["bidi"],
            }
        )
    return links


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    if not url or request is None or url.startswith(("http://", "https://")):
        return url or ""
    return request.build_absolute_uri(url)


@register.simple_tag(takes_context=True)
def active_locale(context) -> Locale:
    return request_locale(context.get("request"))


@register.simple_tag(takes_context=True)
def ancestors_of(context, page) -> list[Page]:
    """The page's ancestors below the tree's root, for breadcrumbs (one query per request and page)."""
    if not isinstance(page, Page) or not page.pk:
        return []
    return page_ancestors(context.get("request"), page)


@register.filter
def is_within(page, section) -> bool:
    """True when ``page`` is ``section`` or one of its descendants (for aria-current in menus)."""
    return isinstance(page, Page) and isinstance(section, Page) and page.path.startswith(section.path)


@register.simple_tag(takes_context=True)
def permanent_url(context, page: Page) -> str:
    """The page's address on the main G20 site, whatever domain serves it now (see hub.pages.addresses)."""
    from hub.pages.addresses import permanent_page_url

    request = context.get("request")
    seed_main_site(request, context.get("page"))
    return permanent_page_url(page, request)


# What a search result shows under its title: the first of these plain-text fields its type has.
SNIPPET_FIELDS = ("summary", "abstract", "claim", "introduction", "search_description")


@register.filter
def search_snippet(page) -> str:
    """The page's own summary (a statement's summary, a library item's abstract, a debunk's claim, a
    page's introduction), else its search description; empty when it has none."""
    for name in SNIPPET_FIELDS:
        value = getattr(page, name, "")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def query_without_page(context) -> str:
    """The current query string without ``page=``, ending in ``&`` when not empty (for pagination links)."""
    from hub.listings.indexes import query_without_page as without_page

    request = context.get("request")
    query = without_page(request.GET) if request else ""
    return f"{query}&" if query else ""


# --- Slots the domains fill -----------------------------------------------------------------
# Core templates show domain content (the troika, the office's accounts, an archive banner) without
# loading a domain's tags: a domain registers a Wagtail hook ``hub_slot_<name>`` that takes the
# template context and the slot's arguments and returns HTML, and the core renders what it gets.


@register.simple_tag(takes_context=True)
def slot(context, name: str, *args):
    """The HTML every domain put in the slot ``name``, in registration order (empty when none did)."""
    return mark_safe("".join(str(fill(context, *args) or "") for fill in hooks.get_hooks(f"hub_slot_{name}")))  # noqa: S308 - domains return rendered templates


@register.simple_tag(takes_context=True)
def page_publisher(context, page) -> str:
    """Who published ``page``, in words: the first answer of a ``hub_page_publisher`` hook (a presidency
    says "Published under the … presidency"), otherwise the hub's publisher from its settings."""
    for publisher_of in hooks.get_hooks("hub_page_publisher"):
        answer = publisher_of(context, page)
        if answer:
            return answer
    hub_settings = HubSettings.load(request_or_site=context.get("request"))
    return gettext("Published by %(publisher)s") % {"publisher": hub_settings.publisher_name}


@register.simple_tag(takes_context=True)
def item_language(context, item) -> dict | None:
    """For an item a listing shows in its original language (no translation in the reader's): its language
    code, for ``lang``/``hreflang``, and a label such as "In English" in the reader's language."""
    request = context.get("request")
    codes = request_memo(request, "locale_codes", lambda: dict(Locale.objects.values_list("pk", "language_code")))
    code = codes.get(getattr(item, "locale_id", None))
    current = translation.get_language()
    if not code or code == current or code == (current or "").split("-")[0]:
        return None
    return {"code": code, "label": in_language_label(code)}


def in_language_label(code: str) -> str:
    """ "In English", "En anglais", "En inglés": the label of content shown in another language."""
    labels = {"en": gettext("In English"), "fr": gettext("In French"), "es": gettext("In Spanish")}
    if code in labels:
        return labels[code]
    return gettext("In %(language)s") % {"language": translation.get_language_info(code)["name_translated"]}


@register.inclusion_tag("includes/untranslated_notice.html", takes_context=True)
def untranslated_notice(context) -> dict:
    """Where the language switcher sent a reader to the original of a page not translated into the
    language they chose: a notice in that language."""
    request = context.get("request")
    wanted = request.GET.get(UNTRANSLATED_PARAMETER, "") if request else ""
    codes = {code for code, _name in settings.LANGUAGES}
    current = translation.get_language()
    if wanted not in codes or wanted == current:
        return {"wanted": None}
    return {"wanted": wanted}


@register.simple_tag
def publication_dates(page):
    """The dates ``page`` shows (``hub.pages.dates``): its own, the hub's first and last publication."""
    return page_publication_dates(page)


@register.filter
def item_date(page):
    """What a list or search result shows as a page's date: its own date where it has one, else the
    hub's last change."""
    return own_date(page) or last_change(page)
