"""Small helpers shared by every app."""

from django.http import HttpRequest
from wagtail.models import Page, Site


def permanent_page_url(page: Page, request: HttpRequest | None = None) -> str:
    """The page's absolute address on the main G20 site, whatever domain serves it now.

    A presidency may also be served on its own domain; canonical links, feeds,
    citations and the API always give this address, so nothing is lost when
    that domain lapses. Scheme and host follow the request when it reached
    the main site.
    """
    site, roots = _main_site(request)
    if site is None:
        return _absolute(page.get_url(request), request)
    root = roots.get(page.locale_id, site.root_page)
    if not page.url_path.startswith(root.url_path):
        return _absolute(page.get_url(request), request)
    relative = page.url_path[len(root.url_path) :]
    if request is not None and Site.find_for_request(request) == site:
        base = f"{request.scheme}://{request.get_host()}"
    else:
        base = site.root_url
    # The root's language is the page's (fetched with the roots, so no query per page).
    language = root.locale.language_code if root.locale_id == page.locale_id else page.locale.language_code
    return f"{base}/{language}/{relative}"


def _main_site(request: HttpRequest | None) -> tuple[Site | None, dict[int, Page]]:
    """The default Site and its home page in every language; looked up once per request."""
    cached = getattr(request, "_hub_main_site", None) if request is not None else None
    if cached is not None:
        return cached
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    roots = {}
    if site is not None:
        translations = site.root_page.get_translations(inclusive=True).select_related("locale")
        roots = {page.locale_id: page for page in translations}
    if request is not None:
        request._hub_main_site = (site, roots)
    return site, roots


def _absolute(url: str | None, request: HttpRequest | None) -> str:
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def absolute_page_url(page: Page, request: HttpRequest | None) -> str:
    """The page's permanent absolute URL (for the API, feeds and citations)."""
    return permanent_page_url(page, request)
