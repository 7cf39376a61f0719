"""Template tags for the shared layout: navigation, languages, social metadata."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

register = template.Library()


def _current_site_root(request) -> Page | None:
    site = Site.find_for_request(request) if request else None
    if site is None:
        return None
    root = site.root_page
    return root.localized if root else None


@register.simple_tag(takes_context=True)
def site_root(context) -> Page | None:
    """The home page of the current site, in the visitor's language when it exists."""
    return _current_site_root(context.get("request"))


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[Page]:
    """The pages ticked "show in menus" directly under the home page, in the active language."""
    root = _current_site_root(context.get("request"))
    if root is None:
        return []
    # specific(): one query per page type, so cards can show each section's introduction.
    return list(root.get_children().live().public().in_menu().specific())


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per site language: where this page lives in that language.

    For a Wagtail page, the link goes to its translation when one is published,
    otherwise to that language's home page (marked ``is_translation=False`` so
    the page does not advertise it as an hreflang alternate).
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    translations = {}
    home_by_language = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().public().select_related("locale"):
            translations[translated.locale.language_code] = translated
        root = _current_site_root(request)
        if root is not None:
            for home in root.get_translations(inclusive=True).live().select_related("locale"):
                home_by_language[home.locale.language_code] = home
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page) and page.pk:
            target = translations.get(code)
            is_translation = target is not None
            target = target or home_by_language.get(code)
            url = target.get_url(request) if target else f"/{code}/"
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


@register.simple_tag
def active_locale() -> Locale:
    return Locale.get_active()


@register.filter
def is_within(page, section) -> bool:
    """True when ``page`` is ``section`` or one of its descendants (for aria-current in menus)."""
    return isinstance(page, Page) and isinstance(section, Page) and page.path.startswith(section.path)


@register.simple_tag(takes_context=True)
def permanent_url(context, page: Page) -> str:
    """The page's address on the main G20 site, whatever domain serves it now (see hub.utils)."""
    from hub.utils import permanent_page_url

    return permanent_page_url(page, context.get("request"))


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def query_without_page(context) -> str:
    """The current query string without ``page=``, ending in ``&`` when not empty (for pagination links)."""
    from hub.listing import query_without_page as without_page

    request = context.get("request")
    query = without_page(request.GET) if request else ""
    return f"{query}&" if query else ""
