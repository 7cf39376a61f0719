"""Anonymous full-page cache, per host, language and URL, purged whenever public content changes.

What is cached: a GET answered 200 to a visitor who carries no session and no pending messages,
on a public path (not the admin, the API, /healthz, documents or files), when the response set
no cookie, used no CSRF token (so no page with a form is ever shared), asked for no privacy
(``Cache-Control: private / no-cache / no-store``) and varies on nothing the key does not hold.

Purging is by generation: every cached entry records the generation it was stored under, and
:func:`purge_all` starts a new one, so every entry stored before it is a miss from then on.
Publishing anything can change the home page, the listings, the feeds and the navigation at
once; a page-by-page purge would always miss one of them. The cache lives in Django's default
cache (Redis in production, shared by every web process); when Redis is down the cache reads
miss and writes are dropped (django-redis ``IGNORE_EXCEPTIONS``), so pages are served uncached.

A CDN in front (Wagtail's frontend cache, ``FRONTEND_CACHE_PURGE_URL``) gets
``Cache-Control: public, max-age=0, s-maxage=PAGE_CACHE_SECONDS`` on the same responses and a
purge request for the pages a change touches; see README, "Caching".
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control

from hub import registry

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Hub-Cache"
BYPASS_PATHS = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/healthz",
    "/documents/",
    "/static/",
    "/media/",
    "/i18n/",
    "/_util/",
)
# What a cached page may vary on: the key already holds the language, and cookie-carrying
# visitors (session, messages) never reach the cache.
ALLOWED_VARY = {"cookie", "accept-language", "accept-encoding"}
MAX_QUERY_STRING = 512
UNCACHEABLE_DIRECTIVES = ("private", "no-cache", "no-store")


def timeout() -> int:
    return max(int(getattr(settings, "PAGE_CACHE_SECONDS", 0) or 0), 0)


def _current_generation() -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # First use, or the key was evicted: a fresh random generation can never match an old entry.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation or ""


def purge_all(reason: str = "", pages: Iterable = ()) -> None:
    """Invalidate every cached page; also ask the CDN (if one is configured) to drop ``pages``.

    Inside a transaction the purge waits for the commit, so a reader can never cache the old state
    again between the purge and the commit."""

    def purge() -> None:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
        logger.info("Page cache purged%s", f": {reason}" if reason else "")
        _purge_frontend(list(pages))

    transaction.on_commit(purge)


def _purge_frontend(pages: list) -> None:
    if not pages or not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    try:
        purge_pages_from_cache(pages)
    except Exception:  # noqa: BLE001 - a CDN outage must never undo a publication
        logger.exception("Frontend cache purge failed")


def _cache_key(request: HttpRequest) -> str:
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    parts = [request.scheme, request.get_host(), getattr(request, "LANGUAGE_CODE", ""), request.path, query]
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
    return f"pagecache:page:{digest}"


def request_is_cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or not timeout():
        return False
    if request.path_info.startswith(BYPASS_PATHS) or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        # Signed-in officers, reviewers and anyone with a flash message see their own page.
        return False
    return "HTTP_AUTHORIZATION" not in request.META


def response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        # The view stored something for this visitor: what it shows may be theirs alone.
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        # The page holds a CSRF token: it is this visitor's, never to be shared.
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(directive in cache_control for directive in UNCACHEABLE_DIRECTIVES):
        return False
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return vary <= ALLOWED_VARY


class PageCacheMiddleware:
    """Serve anonymous public pages from the shared cache; store what may be shared."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request_is_cacheable(request):
            return self.get_response(request)
        key = _cache_key(request)
        # One round trip to Redis for a hit: the generation and the entry together.
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY) or _current_generation()
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            response = entry[1]
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if not response_is_cacheable(request, response):
            return response
        seconds = timeout()
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        response[HEADER] = "miss"
        cache.set(key, (generation, response), seconds)
        return response


# --- What purges the cache ----------------------------------------------------------------
# Rows whose change shows on public pages, feeds or listings: the core's below, each domain's from its
# own apps.py (``hub.registry.purge_on``). Pages themselves purge on publish, unpublish, move and
# deletion (a draft save changes nothing public). Renditions, logs, poll state (written with .update())
# and review links are left out on purpose.
CORE_PURGE_MODELS = (
    "hub.topic",
    "hub.organisation",
    "hub.hubsettings",
    "wagtailcore.site",
    "wagtailcore.locale",
    "wagtailimages.image",
    "wagtaildocs.document",
)


def _page_changed(sender, instance, **kwargs) -> None:
    purge_all(f"page {instance.pk} changed", pages=[instance])


def _row_changed(sender, instance, **kwargs) -> None:
    watched = registry.purge_models()
    label = sender._meta.label_lower
    if label in watched:
        pages_of = watched[label]
        purge_all(f"{label} {instance.pk} changed", pages=_live(pages_of(instance)) if pages_of else [])


def _page_deleted(sender, instance, **kwargs) -> None:
    from wagtail.models import Page

    if isinstance(instance, Page):
        purge_all(f"page {instance.pk} deleted")


def _live(pages) -> list:
    """The live pages among those a row shows on (for the CDN purge; the local cache drops everything)."""
    return [page for page in pages if page is not None and getattr(page, "live", False)]


def connect_signals() -> None:
    registry.purge_on(*CORE_PURGE_MODELS)
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from hub.publishing.withdrawal import page_withdrawn

    page_published.connect(_page_changed, dispatch_uid="pagecache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="pagecache-unpublished")
    page_withdrawn.connect(_page_changed, dispatch_uid="pagecache-withdrawn")
    page_slug_changed.connect(_page_changed, dispatch_uid="pagecache-slug")
    post_page_move.connect(_page_changed, dispatch_uid="pagecache-moved")
    post_delete.connect(_page_deleted, dispatch_uid="pagecache-page-deleted")
    post_save.connect(_row_changed, dispatch_uid="pagecache-row-saved")
    post_delete.connect(_row_changed, dispatch_uid="pagecache-row-deleted")
