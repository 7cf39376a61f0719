"""Lookups every public page repeats, made once per request and kept on it.

The layout (header, footer, language links, banners) and the pages' own contexts
ask the same questions: which sections are behind a view restriction, which
presidencies exist, what a list of sections says about itself. Each answer is
computed once per request (``request_memo``), so a page's query count does not
grow with the number of places that need it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, PageViewRestriction, Site

MEMO_ATTRIBUTE = "_hub_request_memo"


def request_memo(request: HttpRequest | None, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, once per request and key (every time when there is no request)."""
    if request is None:
        return compute()
    memo = request.__dict__.setdefault(MEMO_ATTRIBUTE, {})
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def served_page(request: HttpRequest | None) -> Page | None:
    """The page Wagtail routed this request to, once routing is done (else None)."""
    route = getattr(request, "_wagtail_route_for_request", None) if request is not None else None
    return route[0] if route else None


def footer_page_ids(request: HttpRequest | None) -> dict[str, int | None]:
    from hub.models import HubSettings

    hub = HubSettings.load(request_or_site=request) if request is not None else HubSettings.load()
    return {"about": hub.about_page_id, "legal": hub.legal_page_id, "contact": hub.contact_page_id}


def layout_translations(request: HttpRequest | None, page: Page | None = None) -> dict[str, list[Page]]:
    """Every translation (any state, with its locale) of the site's home page, of the page served
    (or ``page``) and of the footer's pages, by translation key: what the canonical link, the
    language links, the header and the footer need, in one query per request."""
    page = page if isinstance(page, Page) and page.pk else served_page(request)
    memo = request.__dict__.setdefault(MEMO_ATTRIBUTE, {}) if request is not None else {}
    cached = memo.get("translations")
    if cached is not None and (page is None or page.pk in cached[0]):
        return cached[1]
    site = Site.find_for_request(request) if request is not None else None
    ids = {page_id for page_id in footer_page_ids(request).values() if page_id}
    if site is not None:
        ids.add(site.root_page_id)
    if page is not None and page.pk:
        ids.add(page.pk)
    found: dict[str, list[Page]] = defaultdict(list)
    keys = Page.objects.filter(pk__in=ids).values("translation_key")
    translations = with_privacy(Page.objects.filter(translation_key__in=keys)).select_related("locale")
    for translated in translations.order_by("path"):
        found[translated.translation_key].append(translated)
    memo["translations"] = (ids, found)
    return found


def find_translations(
    request: HttpRequest | None, page_id: int | None, page: Page | None = None
) -> tuple[Page | None, list[Page]]:
    """The page with ``page_id`` and all its translations, from ``layout_translations``."""
    if not page_id:
        return None, []
    for translations in layout_translations(request, page).values():
        for candidate in translations:
            if candidate.pk == page_id:
                return candidate, translations
    return None, []


def request_locale(request: HttpRequest | None) -> Locale:
    """``Locale.get_active()``, once per request and language, and on a page from the layout's
    translations query (the home page exists in every language), which the page needs anyway."""

    def compute() -> Locale:
        if request is None:
            return Locale.get_active()
        try:
            code = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            return Locale.get_active()
        if served_page(request) is not None or "translations" in request.__dict__.get(MEMO_ATTRIBUTE, {}):
            for translations in layout_translations(request).values():
                for translated in translations:
                    if translated.locale.language_code == code:
                        return translated.locale
        return Locale.get_active()

    return request_memo(request, ("locale", translation.get_language()), compute)


def prime_page_locale(request: HttpRequest | None, page: Page) -> None:
    """Give ``page.locale`` the Locale the layout's translations query brought (no query of its own)."""
    if request is None or "locale" in page._state.fields_cache:
        return
    found, _ = find_translations(request, page.pk, page)
    if found is not None and found.locale_id == page.locale_id:
        page.locale = found.locale


def restricted_paths(request: HttpRequest | None) -> tuple[str, ...]:
    """Tree paths of every section behind a view restriction (what ``PageQuerySet.public()`` excludes)."""

    def compute() -> tuple[str, ...]:
        return tuple(restriction.page.path for restriction in PageViewRestriction.objects.select_related("page"))

    return request_memo(request, "restricted_paths", compute)


def is_public(page: Page, request: HttpRequest | None) -> bool:
    """The Python twin of ``.public()``: the page is in no restricted section (nor is one itself).
    Pages fetched ``with_privacy`` know it already; for others the restrictions are read once per request."""
    private = getattr(page, "hub_private", None)
    if private is not None:
        return not private
    return not any(page.path.startswith(path) for path in restricted_paths(request))


def page_ancestors(request: HttpRequest | None, page: Page) -> list[Page]:
    """``page.get_ancestors()`` below the tree's root (home page first), once per request and page:
    the breadcrumbs and the presidency banner both need them. Routing (``BasePage.route``) hands
    them over when it met them on its way, so usually there is no query at all."""
    return request_memo(request, ("ancestors", page.pk), lambda: list(page.get_ancestors().filter(depth__gt=1)))


def remember_ancestors(request: HttpRequest, page: Page, ancestors: list[Page]) -> None:
    request.__dict__.setdefault(MEMO_ATTRIBUTE, {})[("ancestors", page.pk)] = ancestors


def exclude_private(queryset: QuerySet) -> QuerySet:
    """``queryset.public()`` in the same SQL query: Wagtail's ``public()`` first reads every view
    restriction (a query each time it is called, several times per page); a NOT EXISTS over the
    restrictions whose page's path begins the row's path excludes the same pages."""
    return queryset.exclude(Exists(_restricted_above()))


def _restricted_above():
    """View restrictions on the outer row's page or one of its ancestors."""
    return PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))


def with_privacy(queryset: QuerySet) -> QuerySet:
    """Annotate ``hub_private`` (behind a view restriction) on each page, in the same query."""
    return queryset.annotate(hub_private=Exists(_restricted_above()))


def public_live_children(page: Page, request: HttpRequest | None = None) -> list[Page]:
    """``page.get_children().live().public()`` in one query (``public()`` costs one more)."""
    return list(exclude_private(page.get_children().live()))


def introductions(pages: Iterable[Page]) -> dict[int, str]:
    """Each page's ``introduction`` in one query, whatever their types.

    Sections are each their own page type with the field in its own table, so
    ``specific()`` costs a query per type; a UNION over those tables costs one.
    Pages whose type has no such field are left out.
    """
    by_type: dict[int, list[int]] = defaultdict(list)
    for page in pages:
        by_type[page.content_type_id].append(page.pk)
    selects = []
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and any(field.name == "introduction" for field in model._meta.get_fields()):
            selects.append(model.objects.filter(pk__in=pks).order_by().values_list("pk", "introduction"))
    if not selects:
        return {}
    query = selects[0].union(*selects[1:], all=True) if len(selects) > 1 else selects[0]
    return {pk: introduction or "" for pk, introduction in query}


def section_page(request: HttpRequest | None, model: type[Page]) -> Page | None:
    """The live section of type ``model`` in the reader's language (for a link such as "All statements"):
    from the main menu the header has already read when the section is in it, else in one query."""
    menu = request.__dict__.get(MEMO_ATTRIBUTE, {}).get("main_menu") if request is not None else None
    content_type_id = ContentType.objects.get_for_model(model).pk
    for page in menu or ():
        if page.content_type_id == content_type_id:
            return page
    return request_memo(
        request,
        ("section_page", model),
        lambda: model.objects.live().filter(locale=request_locale(request)).first(),
    )
